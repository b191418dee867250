/* Unit tests for common/filetype.c: telling a material's type by content. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "filetype.h"
#include "server.h"

/* Defined in banshid.c, which is not linked into unit tests. */
struct config *_Atomic cfg;
time_t		 server_started;

int
server_reload(char *err, size_t errlen)
{
	return (-1);
}

#define DATA		"tests/unit/data/filetype"

static const uint8_t ole_magic[] = { 0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1,
    0x1a, 0xe1 };

/* A file being put together: bytes and length. */
struct blob {
	uint8_t	*p;
	size_t	 n;
};

static void
blob_add(struct blob *b, const void *p, size_t n)
{
	b->p = realloc(b->p, b->n + n + 1);
	assert_non_null(b->p);
	memcpy(b->p + b->n, p, n);
	b->n += n;
}

static void
blob_str(struct blob *b, const char *s)
{
	blob_add(b, s, strlen(s));
}

static void
blob_zeros(struct blob *b, size_t n)
{
	b->p = realloc(b->p, b->n + n + 1);
	assert_non_null(b->p);
	memset(b->p + b->n, 0, n);
	b->n += n;
}

/* Detect on an exactly sized heap copy, so ASan sees any over-read. */
static enum filetype
detect(const void *p, size_t n)
{
	enum filetype	 t;
	uint8_t		*copy;

	copy = malloc(n == 0 ? 1 : n);
	assert_non_null(copy);
	if (n > 0)
		memcpy(copy, p, n);
	t = filetype_detect(copy, n);
	free(copy);
	return (t);
}

static enum filetype
detect_blob(struct blob *b)
{
	enum filetype	t;

	t = detect(b->p, b->n);
	free(b->p);
	b->p = NULL;
	b->n = 0;
	return (t);
}

/* A ZIP local file header (stored, no data) for each part name. */
static void
zip_part(struct blob *b, const char *name)
{
	uint8_t	hdr[30];
	size_t	len = strlen(name);

	memset(hdr, 0, sizeof hdr);
	memcpy(hdr, "PK\003\004", 4);
	hdr[4] = 20;				/* version needed */
	hdr[26] = (uint8_t)len;			/* name length */
	blob_add(b, hdr, sizeof hdr);
	blob_str(b, name);
}

static enum filetype
detect_zip(const char **parts)
{
	struct blob	b = { NULL, 0 };

	for (; *parts != NULL; parts++)
		zip_part(&b, *parts);
	/* The central directory's end record. */
	blob_add(&b, "PK\005\006", 4);
	blob_zeros(&b, 18);
	return (detect_blob(&b));
}

/*
 * An OLE2 compound file of size bytes: the header sector, then a directory
 * sector whose entries are named (UTF-16LE, NUL-terminated, as on disk).
 */
static enum filetype
detect_ole(const char **names, size_t size)
{
	struct blob	 b = { NULL, 0 };
	uint8_t		 entry[128];
	size_t		 i;

	blob_add(&b, ole_magic, sizeof ole_magic);
	blob_zeros(&b, 512 - sizeof ole_magic);
	for (; *names != NULL; names++) {
		memset(entry, 0, sizeof entry);
		for (i = 0; (*names)[i] != '\0' && i < 31; i++)
			entry[2 * i] = (uint8_t)(*names)[i];
		entry[64] = (uint8_t)(2 * (i + 1));	/* name length */
		blob_add(&b, entry, sizeof entry);
	}
	if (b.n < size)
		blob_zeros(&b, size - b.n);
	b.n = size;
	return (detect_blob(&b));
}

/*
 * The same names squeezed into the header sector of a file of size bytes,
 * so they are there even when size is under 512.
 */
static enum filetype
detect_ole_short(const char **names, size_t size)
{
	struct blob	b = { NULL, 0 };
	size_t		i;

	blob_add(&b, ole_magic, sizeof ole_magic);
	blob_zeros(&b, 64 - sizeof ole_magic);
	for (; *names != NULL; names++) {
		for (i = 0; (*names)[i] != '\0'; i++) {
			blob_add(&b, &(*names)[i], 1);
			blob_zeros(&b, 1);
		}
		blob_zeros(&b, 2);
	}
	assert_true(b.n <= size);
	blob_zeros(&b, size - b.n);
	return (detect_blob(&b));
}

static void
test_filetype_detect_jpg(void **state)
{
	static const uint8_t jfif[] = { 0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10,
	    'J', 'F', 'I', 'F', 0 };
	static const uint8_t exif[] = { 0xff, 0xd8, 0xff, 0xe1, 0x00, 0x10,
	    'E', 'x', 'i', 'f', 0 };

	assert_int_equal(detect(jfif, sizeof jfif), FILETYPE_JPG);
	assert_int_equal(detect(exif, sizeof exif), FILETYPE_JPG);
	assert_int_equal(detect(jfif, 3), FILETYPE_JPG);
	assert_int_equal(detect(jfif, 2), FILETYPE_UNKNOWN);
}

static void
test_filetype_detect_png(void **state)
{
	static const uint8_t png[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a,
	    '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R' };
	uint8_t		     bad[sizeof png];

	assert_int_equal(detect(png, sizeof png), FILETYPE_PNG);
	assert_int_equal(detect(png, 8), FILETYPE_PNG);
	assert_int_equal(detect(png, 7), FILETYPE_UNKNOWN);
	/* The CR LF is there to catch text-mode transfers. */
	memcpy(bad, png, sizeof bad);
	bad[4] = '\n';
	bad[5] = 0x1a;
	assert_int_equal(detect(bad, sizeof bad), FILETYPE_UNKNOWN);
}

static void
test_filetype_detect_pdf(void **state)
{
	static const char	pdf[] = "%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"
	    "1 0 obj\n";

	assert_int_equal(detect(pdf, sizeof pdf - 1), FILETYPE_PDF);
	assert_int_equal(detect("%PDF-", 5), FILETYPE_PDF);
	assert_int_equal(detect("%PDF", 4), FILETYPE_UNKNOWN);
	assert_int_equal(detect("%PDF 1.4", 8), FILETYPE_UNKNOWN);
	/* Only at the start. */
	assert_int_equal(detect(" %PDF-1.4", 9), FILETYPE_UNKNOWN);
}

static void
test_filetype_detect_doc(void **state)
{
	const char	*doc[] = { "Root Entry", "WordDocument", "1Table",
			    "\005SummaryInformation", NULL };

	assert_int_equal(detect_ole(doc, 1536), FILETYPE_DOC);
	assert_int_equal(detect_ole(doc, 4096), FILETYPE_DOC);
}

static void
test_filetype_detect_xls(void **state)
{
	const char	*biff8[] = { "Root Entry", "Workbook", NULL };
	const char	*biff5[] = { "Root Entry", "Book", NULL };

	assert_int_equal(detect_ole(biff8, 1536), FILETYPE_XLS);
	assert_int_equal(detect_ole(biff5, 1536), FILETYPE_XLS);
}

static void
test_filetype_detect_docx(void **state)
{
	const char	*docx[] = { "[Content_Types].xml", "_rels/.rels",
			    "word/document.xml", "word/styles.xml", NULL };

	assert_int_equal(detect_zip(docx), FILETYPE_DOCX);
}

static void
test_filetype_detect_xlsx(void **state)
{
	const char	*xlsx[] = { "[Content_Types].xml", "_rels/.rels",
			    "xl/workbook.xml", "xl/worksheets/sheet1.xml",
			    NULL };

	assert_int_equal(detect_zip(xlsx), FILETYPE_XLSX);
}

static void
test_filetype_detect_zip_not_office(void **state)
{
	const char	*no_types[] = { "_rels/.rels", "word/document.xml",
			    NULL };
	const char	*pptx[] = { "[Content_Types].xml", "_rels/.rels",
			    "ppt/presentation.xml", NULL };
	const char	*plain[] = { "README.txt", "src/main.c", NULL };
	const char	*odt[] = { "mimetype", "content.xml",
			    "META-INF/manifest.xml", NULL };

	assert_int_equal(detect_zip(no_types), FILETYPE_UNKNOWN);
	assert_int_equal(detect_zip(pptx), FILETYPE_UNKNOWN);
	assert_int_equal(detect_zip(plain), FILETYPE_UNKNOWN);
	assert_int_equal(detect_zip(odt), FILETYPE_UNKNOWN);
}

static void
test_filetype_detect_ole_not_office(void **state)
{
	const char	*ppt[] = { "Root Entry", "PowerPoint Document",
			    "Current User", NULL };
	const char	*msi[] = { "Root Entry", NULL };
	const char	*doc[] = { "Root Entry", "WordDocument", NULL };
	const char	*xls[] = { "Root Entry", "Workbook", NULL };
	struct blob	 b = { NULL, 0 };

	assert_int_equal(detect_ole(ppt, 1536), FILETYPE_UNKNOWN);
	assert_int_equal(detect_ole(msi, 1536), FILETYPE_UNKNOWN);
	/* Names in ASCII rather than UTF-16LE are not stream names. */
	blob_add(&b, ole_magic, sizeof ole_magic);
	blob_zeros(&b, 600);
	blob_str(&b, "WordDocument Workbook Book");
	blob_zeros(&b, 600);
	assert_int_equal(detect_blob(&b), FILETYPE_UNKNOWN);
	/* Shorter than one sector: not a compound file at all. */
	assert_int_equal(detect_ole_short(doc, 511), FILETYPE_UNKNOWN);
	assert_int_equal(detect_ole_short(xls, 200), FILETYPE_UNKNOWN);
	/* The same bytes padded to one sector are. */
	assert_int_equal(detect_ole_short(doc, 512), FILETYPE_DOC);
	assert_int_equal(detect_ole_short(xls, 512), FILETYPE_XLS);
	assert_int_equal(detect(ole_magic, sizeof ole_magic),
	    FILETYPE_UNKNOWN);
}

static void
test_filetype_detect_unknown(void **state)
{
	static const uint8_t gif[] = { 'G', 'I', 'F', '8', '9', 'a', 1, 0, 1,
	    0, 0x80, 0, 0 };
	static const uint8_t elf[] = { 0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0,
	    0, 0, 0, 0, 0, 0, 2, 0, 0x3e, 0 };
	static const char    text[] = "申请人：张三\n事项：个体工商户登记\n";
	static const char    html[] = "<html><head><title>x</title></head>"
	    "<body><img src=\"a.jpg\"></body></html>\n";
	static const char    short_zip[] = "PK\003\004[Content_Types].xml";

	assert_int_equal(detect(gif, sizeof gif), FILETYPE_UNKNOWN);
	assert_int_equal(detect(elf, sizeof elf), FILETYPE_UNKNOWN);
	assert_int_equal(detect(text, sizeof text - 1), FILETYPE_UNKNOWN);
	assert_int_equal(detect(html, sizeof html - 1), FILETYPE_UNKNOWN);
	assert_int_equal(detect("x", 1), FILETYPE_UNKNOWN);
	/* 27 bytes: shorter than one ZIP local header. */
	assert_int_equal(detect(short_zip, sizeof short_zip - 1),
	    FILETYPE_UNKNOWN);
}

/* An empty bytes field unpacks as data NULL, len 0. */
static void
test_filetype_detect_empty(void **state)
{
	assert_int_equal(detect("", 0), FILETYPE_UNKNOWN);
	assert_int_equal(filetype_detect(NULL, 0), FILETYPE_UNKNOWN);
}

/* Read a file from DATA; the caller frees. */
static uint8_t *
read_data(const char *name, size_t *n)
{
	char	 path[256];
	uint8_t	*p;
	FILE	*f;
	long	 len;

	snprintf(path, sizeof path, "%s/%s", DATA, name);
	if ((f = fopen(path, "rb")) == NULL)
		fail_msg("%s: cannot open (run from the top directory)", path);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	len = ftell(f);
	assert_true(len > 0);
	rewind(f);
	p = malloc((size_t)len);
	assert_non_null(p);
	assert_int_equal(fread(p, 1, (size_t)len, f), (size_t)len);
	fclose(f);
	*n = (size_t)len;
	return (p);
}

static void
expect_file(const char *name, enum filetype want)
{
	uint8_t		*p;
	size_t		 n;
	enum filetype	 got;

	p = read_data(name, &n);
	got = filetype_detect(p, n);
	free(p);
	if (got != want)
		fail_msg("%s: got %s, want %s", name, filetype_name(got),
		    filetype_name(want));
}

static void
test_filetype_detect_real_files(void **state)
{
	expect_file("home.png", FILETYPE_PNG);
	expect_file("stripe.jpg", FILETYPE_JPG);
	expect_file("mandoc.pdf", FILETYPE_PDF);
	expect_file("README", FILETYPE_UNKNOWN);
}

static void
test_filetype_name_every_type(void **state)
{
	assert_string_equal(filetype_name(FILETYPE_UNKNOWN), "");
	assert_string_equal(filetype_name(FILETYPE_JPG), "jpg");
	assert_string_equal(filetype_name(FILETYPE_PNG), "png");
	assert_string_equal(filetype_name(FILETYPE_PDF), "pdf");
	assert_string_equal(filetype_name(FILETYPE_DOC), "doc");
	assert_string_equal(filetype_name(FILETYPE_XLS), "xls");
	assert_string_equal(filetype_name(FILETYPE_DOCX), "docx");
	assert_string_equal(filetype_name(FILETYPE_XLSX), "xlsx");
}

static void
test_filetype_mime_every_type(void **state)
{
	assert_string_equal(filetype_mime(FILETYPE_UNKNOWN),
	    "application/octet-stream");
	assert_string_equal(filetype_mime(FILETYPE_JPG), "image/jpeg");
	assert_string_equal(filetype_mime(FILETYPE_PNG), "image/png");
	assert_string_equal(filetype_mime(FILETYPE_PDF), "application/pdf");
	assert_string_equal(filetype_mime(FILETYPE_DOC),
	    "application/msword");
	assert_string_equal(filetype_mime(FILETYPE_XLS),
	    "application/vnd.ms-excel");
	assert_string_equal(filetype_mime(FILETYPE_DOCX),
	    "application/vnd.openxmlformats-officedocument."
	    "wordprocessingml.document");
	assert_string_equal(filetype_mime(FILETYPE_XLSX),
	    "application/vnd.openxmlformats-officedocument."
	    "spreadsheetml.sheet");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_filetype_detect_jpg),
		cmocka_unit_test(test_filetype_detect_png),
		cmocka_unit_test(test_filetype_detect_pdf),
		cmocka_unit_test(test_filetype_detect_doc),
		cmocka_unit_test(test_filetype_detect_xls),
		cmocka_unit_test(test_filetype_detect_docx),
		cmocka_unit_test(test_filetype_detect_xlsx),
		cmocka_unit_test(test_filetype_detect_zip_not_office),
		cmocka_unit_test(test_filetype_detect_ole_not_office),
		cmocka_unit_test(test_filetype_detect_unknown),
		cmocka_unit_test(test_filetype_detect_empty),
		cmocka_unit_test(test_filetype_detect_real_files),
		cmocka_unit_test(test_filetype_name_every_type),
		cmocka_unit_test(test_filetype_mime_every_type),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}

/* Content type detection for uploaded materials. */
#include <string.h>

#include "filetype.h"

/* Find needle in the buffer. */
static int
filetype_has(const uint8_t *p, size_t n, const void *needle, size_t len)
{
	return (len <= n && memmem(p, n, needle, len) != NULL);
}

/*
 * An OLE2 compound file is a Word document or an Excel workbook by the name
 * of its main stream, stored in the directory as UTF-16LE.
 */
static enum filetype
filetype_ole(const uint8_t *p, size_t n)
{
	static const uint8_t word[] = { 'W', 0, 'o', 0, 'r', 0, 'd', 0, 'D', 0,
	    'o', 0, 'c', 0, 'u', 0, 'm', 0, 'e', 0, 'n', 0, 't', 0 };
	static const uint8_t book[] = { 'W', 0, 'o', 0, 'r', 0, 'k', 0, 'b', 0,
	    'o', 0, 'o', 0, 'k', 0 };
	static const uint8_t book5[] = { 'B', 0, 'o', 0, 'o', 0, 'k', 0, 0,
	    0 };

	if (filetype_has(p, n, word, sizeof word))
		return (FILETYPE_DOC);
	if (filetype_has(p, n, book, sizeof book) ||
	    filetype_has(p, n, book5, sizeof book5))
		return (FILETYPE_XLS);
	return (FILETYPE_UNKNOWN);
}

/* An Office Open XML package is a ZIP whose part names say what it is. */
static enum filetype
filetype_zip(const uint8_t *p, size_t n)
{
	if (!filetype_has(p, n, "[Content_Types].xml", 19))
		return (FILETYPE_UNKNOWN);
	if (filetype_has(p, n, "word/document.xml", 17))
		return (FILETYPE_DOCX);
	if (filetype_has(p, n, "xl/workbook.xml", 15))
		return (FILETYPE_XLSX);
	return (FILETYPE_UNKNOWN);
}

enum filetype
filetype_detect(const uint8_t *p, size_t n)
{
	static const uint8_t png[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a,
	    '\n' };
	static const uint8_t ole[] = { 0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1,
	    0x1a, 0xe1 };

	if (n >= 3 && p[0] == 0xff && p[1] == 0xd8 && p[2] == 0xff)
		return (FILETYPE_JPG);
	if (n >= sizeof png && memcmp(p, png, sizeof png) == 0)
		return (FILETYPE_PNG);
	if (n >= 5 && memcmp(p, "%PDF-", 5) == 0)
		return (FILETYPE_PDF);
	if (n >= 512 && memcmp(p, ole, sizeof ole) == 0)
		return (filetype_ole(p, n));
	if (n >= 30 && memcmp(p, "PK\003\004", 4) == 0)
		return (filetype_zip(p, n));
	return (FILETYPE_UNKNOWN);
}

const char *
filetype_name(enum filetype t)
{
	static const char *names[] = { "", "jpg", "png", "pdf", "doc", "xls",
	    "docx", "xlsx" };

	return (names[t]);
}

const char *
filetype_mime(enum filetype t)
{
	static const char *mimes[] = {
		"application/octet-stream", "image/jpeg", "image/png",
		"application/pdf", "application/msword",
		"application/vnd.ms-excel",
		"application/vnd.openxmlformats-officedocument."
		    "wordprocessingml.document",
		"application/vnd.openxmlformats-officedocument."
		    "spreadsheetml.sheet",
	};

	return (mimes[t]);
}

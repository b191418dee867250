/*
 * Loading the service catalogue: calendar.yaml, regions.yaml, halls.yaml
 * and the YAML files of items/ in the [catalog] dir, parsed with libfyaml and checked
 * whole.  The first problem is reported as file:line:column: message and
 * nothing of that load is used.  No I/O besides reading the files, so a
 * reload runs on a worker thread.
 */
#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libfyaml.h>

#include "ids.h"
#include "server.h"
#include "text.h"
#include "xmalloc.h"

#define CAT_CODE_MAX	40
#define CAT_NAME_MAX	100	/* characters */
#define CAT_TEXT_MAX	4000

struct cat_load {
	struct catalog	*cat;
	struct arena	*a;
	char		 file[1024];	/* path as reported */
	char		*err;
	size_t		 errlen;
	int		 failed;
};

typedef Banshi__V1__Item	Item;

/* Where a node starts, 1-based; a collection reports its first scalar. */
static void
cat_mark(struct fy_node *n, int *line, int *col)
{
	struct fy_token		*t = NULL;
	const struct fy_mark	*m;
	void			*it = NULL;
	struct fy_node_pair	*p;

	*line = *col = 1;
	if (n == NULL)
		return;
	if (fy_node_is_scalar(n))
		t = fy_node_get_scalar_token(n);
	else if (fy_node_is_mapping(n)) {
		if ((p = fy_node_mapping_iterate(n, &it)) != NULL) {
			cat_mark(fy_node_pair_key(p), line, col);
			return;
		}
	} else if (fy_node_is_sequence(n)) {
		cat_mark(fy_node_sequence_iterate(n, &it), line, col);
		return;
	}
	if (t != NULL && (m = fy_token_start_mark(t)) != NULL) {
		*line = m->line + 1;
		*col = m->column + 1;
	}
}

/* Record the first error at node; always returns -1. */
static int
cat_err(struct cat_load *ld, struct fy_node *n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int
cat_err(struct cat_load *ld, struct fy_node *n, const char *fmt, ...)
{
	va_list	ap;
	char	msg[400];
	int	line, col;

	if (ld->failed)
		return (-1);
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	cat_mark(n, &line, &col);
	snprintf(ld->err, ld->errlen, "%s:%d:%d: %s", ld->file, line, col,
	    msg);
	ld->failed = 1;
	return (-1);
}

/* Refuse keys a mapping should not have (typos would pass silently). */
static int
cat_keys(struct cat_load *ld, struct fy_node *map, const char *const *known)
{
	struct fy_node_pair	*p;
	void			*it = NULL;
	const char		*k;
	size_t			 i;

	if (!fy_node_is_mapping(map))
		return (cat_err(ld, map, "expected a mapping"));
	while ((p = fy_node_mapping_iterate(map, &it)) != NULL) {
		k = fy_node_get_scalar0(fy_node_pair_key(p));
		for (i = 0; k != NULL && known[i] != NULL; i++)
			if (strcmp(k, known[i]) == 0)
				break;
		if (k == NULL || known[i] == NULL)
			return (cat_err(ld, fy_node_pair_key(p),
			    "unknown key '%s'", k != NULL ? k : "?"));
	}
	return (0);
}

/* The scalar text of key in map, checked; NULL and *ok = 0 on error. */
static const char *
cat_text(struct cat_load *ld, struct fy_node *map, const char *key,
    int required, size_t max, int flags)
{
	struct fy_node	*n = fy_node_mapping_lookup_by_string(map, key, -1);
	const char	*s;
	enum text_error	 e;

	if (n == NULL || (fy_node_is_scalar(n) &&
	    fy_node_get_scalar_length(n) == 0)) {
		if (required)
			cat_err(ld, map, "missing '%s'", key);
		return (required ? NULL : "");
	}
	if (!fy_node_is_scalar(n) || (s = fy_node_get_scalar0(n)) == NULL) {
		cat_err(ld, n, "'%s' must be text", key);
		return (NULL);
	}
	if ((e = text_check(s, max, flags)) != TEXT_OK) {
		cat_err(ld, n, "'%s': %s", key, e == TEXT_TOO_LONG ?
		    "too long" : text_error_name(e));
		return (NULL);
	}
	return (s);
}

/* A copy of the text in the arena ("" when optional and absent). */
static char *
cat_str(struct cat_load *ld, struct fy_node *map, const char *key,
    int required, size_t max, int flags)
{
	const char	*s = cat_text(ld, map, key, required, max, flags);

	return (s == NULL ? NULL : arena_strdup(ld->a, s));
}

/* Multi-line text may keep its line breaks but loses the trailing one. */
static char *
cat_long_text(struct cat_load *ld, struct fy_node *map, const char *key,
    int required)
{
	char	*s = cat_str(ld, map, key, required, CAT_TEXT_MAX,
		    TEXT_ALLOW_NEWLINE);
	size_t	 n;

	if (s != NULL)
		for (n = strlen(s); n > 0 && s[n - 1] == '\n'; n--)
			s[n - 1] = '\0';
	return (s);
}

static int
cat_bool(struct cat_load *ld, struct fy_node *map, const char *key, int def,
    protobuf_c_boolean *out)
{
	struct fy_node	*n = fy_node_mapping_lookup_by_string(map, key, -1);
	const char	*s;

	*out = def;
	if (n == NULL)
		return (0);
	s = fy_node_is_scalar(n) ? fy_node_get_scalar0(n) : NULL;
	if (s != NULL && (strcmp(s, "true") == 0 || strcmp(s, "yes") == 0))
		*out = 1;
	else if (s != NULL && (strcmp(s, "false") == 0 ||
	    strcmp(s, "no") == 0))
		*out = 0;
	else
		return (cat_err(ld, n, "'%s' must be true or false", key));
	return (0);
}

static int
cat_int(struct cat_load *ld, struct fy_node *map, const char *key,
    int required, long long lo, long long hi, long long *out)
{
	struct fy_node	*n = fy_node_mapping_lookup_by_string(map, key, -1);
	const char	*s;
	char		*end;

	if (n == NULL) {
		if (required)
			return (cat_err(ld, map, "missing '%s'", key));
		return (1);	/* absent */
	}
	s = fy_node_is_scalar(n) ? fy_node_get_scalar0(n) : NULL;
	if (s == NULL || *s == '\0')
		return (cat_err(ld, n, "'%s' must be a number", key));
	*out = strtoll(s, &end, 10);
	if (*end != '\0' || *out < lo || *out > hi)
		return (cat_err(ld, n, "'%s' must be a number from %lld to "
		    "%lld", key, lo, hi));
	return (0);
}

static int
cat_uint32(struct cat_load *ld, struct fy_node *map, const char *key,
    int required, long long lo, long long hi, uint32_t *out)
{
	long long	v = 0;
	int		rc;

	rc = cat_int(ld, map, key, required, lo, hi, &v);
	*out = rc == 0 ? (uint32_t)v : 0;
	return (rc == -1 ? -1 : 0);
}

/* A sequence under key (NULL when absent and optional). */
static struct fy_node *
cat_seq(struct cat_load *ld, struct fy_node *map, const char *key,
    int required, size_t *count)
{
	struct fy_node	*n = fy_node_mapping_lookup_by_string(map, key, -1);

	*count = 0;
	if (n == NULL) {
		if (required)
			cat_err(ld, map, "missing '%s'", key);
		return (NULL);
	}
	if (!fy_node_is_sequence(n)) {
		cat_err(ld, n, "'%s' must be a list", key);
		return (NULL);
	}
	*count = (size_t)fy_node_sequence_item_count(n);
	return (n);
}

/* A list of short texts; NULL on error, an empty list when absent. */
static char **
cat_strings(struct cat_load *ld, struct fy_node *map, const char *key,
    size_t *count)
{
	struct fy_node	*seq, *n;
	void		*it = NULL;
	char		**v;
	const char	*s;
	size_t		 i = 0;

	if ((seq = cat_seq(ld, map, key, 0, count)) == NULL)
		return (ld->failed ? NULL : arena_alloc(ld->a, sizeof *v));
	v = arena_array(ld->a, *count + 1, sizeof *v);
	while ((n = fy_node_sequence_iterate(seq, &it)) != NULL) {
		s = fy_node_is_scalar(n) ? fy_node_get_scalar0(n) : NULL;
		if (s == NULL || *s == '\0' || text_check(s, CAT_NAME_MAX, 0)
		    != TEXT_OK) {
			cat_err(ld, n, "'%s': each entry must be a short "
			    "line of text", key);
			return (NULL);
		}
		v[i++] = arena_strdup(ld->a, s);
	}
	return (v);
}

/* Codes: ASCII letters, digits and '-', at most max. */
static const char *
cat_code(struct cat_load *ld, struct fy_node *map, const char *key,
    size_t max)
{
	const char	*s = cat_text(ld, map, key, 1, max, 0);
	const char	*p;

	if (s == NULL)
		return (NULL);
	for (p = s; *p != '\0'; p++) {
		if (!((*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    *p == '-')) {
			cat_err(ld, fy_node_mapping_lookup_by_string(map, key,
			    -1), "'%s' must be upper-case letters, digits and "
			    "'-' (got \"%s\")", key, s);
			return (NULL);
		}
	}
	return (strlen(s) > max ? NULL : s);
}

/*
 * The key node of a pair in map: where an error about an empty list or a
 * missing value is reported (an empty collection has no position of its
 * own in libfyaml's API).
 */
static struct fy_node *
cat_key(struct fy_node *map, const char *key)
{
	struct fy_node_pair	*p;
	void			*it = NULL;
	const char		*k;

	while ((p = fy_node_mapping_iterate(map, &it)) != NULL) {
		k = fy_node_get_scalar0(fy_node_pair_key(p));
		if (k != NULL && strcmp(k, key) == 0)
			return (fy_node_pair_key(p));
	}
	return (map);
}

/* The i-th entry of a sequence (for errors about one entry). */
static struct fy_node *
cat_entry(struct fy_node *seq, size_t i)
{
	struct fy_node	*n;
	void		*it = NULL;

	while ((n = fy_node_sequence_iterate(seq, &it)) != NULL && i-- > 0)
		;
	return (n != NULL ? n : seq);
}

/* Map a word to a value by table; -1 with an error when it is not there. */
static int
cat_enum(struct cat_load *ld, struct fy_node *n, const char *what,
    const char *const *names, int count)
{
	const char	*s = n != NULL && fy_node_is_scalar(n) ?
			    fy_node_get_scalar0(n) : NULL;
	int		 i;

	for (i = 1; s != NULL && i < count; i++)
		if (names[i] != NULL && strcmp(s, names[i]) == 0)
			return (i);
	return (cat_err(ld, n, "unknown %s '%s'", what, s != NULL ? s : ""));
}

static const char *const step_names[] = {
	NULL, "accept", "review", "approve", "issue", "prereview", "handle",
};
static const char *const kind_names[] = {
	NULL, "approval", "civic", "booking-only",
};
static const char *const level_names[] = {
	NULL, "city", "county", "town", "village",
};
static const char *const field_names[] = {
	NULL, "text", "number", "date", "choice", "phone", "id-number",
	"credit-code", "address", "region",
};
static const char *const audience_names[] = {
	NULL, "person", "enterprise",
};
static const char *const post_words[] = {
	NULL, "agent", "accept", "review", "approve", "issue", "prereview",
	"handle", "booking", "supervisor",
};
static const char *const formats[] = {
	"jpg", "png", "pdf", "doc", "docx", "xls", "xlsx", NULL,
};
/* Indexed by Banshi__V1__Facet; NULL-terminated for cat_keys. */
static const char *const facet_keys[] = {
	NULL, "person_stage", "person_group", "person_topic",
	"enterprise_topic", "enterprise_activity", "enterprise_group", NULL,
};

#define NELEM(a)	((int)(sizeof (a) / sizeof (a)[0]))

/* cat_enum on the value of key in map; a missing key is named as such. */
static int
cat_enum_key(struct cat_load *ld, struct fy_node *map, const char *key,
    const char *what, const char *const *names, int count)
{
	struct fy_node	*n = fy_node_mapping_lookup_by_string(map, key, -1);

	if (n == NULL)
		return (cat_err(ld, map, "missing '%s'", key));
	return (cat_enum(ld, n, what, names, count));
}

/* Parse a file into a document, reporting parse errors as our own. */
struct cat_diag {
	struct cat_load	*ld;
};

static void
cat_diag_output(struct fy_diag *diag, void *user, const char *buf,
    size_t len)
{
	struct cat_load	*ld = user;
	const char	*p;
	char		 line[512];

	if (ld->failed || len == 0)
		return;
	snprintf(line, sizeof line, "%.*s", (int)len, buf);
	/* libfyaml writes "file:line:col: error: message". */
	if ((p = strstr(line, ": error: ")) == NULL)
		return;
	line[strcspn(line, "\n")] = '\0';
	snprintf(ld->err, ld->errlen, "%.*s: %s", (int)(p - line), line,
	    p + 9);
	ld->failed = 1;
}

static struct fy_document *
cat_parse(struct cat_load *ld, const char *path)
{
	struct fy_diag_cfg	 dc;
	struct fy_diag		*diag;
	struct fy_parse_cfg	 pc;
	struct fy_document	*doc;

	fy_diag_cfg_default(&dc);
	dc.fp = NULL;
	dc.output_fn = cat_diag_output;
	dc.user = ld;
	dc.colorize = false;
	diag = fy_diag_create(&dc);
	memset(&pc, 0, sizeof pc);
	pc.flags = FYPCF_QUIET;
	pc.diag = diag;
	doc = fy_document_build_from_file(&pc, path);
	fy_diag_destroy(diag);
	if (doc == NULL && !ld->failed) {
		FILE	*f = fopen(path, "r");

		/* An empty or comment-only file parses to no document. */
		snprintf(ld->err, ld->errlen, f != NULL ? "%s:1:1: the file "
		    "holds no YAML document" : "%s: cannot read the file",
		    ld->file);
		if (f != NULL)
			fclose(f);
	}
	if (doc == NULL)
		ld->failed = 1;
	return (doc);
}

/* The top-level list under key of a file's document. */
static struct fy_node *
cat_root_list(struct cat_load *ld, struct fy_document *doc, const char *key,
    size_t *count)
{
	struct fy_node		*root = fy_document_root(doc);
	const char *const	 known[] = { key, NULL };

	if (root == NULL || !fy_node_is_mapping(root)) {
		cat_err(ld, root, "expected a mapping with '%s'", key);
		return (NULL);
	}
	if (cat_keys(ld, root, known) == -1)
		return (NULL);
	return (cat_seq(ld, root, key, 1, count));
}

/* ---- calendar.yaml ---------------------------------------------------- */

static int
cat_date(struct cat_load *ld, struct fy_node *n, int year, int32_t *out)
{
	const char	*s = n != NULL && fy_node_is_scalar(n) ?
			    fy_node_get_scalar0(n) : NULL;
	int		 y, m, d;

	if (n == NULL)
		return (-1);	/* the caller names the missing key */
	if (s == NULL || cal_parse_date(s, out) == -1)
		return (cat_err(ld, n, "expected a date YYYY-MM-DD"));
	cal_civil_from_days(*out, &y, &m, &d);
	if (y != year)
		return (cat_err(ld, n, "%s is not in %d", s, year));
	return (0);
}

static int
cat_calendar_year(struct cat_load *ld, struct fy_node *yn,
    struct cal_year *cy)
{
	static const char *const known[] = { "year", "source", "holidays",
	    "workdays", NULL };
	static const char *const hknown[] = { "name", "from", "to", NULL };
	struct fy_node	*seq, *n;
	void		*it = NULL;
	long long	 year;
	size_t		 count, i, nh = 0;
	int32_t		 d;

	if (cat_keys(ld, yn, known) == -1 ||
	    cat_int(ld, yn, "year", 1, 1900, 9999, &year) == -1 ||
	    (cy->source = cat_str(ld, yn, "source", 0, 200, 0)) == NULL)
		return (-1);
	cy->year = (int)year;
	if ((seq = cat_seq(ld, yn, "holidays", 1, &count)) == NULL)
		return (-1);
	cy->holidays = arena_array(ld->a, count + 1, sizeof *cy->holidays);
	cy->off = arena_array(ld->a, 367, sizeof *cy->off);
	while ((n = fy_node_sequence_iterate(seq, &it)) != NULL) {
		struct cal_holiday *h = &cy->holidays[nh++];

		if (cat_keys(ld, n, hknown) == -1 ||
		    (h->name = cat_str(ld, n, "name", 1, 20, 0)) == NULL)
			return (-1);
		if (cat_date(ld, fy_node_mapping_lookup_by_string(n, "from",
		    -1), cy->year, &h->from) == -1 ||
		    cat_date(ld, fy_node_mapping_lookup_by_string(n, "to",
		    -1), cy->year, &h->to) == -1)
			return (ld->failed ? -1 : cat_err(ld, n,
			    "missing '%s'", fy_node_mapping_lookup_by_string(n,
			    "from", -1) == NULL ? "from" : "to"));
		if (h->to < h->from)
			return (cat_err(ld, n, "holiday '%s' ends before it "
			    "starts", h->name));
		for (d = h->from; d <= h->to; d++) {
			for (i = 0; i < cy->n_off; i++)
				if (cy->off[i] == d)
					return (cat_err(ld, n, "holiday '%s' "
					    "overlaps an earlier one", h->name));
			cy->off[cy->n_off++] = d;	/* at most 366: unique */
		}
	}
	cy->n_holidays = nh;
	if ((seq = cat_seq(ld, yn, "workdays", 0, &count)) == NULL &&
	    ld->failed)
		return (-1);
	cy->work = arena_array(ld->a, count + 1, sizeof *cy->work);
	it = NULL;
	while (seq != NULL && (n = fy_node_sequence_iterate(seq, &it)) !=
	    NULL) {
		if (cat_date(ld, n, cy->year, &d) == -1)
			return (-1);
		if (cal_weekday(d) < 5)
			return (cat_err(ld, n, "%s is not a weekend day, so it "
			    "cannot be a make-up working day",
			    fy_node_get_scalar0(n)));
		for (i = 0; i < cy->n_off; i++)
			if (cy->off[i] == d)
				return (cat_err(ld, n, "%s is both a holiday "
				    "and a working day",
				    fy_node_get_scalar0(n)));
		cy->work[cy->n_work++] = d;
	}
	cal_year_sort(cy);
	return (0);
}

static int
cat_calendar(struct cat_load *ld, struct fy_document *doc)
{
	struct calendar	*cal = &ld->cat->cal;
	struct fy_node	*seq, *n;
	void		*it = NULL;
	size_t		 count, i;

	if ((seq = cat_root_list(ld, doc, "years", &count)) == NULL)
		return (-1);
	cal->years = arena_array(ld->a, count + 1, sizeof *cal->years);
	while ((n = fy_node_sequence_iterate(seq, &it)) != NULL) {
		if (cat_calendar_year(ld, n, &cal->years[cal->n_years]) == -1)
			return (-1);
		for (i = 0; i < cal->n_years; i++)
			if (cal->years[i].year == cal->years[cal->n_years].year)
				return (cat_err(ld, n, "year %d appears twice",
				    cal->years[i].year));
		cal->n_years++;
	}
	return (0);
}

/* ---- regions.yaml ----------------------------------------------------- */

static const struct cat_region *
cat_find_region(const struct catalog *cat, const char *code)
{
	size_t	i;

	for (i = 0; i < cat->n_regions; i++)
		if (strcmp(cat->regions[i].code, code) == 0)
			return (&cat->regions[i]);
	return (NULL);
}

static int
cat_region(struct cat_load *ld, struct fy_node *n, const char *parent,
    int parent_level)
{
	static const char *const known[] = { "code", "name", "level",
	    "children", NULL };
	struct catalog		*cat = ld->cat;
	struct cat_region	*r;
	struct fy_node		*seq, *c;
	void			*it = NULL;
	const char		*code, *p;
	size_t			 count;
	int			 level;

	if (cat_keys(ld, n, known) == -1 ||
	    (code = cat_text(ld, n, "code", 1, 12, 0)) == NULL)
		return (-1);
	for (p = code; *p >= '0' && *p <= '9'; p++)
		;
	if (*p != '\0' || p - code != 12)
		return (cat_err(ld, fy_node_mapping_lookup_by_string(n, "code",
		    -1), "a region code has 12 digits (got \"%s\")", code));
	if (cat_find_region(cat, code) != NULL)
		return (cat_err(ld, n, "region %s appears twice", code));
	if ((level = cat_enum_key(ld, n, "level", "level", level_names,
	    NELEM(level_names))) == -1)
		return (-1);
	if (level <= parent_level)
		return (cat_err(ld, n, "a %s cannot be under a %s",
		    level_names[level], level_names[parent_level]));
	if (cat->n_regions == cat->cap_regions) {
		cat->cap_regions = cat->cap_regions * 2 + 64;
		cat->regions = xreallocarray(cat->regions, cat->cap_regions,
		    sizeof *cat->regions);
	}
	r = &cat->regions[cat->n_regions++];
	r->code = arena_strdup(ld->a, code);
	r->parent = parent;
	r->level = level;
	if ((r->name = cat_str(ld, n, "name", 1, 40, 0)) == NULL)
		return (-1);
	code = r->code;
	if ((seq = cat_seq(ld, n, "children", 0, &count)) == NULL)
		return (ld->failed ? -1 : 0);
	while ((c = fy_node_sequence_iterate(seq, &it)) != NULL)
		if (cat_region(ld, c, code, level) == -1)
			return (-1);
	return (0);
}

static int
cat_regions(struct cat_load *ld, struct fy_document *doc)
{
	struct fy_node	*seq, *n;
	void		*it = NULL;
	size_t		 count;

	if ((seq = cat_root_list(ld, doc, "regions", &count)) == NULL)
		return (-1);
	while ((n = fy_node_sequence_iterate(seq, &it)) != NULL)
		if (cat_region(ld, n, NULL, 0) == -1)
			return (-1);
	return (0);
}

/* ---- halls.yaml ------------------------------------------------------- */

const Banshi__V1__Department *
catalog_department(const struct catalog *cat, const char *code,
    const Banshi__V1__Hall **hall)
{
	size_t	i, j;

	for (i = 0; i < cat->n_halls; i++)
		for (j = 0; j < cat->halls[i]->n_departments; j++)
			if (strcmp(cat->halls[i]->departments[j]->code, code)
			    == 0) {
				if (hall != NULL)
					*hall = cat->halls[i];
				return (cat->halls[i]->departments[j]);
			}
	return (NULL);
}

static int
cat_code_taken(const struct catalog *cat, const char *code)
{
	size_t	i;

	for (i = 0; i < cat->n_halls; i++)
		if (strcmp(cat->halls[i]->code, code) == 0)
			return (1);
	return (catalog_department(cat, code, NULL) != NULL);
}

static int
cat_department(struct cat_load *ld, struct fy_node *n,
    Banshi__V1__Hall *hall, Banshi__V1__Department *d)
{
	static const char *const known[] = { "code", "name", "address",
	    "phone", "hours", NULL };
	const char	*code;

	banshi__v1__department__init(d);
	if (cat_keys(ld, n, known) == -1 ||
	    (code = cat_code(ld, n, "code", 32)) == NULL)
		return (-1);
	if (cat_code_taken(ld->cat, code))
		return (cat_err(ld, n, "code %s is used twice", code));
	d->code = arena_strdup(ld->a, code);
	d->hall_code = hall->code;
	if ((d->name = cat_str(ld, n, "name", 1, 40, 0)) == NULL ||
	    (d->address = cat_str(ld, n, "address", 0, 100, 0)) == NULL ||
	    (d->phone = cat_str(ld, n, "phone", 0, 40, 0)) == NULL ||
	    (d->hours = cat_str(ld, n, "hours", 0, 100, 0)) == NULL)
		return (-1);
	return (0);
}

static int
cat_hall(struct cat_load *ld, struct fy_node *n, Banshi__V1__Hall *h)
{
	static const char *const known[] = { "code", "name", "region",
	    "address", "departments", NULL };
	struct fy_node	*seq, *dn;
	void		*it = NULL;
	const char	*code, *region;
	size_t		 count;

	banshi__v1__hall__init(h);
	if (cat_keys(ld, n, known) == -1 ||
	    (code = cat_code(ld, n, "code", 32)) == NULL)
		return (-1);
	if (cat_code_taken(ld->cat, code))
		return (cat_err(ld, n, "code %s is used twice", code));
	h->code = arena_strdup(ld->a, code);
	if ((h->name = cat_str(ld, n, "name", 1, 40, 0)) == NULL ||
	    (h->address = cat_str(ld, n, "address", 0, 100, 0)) == NULL ||
	    (region = cat_text(ld, n, "region", 1, 12, 0)) == NULL)
		return (-1);
	if (cat_find_region(ld->cat, region) == NULL)
		return (cat_err(ld, fy_node_mapping_lookup_by_string(n,
		    "region", -1), "no region %s in regions.yaml", region));
	h->region = arena_strdup(ld->a, region);
	if ((seq = cat_seq(ld, n, "departments", 1, &count)) == NULL)
		return (-1);
	h->departments = arena_array(ld->a, count + 1,
	    sizeof *h->departments);
	while ((dn = fy_node_sequence_iterate(seq, &it)) != NULL) {
		h->departments[h->n_departments] =
		    arena_alloc(ld->a, sizeof **h->departments);
		/* Count it first so that later codes see it as taken. */
		if (cat_department(ld, dn, h,
		    h->departments[h->n_departments++]) == -1)
			return (-1);
	}
	return (0);
}

static int
cat_halls(struct cat_load *ld, struct fy_document *doc)
{
	struct catalog	*cat = ld->cat;
	struct fy_node	*seq, *n;
	void		*it = NULL;
	size_t		 count;

	if ((seq = cat_root_list(ld, doc, "halls", &count)) == NULL)
		return (-1);
	cat->halls = arena_array(ld->a, count + 1, sizeof *cat->halls);
	while ((n = fy_node_sequence_iterate(seq, &it)) != NULL) {
		cat->halls[cat->n_halls] = arena_alloc(ld->a,
		    sizeof **cat->halls);
		if (cat_hall(ld, n, cat->halls[cat->n_halls++]) == -1)
			return (-1);
	}
	return (0);
}

/* ---- the items directory ----------------------------------------------------- */

static int
cat_material(struct cat_load *ld, struct fy_node *n, Banshi__V1__Material *m)
{
	static const char *const known[] = { "name", "required", "main",
	    "originals", "copies", "formats", "elicence", "note", NULL };
	size_t	i, j;

	banshi__v1__material__init(m);
	if (cat_keys(ld, n, known) == -1 ||
	    (m->name = cat_str(ld, n, "name", 1, CAT_NAME_MAX, 0)) == NULL ||
	    cat_bool(ld, n, "required", 1, &m->required) == -1 ||
	    cat_bool(ld, n, "main", 1, &m->main) == -1 ||
	    cat_uint32(ld, n, "originals", 0, 0, 99, &m->originals) == -1 ||
	    cat_uint32(ld, n, "copies", 0, 0, 99, &m->copies) == -1 ||
	    (m->formats = cat_strings(ld, n, "formats", &m->n_formats)) ==
	    NULL ||
	    (m->elicence = cat_str(ld, n, "elicence", 0, 40, 0)) == NULL ||
	    (m->note = cat_str(ld, n, "note", 0, 400, 0)) == NULL)
		return (-1);
	for (i = 0; i < m->n_formats; i++) {
		for (j = 0; formats[j] != NULL; j++)
			if (strcmp(m->formats[i], formats[j]) == 0)
				break;
		if (formats[j] == NULL)
			return (cat_err(ld, cat_entry(
			    fy_node_mapping_lookup_by_string(n, "formats", -1),
			    i), "unknown format '%s' (jpg png pdf "
			    "doc docx xls xlsx)", m->formats[i]));
	}
	return (0);
}

static int
cat_guide(struct cat_load *ld, struct fy_node *n, Banshi__V1__Guide *g)
{
	static const char *const known[] = { "basis", "target", "conditions",
	    "materials", "missing_allowed", "procedure", "limits", "fees",
	    "contact", "channels", NULL };
	static const char *const lknown[] = { "legal", "promised", NULL };
	static const char *const cknown[] = { "address", "phone", "hours",
	    NULL };
	static const char *const chknown[] = { "online", "booking", NULL };
	struct fy_node	*seq, *mn, *sub;
	void		*it = NULL;
	size_t		 count;

	banshi__v1__guide__init(g);
	if (n == NULL || cat_keys(ld, n, known) == -1 ||
	    (g->basis = cat_long_text(ld, n, "basis", 1)) == NULL ||
	    (g->target = cat_long_text(ld, n, "target", 1)) == NULL ||
	    (g->conditions = cat_long_text(ld, n, "conditions", 1)) == NULL ||
	    (g->procedure = cat_long_text(ld, n, "procedure", 1)) == NULL ||
	    (g->fees = cat_long_text(ld, n, "fees", 1)) == NULL ||
	    cat_bool(ld, n, "missing_allowed", 0, &g->missing_allowed) == -1)
		return (n == NULL ? -1 : -1);
	if ((seq = cat_seq(ld, n, "materials", 0, &count)) == NULL &&
	    ld->failed)
		return (-1);
	g->materials = arena_array(ld->a, count + 1, sizeof *g->materials);
	while (seq != NULL && (mn = fy_node_sequence_iterate(seq, &it)) !=
	    NULL) {
		g->materials[g->n_materials] = arena_alloc(ld->a,
		    sizeof **g->materials);
		if (cat_material(ld, mn, g->materials[g->n_materials++]) == -1)
			return (-1);
	}
	if ((sub = fy_node_mapping_lookup_by_string(n, "limits", -1)) ==
	    NULL)
		return (cat_err(ld, n, "missing 'limits'"));
	if (cat_keys(ld, sub, lknown) == -1 ||
	    cat_uint32(ld, sub, "legal", 1, 0, 3650, &g->legal_limit) == -1 ||
	    cat_uint32(ld, sub, "promised", 1, 0, 3650, &g->promised_limit) ==
	    -1)
		return (-1);
	if (g->promised_limit > g->legal_limit)
		return (cat_err(ld, sub, "the promised limit (%u) is longer "
		    "than the legal limit (%u)", g->promised_limit,
		    g->legal_limit));
	if ((sub = fy_node_mapping_lookup_by_string(n, "contact", -1)) == NULL)
		return (cat_err(ld, n, "missing 'contact'"));
	if (cat_keys(ld, sub, cknown) == -1 ||
	    (g->contact_address = cat_str(ld, sub, "address", 1, 100, 0)) ==
	    NULL ||
	    (g->contact_phone = cat_str(ld, sub, "phone", 1, 40, 0)) == NULL ||
	    (g->contact_hours = cat_str(ld, sub, "hours", 0, 100, 0)) == NULL)
		return (-1);
	if ((sub = fy_node_mapping_lookup_by_string(n, "channels", -1)) ==
	    NULL)
		return (cat_err(ld, n, "missing 'channels'"));
	if (cat_keys(ld, sub, chknown) == -1 ||
	    cat_bool(ld, sub, "online", 0, &g->online) == -1 ||
	    cat_bool(ld, sub, "booking", 0, &g->booking) == -1)
		return (-1);
	return (0);
}

static int
cat_flow_step(struct cat_load *ld, struct fy_node *n, Banshi__V1__FlowStep *s)
{
	static const char *const known[] = { "step", "name", "post", "days",
	    NULL };
	struct fy_node	*sn, *e;
	void		*it = NULL;
	int		 v;

	banshi__v1__flow_step__init(s);
	if (cat_keys(ld, n, known) == -1)
		return (-1);
	if ((sn = fy_node_mapping_lookup_by_string(n, "step", -1)) == NULL)
		return (cat_err(ld, n, "missing 'step'"));
	s->steps = arena_array(ld->a, 7, sizeof *s->steps);
	if (fy_node_is_sequence(sn)) {
		while ((e = fy_node_sequence_iterate(sn, &it)) != NULL) {
			if ((v = cat_enum(ld, e, "step", step_names,
			    NELEM(step_names))) == -1)
				return (-1);
			if (s->n_steps == 6)
				return (cat_err(ld, e, "a merged step has at "
				    "most six steps"));
			s->steps[s->n_steps++] = v;
		}
		if (s->n_steps == 0)
			return (cat_err(ld, cat_key(n, "step"), "a merged "
			    "step lists its steps"));
	} else {
		if ((v = cat_enum(ld, sn, "step", step_names,
		    NELEM(step_names))) == -1)
			return (-1);
		s->steps[s->n_steps++] = v;
	}
	if ((s->name = cat_str(ld, n, "name", 1, 20, 0)) == NULL ||
	    (v = cat_enum_key(ld, n, "post", "post", post_words,
	    NELEM(post_words))) == -1 ||
	    cat_uint32(ld, n, "days", 1, 0, 365, &s->days) == -1)
		return (-1);
	s->post = v;
	return (0);
}

/*
 * The flow's shape for its kind: approval is accept, review, approve,
 * issue in that order (neighbours may merge); civic is prereview, handle.
 */
static int
cat_check_flow(struct cat_load *ld, struct fy_node *n, Item *it)
{
	static const int approval[] = { 1, 2, 3, 4 }, civic[] = { 5, 6 };
	const int	*want;
	size_t		 nwant, k = 0, i, j;
	uint32_t	 days = 0;

	if (it->summary->kind == BANSHI__V1__ITEM_KIND__ITEM_KIND_BOOKING_ONLY) {
		if (it->n_flow != 0)
			return (cat_err(ld, n, "a booking-only item has no "
			    "flow"));
		return (0);
	}
	want = it->summary->kind == BANSHI__V1__ITEM_KIND__ITEM_KIND_APPROVAL ?
	    approval : civic;
	nwant = it->summary->kind == BANSHI__V1__ITEM_KIND__ITEM_KIND_APPROVAL
	    ? 4 : 2;
	for (i = 0; i < it->n_flow; i++) {
		for (j = 0; j < it->flow[i]->n_steps; j++, k++)
			if (k >= nwant || (int)it->flow[i]->steps[j] != want[k])
				return (cat_err(ld, n, "the flow of %s must "
				    "be %s", kind_names[it->summary->kind],
				    nwant == 4 ? "accept, review, approve, "
				    "issue (neighbours may merge)" :
				    "prereview, handle"));
		days += it->flow[i]->days;
	}
	if (k != nwant)
		return (cat_err(ld, n, "the flow of %s must be %s",
		    kind_names[it->summary->kind], nwant == 4 ?
		    "accept, review, approve, issue (neighbours may merge)" :
		    "prereview, handle"));
	if (days > it->guide->promised_limit)
		return (cat_err(ld, n, "the steps take %u working days, more "
		    "than the promised limit of %u", days,
		    it->guide->promised_limit));
	return (0);
}

static int
cat_field(struct cat_load *ld, struct fy_node *n, Banshi__V1__FormField *f)
{
	static const char *const known[] = { "name", "label", "type",
	    "required", "choices", "min", "max", "depth", NULL };
	const char	*p;
	long long	 v;
	int		 t, rc;

	banshi__v1__form_field__init(f);
	if (cat_keys(ld, n, known) == -1 ||
	    (f->name = cat_str(ld, n, "name", 1, 40, 0)) == NULL ||
	    (f->label = cat_str(ld, n, "label", 1, 30, 0)) == NULL ||
	    cat_bool(ld, n, "required", 0, &f->required) == -1)
		return (-1);
	for (p = f->name; *p != '\0'; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		    *p == '_'))
			return (cat_err(ld, n, "field name '%s': lower-case "
			    "ASCII letters, digits and '_'", f->name));
	if ((t = cat_enum_key(ld, n, "type", "field type", field_names,
	    NELEM(field_names))) == -1)
		return (-1);
	f->type = t;
	if ((f->choices = cat_strings(ld, n, "choices", &f->n_choices)) == NULL)
		return (-1);
	if ((t == BANSHI__V1__FIELD_TYPE__FIELD_TYPE_CHOICE) !=
	    (f->n_choices > 0))
		return (cat_err(ld, n, t == BANSHI__V1__FIELD_TYPE__FIELD_TYPE_CHOICE
		    ? "a choice field needs 'choices'" :
		    "only a choice field has 'choices'"));
	if ((rc = cat_int(ld, n, "min", 0, -1000000000LL, 1000000000LL, &v)) ==
	    -1)
		return (-1);
	if ((f->has_min = rc == 0))
		f->min = v;
	if ((rc = cat_int(ld, n, "max", 0, -1000000000LL, 1000000000LL, &v)) ==
	    -1)
		return (-1);
	if ((f->has_max = rc == 0))
		f->max = v;
	if (f->has_min && t != BANSHI__V1__FIELD_TYPE__FIELD_TYPE_NUMBER)
		return (cat_err(ld, n, "only a number field has 'min'"));
	if (f->has_max && t != BANSHI__V1__FIELD_TYPE__FIELD_TYPE_NUMBER &&
	    t != BANSHI__V1__FIELD_TYPE__FIELD_TYPE_TEXT &&
	    t != BANSHI__V1__FIELD_TYPE__FIELD_TYPE_ADDRESS)
		return (cat_err(ld, n, "'max' applies to number, text and "
		    "address fields"));
	if (f->has_min && f->has_max && f->min > f->max)
		return (cat_err(ld, n, "'min' is above 'max'"));
	if (fy_node_mapping_lookup_by_string(n, "depth", -1) != NULL) {
		if (t != BANSHI__V1__FIELD_TYPE__FIELD_TYPE_REGION)
			return (cat_err(ld, n, "only a region field has "
			    "'depth'"));
		if ((t = cat_enum(ld, fy_node_mapping_lookup_by_string(n,
		    "depth", -1), "depth", level_names, NELEM(level_names))) ==
		    -1)
			return (-1);
		if (t < BANSHI__V1__REGION_LEVEL__REGION_LEVEL_COUNTY)
			return (cat_err(ld, n, "depth is county, town or "
			    "village"));
		f->depth = t;
	} else if (t == BANSHI__V1__FIELD_TYPE__FIELD_TYPE_REGION)
		f->depth = BANSHI__V1__REGION_LEVEL__REGION_LEVEL_VILLAGE;
	return (0);
}

static int
cat_form(struct cat_load *ld, struct fy_node *n, Item *it)
{
	struct fy_node	*seq, *fn;
	void		*iter = NULL;
	size_t		 count, i;

	if ((seq = cat_seq(ld, n, "form", 0, &count)) == NULL)
		return (ld->failed ? -1 : 0);
	if (!it->guide->online)
		return (cat_err(ld, seq, "only an item filed online "
		    "(channels: online) has a form"));
	it->form = arena_array(ld->a, count + 1, sizeof *it->form);
	while ((fn = fy_node_sequence_iterate(seq, &iter)) != NULL) {
		it->form[it->n_form] = arena_alloc(ld->a, sizeof **it->form);
		if (cat_field(ld, fn, it->form[it->n_form]) == -1)
			return (-1);
		for (i = 0; i < it->n_form; i++)
			if (strcmp(it->form[i]->name,
			    it->form[it->n_form]->name) == 0)
				return (cat_err(ld, fn, "field '%s' appears "
				    "twice", it->form[i]->name));
		it->n_form++;
	}
	return (0);
}

static int
cat_categories(struct cat_load *ld, struct fy_node *n, Item *it)
{
	struct fy_node	*cn;
	char		**names;
	size_t		 count, i, total = 0;
	int		 f;

	if ((cn = fy_node_mapping_lookup_by_string(n, "categories", -1)) ==
	    NULL)
		return (0);
	if (cat_keys(ld, cn, facet_keys + 1) == -1)
		return (-1);
	it->categories = arena_array(ld->a, 64, sizeof *it->categories);
	for (f = 1; facet_keys[f] != NULL; f++) {
		if ((names = cat_strings(ld, cn, facet_keys[f], &count)) ==
		    NULL)
			return (-1);
		for (i = 0; i < count && total < 64; i++, total++) {
			Banshi__V1__Category *c = arena_alloc(ld->a,
			    sizeof *c);

			banshi__v1__category__init(c);
			c->facet = f;
			c->name = names[i];
			it->categories[it->n_categories++] = c;
		}
	}
	return (0);
}

static int
cat_item_kind(struct cat_load *ld, struct fy_node *n, Item *it)
{
	Banshi__V1__ItemSummary	*s = it->summary;
	size_t			 i, j;

	if (s->kind == BANSHI__V1__ITEM_KIND__ITEM_KIND_BOOKING_ONLY) {
		if (it->guide->online || !it->guide->booking)
			return (cat_err(ld, n, "a booking-only item has "
			    "channels online: false and booking: true"));
	} else if (it->guide->n_materials == 0)
		return (cat_err(ld, n, "an item filed with materials lists at "
		    "least one"));
	for (i = 0; i < it->guide->n_materials; i++) {
		const Banshi__V1__Material *m = it->guide->materials[i];

		for (j = 0; j < i; j++)
			if (strcmp(it->guide->materials[j]->name, m->name) == 0)
				return (cat_err(ld, n, "material '%s' appears "
				    "twice", m->name));
	}
	return (0);
}

static const Item *
cat_find_item(const struct catalog *cat, const char *code)
{
	size_t	i;

	for (i = 0; i < cat->n_items; i++)
		if (strcmp(cat->items[i]->summary->code, code) == 0)
			return (cat->items[i]);
	return (NULL);
}

static int
cat_item(struct cat_load *ld, struct fy_node *n, Item *it)
{
	static const char *const known[] = { "code", "name", "kind",
	    "department", "audience", "categories", "keywords", "guide",
	    "flow", "form", NULL };
	Banshi__V1__ItemSummary		*s;
	const Banshi__V1__Department	*d;
	const Banshi__V1__Hall		*h;
	struct fy_node			*seq, *e;
	void				*iter = NULL;
	const char			*code, *dept;
	size_t				 count;
	int				 v;

	banshi__v1__item__init(it);
	s = it->summary = arena_alloc(ld->a, sizeof *it->summary);
	banshi__v1__item_summary__init(s);
	it->guide = arena_alloc(ld->a, sizeof *it->guide);
	if (cat_keys(ld, n, known) == -1 ||
	    (code = cat_code(ld, n, "code", CAT_CODE_MAX)) == NULL)
		return (-1);
	if (cat_find_item(ld->cat, code) != NULL)
		return (cat_err(ld, n, "item %s appears twice", code));
	s->code = arena_strdup(ld->a, code);
	if ((s->name = cat_str(ld, n, "name", 1, CAT_NAME_MAX, 0)) == NULL ||
	    (v = cat_enum_key(ld, n, "kind", "kind", kind_names,
	    NELEM(kind_names))) == -1 ||
	    (dept = cat_text(ld, n, "department", 1, 32, 0)) == NULL)
		return (-1);
	s->kind = v;
	if ((d = catalog_department(ld->cat, dept, &h)) == NULL)
		return (cat_err(ld, fy_node_mapping_lookup_by_string(n,
		    "department", -1), "no department %s in halls.yaml", dept));
	s->department_code = d->code;
	s->department_name = d->name;
	s->hall_name = h->name;
	if ((seq = cat_seq(ld, n, "audience", 1, &count)) == NULL)
		return (-1);
	s->audience = arena_array(ld->a, 3, sizeof *s->audience);
	while ((e = fy_node_sequence_iterate(seq, &iter)) != NULL) {
		if ((v = cat_enum(ld, e, "audience", audience_names,
		    NELEM(audience_names))) == -1)
			return (-1);
		if (s->n_audience == 1 && (int)s->audience[0] == v)
			return (cat_err(ld, e, "audience '%s' appears twice",
			    audience_names[v]));
		if (s->n_audience == 2)
			return (cat_err(ld, e, "at most two audiences: person "
			    "and enterprise"));
		s->audience[s->n_audience++] = v;
	}
	if (s->n_audience == 0)
		return (cat_err(ld, cat_key(n, "audience"), "name at least one "
		    "audience"));
	if ((it->keywords = cat_strings(ld, n, "keywords", &it->n_keywords)) ==
	    NULL || cat_categories(ld, n, it) == -1 ||
	    cat_guide(ld, fy_node_mapping_lookup_by_string(n, "guide", -1),
	    it->guide) == -1)
		return (ld->failed ? -1 : cat_err(ld, n, "missing 'guide'"));
	s->promised_limit = it->guide->promised_limit;
	s->online = it->guide->online;
	s->booking = it->guide->booking;
	if ((seq = cat_seq(ld, n, "flow", 0, &count)) == NULL && ld->failed)
		return (-1);
	it->flow = arena_array(ld->a, count + 1, sizeof *it->flow);
	iter = NULL;
	while (seq != NULL && (e = fy_node_sequence_iterate(seq, &iter)) !=
	    NULL) {
		it->flow[it->n_flow] = arena_alloc(ld->a, sizeof **it->flow);
		if (cat_flow_step(ld, e, it->flow[it->n_flow++]) == -1)
			return (-1);
	}
	if (cat_check_flow(ld, n, it) == -1 || cat_form(ld, n, it) == -1 ||
	    cat_item_kind(ld, n, it) == -1)
		return (-1);
	return (0);
}

static int
cat_items_file(struct cat_load *ld, struct fy_document *doc)
{
	struct catalog	*cat = ld->cat;
	struct fy_node	*seq, *n;
	void		*it = NULL;
	size_t		 count;

	if ((seq = cat_root_list(ld, doc, "items", &count)) == NULL)
		return (-1);
	if (cat->n_items + count > cat->cap_items) {
		cat->cap_items = (cat->n_items + count) * 2;
		cat->items = xreallocarray(cat->items, cat->cap_items,
		    sizeof *cat->items);
	}
	while ((n = fy_node_sequence_iterate(seq, &it)) != NULL) {
		cat->items[cat->n_items] = arena_alloc(ld->a,
		    sizeof **cat->items);
		if (cat_item(ld, n, cat->items[cat->n_items]) == -1)
			return (-1);
		cat->n_items++;
	}
	return (0);
}

static int	cat_file(struct cat_load *, const char *, const char *,
		    int (*)(struct cat_load *, struct fy_document *));

/* ---- registry/: the demo population, enterprise and e-licence data ----- */

/* Today as YYYYMMDD on the server's clock. */
static int
cat_today(void)
{
	int	y, m, d;

	cal_civil_from_days(clock_day(), &y, &m, &d);
	return (y * 10000 + m * 100 + d);
}

/* An ID number or credit code under key, checked. */
static const char *
cat_id(struct cat_load *ld, struct fy_node *n, const char *key, int person)
{
	const char	*s = cat_text(ld, n, key, 1, 18, 0);
	enum id_error	 e;

	if (s == NULL)
		return (NULL);
	e = person ? id_check_person(s, cat_today()) : id_check_credit_code(s);
	if (e != ID_OK) {
		cat_err(ld, fy_node_mapping_lookup_by_string(n, key, -1),
		    "'%s' %s %s", key, s, id_error_text(e));
		return (NULL);
	}
	return (arena_strdup(ld->a, s));
}

static int
cat_people(struct cat_load *ld, struct fy_document *doc)
{
	static const char *const known[] = { "id_number", "name", "sex",
	    "birth_date", "household_address", "household_type", "phone",
	    NULL };
	struct catalog		*cat = ld->cat;
	struct fy_node		*seq, *n;
	void			*it = NULL;
	struct reg_person	*p;
	size_t			 count;
	int32_t			 day;

	if ((seq = cat_root_list(ld, doc, "people", &count)) == NULL)
		return (-1);
	cat->people = arena_array(ld->a, count + 1, sizeof *cat->people);
	while ((n = fy_node_sequence_iterate(seq, &it)) != NULL) {
		p = &cat->people[cat->n_people];
		if (cat_keys(ld, n, known) == -1 ||
		    (p->id_number = cat_id(ld, n, "id_number", 1)) == NULL ||
		    (p->name = cat_str(ld, n, "name", 1, 40, 0)) == NULL ||
		    (p->sex = cat_str(ld, n, "sex", 1, 2, 0)) == NULL ||
		    (p->birth_date = cat_str(ld, n, "birth_date", 1, 10, 0)) ==
		    NULL || (p->household_address = cat_str(ld, n,
		    "household_address", 1, 100, 0)) == NULL ||
		    (p->household_type = cat_str(ld, n, "household_type", 0, 10,
		    0)) == NULL ||
		    (p->phone = cat_str(ld, n, "phone", 0, 20, 0)) == NULL)
			return (-1);
		if (cal_parse_date(p->birth_date, &day) == -1)
			return (cat_err(ld, fy_node_mapping_lookup_by_string(n,
			    "birth_date", -1), "expected a date YYYY-MM-DD"));
		for (count = 0; count < cat->n_people; count++)
			if (strcmp(cat->people[count].id_number,
			    p->id_number) == 0)
				return (cat_err(ld, n, "ID number %s appears "
				    "twice", p->id_number));
		cat->n_people++;
	}
	return (0);
}

static int
cat_enterprises(struct cat_load *ld, struct fy_document *doc)
{
	static const char *const known[] = { "credit_code", "name",
	    "legal_rep", "address", "phone", NULL };
	struct catalog		*cat = ld->cat;
	struct fy_node		*seq, *n;
	void			*it = NULL;
	struct reg_enterprise	*e;
	size_t			 count;

	if ((seq = cat_root_list(ld, doc, "enterprises", &count)) == NULL)
		return (-1);
	cat->enterprises = arena_array(ld->a, count + 1,
	    sizeof *cat->enterprises);
	while ((n = fy_node_sequence_iterate(seq, &it)) != NULL) {
		e = &cat->enterprises[cat->n_enterprises];
		if (cat_keys(ld, n, known) == -1 ||
		    (e->credit_code = cat_id(ld, n, "credit_code", 0)) == NULL ||
		    (e->name = cat_str(ld, n, "name", 1, 60, 0)) == NULL ||
		    (e->legal_rep = cat_str(ld, n, "legal_rep", 1, 40, 0)) ==
		    NULL ||
		    (e->address = cat_str(ld, n, "address", 1, 100, 0)) == NULL ||
		    (e->phone = cat_str(ld, n, "phone", 0, 20, 0)) == NULL)
			return (-1);
		for (count = 0; count < cat->n_enterprises; count++)
			if (strcmp(cat->enterprises[count].credit_code,
			    e->credit_code) == 0)
				return (cat_err(ld, n, "credit code %s appears "
				    "twice", e->credit_code));
		cat->n_enterprises++;
	}
	return (0);
}

static int
cat_elicences(struct cat_load *ld, struct fy_document *doc)
{
	static const char *const known[] = { "holder", "type", "number",
	    "issuer", "valid_until", NULL };
	struct catalog		*cat = ld->cat;
	struct fy_node		*seq, *n;
	void			*it = NULL;
	struct reg_elicence	*e;
	size_t			 count;

	if ((seq = cat_root_list(ld, doc, "elicences", &count)) == NULL)
		return (-1);
	cat->elicences = arena_array(ld->a, count + 1, sizeof *cat->elicences);
	while ((n = fy_node_sequence_iterate(seq, &it)) != NULL) {
		e = &cat->elicences[cat->n_elicences];
		if (cat_keys(ld, n, known) == -1 ||
		    (e->holder = cat_str(ld, n, "holder", 1, 18, 0)) == NULL ||
		    (e->type = cat_str(ld, n, "type", 1, 40, 0)) == NULL ||
		    (e->number = cat_str(ld, n, "number", 1, 40, 0)) == NULL ||
		    (e->issuer = cat_str(ld, n, "issuer", 0, 60, 0)) == NULL ||
		    (e->valid_until = cat_str(ld, n, "valid_until", 0, 10, 0)) ==
		    NULL)
			return (-1);
		cat->n_elicences++;
	}
	return (0);
}

/* The registry is optional: a catalogue without registry/ has none. */
static int
cat_registry(struct cat_load *ld, const char *dir)
{
	static const struct {
		const char	*name;
		int		 (*fn)(struct cat_load *, struct fy_document *);
	} files[] = {
		{ "registry/population.yaml", cat_people },
		{ "registry/enterprises.yaml", cat_enterprises },
		{ "registry/elicences.yaml", cat_elicences },
	};
	char	path[1100];
	size_t	i;

	for (i = 0; i < sizeof files / sizeof files[0]; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, files[i].name);
		if (access(path, F_OK) == -1)
			continue;
		if (cat_file(ld, dir, files[i].name, files[i].fn) == -1)
			return (-1);
	}
	return (0);
}

/* ---- the whole directory ---------------------------------------------- */

/* Parse one file with fn; 0 or -1 with the error in ld. */
static int
cat_file(struct cat_load *ld, const char *dir, const char *name,
    int (*fn)(struct cat_load *, struct fy_document *))
{
	struct fy_document	*doc;
	char			 path[1000];
	int			 rc;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	snprintf(ld->file, sizeof ld->file, "%s", path);
	if ((doc = cat_parse(ld, path)) == NULL)
		return (-1);
	rc = fn(ld, doc);
	fy_document_destroy(doc);
	ld->cat->n_files++;
	return (rc);
}

static int
cat_yaml_name(const struct dirent *d)
{
	size_t	n = strlen(d->d_name);

	return (d->d_name[0] != '.' && ((n > 5 &&
	    strcmp(d->d_name + n - 5, ".yaml") == 0) || (n > 4 &&
	    strcmp(d->d_name + n - 4, ".yml") == 0)));
}

static int
cat_item_cmp(const void *a, const void *b)
{
	const Item *const	*x = a, *const *y = b;

	return (strcmp((*x)->summary->code, (*y)->summary->code));
}

static int
cat_region_cmp(const void *a, const void *b)
{
	const struct cat_region *const	*x = a, *const *y = b;

	return (strcmp((*x)->code, (*y)->code));
}

/* Sorted views for the lookups by code the write path makes. */
static void
cat_index(struct catalog *cat)
{
	size_t	i;

	cat->items_by_code = xcalloc(cat->n_items + 1,
	    sizeof *cat->items_by_code);
	memcpy(cat->items_by_code, cat->items, cat->n_items *
	    sizeof *cat->items);
	qsort(cat->items_by_code, cat->n_items, sizeof *cat->items_by_code,
	    cat_item_cmp);
	cat->regions_by_code = xcalloc(cat->n_regions + 1,
	    sizeof *cat->regions_by_code);
	for (i = 0; i < cat->n_regions; i++)
		cat->regions_by_code[i] = &cat->regions[i];
	qsort(cat->regions_by_code, cat->n_regions,
	    sizeof *cat->regions_by_code, cat_region_cmp);
}

const Item *
catalog_find_item(const struct catalog *cat, const char *code)
{
	Item		 key_item, *key = &key_item, **found;
	Banshi__V1__ItemSummary	 key_summary;

	if (cat == NULL)
		return (NULL);
	key_summary.code = (char *)code;
	key_item.summary = &key_summary;
	found = bsearch(&key, cat->items_by_code, cat->n_items,
	    sizeof *cat->items_by_code, cat_item_cmp);
	return (found != NULL ? *found : NULL);
}

int
catalog_region_level(const struct catalog *cat, const char *code)
{
	struct cat_region	 key_region, *key = &key_region, **found;

	if (cat == NULL)
		return (0);
	key_region.code = code;
	found = bsearch(&key, cat->regions_by_code, cat->n_regions,
	    sizeof *cat->regions_by_code, cat_region_cmp);
	return (found != NULL ? (*found)->level : 0);
}

int
catalog_load(const char *dir, struct catalog **out, char *err, size_t errlen)
{
	struct cat_load	  ld;
	struct catalog	 *cat;
	struct dirent	**names = NULL;
	char		  sub[1024], name[300];
	int		  n, i, rc = -1;

	cat = xcalloc(1, sizeof *cat);
	memset(&ld, 0, sizeof ld);
	ld.cat = cat;
	ld.a = &cat->arena;
	ld.err = err;
	ld.errlen = errlen;
	if (cat_file(&ld, dir, "calendar.yaml", cat_calendar) == -1 ||
	    cat_file(&ld, dir, "regions.yaml", cat_regions) == -1 ||
	    cat_file(&ld, dir, "halls.yaml", cat_halls) == -1)
		goto out;
	snprintf(sub, sizeof sub, "%s/items", dir);
	if ((n = scandir(sub, &names, cat_yaml_name, alphasort)) == -1) {
		snprintf(err, errlen, "%s: cannot read the directory", sub);
		goto out;
	}
	for (i = 0; i < n; i++) {
		snprintf(name, sizeof name, "items/%s", names[i]->d_name);
		if (!ld.failed && cat_file(&ld, dir, name, cat_items_file) ==
		    -1)
			ld.failed = 1;
		free(names[i]);
	}
	free(names);
	if (!ld.failed && cat_registry(&ld, dir) == 0) {
		cat_index(cat);
		rc = 0;
	}
out:
	if (rc == -1) {
		catalog_free(cat);
		cat = NULL;
	}
	*out = cat;
	return (rc);
}

void
catalog_free(struct catalog *cat)
{
	if (cat == NULL)
		return;
	free(cat->regions);
	free(cat->items);
	free(cat->items_by_code);
	free(cat->regions_by_code);
	arena_free(&cat->arena);
	free(cat);
}

/*
 * Region names (所属区域) learnt from ListRegions replies, so a chosen code
 * shows as its path "亳州市 / 谯城区 / 花戏楼街道 / 汤陵社区".  Codes are
 * 12-digit statistical codes: 4 digits name the city, 6 the county, 9 the
 * town and 12 the village, the rest zeros.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"
#include "tui.h"
#include "xmalloc.h"

#define REGION_CODE_LEN	12

struct region_name {
	char	code[REGION_CODE_LEN + 1];
	char	*name;			/* sanitized */
};

static struct region_name	*region_names;
static size_t			 region_nnames;

static const int region_prefix[] = { 4, 6, 9, 12 };
#define REGION_NLEVELS	4

/* Whether code looks like a 12-digit region code. */
static int
region_code_ok(const char *code)
{
	size_t	i;

	if (code == NULL || strlen(code) != REGION_CODE_LEN)
		return (0);
	for (i = 0; i < REGION_CODE_LEN; i++) {
		if (code[i] < '0' || code[i] > '9')
			return (0);
	}
	return (1);
}

/*
 * The codes from the city down to code itself, into anc; returns how many,
 * or 0 when code is not a region code.
 */
static int
region_ancestors(const char *code, char anc[][REGION_CODE_LEN + 1])
{
	int	i, n = 0;

	if (!region_code_ok(code))
		return (0);
	for (i = 0; i < REGION_NLEVELS; i++) {
		memset(anc[n], '0', REGION_CODE_LEN);
		memcpy(anc[n], code, (size_t)region_prefix[i]);
		anc[n][REGION_CODE_LEN] = '\0';
		if (n > 0 && strcmp(anc[n], anc[n - 1]) == 0)
			continue;	/* 3416000... is city and county */
		if (strcmp(anc[n++], code) == 0)
			break;
	}
	return (n);
}

const char *
region_name(const char *code)
{
	size_t	i;

	for (i = 0; code != NULL && i < region_nnames; i++) {
		if (strcmp(region_names[i].code, code) == 0)
			return (region_names[i].name);
	}
	return (NULL);
}

/* Remember the names of a reply's regions. */
void
region_learn(const Banshi__V1__RegionList *l)
{
	const Banshi__V1__Region	*r;
	size_t				 i;

	for (i = 0; i < l->n_regions; i++) {
		r = l->regions[i];
		if (!region_code_ok(r->code) || region_name(r->code) != NULL)
			continue;
		region_names = xreallocarray(region_names, region_nnames + 1,
		    sizeof *region_names);
		memcpy(region_names[region_nnames].code, r->code,
		    REGION_CODE_LEN + 1);
		region_names[region_nnames++].name = catalog_safe(r->name);
	}
}

/*
 * Whether a listing is still needed to name every level of code: 1 with
 * the parent to list in parent ("" for the top), 0 when all are known or
 * code is no region code.
 */
int
region_missing(const char *code, char *parent, size_t len)
{
	char	anc[REGION_NLEVELS][REGION_CODE_LEN + 1];
	int	i, n = region_ancestors(code, anc);

	for (i = 0; i < n; i++) {
		if (region_name(anc[i]) == NULL) {
			snprintf(parent, len, "%s", i > 0 ? anc[i - 1] : "");
			return (1);
		}
	}
	return (0);
}

/* The path of names of code, newly allocated; NULL while one is unknown. */
char *
region_path(const char *code)
{
	char		 anc[REGION_NLEVELS][REGION_CODE_LEN + 1];
	char		*path = NULL, *next;
	const char	*name;
	int		 i, n = region_ancestors(code, anc);

	for (i = 0; i < n; i++) {
		if ((name = region_name(anc[i])) == NULL) {
			free(path);
			return (NULL);
		}
		if (path == NULL)
			path = xstrdup(name);
		else {
			xasprintf(&next, "%s / %s", path, name);
			free(path);
			path = next;
		}
	}
	return (path);
}

void
region_forget(void)
{
	size_t	i;

	for (i = 0; i < region_nnames; i++)
		free(region_names[i].name);
	free(region_names);
	region_names = NULL;
	region_nnames = 0;
}

/* The item's form field called name, or NULL. */
const Banshi__V1__FormField *
region_item_field(const Banshi__V1__Item *it, const char *name)
{
	size_t	i;

	for (i = 0; it != NULL && i < it->n_form; i++) {
		if (strcmp(it->form[i]->name, name) == 0)
			return (it->form[i]);
	}
	return (NULL);
}

/*
 * Ask for the names of the next region value of a case still known by its
 * code only.  named holds the parent asked for last (so it is not asked
 * twice); returns the request, or 0 when every region has its name.
 */
uint32_t
region_name_next(struct screen *s, const Banshi__V1__Item *it,
    const Banshi__V1__Case *c, char *named, size_t len)
{
	Banshi__V1__ClientMessage	 msg = BANSHI__V1__CLIENT_MESSAGE__INIT;
	Banshi__V1__ListRegions		 lr = BANSHI__V1__LIST_REGIONS__INIT;
	const Banshi__V1__FormField	*ff;
	char				 parent[16];
	size_t				 i;

	for (i = 0; c != NULL && i < c->n_fields; i++) {
		ff = region_item_field(it, c->fields[i]->name);
		if (ff == NULL || ff->type !=
		    BANSHI__V1__FIELD_TYPE__FIELD_TYPE_REGION ||
		    !region_missing(c->fields[i]->value, parent,
		    sizeof parent) || strcmp(parent, named) == 0)
			continue;
		snprintf(named, len, "%s", parent);
		lr.parent_code = parent;
		msg.body_case = BANSHI__V1__CLIENT_MESSAGE__BODY_LIST_REGIONS;
		msg.list_regions = &lr;
		return (tui_call(s, &msg, 0));
	}
	return (0);
}

/* Catalogue texts (item kinds, facets, steps, posts, limits) and item copies. */
#include <stdio.h>
#include <stdlib.h>

#include "log.h"
#include "text.h"
#include "tui.h"
#include "xmalloc.h"

#define KIND(k)		BANSHI__V1__ITEM_KIND__ITEM_KIND_##k
#define FACET(f)	BANSHI__V1__FACET__FACET_##f
#define STEP(s)		BANSHI__V1__STEP__STEP_##s
#define POST(p)		BANSHI__V1__POST__POST_##p
#define AUD(a)		BANSHI__V1__AUDIENCE__AUDIENCE_##a

#define nitems(a)	(sizeof (a) / sizeof (a)[0])

/* In item lists: short. */
static const char *const catalog_kinds[] = {
	[KIND(APPROVAL)] = N_("Approval"),
	[KIND(CIVIC)] = N_("Civic service"),
	[KIND(BOOKING_ONLY)] = N_("Booking"),
};

/* In guides: the full name of the kind. */
static const char *const catalog_kinds_long[] = {
	[KIND(APPROVAL)] = N_("Administrative approval"),
	[KIND(CIVIC)] = N_("Civic service, handled all the way for the "
	    "applicant"),
	[KIND(BOOKING_ONLY)] = N_("By appointment only"),
};

static const char *const catalog_facets[] = {
	[FACET(PERSON_STAGE)] = N_("Life events"),
	[FACET(PERSON_GROUP)] = N_("Special groups"),
	[FACET(PERSON_TOPIC)] = N_("Topics"),
	[FACET(ENTERPRISE_TOPIC)] = N_("Topics"),
	[FACET(ENTERPRISE_ACTIVITY)] = N_("Business activities"),
	[FACET(ENTERPRISE_GROUP)] = N_("Special groups"),
};

/* The same words as the posts of status.c: a step is done by its post. */
static const char *const catalog_steps[] = {
	[STEP(ACCEPT)] = N_("Acceptance"),
	[STEP(REVIEW)] = N_("Review"),
	[STEP(APPROVE)] = N_("Approval"),
	[STEP(ISSUE)] = N_("Issuing"),
	[STEP(PREREVIEW)] = N_("Pre-review"),
	[STEP(HANDLE)] = N_("Handling"),
};

/* A post as the desk that does a step (受理岗). */
static const char *const catalog_desks[] = {
	[POST(AGENT)] = N_("Agency desk"),
	[POST(ACCEPT)] = N_("Acceptance desk"),
	[POST(REVIEW)] = N_("Review desk"),
	[POST(APPROVE)] = N_("Approval desk"),
	[POST(ISSUE)] = N_("Issuing desk"),
	[POST(PREREVIEW)] = N_("Pre-review desk"),
	[POST(HANDLE)] = N_("Handling desk"),
	[POST(BOOKING)] = N_("Booking desk"),
	[POST(SUPERVISOR)] = N_("Supervision desk"),
};

static const char *const catalog_audiences[] = {
	[AUD(PERSON)] = N_("Persons"),
	[AUD(ENTERPRISE)] = N_("Enterprises"),
};

/* The translation of table[value], or "?" for a value we do not know. */
static const char *
catalog_lookup(const char *const *table, size_t n, int value)
{
	if (value < 0 || (size_t)value >= n || table[value] == NULL)
		return ("?");
	return (_(table[value]));
}

const char *
catalog_kind_text(int kind)
{
	return (catalog_lookup(catalog_kinds, nitems(catalog_kinds), kind));
}

const char *
catalog_kind_long(int kind)
{
	return (catalog_lookup(catalog_kinds_long, nitems(catalog_kinds_long),
	    kind));
}

const char *
catalog_facet_text(int facet)
{
	return (catalog_lookup(catalog_facets, nitems(catalog_facets), facet));
}

const char *
catalog_step_text(int step)
{
	return (catalog_lookup(catalog_steps, nitems(catalog_steps), step));
}

const char *
catalog_desk_text(int post)
{
	return (catalog_lookup(catalog_desks, nitems(catalog_desks), post));
}

const char *
catalog_audience_text(int audience)
{
	return (catalog_lookup(catalog_audiences, nitems(catalog_audiences),
	    audience));
}

/* "10 working days". */
void
catalog_days(char *buf, size_t len, unsigned int days)
{
	snprintf(buf, len, ngettext("%u working day", "%u working days", days),
	    days);
}

/* "Promised in 10 working days" (承诺 10 个工作日). */
void
catalog_promise(char *buf, size_t len, unsigned int days)
{
	if (days == 0)
		snprintf(buf, len, "%s", _("No promised limit"));
	else
		snprintf(buf, len, ngettext("Promised in %u working day",
		    "Promised in %u working days", days), days);
}

/*
 * A copy of an item the caller owns (a reply is only borrowed): packed and
 * unpacked again.  Its strings are as the server sent them: sanitize them
 * before they reach the screen.
 */
Banshi__V1__Item *
catalog_item_copy(const Banshi__V1__Item *it)
{
	Banshi__V1__Item	*copy;
	uint8_t			*buf;
	size_t			 len;

	len = banshi__v1__item__get_packed_size(it);
	buf = xmalloc(len > 0 ? len : 1);
	banshi__v1__item__pack(it, buf);
	copy = banshi__v1__item__unpack(NULL, len, buf);
	free(buf);
	if (copy == NULL)
		fatalx("cannot copy an item");
	return (copy);
}

void
catalog_item_free(Banshi__V1__Item *it)
{
	if (it != NULL)
		banshi__v1__item__free_unpacked(it, NULL);
}

/* A server string made safe to show (NULL shows as empty); caller frees. */
char *
catalog_safe(const char *s)
{
	return (text_sanitize(s != NULL ? s : ""));
}

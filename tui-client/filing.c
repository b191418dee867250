/*
 * What the filing screens share: the application being filed (item and
 * draft), copies of server messages, idempotency keys, and the texts for
 * sizes, times, case states and the reasons a value was refused.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "frame.h"
#include "ids.h"
#include "log.h"
#include "text.h"
#include "tui.h"
#include "xmalloc.h"

#define FT(t)		BANSHI__V1__FIELD_TYPE__FIELD_TYPE_##t
#define CS(s)		BANSHI__V1__CASE_STATUS__CASE_STATUS_##s
#define nitems(a)	(sizeof (a) / sizeof (a)[0])

/* Whether the signed-in user may file (the agent post). */
int
filing_allowed(void)
{
	size_t	i;

	if (tui.user == NULL)
		return (0);
	for (i = 0; i < tui.user->nposts; i++) {
		if (tui.user->posts[i] == BANSHI__V1__POST__POST_AGENT)
			return (1);
	}
	return (0);
}

/* A fresh idempotency key, for a request that may have to be retried. */
void
filing_key(uint8_t *key)
{
	randombytes_buf(key, FILING_KEY_LEN);
	frame_key_stamp(key);
}

/* Set msg's idempotency key to key (borrowed until the call is made). */
void
filing_use_key(Banshi__V1__ClientMessage *msg, uint8_t *key)
{
	msg->idempotency_key.data = key;
	msg->idempotency_key.len = FILING_KEY_LEN;
}

/* A copy of a message the caller owns and frees with filing_free. */
void *
filing_copy(const void *msg)
{
	const ProtobufCMessage	*m = msg;
	ProtobufCMessage	*copy;
	uint8_t			*buf;
	size_t			 len;

	len = protobuf_c_message_get_packed_size(m);
	buf = xmalloc(len > 0 ? len : 1);
	protobuf_c_message_pack(m, buf);
	copy = protobuf_c_message_unpack(m->descriptor, NULL, len, buf);
	free(buf);
	if (copy == NULL)
		fatalx("cannot copy a %s", m->descriptor->name);
	return (copy);
}

void
filing_free(void *msg)
{
	if (msg != NULL)
		protobuf_c_message_free_unpacked(msg, NULL);
}

/* Today as YYYYMMDD, as the ID number checks want it. */
int
filing_today(void)
{
	struct tm	tm;
	time_t		now = time(NULL);

	localtime_r(&now, &tm);
	return ((tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 +
	    tm.tm_mday);
}

/* "586.0 KB", "12.3 MB" (binary units), "512 B". */
void
filing_size(char *buf, size_t len, uint64_t n)
{
	if (n < 1024)
		snprintf(buf, len, "%llu B", (unsigned long long)n);
	else if (n < 1024 * 1024)
		snprintf(buf, len, "%.1f KB", (double)n / 1024);
	else
		snprintf(buf, len, "%.1f MB", (double)n / (1024 * 1024));
}

/* A server time (seconds) as local "2026-11-28 14:05", or "" for none. */
void
filing_time(char *buf, size_t len, int64_t t)
{
	struct tm	tm;
	time_t		tt = (time_t)t;

	if (t <= 0 || localtime_r(&tt, &tm) == NULL) {
		snprintf(buf, len, "%s", "");
		return;
	}
	strftime(buf, len, "%Y-%m-%d %H:%M", &tm);
}

static const char *const filing_statuses[] = {
	[CS(PENDING_ACCEPTANCE)] = N_("Waiting for acceptance"),
	[CS(PENDING_PREREVIEW)] = N_("Waiting for pre-review"),
	[CS(IN_PROGRESS)] = N_("In progress"),
	[CS(SUPPLEMENT)] = N_("Needs supplements"),
	[CS(DONE)] = N_("Done"),
	[CS(REFUSED)] = N_("Not accepted"),
	[CS(DENIED)] = N_("Not approved"),
	[CS(WITHDRAWN)] = N_("Withdrawn"),
	[CS(TERMINATED)] = N_("Terminated"),
	[CS(NOT_PASSED)] = N_("Did not pass pre-review"),
};

const char *
filing_case_status(int status)
{
	if (status < 0 || (size_t)status >= nitems(filing_statuses) ||
	    filing_statuses[status] == NULL)
		return (_("Unknown"));
	return (_(filing_statuses[status]));
}

/* The post names the server writes into a case's history. */
static const struct {
	const char	*name;
	int		 post;
} filing_posts[] = {
	{ "agent", BANSHI__V1__POST__POST_AGENT },
	{ "accept", BANSHI__V1__POST__POST_ACCEPT },
	{ "review", BANSHI__V1__POST__POST_REVIEW },
	{ "approve", BANSHI__V1__POST__POST_APPROVE },
	{ "issue", BANSHI__V1__POST__POST_ISSUE },
	{ "prereview", BANSHI__V1__POST__POST_PREREVIEW },
	{ "handle", BANSHI__V1__POST__POST_HANDLE },
	{ "booking", BANSHI__V1__POST__POST_BOOKING },
	{ "supervisor", BANSHI__V1__POST__POST_SUPERVISOR },
};

/* A post as the history names it, translated; NULL when unknown. */
const char *
filing_post_text(const char *name)
{
	size_t	i;

	for (i = 0; name != NULL && i < nitems(filing_posts); i++) {
		if (strcmp(filing_posts[i].name, name) == 0)
			return (post_name(filing_posts[i].post));
	}
	return (NULL);
}


/* A history action, translated; NULL when unknown (one list for all). */
const char *
filing_action_text(const char *name)
{
	return (work_action_text(name));
}

/* The level a region field is chosen down to, for messages. */
const char *
filing_level_text(int level)
{
	switch (level) {
	case BANSHI__V1__REGION_LEVEL__REGION_LEVEL_CITY:
		return (_("city"));
	case BANSHI__V1__REGION_LEVEL__REGION_LEVEL_COUNTY:
		return (_("county or district"));
	case BANSHI__V1__REGION_LEVEL__REGION_LEVEL_TOWN:
		return (_("town or street"));
	}
	return (_("village or community"));
}

/* What is wrong with an ID number or credit code, by the same checks. */
void
filing_id_reason(char *buf, size_t len, int person, const char *v)
{
	enum id_error	e;

	e = person ? id_check_person(v, filing_today()) :
	    id_check_credit_code(v);
	switch (e) {
	case ID_OK:
		snprintf(buf, len, "%s", person ? _("The server refused this "
		    "ID number") : _("The server refused this credit code"));
		break;
	case ID_LENGTH:
		snprintf(buf, len, person ? _("An ID number has 18 characters; "
		    "this one has %zu") : _("A credit code has 18 characters; "
		    "this one has %zu"), strlen(v));
		break;
	case ID_CHARACTERS:
		snprintf(buf, len, "%s", person ? _("Only digits, and X as the "
		    "last character (upper case)") : _("Only digits and upper "
		    "case letters other than I, O, Z, S and V"));
		break;
	case ID_REGION:
		snprintf(buf, len, "%s", _("The first digits are not a known "
		    "region code"));
		break;
	case ID_BIRTH_DATE:
		snprintf(buf, len, "%s", _("Characters 7 to 14 are not a real "
		    "birth date"));
		break;
	case ID_CHECK_DIGIT:
		snprintf(buf, len, "%s", person ? _("The check digit (the 18th "
		    "character) is wrong; check the number") : _("The check "
		    "character (the 18th) is wrong; check the code"));
		break;
	}
}

/* Whether s is a number as the server takes it (two decimals at most). */
static int
filing_number(const char *s, double *v)
{
	const char	*dot;
	char		*end;

	if (*s == '\0' || strpbrk(s, " eEnNiI") != NULL)
		return (0);
	*v = strtod(s, &end);
	if (*end != '\0')
		return (0);
	return ((dot = strchr(s, '.')) == NULL || strlen(dot + 1) <= 2);
}

/*
 * Why the server refused value v of a field of type type (ff, the
 * catalogue's field, may be NULL): the same checks, said in words.
 */
void
filing_value_reason(char *buf, size_t len, int type,
    const Banshi__V1__FormField *ff, const char *v)
{
	double	num;

	switch (type) {
	case FT(ID_NUMBER):
		filing_id_reason(buf, len, 1, v);
		return;
	case FT(CREDIT_CODE):
		filing_id_reason(buf, len, 0, v);
		return;
	case FT(PHONE):
		snprintf(buf, len, "%s", _("Not a phone number: 11 digits of a "
		    "mobile, or a landline like 0558-1234567"));
		return;
	case FT(DATE):
		snprintf(buf, len, "%s", _("Not a date: write it as "
		    "2026-01-31"));
		return;
	case FT(NUMBER):
		if (!filing_number(v, &num))
			snprintf(buf, len, "%s", _("Not a number (at most two "
			    "decimals)"));
		else if (ff != NULL && ff->has_min && ff->has_max)
			snprintf(buf, len, _("Must be from %lld to %lld"),
			    (long long)ff->min, (long long)ff->max);
		else
			snprintf(buf, len, "%s", _("The number is out of "
			    "range"));
		return;
	case FT(CHOICE):
		snprintf(buf, len, "%s", _("Choose one of the values in the "
		    "list"));
		return;
	case FT(REGION):
		snprintf(buf, len, _("Choose the region level by level down "
		    "to the %s"), filing_level_text(ff != NULL ?
		    (int)ff->depth : 0));
		return;
	}
	if (ff != NULL && ff->has_max && text_check(v, (size_t)ff->max, 0) ==
	    TEXT_TOO_LONG)
		snprintf(buf, len, _("At most %lld characters"),
		    (long long)ff->max);
	else
		snprintf(buf, len, "%s", _("Too long, or has characters that "
		    "are not allowed"));
}

/* A material's state: "Done  a.pdf  586.0 KB  PDF", "E-licence  HK1". */
void
filing_material_state(char *buf, size_t len,
    const Banshi__V1__AttachedMaterial *am)
{
	char	 size[32], *name, *num, *type;

	if (am == NULL) {
		snprintf(buf, len, "%s", _("Not uploaded"));
		return;
	}
	if (am->from_elicence || am->file == NULL) {
		num = catalog_safe(am->elicence_number);
		snprintf(buf, len, _("E-licence  %s"), num);
		free(num);
		return;
	}
	filing_size(size, sizeof size, am->file->size);
	name = catalog_safe(am->file->filename);
	type = catalog_safe(am->file->type);
	snprintf(buf, len, _("Done  %s  %s  %s"), name, size, type);
	free(name);
	free(type);
}

/* ---- the application being filed ------------------------------------- */

void
app_free(struct app *a)
{
	filing_free(a->item);
	filing_free(a->draft);
	free(a->item_name);
	memset(a, 0, sizeof *a);
}

/* Take the item (a copy is made). */
void
app_set_item(struct app *a, const Banshi__V1__Item *it)
{
	filing_free(a->item);
	free(a->item_name);
	a->item = filing_copy(it);
	a->item_name = catalog_safe(a->item->summary != NULL ?
	    a->item->summary->name : "");
}

/* Take the draft the server sent last (a copy is made). */
void
app_set_draft(struct app *a, const Banshi__V1__Draft *d)
{
	filing_free(a->draft);
	a->draft = filing_copy(d);
}

/* The attached material in catalogue slot slot, and its index; or NULL. */
const Banshi__V1__AttachedMaterial *
app_slot(const struct app *a, int slot, size_t *index)
{
	size_t	i;

	if (a->draft == NULL)
		return (NULL);
	for (i = 0; i < a->draft->n_materials; i++) {
		if (a->draft->materials[i]->slot == slot) {
			if (index != NULL)
				*index = i;
			return (a->draft->materials[i]);
		}
	}
	return (NULL);
}

/* The item's guide, never NULL once the item is there. */
const Banshi__V1__Guide *
app_guide(const struct app *a)
{
	static const Banshi__V1__Guide	empty = BANSHI__V1__GUIDE__INIT;

	return (a->item != NULL && a->item->guide != NULL ? a->item->guide :
	    &empty);
}

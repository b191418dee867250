/*
 * Checking what the counter typed: one value against its catalogue field,
 * the applicant, the pickup, and whether a draft is complete enough to
 * submit.  Pure: regions are checked by the caller's lookup function.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ids.h"
#include "server.h"
#include "text.h"

#define FORM_TEXT_DEFAULT_MAX	200
#define FORM_ADDRESS_DEFAULT_MAX	100

int
form_phone_ok(const char *s)
{
	size_t	n = strlen(s), i, digits = 0;
	int	dashes = 0;

	/* Mobile: 11 digits starting 1[3-9].  Landline: 0 + area, '-' ok. */
	if (n == 11 && s[0] == '1' && s[1] >= '3' && s[1] <= '9') {
		for (i = 0; i < n; i++)
			if (s[i] < '0' || s[i] > '9')
				return (0);
		return (1);
	}
	if (n < 10 || n > 13 || s[0] != '0')
		return (0);
	for (i = 0; i < n; i++) {
		if (s[i] >= '0' && s[i] <= '9')
			digits++;
		else if (s[i] != '-' || i < 3 || i > 4 || dashes++ > 0)
			return (0);
	}
	return (digits >= 10 && digits <= 12);
}

/*
 * A decimal number as people write it: an optional '-', digits, and at
 * most two decimals.  strtod alone would take hex, exponents, NaN and
 * infinity.
 */
static int
form_number(const char *s, double *v)
{
	const char	*p = s;
	size_t		 whole = 0, frac = 0;

	if (*p == '-')
		p++;
	for (; *p >= '0' && *p <= '9'; p++)
		whole++;
	if (*p == '.')
		for (p++; *p >= '0' && *p <= '9'; p++)
			frac++;
	if (*p != '\0' || whole == 0 || whole > 15 || frac > 2 ||
	    (strchr(s, '.') != NULL && frac == 0))
		return (-1);
	*v = strtod(s, NULL);
	return (0);
}

int
form_check_value(const Banshi__V1__FormField *f, const char *v, int today,
    int (*region_level)(const char *code), char *why, size_t whylen)
{
	enum text_error	 te;
	enum id_error	 ie;
	double		 num;
	int32_t		 day;
	size_t		 i, max;
	int		 level;

	max = f->has_max ? (size_t)f->max : f->type ==
	    BANSHI__V1__FIELD_TYPE__FIELD_TYPE_ADDRESS ?
	    FORM_ADDRESS_DEFAULT_MAX : FORM_TEXT_DEFAULT_MAX;
	if ((te = text_check(v, f->type ==
	    BANSHI__V1__FIELD_TYPE__FIELD_TYPE_NUMBER ? 0 : max, 0)) !=
	    TEXT_OK) {
		if (te == TEXT_TOO_LONG)
			snprintf(why, whylen, "at most %zu characters", max);
		else
			snprintf(why, whylen, "%s", text_error_name(te));
		return (-1);
	}
	switch (f->type) {
	case BANSHI__V1__FIELD_TYPE__FIELD_TYPE_NUMBER:
		if (form_number(v, &num) == -1) {
			snprintf(why, whylen, "not a number");
			return (-1);
		}
		if ((f->has_min && num < (double)f->min) ||
		    (f->has_max && num > (double)f->max)) {
			if (f->has_min && f->has_max)
				snprintf(why, whylen, "must be from %lld to "
				    "%lld", (long long)f->min,
				    (long long)f->max);
			else if (f->has_min)
				snprintf(why, whylen, "must be at least %lld",
				    (long long)f->min);
			else
				snprintf(why, whylen, "must be at most %lld",
				    (long long)f->max);
			return (-1);
		}
		return (0);
	case BANSHI__V1__FIELD_TYPE__FIELD_TYPE_DATE:
		if (cal_parse_date(v, &day) == -1) {
			snprintf(why, whylen, "not a date YYYY-MM-DD");
			return (-1);
		}
		return (0);
	case BANSHI__V1__FIELD_TYPE__FIELD_TYPE_CHOICE:
		for (i = 0; i < f->n_choices; i++)
			if (strcmp(f->choices[i], v) == 0)
				return (0);
		snprintf(why, whylen, "not one of the choices");
		return (-1);
	case BANSHI__V1__FIELD_TYPE__FIELD_TYPE_PHONE:
		if (!form_phone_ok(v)) {
			snprintf(why, whylen, "not a phone number (11-digit "
			    "mobile or 0558-1234567)");
			return (-1);
		}
		return (0);
	case BANSHI__V1__FIELD_TYPE__FIELD_TYPE_ID_NUMBER:
		if ((ie = id_check_person(v, today)) != ID_OK) {
			snprintf(why, whylen, "ID number %s", id_error_text(ie));
			return (-1);
		}
		return (0);
	case BANSHI__V1__FIELD_TYPE__FIELD_TYPE_CREDIT_CODE:
		if ((ie = id_check_credit_code(v)) != ID_OK) {
			snprintf(why, whylen, "credit code %s",
			    id_error_text(ie));
			return (-1);
		}
		return (0);
	case BANSHI__V1__FIELD_TYPE__FIELD_TYPE_REGION:
		level = region_level != NULL ? region_level(v) : -1;
		if (level <= 0) {
			snprintf(why, whylen, "not a known region");
			return (-1);
		}
		if (level != (int)f->depth) {
			snprintf(why, whylen, "choose down to the %s level",
			    f->depth == BANSHI__V1__REGION_LEVEL__REGION_LEVEL_VILLAGE
			    ? "village/community" : f->depth ==
			    BANSHI__V1__REGION_LEVEL__REGION_LEVEL_TOWN ?
			    "town" : "county");
			return (-1);
		}
		return (0);
	default:
		return (0);	/* text and address: checked above */
	}
}

int
form_check_applicant(const Banshi__V1__Applicant *a, int complete, int today,
    const char **field, char *why, size_t whylen)
{
	const char	*texts[] = { a->name, a->sex, a->birth_date,
			    a->household_address, a->household_type,
			    a->legal_rep, a->address };
	const char	*names[] = { "applicant.name", "applicant.sex",
			    "applicant.birth_date",
			    "applicant.household_address",
			    "applicant.household_type", "applicant.legal_rep",
			    "applicant.address" };
	enum id_error	 ie = ID_OK;
	size_t		 i;

	for (i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		if (text_check(texts[i], 100, 0) != TEXT_OK) {
			*field = names[i];
			snprintf(why, whylen, "at most 100 characters of "
			    "plain text");
			return (-1);
		}
	}
	if (a->id_number[0] != '\0' || complete) {
		if (a->kind == BANSHI__V1__APPLICANT_KIND__APPLICANT_KIND_PERSON)
			ie = id_check_person(a->id_number, today);
		else if (a->kind ==
		    BANSHI__V1__APPLICANT_KIND__APPLICANT_KIND_ENTERPRISE)
			ie = id_check_credit_code(a->id_number);
		else {
			*field = "applicant.kind";
			snprintf(why, whylen, "person or enterprise?");
			return (-1);
		}
		if (ie != ID_OK) {
			*field = "applicant.id_number";
			snprintf(why, whylen, "%s %s", a->kind ==
			    BANSHI__V1__APPLICANT_KIND__APPLICANT_KIND_PERSON ?
			    "ID number" : "credit code", id_error_text(ie));
			return (-1);
		}
	}
	if (a->phone[0] != '\0' && !form_phone_ok(a->phone)) {
		*field = "applicant.phone";
		snprintf(why, whylen, "not a phone number");
		return (-1);
	}
	if (complete && a->name[0] == '\0') {
		*field = "applicant.name";
		snprintf(why, whylen, "the applicant's name is required");
		return (-1);
	}
	return (0);
}

int
form_check_pickup(const Banshi__V1__Pickup *p, int complete,
    const char **field, char *why, size_t whylen)
{
	if (text_check(p->recipient, 40, 0) != TEXT_OK) {
		*field = "pickup.recipient";
		snprintf(why, whylen, "at most 40 characters of plain text");
		return (-1);
	}
	if (text_check(p->address, 100, 0) != TEXT_OK) {
		*field = "pickup.address";
		snprintf(why, whylen, "at most 100 characters of plain text");
		return (-1);
	}
	if (p->phone[0] != '\0' && !form_phone_ok(p->phone)) {
		*field = "pickup.phone";
		snprintf(why, whylen, "not a phone number");
		return (-1);
	}
	if (!complete)
		return (0);
	if (p->method != BANSHI__V1__PICKUP_METHOD__PICKUP_METHOD_SELF &&
	    p->method != BANSHI__V1__PICKUP_METHOD__PICKUP_METHOD_EXPRESS) {
		*field = "pickup.method";
		snprintf(why, whylen, "choose self pickup or express");
		return (-1);
	}
	if (p->method == BANSHI__V1__PICKUP_METHOD__PICKUP_METHOD_EXPRESS) {
		*field = p->recipient[0] == '\0' ? "pickup.recipient" :
		    p->phone[0] == '\0' ? "pickup.phone" :
		    p->address[0] == '\0' ? "pickup.address" : NULL;
		if (*field != NULL) {
			snprintf(why, whylen, "express delivery needs the "
			    "recipient, a phone number and an address");
			return (-1);
		}
	}
	return (0);
}

/* The value given for a field, or "" when there is none. */
static const char *
form_value(const Banshi__V1__Draft *d, const char *name)
{
	size_t	i;

	for (i = 0; i < d->n_fields; i++)
		if (strcmp(d->fields[i]->name, name) == 0)
			return (d->fields[i]->value);
	return ("");
}

int
form_check_fields(const Banshi__V1__Item *it, const Banshi__V1__Draft *d,
    int complete, int today, int (*region_level)(const char *),
    char *field, size_t fieldlen, char *why, size_t whylen)
{
	const Banshi__V1__FormField	*f;
	const char			*v;
	size_t				 i, j;

	/* Every value names a field of the form, once. */
	for (i = 0; i < d->n_fields; i++) {
		for (j = 0; j < i; j++)
			if (strcmp(d->fields[j]->name, d->fields[i]->name) ==
			    0) {
				snprintf(field, fieldlen, "fields.%s",
				    d->fields[i]->name);
				snprintf(why, whylen, "given twice");
				return (-1);
			}
		for (j = 0; j < it->n_form; j++)
			if (strcmp(it->form[j]->name, d->fields[i]->name) == 0)
				break;
		if (j == it->n_form) {
			snprintf(field, fieldlen, "fields");
			snprintf(why, whylen, "the form has no field '%s'",
			    d->fields[i]->name);
			return (-1);
		}
	}
	for (i = 0; i < it->n_form; i++) {
		f = it->form[i];
		v = form_value(d, f->name);
		snprintf(field, fieldlen, "fields.%s", f->name);
		if (*v == '\0') {
			if (complete && f->required) {
				snprintf(why, whylen, "%s is required",
				    f->label);
				return (-1);
			}
			continue;
		}
		if (form_check_value(f, v, today, region_level, why, whylen) ==
		    -1)
			return (-1);
	}
	return (0);
}

int
form_check_materials(const Banshi__V1__Item *it, const Banshi__V1__Draft *d,
    char *field, size_t fieldlen, char *why, size_t whylen)
{
	const Banshi__V1__Material	*m;
	size_t				 i, j;

	for (i = 0; i < it->guide->n_materials; i++) {
		m = it->guide->materials[i];
		for (j = 0; j < d->n_materials; j++)
			if (d->materials[j]->slot == (int32_t)i)
				break;
		if (j < d->n_materials || !m->required)
			continue;
		/* 容缺受理: a secondary material may follow later. */
		if (!m->main && it->guide->missing_allowed &&
		    d->missing_commitment)
			continue;
		snprintf(field, fieldlen, "materials.%zu", i);
		snprintf(why, whylen, "%s is required%s", m->name,
		    !m->main && it->guide->missing_allowed ?
		    " (or the applicant's commitment to bring it later)" : "");
		return (-1);
	}
	return (0);
}

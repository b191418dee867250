/*
 * The application form as rows: the applicant (person or enterprise), the
 * item's own fields from the catalogue, the pickup and the 容缺 commitment;
 * loading them from a draft, and building the SaveDraft that stores them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ids.h"
#include "text.h"
#include "tui.h"
#include "xmalloc.h"

#define FT(t)		BANSHI__V1__FIELD_TYPE__FIELD_TYPE_##t
#define KIND(k)		BANSHI__V1__APPLICANT_KIND__APPLICANT_KIND_##k
#define PICKUP(p)	BANSHI__V1__PICKUP_METHOD__PICKUP_METHOD_##p
#define nitems(a)	(sizeof (a) / sizeof (a)[0])

#define FORM_TEXT_MAX		200	/* the server's defaults */
#define FORM_ADDRESS_MAX	100

/* The applicant's rows: what they edit, for whom, how, and their label. */
static const struct form_spec {
	enum form_target	 target;
	int			 only;
	enum form_kind		 kind;
	int			 type;
	const char		*label;
	const char		*srv;
	int			 required;
	size_t			 max;
} form_applicant_rows[] = {
	{ FORM_ID, FORM_PERSON, FORM_TEXT, FT(ID_NUMBER), N_("ID number"),
	    "applicant.id_number", 1, 18 },
	{ FORM_NAME, FORM_PERSON, FORM_TEXT, FT(TEXT), N_("Name"),
	    "applicant.name", 1, 40 },
	{ FORM_SEX, FORM_PERSON, FORM_CHOICE, FT(CHOICE), N_("Sex"),
	    "applicant.sex", 0, 0 },
	{ FORM_BIRTH, FORM_PERSON, FORM_TEXT, FT(DATE), N_("Date of birth"),
	    "applicant.birth_date", 0, 10 },
	{ FORM_HOUSEHOLD, FORM_PERSON, FORM_TEXT, FT(ADDRESS),
	    N_("Household registration"), "applicant.household_address", 0,
	    100 },
	{ FORM_HTYPE, FORM_PERSON, FORM_CHOICE, FT(CHOICE),
	    N_("Household type"), "applicant.household_type", 0, 0 },
	{ FORM_PHONE, FORM_PERSON, FORM_TEXT, FT(PHONE), N_("Contact phone"),
	    "applicant.phone", 0, 13 },
	{ FORM_ID, FORM_ENTERPRISE, FORM_TEXT, FT(CREDIT_CODE),
	    N_("Unified social credit code"), "applicant.id_number", 1, 18 },
	{ FORM_NAME, FORM_ENTERPRISE, FORM_TEXT, FT(TEXT),
	    N_("Enterprise name"), "applicant.name", 1, 100 },
	{ FORM_LEGAL, FORM_ENTERPRISE, FORM_TEXT, FT(TEXT),
	    N_("Legal representative"), "applicant.legal_rep", 0, 40 },
	{ FORM_ADDRESS, FORM_ENTERPRISE, FORM_TEXT, FT(ADDRESS),
	    N_("Address"), "applicant.address", 0, 100 },
	{ FORM_PHONE, FORM_ENTERPRISE, FORM_TEXT, FT(PHONE), N_("Contact phone"),
	    "applicant.phone", 0, 13 },
};

/* The pickup's rows after the method. */
static const struct form_spec form_pickup_rows[] = {
	{ FORM_RECIPIENT, FORM_EXPRESS, FORM_TEXT, FT(TEXT), N_("Recipient"),
	    "pickup.recipient", 1, 40 },
	{ FORM_PPHONE, FORM_EXPRESS, FORM_TEXT, FT(PHONE),
	    N_("Contact phone"),
	    "pickup.phone", 1, 13 },
	{ FORM_PADDRESS, FORM_EXPRESS, FORM_TEXT, FT(ADDRESS),
	    N_("Mailing address"), "pickup.address", 1, 100 },
};

/* Values as the registries write them (data, not interface text). */
static const char *const form_sexes[] = { "男", "女" };
static const char *const form_htypes[] = { "农业", "非农业" };
static const char *const form_kinds[] = { N_("Person"), N_("Enterprise") };
static const char *const form_pickups[] = {
	N_("Self pickup"), N_("Express delivery")
};

/*
 * The item's fields that repeat the applicant, by name: 读取 fills them
 * from the registry when they are empty.
 */
static const struct {
	const char		*name;
	enum form_target	 target;
} form_mirrors[] = {
	{ "applicant", FORM_NAME },
	{ "name", FORM_NAME },
	{ "id_number", FORM_ID },
	{ "credit_code", FORM_ID },
	{ "sex", FORM_SEX },
	{ "birth_date", FORM_BIRTH },
	{ "domicile", FORM_HOUSEHOLD },
	{ "household_address", FORM_HOUSEHOLD },
	{ "hukou_type", FORM_HTYPE },
	{ "household_type", FORM_HTYPE },
	{ "legal_rep", FORM_LEGAL },
	{ "phone", FORM_PHONE },
	{ "contact_phone", FORM_PHONE },
};

static struct form_row *
form_add(struct form *f, enum form_kind kind, enum form_target target,
    const char *label)
{
	struct form_row	*r;

	f->rows = xreallocarray(f->rows, f->n + 1, sizeof *f->rows);
	r = &f->rows[f->n++];
	memset(r, 0, sizeof *r);
	r->kind = kind;
	r->target = target;
	r->label = xstrdup(label != NULL ? label : "");
	r->choice = -1;
	return (r);
}

/* Give a choice row its values; shown are translated when xlate is set. */
static void
form_choices(struct form_row *r, const char *const *v, size_t n, int xlate)
{
	size_t	i;

	r->choices = xcalloc(n + 1, sizeof *r->choices);
	r->shown = xcalloc(n + 1, sizeof *r->shown);
	for (i = 0; i < n; i++) {
		r->choices[i] = xstrdup(v[i] != NULL ? v[i] : "");
		r->shown[i] = xlate ? xstrdup(_(v[i])) : catalog_safe(v[i]);
	}
	r->nchoices = n;
}

static void
form_add_spec(struct form *f, const struct form_spec *sp)
{
	struct form_row	*r;

	r = form_add(f, sp->kind, sp->target, _(sp->label));
	r->only = sp->only;
	r->type = sp->type;
	r->srv = xstrdup(sp->srv);
	r->required = sp->required;
	if (sp->kind == FORM_TEXT)
		field_init(&r->f, NULL, sp->max, 0);
	else if (sp->target == FORM_SEX)
		form_choices(r, form_sexes, nitems(form_sexes), 0);
	else if (sp->target == FORM_HTYPE)
		form_choices(r, form_htypes, nitems(form_htypes), 0);
}

/* The most characters a text field of the catalogue takes. */
static size_t
form_field_max(const Banshi__V1__FormField *ff)
{
	switch (ff->type) {
	case FT(ID_NUMBER):
	case FT(CREDIT_CODE):
		return (18);
	case FT(PHONE):
		return (13);
	case FT(DATE):
		return (10);
	case FT(NUMBER):
		return (20);
	case FT(ADDRESS):
		return (ff->has_max && ff->max > 0 ? (size_t)ff->max :
		    FORM_ADDRESS_MAX);
	default:
		break;
	}
	return (ff->has_max && ff->max > 0 ? (size_t)ff->max : FORM_TEXT_MAX);
}

static void
form_add_field(struct form *f, const Banshi__V1__FormField *ff, int index)
{
	struct form_row	*r;
	char		*label;
	enum form_kind	 kind = FORM_TEXT;

	if (ff->type == FT(CHOICE))
		kind = FORM_CHOICE;
	else if (ff->type == FT(REGION))
		kind = FORM_REGION;
	label = catalog_safe(ff->label);
	r = form_add(f, kind, FORM_FIELD, label);
	free(label);
	r->index = index;
	r->type = (int)ff->type;
	r->required = ff->required;
	xasprintf(&r->srv, "fields.%s", ff->name != NULL ? ff->name : "");
	r->depth = (int)ff->depth;
	if (kind == FORM_TEXT)
		field_init(&r->f, NULL, form_field_max(ff), 0);
	else if (kind == FORM_CHOICE)
		form_choices(r, (const char *const *)ff->choices,
		    ff->n_choices, 0);
}

/* The rows for an item: applicant, its form, pickup, commitment. */
void
form_build(struct form *f, const Banshi__V1__Item *it)
{
	const Banshi__V1__ItemSummary	*sum = it->summary;
	struct form_row			*r;
	size_t				 i;
	int				 person = 0, ent = 0;

	memset(f, 0, sizeof *f);
	for (i = 0; sum != NULL && i < sum->n_audience; i++) {
		person |= sum->audience[i] ==
		    BANSHI__V1__AUDIENCE__AUDIENCE_PERSON;
		ent |= sum->audience[i] ==
		    BANSHI__V1__AUDIENCE__AUDIENCE_ENTERPRISE;
	}
	f->person = person || !ent;
	form_add(f, FORM_HEAD, FORM_NONE, _("Applicant"));
	if (person && ent) {
		r = form_add(f, FORM_CHOICE, FORM_KIND, _("Applicant is a"));
		form_choices(r, form_kinds, nitems(form_kinds), 1);
		r->type = FT(CHOICE);
		r->required = 1;
		r->srv = xstrdup("applicant.kind");
	}
	for (i = 0; i < nitems(form_applicant_rows); i++)
		form_add_spec(f, &form_applicant_rows[i]);
	form_add(f, FORM_HEAD, FORM_NONE, _("Application form"));
	for (i = 0; i < it->n_form; i++)
		form_add_field(f, it->form[i], (int)i);
	form_add(f, FORM_HEAD, FORM_NONE, _("Pickup"));
	r = form_add(f, FORM_CHOICE, FORM_PICKUP, _("Method"));
	form_choices(r, form_pickups, nitems(form_pickups), 1);
	r->type = FT(CHOICE);
	r->required = 1;
	r->choice = 0;
	r->srv = xstrdup("pickup.method");
	form_add(f, FORM_NOTE, FORM_NONE, _("Postage is paid by the city"))->
	    only = FORM_EXPRESS;
	for (i = 0; i < nitems(form_pickup_rows); i++)
		form_add_spec(f, &form_pickup_rows[i]);
	if (it->guide != NULL && it->guide->missing_allowed) {
		form_add(f, FORM_HEAD, FORM_NONE, _("Missing materials"));
		r = form_add(f, FORM_TICK, FORM_COMMIT, _("The applicant "
		    "commits to hand in missing secondary materials later"));
		r->srv = xstrdup("missing_commitment");
	}
}

void
form_free(struct form *f)
{
	struct form_row	*r;
	size_t		 i, j;

	for (i = 0; i < f->n; i++) {
		r = &f->rows[i];
		field_free(&r->f);
		for (j = 0; j < r->nchoices; j++) {
			free(r->choices[j]);
			free(r->shown[j]);
		}
		free(r->choices);
		free(r->shown);
		free(r->label);
		free(r->srv);
		free(r->other);
		free(r->code);
		free(r->path);
		free(r->error);
	}
	free(f->rows);
	memset(f, 0, sizeof *f);
}

/* Whether a row is shown for the applicant kind and pickup chosen. */
int
form_visible(const struct form *f, const struct form_row *r)
{
	if ((r->only & FORM_PERSON) && !f->person)
		return (0);
	if ((r->only & FORM_ENTERPRISE) && f->person)
		return (0);
	if ((r->only & FORM_EXPRESS) && !f->express)
		return (0);
	return (1);
}

/* Whether the focus may rest on a row. */
int
form_focusable(const struct form *f, const struct form_row *r)
{
	return (r->kind != FORM_HEAD && r->kind != FORM_NOTE &&
	    form_visible(f, r));
}

/* A row's value as the server takes it, newly allocated. */
char *
form_row_value(const struct form_row *r)
{
	switch (r->kind) {
	case FORM_TEXT:
		return (field_text(&r->f));
	case FORM_CHOICE:
		if (r->choice >= 0 && (size_t)r->choice < r->nchoices)
			return (xstrdup(r->choices[r->choice]));
		return (xstrdup(r->other != NULL ? r->other : ""));
	case FORM_REGION:
		return (xstrdup(r->code != NULL ? r->code : ""));
	case FORM_TICK:
		return (xstrdup(r->tick ? "1" : ""));
	default:
		return (xstrdup(""));
	}
}

/* Set a row's value from the server's form of it. */
void
form_row_set(struct form_row *r, const char *v)
{
	size_t	i;

	if (v == NULL)
		v = "";
	switch (r->kind) {
	case FORM_TEXT:
		field_set(&r->f, v);
		r->f.pos = 0;
		break;
	case FORM_CHOICE:
		free(r->other);
		r->other = NULL;
		r->choice = -1;
		for (i = 0; i < r->nchoices; i++) {
			if (strcmp(r->choices[i], v) == 0)
				r->choice = (int)i;
		}
		if (r->choice == -1 && *v != '\0')
			r->other = xstrdup(v);
		break;
	case FORM_REGION:
		free(r->code);
		free(r->path);
		r->code = *v != '\0' ? xstrdup(v) : NULL;
		r->path = r->code != NULL ? region_path(r->code) : NULL;
		break;
	case FORM_TICK:
		r->tick = *v != '\0';
		break;
	default:
		break;
	}
}

/* Mark a row with an error (NULL clears it). */
void
form_row_error(struct form_row *r, const char *msg)
{
	free(r->error);
	r->error = msg != NULL ? xstrdup(msg) : NULL;
}

/* The applicant's value for a target. */
static const char *
form_applicant_value(const Banshi__V1__Applicant *a, enum form_target t)
{
	switch (t) {
	case FORM_ID:
		return (a->id_number);
	case FORM_NAME:
		return (a->name);
	case FORM_SEX:
		return (a->sex);
	case FORM_BIRTH:
		return (a->birth_date);
	case FORM_HOUSEHOLD:
		return (a->household_address);
	case FORM_HTYPE:
		return (a->household_type);
	case FORM_LEGAL:
		return (a->legal_rep);
	case FORM_ADDRESS:
		return (a->address);
	case FORM_PHONE:
		return (a->phone);
	default:
		return ("");
	}
}

/* Fill the applicant's rows (of its kind) from a. */
void
form_load_applicant(struct form *f, const Banshi__V1__Applicant *a)
{
	struct form_row	*r;
	size_t		 i;

	f->person = a->kind != KIND(ENTERPRISE);
	for (i = 0; i < f->n; i++) {
		r = &f->rows[i];
		if (r->target == FORM_KIND)
			r->choice = f->person ? 0 : 1;
		else if (r->target >= FORM_ID && r->target <= FORM_PHONE &&
		    form_visible(f, r)) {
			form_row_set(r, form_applicant_value(a, r->target));
			form_row_error(r, NULL);
			r->bad = r->dirty = 0;
		}
	}
}

/* The value a draft holds for a field of the item's form. */
static const char *
form_draft_field(const Banshi__V1__Draft *d, const char *name)
{
	size_t	i;

	for (i = 0; i < d->n_fields; i++) {
		if (strcmp(d->fields[i]->name, name) == 0)
			return (d->fields[i]->value);
	}
	return ("");
}

/* Every row from a draft, forgetting errors and unsaved changes. */
void
form_load(struct form *f, const Banshi__V1__Draft *d)
{
	static const Banshi__V1__Applicant	 no_app =
						    BANSHI__V1__APPLICANT__INIT;
	static const Banshi__V1__Pickup		 no_pickup =
						    BANSHI__V1__PICKUP__INIT;
	const Banshi__V1__Pickup		*p;
	struct form_row				*r;
	size_t					 i;

	p = d->pickup != NULL ? d->pickup : &no_pickup;
	f->express = p->method == PICKUP(EXPRESS);
	form_load_applicant(f, d->applicant != NULL ? d->applicant : &no_app);
	for (i = 0; i < f->n; i++) {
		r = &f->rows[i];
		form_row_error(r, NULL);
		r->bad = r->dirty = 0;
		switch (r->target) {
		case FORM_FIELD:
			form_row_set(r, form_draft_field(d, r->srv +
			    strlen("fields.")));
			break;
		case FORM_PICKUP:
			r->choice = f->express ? 1 : 0;
			break;
		case FORM_RECIPIENT:
			form_row_set(r, p->recipient);
			break;
		case FORM_PPHONE:
			form_row_set(r, p->phone);
			break;
		case FORM_PADDRESS:
			form_row_set(r, p->address);
			break;
		case FORM_COMMIT:
			r->tick = d->missing_commitment;
			break;
		default:
			break;
		}
	}
}

/* The row shown for a target (the applicant's of the kind chosen). */
struct form_row *
form_target(struct form *f, enum form_target t)
{
	size_t	i;

	for (i = 0; i < f->n; i++) {
		if (f->rows[i].target == t && form_visible(f, &f->rows[i]))
			return (&f->rows[i]);
	}
	return (NULL);
}

/* Which applicant row a field of the item's form repeats, if any. */
static enum form_target
form_mirror(const struct form *f, const Banshi__V1__FormField *ff)
{
	size_t	i;

	if (ff->type == FT(ID_NUMBER))
		return (f->person ? FORM_ID : FORM_NONE);
	if (ff->type == FT(CREDIT_CODE))
		return (f->person ? FORM_NONE : FORM_ID);
	for (i = 0; i < nitems(form_mirrors); i++) {
		if (strcmp(form_mirrors[i].name, ff->name) == 0)
			return (form_mirrors[i].target);
	}
	return (FORM_NONE);
}

/*
 * Whether a row's value passes the checks the client shares with the
 * server (ID numbers and credit codes); others are the server's to judge.
 */
int
form_row_plausible(const struct form_row *r)
{
	char	*v;
	int	 ok = 1;

	if (r->kind != FORM_TEXT ||
	    (r->type != FT(ID_NUMBER) && r->type != FT(CREDIT_CODE)))
		return (1);
	v = field_text(&r->f);
	if (*v != '\0')
		ok = (r->type == FT(ID_NUMBER) ? id_check_person(v,
		    filing_today()) : id_check_credit_code(v)) == ID_OK;
	free(v);
	return (ok);
}

/*
 * Fill the empty fields of the item's form that repeat the applicant with
 * the applicant's values (a number only when it checks out); returns how
 * many were filled (marked dirty).
 */
int
form_prefill(struct form *f, const Banshi__V1__Item *it)
{
	struct form_row		*r, *from;
	enum form_target	 t;
	char			*v, *have;
	size_t			 i;
	int			 n = 0;

	for (i = 0; i < f->n; i++) {
		r = &f->rows[i];
		if (r->target != FORM_FIELD || (size_t)r->index >= it->n_form ||
		    (t = form_mirror(f, it->form[r->index])) == FORM_NONE ||
		    (from = form_target(f, t)) == NULL || from->bad ||
		    !form_row_plausible(from))
			continue;
		have = form_row_value(r);
		v = form_row_value(from);
		if (*have == '\0' && *v != '\0') {
			form_row_set(r, v);
			/* A value the choices do not hold stays empty. */
			if (r->kind != FORM_CHOICE || r->choice >= 0) {
				r->dirty = 1;
				n++;
			} else
				form_row_set(r, "");
		}
		free(have);
		free(v);
	}
	return (n);
}

/* The row the server means by a field name, or NULL. */
struct form_row *
form_find(struct form *f, const char *srv)
{
	size_t	i;

	if (srv == NULL)
		return (NULL);
	if (strcmp(srv, "id_number") == 0)
		srv = "applicant.id_number";
	for (i = 0; i < f->n; i++) {
		if (f->rows[i].srv != NULL && strcmp(f->rows[i].srv, srv) ==
		    0 && form_visible(f, &f->rows[i]))
			return (&f->rows[i]);
	}
	for (i = 0; i < f->n; i++) {
		if (f->rows[i].srv != NULL && strcmp(f->rows[i].srv, srv) == 0)
			return (&f->rows[i]);
	}
	return (NULL);
}

/* A row's value for a save: "" while the server refuses it. */
static char *
form_msg_value(struct form_msg *m, const struct form_row *r)
{
	char	*v;

	v = r != NULL && !r->bad ? form_row_value(r) : xstrdup("");
	m->own = xreallocarray(m->own, m->nown + 1, sizeof *m->own);
	m->own[m->nown++] = v;
	return (v);
}

/*
 * A SaveDraft of everything the form holds (draft id and version are the
 * caller's): the applicant of the kind chosen, the item's fields that have
 * a value, the pickup and the commitment.
 */
void
form_msg_build(struct form *f, struct form_msg *m)
{
	struct form_row	*r;
	size_t		 i, n = 0;
	char		*v;

	memset(m, 0, sizeof *m);
	banshi__v1__save_draft__init(&m->sd);
	banshi__v1__applicant__init(&m->ap);
	banshi__v1__pickup__init(&m->pk);
	m->ap.kind = f->person ? KIND(PERSON) : KIND(ENTERPRISE);
	m->ap.id_number = form_msg_value(m, form_target(f, FORM_ID));
	m->ap.name = form_msg_value(m, form_target(f, FORM_NAME));
	m->ap.sex = form_msg_value(m, form_target(f, FORM_SEX));
	m->ap.birth_date = form_msg_value(m, form_target(f, FORM_BIRTH));
	m->ap.household_address = form_msg_value(m, form_target(f,
	    FORM_HOUSEHOLD));
	m->ap.household_type = form_msg_value(m, form_target(f, FORM_HTYPE));
	m->ap.legal_rep = form_msg_value(m, form_target(f, FORM_LEGAL));
	m->ap.address = form_msg_value(m, form_target(f, FORM_ADDRESS));
	m->ap.phone = form_msg_value(m, form_target(f, FORM_PHONE));
	m->pk.method = f->express ? PICKUP(EXPRESS) : PICKUP(SELF);
	m->pk.recipient = form_msg_value(m, form_find(f, "pickup.recipient"));
	m->pk.phone = form_msg_value(m, form_find(f, "pickup.phone"));
	m->pk.address = form_msg_value(m, form_find(f, "pickup.address"));
	m->fv = xcalloc(f->n + 1, sizeof *m->fv);
	m->fvp = xcalloc(f->n + 1, sizeof *m->fvp);
	for (i = 0; i < f->n; i++) {
		r = &f->rows[i];
		if (r->kind == FORM_TICK)
			m->sd.missing_commitment = r->tick;
		if (r->target != FORM_FIELD)
			continue;
		v = form_msg_value(m, r);
		if (*v == '\0')
			continue;
		banshi__v1__field_value__init(&m->fv[n]);
		m->fv[n].name = r->srv + strlen("fields.");
		m->fv[n].value = v;
		m->fvp[n] = &m->fv[n];
		n++;
	}
	m->sd.applicant = &m->ap;
	m->sd.pickup = &m->pk;
	m->sd.fields = m->fvp;
	m->sd.n_fields = n;
}

void
form_msg_free(struct form_msg *m)
{
	size_t	i;

	for (i = 0; i < m->nown; i++)
		free(m->own[i]);
	free(m->own);
	free(m->fv);
	free(m->fvp);
	memset(m, 0, sizeof *m);
}

/* Why the server refused a row's value, in words, into buf. */
void
form_explain(const struct form *f, const struct form_row *r,
    const Banshi__V1__Item *it, char *buf, size_t len)
{
	const Banshi__V1__FormField	*ff = NULL;
	char				*v;

	if (r->target == FORM_FIELD && it != NULL &&
	    (size_t)r->index < it->n_form)
		ff = it->form[r->index];
	v = form_row_value(r);
	if (*v == '\0' && r->kind == FORM_REGION)
		snprintf(buf, len, _("Required: choose the region down to the "
		    "%s"), filing_level_text(r->depth));
	else if (*v == '\0' && r->kind == FORM_CHOICE)
		snprintf(buf, len, "%s", _("Required: choose a value"));
	else if (*v == '\0' && (r->target == FORM_RECIPIENT ||
	    r->target == FORM_PPHONE || r->target == FORM_PADDRESS))
		snprintf(buf, len, "%s", _("Required for express delivery"));
	else if (*v == '\0')
		snprintf(buf, len, "%s", _("Required: fill this in"));
	else
		filing_value_reason(buf, len, r->type, ff, v);
	free(v);
}

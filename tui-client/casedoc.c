/*
 * The parts of a case shown as a document, shared by the filer's read-only
 * view (我的申报) and the staff case screen: the applicant, the form's
 * values labelled from the item, the pickup and the history.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"
#include "tui.h"
#include "xmalloc.h"

#define CASEDOC_INDENT	2
#define CASEDOC_NHIST	5

void
case_doc_applicant(struct doc *d, const Banshi__V1__Applicant *a)
{
	static const char *const person[] = {
		N_("ID number"), N_("Name"), N_("Sex"), N_("Date of birth"),
		N_("Household registration"), N_("Household type"),
		N_("Contact phone"), N_("Source"),
	};
	static const char *const ent[] = {
		N_("Unified social credit code"), N_("Enterprise name"),
		N_("Legal representative"), N_("Address"), N_("Contact phone"),
		N_("Source"),
	};
	const char	*source;
	int		 lw;

	doc_heading(d, _("Applicant"));
	if (a == NULL)
		return;
	source = !a->from_registry ? _("Typed in at the counter") :
	    a->kind == BANSHI__V1__APPLICANT_KIND__APPLICANT_KIND_ENTERPRISE ?
	    _("Read from the enterprise registry") :
	    _("Read from the population registry");
	if (a->kind == BANSHI__V1__APPLICANT_KIND__APPLICANT_KIND_ENTERPRISE) {
		lw = ui_label_width(ent, 6);
		doc_row(d, CASEDOC_INDENT, lw, _(ent[0]), a->id_number);
		doc_row(d, CASEDOC_INDENT, lw, _(ent[1]), a->name);
		doc_row(d, CASEDOC_INDENT, lw, _(ent[2]), a->legal_rep);
		doc_row(d, CASEDOC_INDENT, lw, _(ent[3]), a->address);
		doc_row(d, CASEDOC_INDENT, lw, _(ent[4]), a->phone);
		doc_row(d, CASEDOC_INDENT, lw, _(ent[5]), source);
		return;
	}
	lw = ui_label_width(person, 8);
	doc_row(d, CASEDOC_INDENT, lw, _(person[0]), a->id_number);
	doc_row(d, CASEDOC_INDENT, lw, _(person[1]), a->name);
	doc_row(d, CASEDOC_INDENT, lw, _(person[2]), a->sex);
	doc_row(d, CASEDOC_INDENT, lw, _(person[3]), a->birth_date);
	doc_row(d, CASEDOC_INDENT, lw, _(person[4]), a->household_address);
	doc_row(d, CASEDOC_INDENT, lw, _(person[5]), a->household_type);
	doc_row(d, CASEDOC_INDENT, lw, _(person[6]), a->phone);
	doc_row(d, CASEDOC_INDENT, lw, _(person[7]), source);
}

/* The value of a field as shown: a region by its names when known. */
static char *
casedoc_value(const Banshi__V1__FormField *ff, const char *v)
{
	char	*path;

	if (ff != NULL && ff->type == BANSHI__V1__FIELD_TYPE__FIELD_TYPE_REGION
	    && (path = region_path(v)) != NULL)
		return (path);
	return (xstrdup(v));
}

/* 申请表: the item's fields in its order (by name when not known). */
void
case_doc_fields(struct doc *d, const Banshi__V1__Item *item,
    const Banshi__V1__Case *c)
{
	const Banshi__V1__FormField	*ff;
	char				**labels, *value;
	size_t				  i, n = c->n_fields;
	int				  lw = 4, w;

	doc_heading(d, _("Application form"));
	if (n == 0) {
		doc_text(d, CASEDOC_INDENT, "", A_NORMAL);
		return;
	}
	labels = xcalloc(n, sizeof *labels);
	for (i = 0; i < n; i++) {
		ff = region_item_field(item, c->fields[i]->name);
		labels[i] = catalog_safe(ff != NULL ? ff->label :
		    c->fields[i]->name);
		if ((w = (int)text_width(labels[i])) > lw)
			lw = w;
	}
	if (lw > d->width / 3)
		lw = d->width / 3;
	for (i = 0; i < n; i++) {
		ff = region_item_field(item, c->fields[i]->name);
		value = casedoc_value(ff, c->fields[i]->value);
		doc_row(d, CASEDOC_INDENT, lw, labels[i], value);
		free(value);
		free(labels[i]);
	}
	free(labels);
}

void
case_doc_pickup(struct doc *d, const Banshi__V1__Case *c)
{
	static const char *const labels[] = {
		N_("Method"), N_("Recipient"), N_("Contact phone"),
		N_("Mailing address"),
	};
	const Banshi__V1__Pickup	*p = c->pickup;
	int				 lw = ui_label_width(labels, 4);
	int				 express;

	doc_heading(d, _("Pickup"));
	express = p != NULL &&
	    p->method == BANSHI__V1__PICKUP_METHOD__PICKUP_METHOD_EXPRESS;
	doc_row(d, CASEDOC_INDENT, lw, _("Method"), express ?
	    _("Express delivery") : _("Self pickup"));
	if (express) {
		doc_row(d, CASEDOC_INDENT, lw, _("Recipient"), p->recipient);
		doc_row(d, CASEDOC_INDENT, lw, _("Contact phone"), p->phone);
		doc_row(d, CASEDOC_INDENT, lw, _("Mailing address"), p->address);
		doc_text(d, CASEDOC_INDENT, _("Postage is paid by the city"),
		    ui_attr(UI_ATTR_DIM));
	}
	if (c->missing_commitment)
		doc_text(d, CASEDOC_INDENT, _("The applicant committed to hand in "
		    "missing secondary materials later"), A_NORMAL);
}

/* 办理过程: when, post, who, what, opinion. */
void
case_doc_history(struct doc *d, const struct hist *h)
{
	const Banshi__V1__CaseEvent	*e;
	const char			*heads[CASEDOC_NHIST], *t;
	char				**cells, when[32];
	size_t				 i, k;

	doc_heading(d, _("History"));
	if (h->n == 0) {
		doc_text(d, CASEDOC_INDENT, h->failed ?
		    _("The history cannot be read now") : !h->done ?
		    _("Reading the history...") : "", ui_attr(UI_ATTR_DIM));
		return;
	}
	heads[0] = _("Time");
	heads[1] = _("Post");
	heads[2] = _("By");
	heads[3] = _("Action");
	heads[4] = _("Opinion");
	cells = xcalloc(h->n * CASEDOC_NHIST, sizeof *cells);
	for (i = 0; i < h->n; i++) {
		e = h->ev[i];
		k = i * CASEDOC_NHIST;
		filing_time(when, sizeof when, e->at);
		cells[k] = xstrdup(when);
		cells[k + 1] = (t = filing_post_text(e->post)) != NULL ?
		    xstrdup(t) : catalog_safe(e->post);
		cells[k + 2] = catalog_safe(e->actor);
		cells[k + 3] = (t = filing_action_text(e->action)) != NULL ?
		    xstrdup(t) : catalog_safe(e->action);
		cells[k + 4] = catalog_safe(e->opinion);
	}
	doc_table(d, CASEDOC_INDENT, CASEDOC_NHIST, heads, cells, h->n);
	if (!h->done)
		doc_text(d, CASEDOC_INDENT, _("Reading the history..."),
		    ui_attr(UI_ATTR_DIM));
	for (i = 0; i < h->n * CASEDOC_NHIST; i++)
		free(cells[i]);
	free(cells);
}

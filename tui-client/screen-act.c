/*
 * The action dialogs of the case screen (办件): one per action of the
 * manual's steps and the special operations.  Each names where the case
 * goes next, offers a default opinion, asks for what the action needs
 * (materials or conditions to tick, a certificate or waybill number, days),
 * confirms, and sends the request on the version the clerk was shown.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"
#include "tui.h"
#include "xmalloc.h"

#define K(k)		BANSHI__V1__CASE_ACTION_KIND__CASE_ACTION_##k
#define B(b)		BANSHI__V1__CLIENT_MESSAGE__BODY_##b
#define STEP(s)		BANSHI__V1__STEP__STEP_##s
#define POST(p)		BANSHI__V1__POST__POST_##p
#define CODE(c)		BANSHI__V1__STATUS_CODE__STATUS_##c
#define nitems(a)	(sizeof (a) / sizeof (a)[0])

#define ACT_W		84	/* the dialog's width, at most */
#define ACT_NUMBER_MAX	40	/* certificate and waybill numbers */
#define ACT_FLOW_MAX	12

static const struct act_def act_defs[] = {
	{ K(ACCEPT), B(ACCEPT_CASE), STEP(ACCEPT), N_("Accept"),
	    N_("Acceptance opinion"), N_("The materials are complete and meet "
	    "the conditions for acceptance; accepted."), N_("The applicant is "
	    "told by SMS; the time limit starts."), N_("The case was "
	    "accepted"), ACT_TO_NEXT, 0 },
	{ K(SUPPLEMENT), B(ACCEPT_CASE), STEP(ACCEPT), N_("Supplement"),
	    N_("Reason for supplements"), NULL, N_("Tick the materials the "
	    "applicant must hand in again; the applicant is told by SMS."),
	    N_("The case was sent back for supplements"), ACT_TO_COUNTER,
	    ACT_REASON | ACT_MATERIALS },
	{ K(REFUSE), B(ACCEPT_CASE), STEP(ACCEPT), N_("Refuse"),
	    N_("Reason for refusal"), NULL, N_("The case ends as not "
	    "accepted; the applicant is told by SMS."), N_("The case was not "
	    "accepted"), ACT_TO_END, ACT_REASON },
	{ K(PASS), B(REVIEW_CASE), STEP(REVIEW), N_("Pass review"),
	    N_("Review opinion"), N_("Reviewed: the materials are true and "
	    "meet the conditions; passed."), NULL, N_("The review passed"),
	    ACT_TO_NEXT, 0 },
	{ K(FAIL), B(REVIEW_CASE), STEP(REVIEW), N_("Fail review"),
	    N_("Review opinion"), NULL, NULL, N_("The review failed"),
	    ACT_TO_BACK, ACT_REASON },
	{ K(APPROVE), B(APPROVE_CASE), STEP(APPROVE), N_("Approve"),
	    N_("Approval opinion"), N_("Meets the legal conditions; "
	    "permission granted."), N_("The applicant is told by SMS; a "
	    "decision granting permission is issued."), N_("The case was "
	    "approved"), ACT_TO_NEXT, 0 },
	{ K(DENY), B(APPROVE_CASE), STEP(APPROVE), N_("Deny"),
	    N_("Reason for denial"), NULL, N_("The case ends as not approved; "
	    "the applicant is told by SMS, with the right to apply for "
	    "administrative review or to sue."), N_("The case was denied"),
	    ACT_TO_END, ACT_REASON },
	{ K(WAIT_PICKUP), B(ISSUE_CASE), STEP(ISSUE), N_("Wait for pickup"),
	    N_("Issuing opinion"), N_("The certificate is ready; waiting for "
	    "the applicant to collect it."), N_("Self pickup: the clock is "
	    "paused until the applicant comes; the applicant is told by "
	    "SMS."), N_("The applicant was told to collect the certificate; "
	    "the clock is paused"), ACT_TO_STAY, 0 },
	{ K(PICKUP_ARRIVED), B(ISSUE_CASE), STEP(ISSUE), N_("Applicant here"),
	    N_("Issuing opinion"), N_("The applicant has come to collect the "
	    "certificate."), N_("The clock runs again; then issue the "
	    "certificate."), N_("The applicant has arrived; the clock runs "
	    "again"), ACT_TO_STAY, 0 },
	{ K(ISSUE), B(ISSUE_CASE), STEP(ISSUE), N_("Issue"),
	    N_("Issuing opinion"), N_("The certificate was handed to the "
	    "applicant."), N_("Record the certificate number; then close the "
	    "case."), N_("The certificate was issued"), ACT_TO_STAY,
	    ACT_CERT },
	{ K(SHIP), B(ISSUE_CASE), STEP(ISSUE), N_("Ship"),
	    N_("Issuing opinion"), N_("The certificate was sent by express to "
	    "the applicant's address."), N_("Express: record the waybill "
	    "number, the applicant is told by SMS; then close the case.  The "
	    "city pays the postage."), N_("The certificate was shipped"),
	    ACT_TO_STAY, ACT_WAYBILL },
	{ K(CLOSE), B(ISSUE_CASE), STEP(ISSUE), N_("Close the case"),
	    N_("Issuing opinion"), N_("The certificate was issued; the case "
	    "is closed."), N_("The applicant is told by SMS."), N_("The case "
	    "was closed"), ACT_TO_END, 0 },
	{ K(PREREVIEW_PASS), B(PREREVIEW_CASE), STEP(PREREVIEW),
	    N_("Pass pre-review"), N_("Pre-review opinion"), N_("The "
	    "information is true and the materials are complete; passed."),
	    N_("The handling starts at the applicant's village or community; "
	    "you are shown who may handle it."), N_("The pre-review passed"),
	    ACT_TO_NEXT, 0 },
	{ K(PREREVIEW_FAIL), B(PREREVIEW_CASE), STEP(PREREVIEW),
	    N_("Fail pre-review"), N_("Pre-review opinion"), NULL, N_("Tick "
	    "the conditions the application does not meet; the case ends as "
	    "not passed."), N_("The pre-review did not pass"), ACT_TO_END,
	    ACT_REASON | ACT_UNMET },
	{ K(HANDLE_SAVE), B(HANDLE_CASE), STEP(HANDLE), N_("Save opinion"),
	    N_("Community opinion"), N_("Verified: the facts are as stated; "
	    "agreed."), N_("The case stays here until it is closed."),
	    N_("The opinion was saved"), ACT_TO_STAY, 0 },
	{ K(HANDLE_CLOSE), B(HANDLE_CASE), STEP(HANDLE), N_("Close the case"),
	    N_("Community opinion"), N_("The proof was printed and stamped; "
	    "the case is closed."), N_("The applicant is told by SMS."),
	    N_("The case was closed"), ACT_TO_END, 0 },
	{ K(PAUSE), B(SPECIAL_CASE), 0, N_("Pause the clock"), N_("Reason"),
	    N_("The applicant did not come in time; the clock is paused."),
	    N_("Paused working days do not count toward the time limit."),
	    N_("The clock was paused"), ACT_TO_STAY, ACT_REASON },
	{ K(RESUME), B(SPECIAL_CASE), 0, N_("Resume the clock"), N_("Reason"),
	    N_("The reason for the pause is gone; the clock runs again."),
	    NULL, N_("The clock runs again"), ACT_TO_STAY, 0 },
	{ K(EXTEND), B(SPECIAL_CASE), 0, N_("Extend"), N_("Reason"), NULL,
	    N_("The deadline moves on by the working days given."),
	    N_("The deadline was extended"), ACT_TO_STAY,
	    ACT_REASON | ACT_DAYS },
	{ K(TERMINATE), B(SPECIAL_CASE), 0, N_("Terminate"), N_("Reason"),
	    NULL, N_("The case ends abnormally; the applicant is told by "
	    "SMS."), N_("The case was terminated"), ACT_TO_END, ACT_REASON },
	{ K(WITHDRAW), B(SPECIAL_CASE), 0, N_("Withdraw"), N_("Reason"),
	    N_("The applicant asked to withdraw the application."),
	    N_("The case is withdrawn at the applicant's request; the "
	    "applicant is told by SMS."), N_("The case was withdrawn"),
	    ACT_TO_END, ACT_REASON },
};

enum act_what {
	ACT_ROW_TICK,			/* a material or a condition */
	ACT_ROW_OPINION,
	ACT_ROW_CERT,
	ACT_ROW_WAYBILL,
	ACT_ROW_DAYS
};

/* One entry of the dialog: a tick box, or a text field. */
struct act_row {
	enum act_what	 what;
	char		*text;		/* tick: its label, sanitized */
	char		*raw;		/* tick: the condition as sent */
	uint32_t	 slot;		/* tick: the material's slot */
	int		 on;
	struct field	 f;
	const char	*label;		/* field: translated */
	char		*error;		/* shown under it */
};

struct act {
	uint64_t		 owner;
	const struct act_def	*def;
	char			*serial;	/* as sent */
	uint64_t		 version;
	char			*head;		/* "办件 … 事项", sanitized */
	char			*where;		/* "下一步：审核（审核岗）" */
	const char		*ticks;		/* the ticks' heading */
	char			*tick_error;
	struct act_row		*rows;
	size_t			 n;
	int			 focus;
	int			 top;		/* first content line shown */
	Banshi__V1__MaterialNote **notes;	/* copies, sent along */
	size_t			 nnotes;
	struct work_call	 call;
	int			 sending;
	void			(*done)(struct screen *, const struct act_def *,
				    const Banshi__V1__Reply *);
	void			(*sent)(struct screen *);
};

static void	act_ok(struct screen *);
static void	act_cancel(struct screen *);
static void	act_next(struct screen *);
static void	act_prev(struct screen *);
static void	act_enter(struct screen *);
static void	act_toggle(struct screen *);

static const struct ui_key act_keys[] = {
	{ 1, 0, N_("Help"), N_("Show the keys of this screen"), ui_help },
	{ 2, 0, N_("OK"), N_("Check the entries, confirm and send"), act_ok },
	{ 3, 0, N_("Cancel"), N_("Close the box without doing anything"),
	    act_cancel },
	{ 0, ' ', NULL, N_("Tick or untick the selected entry"), act_toggle },
	{ 0, '\t', NULL, N_("Next entry"), act_next },
	{ 0, KEY_DOWN, NULL, NULL, act_next },
	{ 0, KEY_BTAB, NULL, N_("Previous entry"), act_prev },
	{ 0, KEY_UP, NULL, NULL, act_prev },
	{ 0, '\n', NULL, N_("Next entry; on the last one, OK"), act_enter },
	{ 0, KEY_ENTER, NULL, NULL, act_enter },
	{ 0, 27, NULL, NULL, act_cancel },
	{ 0, 0, NULL, NULL, NULL }
};

/* The action of this kind, or NULL. */
const struct act_def *
act_find(int kind)
{
	size_t	i;

	for (i = 0; i < nitems(act_defs); i++) {
		if (act_defs[i].kind == kind)
			return (&act_defs[i]);
	}
	return (NULL);
}

/* The flow as single steps, with the post and the name of each. */
static size_t
act_flow(const Banshi__V1__Item *it, int *steps, int *posts,
    const char **names, size_t max)
{
	static const int	approval[] = { STEP(ACCEPT), STEP(REVIEW),
				    STEP(APPROVE), STEP(ISSUE) };
	static const int	civic[] = { STEP(PREREVIEW), STEP(HANDLE) };
	static const int	post_of[] = { 0, POST(ACCEPT), POST(REVIEW),
				    POST(APPROVE), POST(ISSUE), POST(PREREVIEW),
				    POST(HANDLE) };
	const Banshi__V1__FlowStep *fs;
	const int		*dflt;
	size_t			 i, j, n = 0;

	for (i = 0; it != NULL && i < it->n_flow; i++) {
		fs = it->flow[i];
		for (j = 0; j < fs->n_steps && n < max; j++) {
			steps[n] = (int)fs->steps[j];
			posts[n] = (int)fs->post;
			names[n++] = fs->n_steps == 1 ? fs->name : NULL;
		}
	}
	if (n > 0)
		return (n);
	/* No item at hand: the default flows of the design. */
	dflt = it != NULL && it->summary != NULL && it->summary->kind ==
	    BANSHI__V1__ITEM_KIND__ITEM_KIND_CIVIC ? civic : approval;
	n = dflt == civic ? nitems(civic) : nitems(approval);
	for (i = 0; i < n; i++) {
		steps[i] = dflt[i];
		posts[i] = post_of[dflt[i]];
		names[i] = NULL;
	}
	return (n);
}

/*
 * "审核（审核岗）": the step dir (+1 next, -1 back) from step in the item's
 * flow, as the catalogue names it.  Returns 0 when there is none.
 */
int
act_flow_where(char *buf, size_t len, const Banshi__V1__Item *it, int step,
    int dir)
{
	int		 steps[ACT_FLOW_MAX], posts[ACT_FLOW_MAX];
	const char	*names[ACT_FLOW_MAX];
	char		*name;
	size_t		 n, i;
	long		 k;

	n = act_flow(it, steps, posts, names, ACT_FLOW_MAX);
	for (i = 0; i < n && steps[i] != step; i++)
		;
	k = (long)i + dir;
	if (i == n || k < 0 || k >= (long)n)
		return (0);
	if (names[k] == NULL || *names[k] == '\0') {
		work_where(buf, len, steps[k], posts[k]);
		return (1);
	}
	name = catalog_safe(names[k]);
	snprintf(buf, len, _("%s (%s)"), name, catalog_desk_text(posts[k]));
	free(name);
	return (1);
}

/* The line naming where the case goes, for the dialog and the question. */
static char *
act_where(const struct act_def *d, const Banshi__V1__Case *c,
    const Banshi__V1__Item *it)
{
	char	where[256], *s;

	switch (d->to) {
	case ACT_TO_NEXT:
		if (!act_flow_where(where, sizeof where, it, (int)c->step, 1))
			snprintf(where, sizeof where, "%s", _("the end of the "
			    "flow"));
		xasprintf(&s, _("Next step: %s"), where);
		break;
	case ACT_TO_BACK:
		if (!act_flow_where(where, sizeof where, it, (int)c->step, -1))
			work_where(where, sizeof where, (int)c->step,
			    (int)c->post);
		xasprintf(&s, _("Back to: %s"), where);
		break;
	case ACT_TO_STAY:
		work_where(where, sizeof where, (int)c->step, (int)c->post);
		xasprintf(&s, _("The case stays at: %s"), where);
		break;
	case ACT_TO_COUNTER:
		s = xstrdup(_("Back to the filing counter for supplements"));
		break;
	default:
		s = xstrdup(_("The case ends here"));
		break;
	}
	return (s);
}

static void
act_add_tick(struct act *a, const char *label, const char *raw,
    uint32_t slot)
{
	struct act_row	*r;

	a->rows = xreallocarray(a->rows, a->n + 1, sizeof *a->rows);
	r = &a->rows[a->n++];
	memset(r, 0, sizeof *r);
	r->what = ACT_ROW_TICK;
	r->text = catalog_safe(label);
	r->raw = xstrdup(raw != NULL ? raw : label);
	r->slot = slot;
}

static void
act_add_field(struct act *a, enum act_what what, const char *label,
    size_t max, const char *value)
{
	struct act_row	*r;

	a->rows = xreallocarray(a->rows, a->n + 1, sizeof *a->rows);
	r = &a->rows[a->n++];
	memset(r, 0, sizeof *r);
	r->what = what;
	r->label = label;
	field_init(&r->f, label, max, 0);
	if (value != NULL)
		field_set(&r->f, value);
}

/* Supplement: one tick per material, from the item (else the case's). */
static void
act_add_materials(struct act *a, const Banshi__V1__Case *c,
    const Banshi__V1__Item *it)
{
	const Banshi__V1__Guide	*g = it != NULL ? it->guide : NULL;
	size_t			 i;

	a->ticks = _("Materials to hand in again:");
	if (g != NULL && g->n_materials > 0) {
		for (i = 0; i < g->n_materials; i++)
			act_add_tick(a, g->materials[i]->name, NULL,
			    (uint32_t)i);
		return;
	}
	for (i = 0; i < c->n_materials; i++) {
		if (c->materials[i]->slot >= 0)
			act_add_tick(a, c->materials[i]->name, NULL,
			    (uint32_t)c->materials[i]->slot);
	}
}

/* Pre-review fail: one tick per line of the item's legal conditions. */
static void
act_add_conditions(struct act *a, const Banshi__V1__Item *it)
{
	char	*copy, *line, *next, *end;

	a->ticks = _("Conditions not met:");
	if (it == NULL || it->guide == NULL || it->guide->conditions == NULL)
		return;
	copy = xstrdup(it->guide->conditions);
	for (line = copy; line != NULL; line = next) {
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		while (*line == ' ' || *line == '\t' || *line == '\r')
			line++;
		end = line + strlen(line);
		while (end > line && (end[-1] == ' ' || end[-1] == '\r'))
			*--end = '\0';
		if (*line != '\0')
			act_add_tick(a, line, line, 0);
	}
	free(copy);
}

static void
act_init(struct screen *s, void *arg)
{
	const struct act_arg	*aa = arg;
	const Banshi__V1__Case	*c = aa->c;
	struct act		*a;
	char			*serial, *item;
	size_t			 i;

	a = xcalloc(1, sizeof *a);
	a->owner = aa->owner->serial;
	a->def = act_find(aa->kind);
	a->serial = xstrdup(c->summary->serial);
	a->version = c->version;
	a->done = aa->done;
	a->sent = aa->sent;
	serial = catalog_safe(c->summary->serial);
	item = catalog_safe(c->summary->item_name);
	xasprintf(&a->head, _("Case %s  %s"), serial, item);
	free(serial);
	free(item);
	a->where = act_where(a->def, c, aa->item);
	if (a->def->needs & ACT_MATERIALS)
		act_add_materials(a, c, aa->item);
	if (a->def->needs & ACT_UNMET)
		act_add_conditions(a, aa->item);
	if (a->def->needs & ACT_CERT)
		act_add_field(a, ACT_ROW_CERT, _("Certificate number"),
		    ACT_NUMBER_MAX, NULL);
	if (a->def->needs & ACT_WAYBILL)
		act_add_field(a, ACT_ROW_WAYBILL, _("Waybill number"),
		    ACT_NUMBER_MAX, NULL);
	if (a->def->needs & ACT_DAYS)
		act_add_field(a, ACT_ROW_DAYS, _("Working days to add"), 3,
		    NULL);
	act_add_field(a, ACT_ROW_OPINION, _(a->def->label), FIELD_MAX,
	    a->def->opinion != NULL ? _(a->def->opinion) : NULL);
	a->focus = 0;		/* the first tick, else the first field */
	a->notes = xcalloc(aa->nnotes + 1, sizeof *a->notes);
	for (i = 0; i < aa->nnotes; i++)
		a->notes[a->nnotes++] = filing_copy(aa->notes[i]);
	s->data = a;
}

/* Open the dialog of an action over the case screen. */
void
act_open(const struct act_arg *aa)
{
	if (act_find(aa->kind) == NULL || aa->c == NULL ||
	    aa->c->summary == NULL)
		return;
	screen_push(&screen_act_type, (void *)aa);
}

static struct act_row *
act_focused(struct act *a)
{
	return (a->focus >= 0 && (size_t)a->focus < a->n ?
	    &a->rows[a->focus] : NULL);
}

static void
act_next(struct screen *s)
{
	struct act	*a = s->data;

	if (a->n > 0)
		a->focus = (a->focus + 1) % (int)a->n;
}

static void
act_prev(struct screen *s)
{
	struct act	*a = s->data;

	if (a->n > 0)
		a->focus = (a->focus + (int)a->n - 1) % (int)a->n;
}

static void
act_enter(struct screen *s)
{
	struct act	*a = s->data;
	struct act_row	*r = act_focused(a);

	if (r != NULL && r->what == ACT_ROW_TICK)
		act_toggle(s);
	else if ((size_t)a->focus + 1 >= a->n)
		act_ok(s);
	else
		act_next(s);
}

static void
act_toggle(struct screen *s)
{
	struct act	*a = s->data;
	struct act_row	*r = act_focused(a);

	if (r == NULL || r->what != ACT_ROW_TICK)
		return;
	r->on = !r->on;
	free(a->tick_error);
	a->tick_error = NULL;
}

static void
act_set_error(char **slot, const char *msg)
{
	free(*slot);
	*slot = msg != NULL ? xstrdup(msg) : NULL;
}

static struct act_row *
act_row_of(struct act *a, enum act_what what)
{
	size_t	i;

	for (i = 0; i < a->n; i++) {
		if (a->rows[i].what == what)
			return (&a->rows[i]);
	}
	return (NULL);
}

/* Whether the entries are complete; else the first bad one has the focus. */
static int
act_check(struct act *a)
{
	struct act_row	*r;
	size_t		 i, ticks = 0, ticked = 0, first = a->n;
	char		*t, *end;
	long		 days;

	for (i = 0; i < a->n; i++) {
		r = &a->rows[i];
		act_set_error(&r->error, NULL);
		if (r->what == ACT_ROW_TICK) {
			ticks++;
			ticked += r->on;
			continue;
		}
		if (r->what == ACT_ROW_OPINION) {
			if ((a->def->needs & ACT_REASON) && field_empty(&r->f))
				act_set_error(&r->error, _("Give the reason"));
		} else if (field_empty(&r->f))
			act_set_error(&r->error, r->what == ACT_ROW_DAYS ?
			    _("Give the number of working days") :
			    r->what == ACT_ROW_CERT ? _("Give the certificate "
			    "number") : _("Give the waybill number"));
		else if (r->what == ACT_ROW_DAYS) {
			t = field_text(&r->f);
			days = strtol(t, &end, 10);
			if (*end != '\0' || days < 1 || days > 365)
				act_set_error(&r->error, _("From 1 to 365 "
				    "working days"));
			free(t);
		}
		if (r->error != NULL && first == a->n)
			first = i;
	}
	act_set_error(&a->tick_error, NULL);
	if ((a->def->needs & (ACT_MATERIALS | ACT_UNMET)) && ticked == 0) {
		act_set_error(&a->tick_error, a->def->needs & ACT_MATERIALS ?
		    _("Tick at least one material") : ticks > 0 ?
		    _("Tick at least one condition") : _("The item lists no "
		    "conditions to tick"));
		first = 0;
	}
	if (first < a->n)
		a->focus = (int)first;
	return (first == a->n);
}

/* The strings of the request live until act_msg_free. */
struct act_msg {
	Banshi__V1__ClientMessage	 msg;
	Banshi__V1__CaseAction		 ca;
	uint32_t			*slots;
	char				**unmet;
	char				*opinion, *cert, *waybill;
};

static char *
act_field_text(struct act *a, enum act_what what)
{
	struct act_row	*r = act_row_of(a, what);
	char		*t, *p, *end;

	if (r == NULL)
		return (xstrdup(""));
	t = field_text(&r->f);
	for (p = t; *p == ' '; p++)
		;
	end = p + strlen(p);
	while (end > p && end[-1] == ' ')
		*--end = '\0';
	memmove(t, p, strlen(p) + 1);
	return (t);
}

static void
act_msg_build(struct act *a, struct act_msg *m)
{
	Banshi__V1__ClientMessage	 mi = BANSHI__V1__CLIENT_MESSAGE__INIT;
	Banshi__V1__CaseAction		 ci = BANSHI__V1__CASE_ACTION__INIT;
	char				*days;
	size_t				 i;

	m->msg = mi;
	m->ca = ci;
	m->slots = xcalloc(a->n + 1, sizeof *m->slots);
	m->unmet = xcalloc(a->n + 1, sizeof *m->unmet);
	for (i = 0; i < a->n; i++) {
		if (a->rows[i].what != ACT_ROW_TICK || !a->rows[i].on)
			continue;
		if (a->def->needs & ACT_MATERIALS)
			m->slots[m->ca.n_materials++] = a->rows[i].slot;
		else
			m->unmet[m->ca.n_unmet++] = a->rows[i].raw;
	}
	m->opinion = act_field_text(a, ACT_ROW_OPINION);
	m->cert = act_field_text(a, ACT_ROW_CERT);
	m->waybill = act_field_text(a, ACT_ROW_WAYBILL);
	days = act_field_text(a, ACT_ROW_DAYS);
	m->ca.days = (uint32_t)strtoul(days, NULL, 10);
	free(days);
	m->ca.serial = a->serial;
	m->ca.expected_version = a->version;
	m->ca.action = a->def->kind;
	m->ca.opinion = m->opinion;
	m->ca.materials = m->slots;
	m->ca.unmet = m->unmet;
	m->ca.certificate_number = m->cert;
	m->ca.waybill = m->waybill;
	m->ca.notes = a->notes;
	m->ca.n_notes = a->nnotes;
	m->msg.body_case = a->def->body;
	switch (a->def->body) {
	case B(ACCEPT_CASE):
		m->msg.accept_case = &m->ca;
		break;
	case B(REVIEW_CASE):
		m->msg.review_case = &m->ca;
		break;
	case B(APPROVE_CASE):
		m->msg.approve_case = &m->ca;
		break;
	case B(ISSUE_CASE):
		m->msg.issue_case = &m->ca;
		break;
	case B(PREREVIEW_CASE):
		m->msg.prereview_case = &m->ca;
		break;
	case B(HANDLE_CASE):
		m->msg.handle_case = &m->ca;
		break;
	default:
		m->msg.special_case = &m->ca;
		break;
	}
}

static void
act_msg_free(struct act_msg *m)
{
	free(m->slots);
	free(m->unmet);
	free(m->opinion);
	free(m->cert);
	free(m->waybill);
}

/* Send the action (again, under the same key, after a reconnect). */
static void
act_send(struct screen *s)
{
	struct act	*a = s->data;
	struct act_msg	 m;
	struct screen	*owner;

	act_msg_build(a, &m);
	a->sending = 1;
	if (work_call_send(s, &a->call, &m.msg) != 0) {
		ui_message("%s", _("Sending..."));
		if ((owner = screen_find(a->owner)) != NULL && a->sent != NULL)
			a->sent(owner);
	} else {
		a->call.lost = 1;
		ui_error("%s", _("The connection was lost; the action is sent "
		    "again once it is back"));
	}
	act_msg_free(&m);
}

static void
act_confirmed(struct screen *s, const char *str, long num)
{
	act_send(s);
}

static void
act_ok(struct screen *s)
{
	struct act		*a = s->data;
	struct dialog_arg	 d;
	char			*q, *text;

	if (a->sending)
		return;
	if (!act_check(a)) {
		ui_error("%s", _("Some entries are missing; see the marks in "
		    "the box"));
		return;
	}
	xasprintf(&q, _("Confirm: %s?"), _(a->def->title));
	xasprintf(&text, "%s %s", q, a->where);
	memset(&d, 0, sizeof d);
	d.owner = s;
	d.title = _(a->def->title);
	d.text = text;
	d.yes = _(a->def->title);
	d.done = act_confirmed;
	dialog_confirm(&d);
	free(text);
	free(q);
}

/* Close the box; tell the case screen the answer (NULL: none came). */
static void
act_finish(struct screen *s, const Banshi__V1__Reply *r)
{
	struct act		*a = s->data;
	struct screen		*owner;
	const struct act_def	*def = a->def;
	void			(*done)(struct screen *, const struct act_def *,
				    const Banshi__V1__Reply *) = a->done;

	owner = screen_find(a->owner);
	screen_pop(s);
	if (owner != NULL && done != NULL)
		done(owner, def, r);
}

static void
act_cancel(struct screen *s)
{
	struct act	*a = s->data;

	if (a->sending) {
		ui_error("%s", _("Closed before the server answered: refresh "
		    "the case to see whether it was done"));
		act_finish(s, NULL);
		return;
	}
	screen_pop(s);
}

/* Whether a key of the table works now: nothing but Esc while sending. */
static int
act_valid(struct screen *s, const struct ui_key *k)
{
	struct act	*a = s->data;
	struct act_row	*r = act_focused(a);

	if (k->fn == act_cancel || k->fn == ui_help)
		return (1);
	if (a->sending)
		return (0);
	if (k->fn == act_toggle)
		return (r != NULL && r->what == ACT_ROW_TICK);
	return (1);
}

static int
act_key(struct screen *s, const struct ui_input *in)
{
	struct act	*a = s->data;
	struct act_row	*r = act_focused(a);

	if (a->sending || r == NULL || r->what == ACT_ROW_TICK)
		return (1);
	if (field_key(&r->f, in)) {
		act_set_error(&r->error, NULL);
		return (1);
	}
	return (0);
}

/* An INVALID_ARGUMENT the box can show beside an entry: 1 when shown. */
static int
act_show_field_error(struct act *a, const Banshi__V1__Reply *r)
{
	static const struct {
		const char	*field;
		enum act_what	 what;
	} fields[] = {
		{ "opinion", ACT_ROW_OPINION },
		{ "certificate_number", ACT_ROW_CERT },
		{ "waybill", ACT_ROW_WAYBILL },
		{ "days", ACT_ROW_DAYS },
		{ "materials", ACT_ROW_TICK },
		{ "unmet", ACT_ROW_TICK },
	};
	const char	*field = status_field(r);
	struct act_row	*row;
	char		 buf[512];
	size_t		 i;

	if (status_code(r) != CODE(INVALID_ARGUMENT) || field == NULL)
		return (0);
	for (i = 0; i < nitems(fields); i++) {
		if (strcmp(fields[i].field, field) != 0)
			continue;
		status_text(r, buf, sizeof buf);
		if ((row = act_row_of(a, fields[i].what)) == NULL)
			return (0);
		if (fields[i].what == ACT_ROW_TICK)
			act_set_error(&a->tick_error, _("The server wants at "
			    "least one ticked"));
		else
			act_set_error(&row->error, _("The server refused "
			    "this entry"));
		a->focus = (int)(row - a->rows);
		ui_error("%s", buf);
		return (1);
	}
	return (0);
}

static void
act_reply(struct screen *s, uint32_t id, const Banshi__V1__Reply *r)
{
	struct act	*a = s->data;

	if (id == 0 || id != a->call.id)
		return;
	a->call.id = 0;
	if (r == NULL) {
		a->call.lost = 1;
		ui_error("%s", _("The connection was lost; the action is sent "
		    "again once it is back"));
		return;
	}
	if (act_show_field_error(a, r)) {
		a->sending = 0;
		work_call_done(&a->call);
		return;
	}
	act_finish(s, r);
}

/* The connection is back: send again what was lost, under the same key. */
static void
act_connected(struct screen *s)
{
	struct act	*a = s->data;

	if (a->sending && a->call.lost)
		act_send(s);
}

/* Where the box's content goes, and what the layout found. */
struct act_view {
	int	y, x, w, h;	/* the content area */
	int	lw;		/* the fields' label width */
	int	draw;		/* 0: only count the lines */
	int	line;		/* the next content line */
	int	focus_line;
};

/* Take the next content line: its screen row, or -1 when not drawn. */
static int
act_line(struct act *a, struct act_view *v)
{
	int	l = v->line++;

	if (!v->draw || l < a->top || l >= a->top + v->h)
		return (-1);
	return (v->y + l - a->top);
}

/* Text at column x of the content, wrapped, as many lines as it takes. */
static void
act_text(struct act *a, struct act_view *v, int x, const char *text,
    attr_t attr)
{
	char	**lines;
	size_t	  n, j;
	int	  y;

	lines = ui_wrap(text, v->w - x, v->w - x, &n);
	for (j = 0; j < n; j++) {
		if ((y = act_line(a, v)) != -1)
			ui_put(y, v->x + x, lines[j], v->w - x, attr);
	}
	ui_wrap_free(lines, n);
}

/* "[x] 1.申请人具有合法主体资格；", the box marked when focused. */
static void
act_layout_tick(struct act *a, struct act_view *v, size_t i)
{
	struct act_row	*r = &a->rows[i];
	char		**lines, box[8];
	size_t		  n, j;
	int		  y;

	snprintf(box, sizeof box, "[%c]", r->on ? 'x' : ' ');
	lines = ui_wrap(r->text, v->w - 6, v->w - 6, &n);
	for (j = 0; j < n; j++) {
		if ((y = act_line(a, v)) == -1)
			continue;
		if (j == 0)
			ui_put(y, v->x + 1, box, 3, (int)i == a->focus ?
			    ui_attr(UI_ATTR_FOCUS) : A_NORMAL);
		ui_put(y, v->x + 5, lines[j], v->w - 5, A_NORMAL);
	}
	ui_wrap_free(lines, n);
	if (i + 1 == a->n || a->rows[i + 1].what != ACT_ROW_TICK)
		v->line++;	/* a blank line after the ticks */
}

/* "label  [field]", and its error under it. */
static void
act_layout_field(struct act *a, struct act_view *v, size_t i)
{
	struct act_row	*r = &a->rows[i];
	int		 y;

	if ((y = act_line(a, v)) != -1) {
		ui_put(y, v->x, r->label, v->lw, A_NORMAL);
		field_draw(&r->f, y, v->x + v->lw + 2, v->w - v->lw - 2,
		    (int)i == a->focus && !a->sending);
	}
	if (r->error != NULL)
		act_text(a, v, v->lw + 2, r->error, ui_attr(UI_ATTR_ERROR));
}

/*
 * Lay out the box's content: count its lines when v->draw is 0, else draw
 * the lines from a->top that fit in v->h.
 */
static void
act_layout(struct act *a, struct act_view *v)
{
	size_t	i;

	v->line = 0;
	act_text(a, v, 0, a->head, A_NORMAL);
	act_text(a, v, 0, a->where, A_BOLD);
	if (a->def->hint != NULL)
		act_text(a, v, 0, _(a->def->hint), ui_attr(UI_ATTR_DIM));
	v->line++;
	if (a->ticks != NULL) {
		act_text(a, v, 0, a->ticks, A_BOLD);
		if (a->tick_error != NULL)
			act_text(a, v, 2, a->tick_error,
			    ui_attr(UI_ATTR_ERROR));
	}
	for (i = 0; i < a->n; i++) {
		if ((int)i == a->focus)
			v->focus_line = v->line;
		if (a->rows[i].what == ACT_ROW_TICK)
			act_layout_tick(a, v, i);
		else
			act_layout_field(a, v, i);
	}
	v->line++;
	act_text(a, v, 0, a->sending ? _("Sending...") : a->ticks != NULL ?
	    _("F2: OK    Esc: cancel    Space: tick    Tab: next entry") :
	    _("F2: OK    Esc: cancel    Tab: next entry"),
	    ui_attr(UI_ATTR_DIM));
}

static void
act_draw(struct screen *s)
{
	struct act	*a = s->data;
	struct act_view	 v;
	size_t		 i;
	int		 w, h, y, x, lw, room;

	w = COLS - 2 < ACT_W ? COLS - 2 : ACT_W;
	memset(&v, 0, sizeof v);
	v.w = w - 6;
	for (i = 0, lw = 0; i < a->n; i++) {
		if (a->rows[i].what != ACT_ROW_TICK &&
		    (int)text_width(a->rows[i].label) > lw)
			lw = (int)text_width(a->rows[i].label);
	}
	v.lw = lw > v.w / 2 ? v.w / 2 : lw;
	act_layout(a, &v);		/* count */
	room = ui_bottom() - ui_top() + 1;
	h = v.line + 2 < room ? v.line + 2 : room;
	v.h = h - 2;
	if (v.focus_line < a->top)
		a->top = v.focus_line;
	if (v.focus_line + 2 >= a->top + v.h)
		a->top = v.focus_line + 3 - v.h;
	if (a->top > v.line - v.h)
		a->top = v.line - v.h;
	if (a->top < 0)
		a->top = 0;
	y = ui_top() + (room - h) / 2;
	x = (COLS - w) / 2;
	ui_box(y, x, h, w, _(a->def->title));
	v.y = y + 1;
	v.x = x + 3;
	v.draw = 1;
	act_layout(a, &v);
}

static void
act_free(struct screen *s)
{
	struct act	*a = s->data;
	size_t		 i;

	for (i = 0; i < a->n; i++) {
		free(a->rows[i].text);
		free(a->rows[i].raw);
		free(a->rows[i].error);
		field_free(&a->rows[i].f);
	}
	free(a->rows);
	for (i = 0; i < a->nnotes; i++)
		filing_free(a->notes[i]);
	free(a->notes);
	free(a->tick_error);
	free(a->serial);
	free(a->head);
	free(a->where);
	free(a);
}

const struct screen_type screen_act_type = {
	.name = "act",
	.title = N_("Case action"),
	.keys = act_keys,
	.overlay = 1,
	.fields = 1,
	.init = act_init,
	.draw = act_draw,
	.key = act_key,
	.reply = act_reply,
	.free = act_free,
	.valid = act_valid,
	.connected = act_connected,
};

/*
 * The case screen of the back office (办件): the case in four tabs
 * (申请信息, 申报材料, 办理过程, 办理时限), the opinions on its materials,
 * the materials themselves in the viewer, and the actions of the step it
 * waits at, plus the special operations.  Opening it from a to-do list
 * takes the case (签收) when nobody holds it.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "log.h"
#include "text.h"
#include "tui.h"
#include "xmalloc.h"

#define K(k)		BANSHI__V1__CASE_ACTION_KIND__CASE_ACTION_##k
#define STEP(s)		BANSHI__V1__STEP__STEP_##s
#define CODE(c)		BANSHI__V1__STATUS_CODE__STATUS_##c
#define CS(s)		BANSHI__V1__CASE_STATUS__CASE_STATUS_##s
#define nitems(a)	(sizeof (a) / sizeof (a)[0])

#define WORK_INDENT	2
#define WORK_CHUNK	(256 * 1024)	/* ReadFile's largest chunk */
#define WORK_EXTRA	1000	/* note slots of extra materials from here */
#define WORK_MENU_MAX	6

enum { TAB_APP, TAB_MATS, TAB_HIST, TAB_CLOCK, WORK_NTABS };

static const char *const work_tabs[WORK_NTABS] = {
	N_("Application"), N_("Materials"), N_("History"), N_("Time limits"),
};

/* One row of the materials tab: a catalogue slot or an extra material. */
struct wmat {
	uint32_t				 key;	/* the note's slot */
	char					*name;	/* sanitized */
	const Banshi__V1__AttachedMaterial	*am;	/* borrowed, or NULL */
	int					 required;
};

/* A review opinion on a material, sent with the next action. */
struct wnote {
	uint32_t	 slot;
	char		*opinion;
	int		 dirty;		/* changed here, not sent yet */
};

/* A material being read for the viewer. */
struct wfile {
	uint32_t			 pending;
	int				 lost;
	int				 fd;
	char				*path;
	char				*name;		/* sanitized */
	Banshi__V1__FileRef		*ref;
	uint64_t			 offset;
	crypto_generichash_state	 st;
};

struct wcase {
	char			*serial;	/* as sent */
	int			 claim;		/* take it when opening */
	Banshi__V1__Case	*c;		/* NULL until it comes */
	Banshi__V1__Item	*item;		/* for labels and the flow */
	struct work_call	 open;		/* OpenCase */
	struct work_call	 release;	/* ReleaseCase */
	uint32_t		 item_pending;
	uint32_t		 naming;	/* ListRegions for a region */
	char			 named[16];
	int			 acting;	/* an action is on its way */
	uint64_t		 pushed;	/* a change came meanwhile */
	int			 say_changed;	/* the reload follows a push */
	int			 tab;
	struct doc		 doc;
	int			 doc_tab;	/* the tab laid out, or -1 */
	int			 dh;
	struct wmat		*mats;
	size_t			 nmats;
	struct ui_list		 mlist;
	int			 mrows;		/* materials shown at once */
	struct wnote		*notes;
	size_t			 nnotes;
	struct wfile		 file;
	struct hist		 hist;		/* 办理过程, read when shown */
	int			 menu[WORK_MENU_MAX];	/* the special ops */
};

/* What the push of the screen gets. */
struct work_arg {
	const char	*serial;
	int		 claim;
};

static void	work_act(struct screen *, int);
static void	work_back(struct screen *);
static void	work_refresh(struct screen *);
static void	work_special(struct screen *);
static void	work_note(struct screen *);
static void	work_view(struct screen *);
static void	work_tab_app(struct screen *);
static void	work_tab_mats(struct screen *);
static void	work_tab_hist(struct screen *);
static void	work_tab_clock(struct screen *);
static void	work_tab_next(struct screen *);
static void	work_tab_prev(struct screen *);
static void	work_up(struct screen *);
static void	work_down(struct screen *);
static void	work_page_up(struct screen *);
static void	work_page_down(struct screen *);
static void	work_home(struct screen *);
static void	work_end(struct screen *);

/* One function per action, for the key table; valid() says which apply. */
#define WORK_ACT(fn, kind)						\
static void								\
fn(struct screen *s)							\
{									\
	work_act(s, K(kind));						\
}
WORK_ACT(work_accept, ACCEPT)
WORK_ACT(work_supplement, SUPPLEMENT)
WORK_ACT(work_refuse, REFUSE)
WORK_ACT(work_pass, PASS)
WORK_ACT(work_fail, FAIL)
WORK_ACT(work_approve, APPROVE)
WORK_ACT(work_deny, DENY)
WORK_ACT(work_wait, WAIT_PICKUP)
WORK_ACT(work_arrived, PICKUP_ARRIVED)
WORK_ACT(work_issue, ISSUE)
WORK_ACT(work_ship, SHIP)
WORK_ACT(work_close, CLOSE)
WORK_ACT(work_pre_pass, PREREVIEW_PASS)
WORK_ACT(work_pre_fail, PREREVIEW_FAIL)
WORK_ACT(work_save, HANDLE_SAVE)
WORK_ACT(work_handle_close, HANDLE_CLOSE)
#undef WORK_ACT

static const struct {
	void	(*fn)(struct screen *);
	int	  kind;
} work_act_fns[] = {
	{ work_accept, K(ACCEPT) }, { work_supplement, K(SUPPLEMENT) },
	{ work_refuse, K(REFUSE) }, { work_pass, K(PASS) },
	{ work_fail, K(FAIL) }, { work_approve, K(APPROVE) },
	{ work_deny, K(DENY) }, { work_wait, K(WAIT_PICKUP) },
	{ work_arrived, K(PICKUP_ARRIVED) }, { work_issue, K(ISSUE) },
	{ work_ship, K(SHIP) }, { work_close, K(CLOSE) },
	{ work_pre_pass, K(PREREVIEW_PASS) },
	{ work_pre_fail, K(PREREVIEW_FAIL) }, { work_save, K(HANDLE_SAVE) },
	{ work_handle_close, K(HANDLE_CLOSE) },
};

static const struct ui_key work_keys[] = {
	{ 1, 0, N_("Help"), N_("Show the keys of this screen"), ui_help },
	{ 2, 0, N_("Accept"), N_("Accept the case; it goes to the next "
	    "step"), work_accept },
	{ 2, 0, N_("Pass review"), N_("Pass the review"), work_pass },
	{ 2, 0, N_("Approve"), N_("Grant the permission"), work_approve },
	{ 2, 0, N_("Wait for pickup"), N_("Tell the applicant to collect "
	    "the certificate; the clock pauses"), work_wait },
	{ 2, 0, N_("Applicant here"), N_("The applicant has come; the clock "
	    "runs again"), work_arrived },
	{ 2, 0, N_("Issue"), N_("Hand over the certificate, with its "
	    "number"), work_issue },
	{ 2, 0, N_("Ship"), N_("Send the certificate by express, with the "
	    "waybill number"), work_ship },
	{ 2, 0, N_("Close the case"), N_("Close the case as done"),
	    work_close },
	{ 2, 0, N_("Pass pre-review"), N_("Pass the pre-review; the "
	    "handling starts"), work_pre_pass },
	{ 2, 0, N_("Close the case"), N_("Close the case as done"),
	    work_handle_close },
	{ 3, 0, N_("Back"), N_("Back to the previous screen"), work_back },
	{ 4, 0, N_("Supplement"), N_("Send the case back for supplements, "
	    "ticking the materials"), work_supplement },
	{ 4, 0, N_("Fail review"), N_("Fail the review: back to "
	    "acceptance"), work_fail },
	{ 4, 0, N_("Deny"), N_("Deny the permission, with the reason"),
	    work_deny },
	{ 4, 0, N_("Fail pre-review"), N_("Fail the pre-review, ticking the "
	    "conditions not met"), work_pre_fail },
	{ 4, 0, N_("Save opinion"), N_("Save the community's opinion"),
	    work_save },
	{ 5, 0, N_("Refresh"), N_("Load the case again from the server"),
	    work_refresh },
	{ 6, 0, N_("Refuse"), N_("Refuse to accept the case, with the "
	    "reason"), work_refuse },
	{ 7, 0, N_("Special"), N_("Pause or resume the clock, extend, "
	    "terminate or withdraw"), work_special },
	{ 8, 0, N_("Opinion"), N_("Write the review opinion on the selected "
	    "material"), work_note },
	{ 9, 0, N_("View"), N_("Open the selected material in the viewer"),
	    work_view },
	{ 10, 0, N_("Quit"), N_("Quit banshi"), ui_quit },
	{ 0, '1', NULL, N_("Tab: application"), work_tab_app },
	{ 0, '2', NULL, N_("Tab: materials"), work_tab_mats },
	{ 0, '3', NULL, N_("Tab: history"), work_tab_hist },
	{ 0, '4', NULL, N_("Tab: time limits"), work_tab_clock },
	{ 0, KEY_RIGHT, NULL, N_("Next tab"), work_tab_next },
	{ 0, '\t', NULL, NULL, work_tab_next },
	{ 0, KEY_LEFT, NULL, N_("Previous tab"), work_tab_prev },
	{ 0, KEY_BTAB, NULL, NULL, work_tab_prev },
	{ 0, KEY_UP, NULL, N_("Scroll up, or the previous material"),
	    work_up },
	{ 0, KEY_DOWN, NULL, N_("Scroll down, or the next material"),
	    work_down },
	{ 0, KEY_PPAGE, NULL, N_("Scroll up a page"), work_page_up },
	{ 0, KEY_NPAGE, NULL, N_("Scroll down a page"), work_page_down },
	{ 0, ' ', NULL, NULL, work_page_down },
	{ 0, KEY_HOME, NULL, N_("Go to the top"), work_home },
	{ 0, KEY_END, NULL, N_("Go to the end"), work_end },
	{ 0, '\n', NULL, NULL, work_view },
	{ 0, KEY_ENTER, NULL, NULL, work_view },
	{ 0, 'y', NULL, NULL, work_accept },
	{ 0, 'y', NULL, NULL, work_pass },
	{ 0, 'y', NULL, NULL, work_approve },
	{ 0, 'y', NULL, NULL, work_wait },
	{ 0, 'y', NULL, NULL, work_arrived },
	{ 0, 'y', NULL, NULL, work_issue },
	{ 0, 'y', NULL, NULL, work_ship },
	{ 0, 'y', NULL, NULL, work_close },
	{ 0, 'y', NULL, NULL, work_pre_pass },
	{ 0, 'y', NULL, NULL, work_handle_close },
	{ 0, 'n', NULL, NULL, work_supplement },
	{ 0, 'n', NULL, NULL, work_fail },
	{ 0, 'n', NULL, NULL, work_deny },
	{ 0, 'n', NULL, NULL, work_pre_fail },
	{ 0, 'n', NULL, NULL, work_save },
	{ 0, 'x', NULL, NULL, work_refuse },
	{ 0, 's', NULL, NULL, work_special },
	{ 0, 'o', NULL, NULL, work_note },
	{ 0, 'v', NULL, NULL, work_view },
	{ 0, 27, NULL, NULL, work_back },
	{ 0, 'r', NULL, NULL, work_refresh },
	{ 0, '?', NULL, NULL, ui_help },
	{ 0, 'q', NULL, NULL, ui_quit },
	{ 0, 'X' - '@', NULL, NULL, ui_quit },
	{ 0, 0, NULL, NULL, NULL }
};

/* ---- what the user may do ---------------------------------------------- */

static int
work_open_status(int status)
{
	return (status == CS(PENDING_ACCEPTANCE) ||
	    status == CS(PENDING_PREREVIEW) || status == CS(IN_PROGRESS));
}

/* Whether the case waits at a step of the user's and nobody else holds it. */
static int
work_may_act(const struct wcase *w)
{
	const Banshi__V1__Case	*c = w->c;

	return (c != NULL && c->summary != NULL && c->step != 0 &&
	    work_open_status((int)c->summary->status) && !w->acting &&
	    w->open.id == 0 && work_has_post((int)c->post) &&
	    (c->claimed_by == NULL || *c->claimed_by == '\0' ||
	    c->claimed_by_me));
}

static int
work_express(const Banshi__V1__Case *c)
{
	return (c->pickup != NULL && c->pickup->method ==
	    BANSHI__V1__PICKUP_METHOD__PICKUP_METHOD_EXPRESS);
}

/* Whether action kind is one of the case's now (its step and phase). */
static int
work_act_applies(const struct wcase *w, int kind)
{
	const struct act_def	*d = act_find(kind);
	const Banshi__V1__Case	*c = w->c;
	unsigned		 phase;

	if (d == NULL || !work_may_act(w) || (int)c->step != d->step)
		return (0);
	if (d->step != STEP(ISSUE))
		return (1);
	phase = c->issue_phase;
	switch (kind) {
	case K(WAIT_PICKUP):
		return (!work_express(c) && phase == 0);
	case K(PICKUP_ARRIVED):
		return (phase == 1);
	case K(ISSUE):
		return (!work_express(c) && phase == 2);
	case K(SHIP):
		return (work_express(c) && phase == 0);
	case K(CLOSE):
		return (phase == 3 || phase == 4);
	}
	return (0);
}

static const struct wmat *
work_selected_mat(const struct wcase *w)
{
	return (w->mlist.sel >= 0 && (size_t)w->mlist.sel < w->nmats ?
	    &w->mats[w->mlist.sel] : NULL);
}

static int
work_valid(struct screen *s, const struct ui_key *k)
{
	struct wcase		*w = s->data;
	const struct wmat	*m;
	size_t			 i;

	for (i = 0; i < nitems(work_act_fns); i++) {
		if (work_act_fns[i].fn == k->fn)
			return (work_act_applies(w, work_act_fns[i].kind));
	}
	if (k->fn == work_special)
		return (w->c != NULL && w->c->step != 0 && w->c->summary !=
		    NULL && work_open_status((int)w->c->summary->status) &&
		    !w->acting);
	if (k->fn == work_note)
		return (w->tab == TAB_MATS && work_selected_mat(w) != NULL &&
		    work_may_act(w));
	if (k->fn == work_view)
		return (w->tab == TAB_MATS && (m = work_selected_mat(w)) !=
		    NULL && m->am != NULL && m->am->file != NULL &&
		    w->file.pending == 0);
	return (1);
}

/* ---- loading ------------------------------------------------------------ */

/* OpenCase: claim it too when asked (once; later loads only look). */
static void
work_fetch(struct screen *s, int claim)
{
	Banshi__V1__ClientMessage	 msg = BANSHI__V1__CLIENT_MESSAGE__INIT;
	Banshi__V1__OpenCase		 oc = BANSHI__V1__OPEN_CASE__INIT;
	struct wcase			*w = s->data;

	if (w->open.id != 0)
		return;
	if (!w->open.lost) {
		work_call_done(&w->open);
		w->claim = claim;
	}
	oc.serial = w->serial;
	oc.claim = w->claim;
	msg.body_case = BANSHI__V1__CLIENT_MESSAGE__BODY_OPEN_CASE;
	msg.open_case = &oc;
	if (work_call_send(s, &w->open, &msg) == 0)
		w->open.lost = 1;
}

static void
work_fetch_item(struct screen *s)
{
	Banshi__V1__ClientMessage	 msg = BANSHI__V1__CLIENT_MESSAGE__INIT;
	Banshi__V1__GetItem		 gi = BANSHI__V1__GET_ITEM__INIT;
	struct wcase			*w = s->data;

	if (w->item != NULL || w->item_pending != 0 || w->c == NULL ||
	    w->c->summary == NULL)
		return;
	gi.code = w->c->summary->item_code;
	msg.body_case = BANSHI__V1__CLIENT_MESSAGE__BODY_GET_ITEM;
	msg.get_item = &gi;
	w->item_pending = tui_call(s, &msg, 0);
}

/* Open the case screen; claim takes the case (签收) if nobody holds it. */
void
work_open(const char *serial, int claim)
{
	struct work_arg	a = { serial, claim };

	screen_push(&screen_work_type, &a);
}

static void
work_init(struct screen *s, void *arg)
{
	const struct work_arg	*a = arg;
	struct wcase		*w;

	w = xcalloc(1, sizeof *w);
	w->serial = xstrdup(a->serial);
	hist_init(&w->hist, w->serial);
	w->doc_tab = -1;
	w->dh = 10;
	w->mrows = 5;
	w->file.fd = -1;
	s->data = w;
	work_fetch(s, a->claim);
}

/* Ask for the names of the next region value still shown as a code. */
static void
work_name_regions(struct screen *s)
{
	struct wcase	*w = s->data;

	if (w->naming == 0 && w->c != NULL)
		w->naming = region_name_next(s, w->item, w->c, w->named,
		    sizeof w->named);
}

/* ---- materials and their opinions -------------------------------------- */

static const Banshi__V1__AttachedMaterial *
work_attached(const Banshi__V1__Case *c, int slot)
{
	size_t	i;

	for (i = 0; i < c->n_materials; i++) {
		if (c->materials[i]->slot == slot)
			return (c->materials[i]);
	}
	return (NULL);
}

static void
work_mats_free(struct wcase *w)
{
	size_t	i;

	for (i = 0; i < w->nmats; i++)
		free(w->mats[i].name);
	free(w->mats);
	w->mats = NULL;
	w->nmats = 0;
}

/* The rows of the materials tab: the item's slots, then the extras. */
static void
work_mats_build(struct wcase *w)
{
	const Banshi__V1__Guide	*g = w->item != NULL ? w->item->guide : NULL;
	const Banshi__V1__AttachedMaterial *am;
	size_t			 i, n = 0, extra = 0, slots;
	struct wmat		*m;

	work_mats_free(w);
	if (w->c == NULL)
		return;
	slots = g != NULL ? g->n_materials : 0;
	w->mats = xcalloc(slots + w->c->n_materials + 1, sizeof *w->mats);
	for (i = 0; i < slots; i++) {
		m = &w->mats[n++];
		m->key = (uint32_t)i;
		m->name = catalog_safe(g->materials[i]->name);
		m->am = work_attached(w->c, (int)i);
		m->required = g->materials[i]->required;
	}
	for (i = 0; i < w->c->n_materials; i++) {
		am = w->c->materials[i];
		if (am->slot >= 0 && (size_t)am->slot < slots)
			continue;
		m = &w->mats[n++];
		m->key = am->slot >= 0 ? (uint32_t)am->slot :
		    (uint32_t)(WORK_EXTRA + extra++);
		m->name = catalog_safe(am->name);
		m->am = am;
	}
	w->nmats = n;
	w->mlist.n = (int)n;
	ui_list_move(&w->mlist, 0);
}

static struct wnote *
work_note_of(struct wcase *w, uint32_t slot)
{
	size_t	i;

	for (i = 0; i < w->nnotes; i++) {
		if (w->notes[i].slot == slot)
			return (&w->notes[i]);
	}
	return (NULL);
}

static void
work_note_set(struct wcase *w, uint32_t slot, const char *opinion,
    int dirty)
{
	struct wnote	*n;

	if ((n = work_note_of(w, slot)) == NULL) {
		w->notes = xreallocarray(w->notes, w->nnotes + 1,
		    sizeof *w->notes);
		n = &w->notes[w->nnotes++];
		n->slot = slot;
		n->opinion = NULL;
	}
	free(n->opinion);
	n->opinion = xstrdup(opinion);
	n->dirty = dirty;
}

/* The case's opinions, keeping those written here and not yet sent. */
static void
work_notes_load(struct wcase *w)
{
	const Banshi__V1__MaterialNote	*mn;
	struct wnote			*n;
	size_t				 i, j;

	for (i = j = 0; i < w->nnotes; i++) {
		if (w->notes[i].dirty)
			w->notes[j++] = w->notes[i];
		else
			free(w->notes[i].opinion);
	}
	w->nnotes = j;
	for (i = 0; i < w->c->n_notes; i++) {
		mn = w->c->notes[i];
		if ((n = work_note_of(w, mn->slot)) != NULL && n->dirty)
			continue;
		work_note_set(w, mn->slot, mn->opinion, 0);
	}
}

static void
work_notes_sent(struct wcase *w)
{
	size_t	i;

	for (i = 0; i < w->nnotes; i++)
		w->notes[i].dirty = 0;
}

/* Take a copy of the case (c may borrow from the one held). */
static void
work_take(struct screen *s, const Banshi__V1__Case *c)
{
	struct wcase		*w = s->data;
	Banshi__V1__Case	*copy;

	copy = filing_copy(c);
	filing_free(w->c);
	w->c = copy;
	work_notes_load(w);
	work_mats_build(w);
	w->doc_tab = -1;
	work_fetch_item(s);
	work_name_regions(s);
}

/* The case as the server sent it whole: its history is read again. */
static void
work_take_case(struct screen *s, const Banshi__V1__Case *c)
{
	struct wcase	*w = s->data;

	work_take(s, c);
	hist_stale(&w->hist);
	if (w->tab == TAB_HIST)
		hist_want(&w->hist, s);
}

/* What an action of ours changed, onto the case held. */
static void
work_take_change(struct screen *s, const Banshi__V1__CaseChange *ch)
{
	struct wcase		*w = s->data;
	Banshi__V1__Case	 c = *w->c;
	Banshi__V1__CaseSummary	 sum = *w->c->summary;

	sum.status = ch->status;
	c.summary = &sum;
	c.version = ch->version;
	c.step = ch->step;
	c.post = ch->post;
	c.clock = ch->clock;
	c.claimed_by = ch->claimed_by;
	c.claimed_by_me = ch->claimed_by_me;
	c.issue_phase = ch->issue_phase;
	c.supplement = ch->supplement;
	c.n_supplement = ch->n_supplement;
	c.certificate_number = ch->certificate_number;
	c.waybill = ch->waybill;
	c.notes = ch->notes;
	c.n_notes = ch->n_notes;
	work_take(s, &c);
	hist_append(&w->hist, ch->event);
}

/* ---- keys --------------------------------------------------------------- */

static void
work_back(struct screen *s)
{
	screen_pop(s);
}

static void
work_refresh(struct screen *s)
{
	work_fetch(s, 0);
}

static void
work_set_tab(struct screen *s, int tab)
{
	struct wcase	*w = s->data;

	w->tab = (tab + WORK_NTABS) % WORK_NTABS;
	if (w->tab == TAB_HIST)
		hist_want(&w->hist, s);
}

static void
work_tab_app(struct screen *s)
{
	work_set_tab(s, TAB_APP);
}

static void
work_tab_mats(struct screen *s)
{
	work_set_tab(s, TAB_MATS);
}

static void
work_tab_hist(struct screen *s)
{
	work_set_tab(s, TAB_HIST);
}

static void
work_tab_clock(struct screen *s)
{
	work_set_tab(s, TAB_CLOCK);
}

static void
work_tab_next(struct screen *s)
{
	work_set_tab(s, ((struct wcase *)s->data)->tab + 1);
}

static void
work_tab_prev(struct screen *s)
{
	work_set_tab(s, ((struct wcase *)s->data)->tab - 1);
}

/* Up and down: the material on the materials tab, else scroll. */
static void
work_move(struct screen *s, int delta)
{
	struct wcase	*w = s->data;

	if (w->tab == TAB_MATS) {
		w->mlist.n = (int)w->nmats;
		ui_list_move(&w->mlist, delta);
	} else
		doc_scroll(&w->doc, delta, w->dh);
}

static void
work_up(struct screen *s)
{
	work_move(s, -1);
}

static void
work_down(struct screen *s)
{
	work_move(s, 1);
}

static void
work_page_up(struct screen *s)
{
	struct wcase	*w = s->data;

	work_move(s, -(w->tab == TAB_MATS ? w->mrows : w->dh - 1));
}

static void
work_page_down(struct screen *s)
{
	struct wcase	*w = s->data;

	work_move(s, w->tab == TAB_MATS ? w->mrows : w->dh - 1);
}

static void
work_home(struct screen *s)
{
	work_move(s, -100000);
}

static void
work_end(struct screen *s)
{
	work_move(s, 100000);
}

static void
work_note_done(struct screen *s, const char *text, long slot)
{
	struct wcase	*w = s->data;

	work_note_set(w, (uint32_t)slot, text, 1);
	ui_message("%s", _("The opinion is sent with the next action"));
}

/* F8: the review opinion on the selected material. */
static void
work_note(struct screen *s)
{
	struct wcase		*w = s->data;
	const struct wmat	*m = work_selected_mat(w);
	struct wnote		*n;
	struct dialog_arg	 a;
	char			*title;

	if (m == NULL)
		return;
	n = work_note_of(w, m->key);
	xasprintf(&title, _("Opinion: %s"), m->name);
	memset(&a, 0, sizeof a);
	a.owner = s;
	a.title = title;
	a.text = _("Review opinion");
	a.num = (long)m->key;
	a.value = n != NULL ? n->opinion : NULL;
	a.done = work_note_done;
	dialog_prompt(&a);
	free(title);
}

/* ---- the viewer --------------------------------------------------------- */

static void
work_file_reset(struct wfile *f)
{
	if (f->fd != -1)
		close(f->fd);
	f->fd = -1;
	free(f->path);
	free(f->name);
	filing_free(f->ref);
	f->path = f->name = NULL;
	f->ref = NULL;
	f->pending = 0;
	f->lost = 0;
	f->offset = 0;
}

static void
work_file_read(struct screen *s)
{
	Banshi__V1__ClientMessage	 msg = BANSHI__V1__CLIENT_MESSAGE__INIT;
	Banshi__V1__ReadFile		 rf = BANSHI__V1__READ_FILE__INIT;
	struct wcase			*w = s->data;

	rf.serial = w->serial;
	rf.hash = w->file.ref->hash;
	rf.offset = w->file.offset;
	rf.length = WORK_CHUNK;
	msg.body_case = BANSHI__V1__CLIENT_MESSAGE__BODY_READ_FILE;
	msg.read_file = &rf;
	w->file.lost = 0;
	if ((w->file.pending = tui_call(s, &msg, 0)) == 0)
		w->file.lost = 1;
}

/* Where no viewer runs: what the client knows of the file. */
static void
work_file_info_message(const char *why, const Banshi__V1__FileRef *f)
{
	char	info[256];

	work_file_info(info, sizeof info, f);
	ui_error(_("%s. The file: %s"), why, info);
}

/* F9: read the selected material whole, then start the viewer on it. */
static void
work_view(struct screen *s)
{
	struct wcase		*w = s->data;
	const struct wmat	*m = work_selected_mat(w);
	char			 why[256];

	if (m == NULL || m->am == NULL || m->am->file == NULL ||
	    w->file.pending != 0)
		return;
	if (!work_viewer_usable(why, sizeof why)) {
		work_file_info_message(why, m->am->file);
		return;
	}
	work_file_reset(&w->file);
	if ((w->file.fd = work_temp_file(m->am->file->type,
	    &w->file.path)) == -1) {
		ui_error(_("Cannot make a temporary file: %s"),
		    strerror(errno));
		return;
	}
	w->file.ref = filing_copy(m->am->file);
	w->file.name = xstrdup(m->name);
	crypto_generichash_init(&w->file.st, NULL, 0, 32);
	work_file_read(s);
	ui_message(_("Reading %s..."), w->file.name);
}

static int
work_write_all(int fd, const uint8_t *p, size_t n)
{
	ssize_t	k;

	while (n > 0) {
		if ((k = write(fd, p, n)) == -1) {
			if (errno == EINTR)
				continue;
			return (-1);
		}
		p += k;
		n -= (size_t)k;
	}
	return (0);
}

/* The whole file is here: check it against its hash, show it. */
static void
work_file_done(struct wcase *w)
{
	uint8_t	sum[32];
	char	why[256];

	crypto_generichash_final(&w->file.st, sum, sizeof sum);
	close(w->file.fd);
	w->file.fd = -1;
	if (w->file.ref->hash.len != sizeof sum ||
	    memcmp(sum, w->file.ref->hash.data, sizeof sum) != 0) {
		unlink(w->file.path);
		ui_error(_("%s: what arrived does not match its BLAKE2b hash"),
		    w->file.name);
	} else if (work_viewer_run(w->file.path) == -1) {
		snprintf(why, sizeof why, _("The viewer %s did not start: %s"),
		    tui.config.viewer, strerror(errno));
		work_file_info_message(why, w->file.ref);
	} else
		ui_message(_("Opened %s in the viewer"), w->file.name);
	work_file_reset(&w->file);
}

static void
work_file_reply(struct screen *s, const Banshi__V1__Reply *r)
{
	struct wcase			*w = s->data;
	const Banshi__V1__FileChunk	*fc;
	char				 buf[512];

	w->file.pending = 0;
	if (r == NULL) {
		w->file.lost = 1;	/* read on from here on reconnecting */
		return;
	}
	if (status_code(r) != CODE(OK) ||
	    r->body_case != BANSHI__V1__REPLY__BODY_FILE) {
		status_text(r, buf, sizeof buf);
		ui_error("%s: %s", w->file.name, buf);
		unlink(w->file.path);
		work_file_reset(&w->file);
		return;
	}
	fc = r->file;
	if (fc->offset != w->file.offset || (fc->data.len == 0 &&
	    w->file.offset < fc->size) || work_write_all(w->file.fd,
	    fc->data.data, fc->data.len) == -1) {
		ui_error(_("%s: the file could not be read whole"),
		    w->file.name);
		unlink(w->file.path);
		work_file_reset(&w->file);
		return;
	}
	crypto_generichash_update(&w->file.st, fc->data.data, fc->data.len);
	w->file.offset += fc->data.len;
	if (w->file.offset < fc->size) {
		ui_message(_("Reading %s: %d%%"), w->file.name,
		    (int)(w->file.offset * 100 / fc->size));
		work_file_read(s);
		return;
	}
	work_file_done(w);
}

/* ---- actions ------------------------------------------------------------ */

static void
work_sent(struct screen *s)
{
	((struct wcase *)s->data)->acting = 1;
}

/* "由 张伟 办理中" from the server's "being handled by 张伟". */
static int
work_holder_text(char *buf, size_t len, const Banshi__V1__Reply *r)
{
	static const char	 prefix[] = "being handled by ";
	char			*name;

	if (r->status == NULL || r->status->message == NULL ||
	    strncmp(r->status->message, prefix, sizeof prefix - 1) != 0)
		return (0);
	name = catalog_safe(r->status->message + sizeof prefix - 1);
	snprintf(buf, len, _("Being handled by %s"), name);
	free(name);
	return (1);
}

/* Prereview passed: who may handle it; the user goes on if one of them. */
static int
work_handlers(struct screen *s, const struct act_def *d,
    const Banshi__V1__CaseActionReply *ar)
{
	char	*names = xstrdup(""), *next, *name;
	size_t	 i;
	int	 me = 0;

	for (i = 0; i < ar->n_handlers; i++) {
		name = catalog_safe(ar->handlers[i]->display_name);
		xasprintf(&next, "%s%s%s", names, i > 0 ? _(", ") : "", name);
		free(name);
		free(names);
		names = next;
		if (tui.user != NULL && strcmp(ar->handlers[i]->login,
		    tui.user->login) == 0)
			me = 1;
	}
	if (me)
		ui_message(_("%s; the handling has started and you go on with "
		    "it"), _(d->done));
	else if (ar->n_handlers > 0)
		ui_message(_("%s; the handling has started; it may be handled "
		    "by: %s"), _(d->done), names);
	else
		ui_message(_("%s; the handling has started, but nobody in the "
		    "community holds the handling post yet"), _(d->done));
	free(names);
	return (me);
}

/* Say where the case went; 1 when it left this step (back to the list). */
static int
work_say_done(struct screen *s, const struct act_def *d, int old_step)
{
	struct wcase			*w = s->data;
	const Banshi__V1__Case		*c = w->c;
	char				 where[256];

	if (c->summary != NULL && c->summary->status == CS(SUPPLEMENT)) {
		ui_message(_("%s; the case went back to the filing counter"),
		    _(d->done));
		return (1);
	}
	if (c->step == 0) {
		if (c->summary != NULL && c->summary->status == CS(DONE))
			ui_message("%s", _(d->done));
		else
			ui_message(_("%s; the case has ended"), _(d->done));
		return (1);
	}
	if ((int)c->step != old_step) {
		work_where(where, sizeof where, (int)c->step, (int)c->post);
		ui_message(d->to == ACT_TO_BACK ? _("%s; the case went back "
		    "to %s") : _("%s; the case is now at %s"), _(d->done),
		    where);
		return (1);
	}
	if (d->kind == K(EXTEND) && c->clock != NULL &&
	    *c->clock->accepted_on != '\0')
		ui_message(_("%s; the deadline is now %s"), _(d->done),
		    c->clock->deadline);
	else
		ui_message("%s", _(d->done));
	return (0);
}

/* The answer to an action (NULL: the box was closed before it came). */
static void
work_acted(struct screen *s, const struct act_def *d,
    const Banshi__V1__Reply *r)
{
	struct wcase			*w = s->data;
	const Banshi__V1__CaseActionReply *ar = NULL;
	char				 buf[512];
	int				 old_step = w->c != NULL ?
					    (int)w->c->step : 0;

	w->acting = 0;
	if (r != NULL && r->body_case == BANSHI__V1__REPLY__BODY_ACTION)
		ar = r->action;
	if (r == NULL) {
		work_fetch(s, 0);
		return;
	}
	if (status_code(r) == CODE(OK) && ar != NULL && ar->change != NULL &&
	    w->c != NULL) {
		work_notes_sent(w);
		work_take_change(s, ar->change);
		if (d->kind == K(PREREVIEW_PASS) && work_handlers(s, d, ar)) {
			work_fetch(s, 1);	/* straight into handling */
			return;
		}
		if (d->kind == K(PREREVIEW_PASS) ||
		    work_say_done(s, d, old_step)) {
			screen_pop(s);
			return;
		}
	} else if (status_code(r) == CODE(CONFLICT)) {
		if (ar != NULL && ar->case_detail != NULL)
			work_take_case(s, ar->case_detail);
		else
			work_fetch(s, 0);
		ui_error("%s", _("Someone else has dealt with the case; it was "
		    "reloaded"));
		return;
	} else {
		if (!work_holder_text(buf, sizeof buf, r))
			status_text(r, buf, sizeof buf);
		ui_error("%s", buf);
		work_fetch(s, 0);
		return;
	}
	if (w->c != NULL && w->pushed > w->c->version) {
		w->say_changed = 1;
		work_fetch(s, 0);
	}
	w->pushed = 0;
}

/* Open the dialog of action kind, with the opinions written so far. */
static void
work_act(struct screen *s, int kind)
{
	struct wcase			*w = s->data;
	struct act_arg			 a;
	Banshi__V1__MaterialNote	*notes, **ptrs;
	size_t				 i, n = 0;

	if (w->c == NULL)
		return;
	notes = xcalloc(w->nnotes + 1, sizeof *notes);
	ptrs = xcalloc(w->nnotes + 1, sizeof *ptrs);
	for (i = 0; i < w->nnotes; i++) {
		if (w->notes[i].opinion == NULL || *w->notes[i].opinion == '\0')
			continue;
		banshi__v1__material_note__init(&notes[n]);
		notes[n].slot = w->notes[i].slot;
		notes[n].opinion = w->notes[i].opinion;
		ptrs[n] = &notes[n];
		n++;
	}
	memset(&a, 0, sizeof a);
	a.owner = s;
	a.c = w->c;
	a.item = w->item;
	a.kind = kind;
	a.notes = ptrs;
	a.nnotes = n;
	a.sent = work_sent;
	a.done = work_acted;
	act_open(&a);
	free(ptrs);
	free(notes);
}

static void
work_release(struct screen *s)
{
	Banshi__V1__ClientMessage	 msg = BANSHI__V1__CLIENT_MESSAGE__INIT;
	Banshi__V1__ReleaseCase		 rc = BANSHI__V1__RELEASE_CASE__INIT;
	struct wcase			*w = s->data;

	if (w->release.id != 0)
		return;
	if (!w->release.lost)
		work_call_done(&w->release);
	rc.serial = w->serial;
	msg.body_case = BANSHI__V1__CLIENT_MESSAGE__BODY_RELEASE_CASE;
	msg.release_case = &rc;
	if (work_call_send(s, &w->release, &msg) == 0)
		w->release.lost = 1;
}

#define WORK_RELEASE	(-1)	/* the menu entry that releases the claim */

static void
work_special_chosen(struct screen *s, long tag, int i)
{
	struct wcase	*w = s->data;

	if (i < 0 || i >= WORK_MENU_MAX || w->c == NULL)
		return;
	if (w->menu[i] == WORK_RELEASE)
		work_release(s);
	else if (w->menu[i] != 0)
		work_act(s, w->menu[i]);
}

/* F7: the special operations (暂停/恢复计时, 延期, 异常终止, 撤回). */
static void
work_special(struct screen *s)
{
	struct wcase		*w = s->data;
	struct pick_arg		 p;
	const char		*items[WORK_MENU_MAX];
	size_t			 n = 0, i;
	const Banshi__V1__Case	*c = w->c;

	if (c == NULL)
		return;
	memset(w->menu, 0, sizeof w->menu);
	w->menu[n++] = c->clock != NULL && c->clock->paused ? K(RESUME) :
	    K(PAUSE);
	w->menu[n++] = K(EXTEND);
	w->menu[n++] = K(TERMINATE);
	w->menu[n++] = K(WITHDRAW);
	for (i = 0; i < n; i++)
		items[i] = _(act_find(w->menu[i])->title);
	if (work_has_post(BANSHI__V1__POST__POST_SUPERVISOR) &&
	    c->claimed_by != NULL && *c->claimed_by != '\0') {
		w->menu[n] = WORK_RELEASE;
		items[n++] = _("Release the claim");
	}
	memset(&p, 0, sizeof p);
	p.owner = s;
	p.title = _("Special operations");
	p.items = items;
	p.n = n;
	p.current = 0;
	p.done = work_special_chosen;
	pick_open(&p);
}

/* ---- replies and pushes ------------------------------------------------- */

static void
work_open_reply(struct screen *s, const Banshi__V1__Reply *r)
{
	struct wcase	*w = s->data;
	char		 buf[512], *name;

	if (r == NULL) {
		w->open.lost = 1;	/* sent again on reconnecting */
		return;
	}
	work_call_done(&w->open);
	if (status_code(r) != CODE(OK)) {
		status_text(r, buf, sizeof buf);
		ui_error("%s", buf);
		return;
	}
	if (r->body_case != BANSHI__V1__REPLY__BODY_CASE_DETAIL ||
	    r->case_detail->summary == NULL) {
		ui_error("%s", _("The server gave an unexpected answer"));
		return;
	}
	work_take_case(s, r->case_detail);
	if (w->say_changed)
		ui_message("%s", _("The case has changed; it was reloaded"));
	else if (w->claim && *w->c->claimed_by != '\0' &&
	    !w->c->claimed_by_me) {
		name = catalog_safe(w->c->claimed_by);
		ui_message(_("Being handled by %s: you may look, not act"),
		    name);
		free(name);
	}
	w->say_changed = 0;
	w->claim = 0;
}

static void
work_release_reply(struct screen *s, const Banshi__V1__Reply *r)
{
	struct wcase	*w = s->data;
	char		 buf[512];

	if (r == NULL) {
		w->release.lost = 1;
		return;
	}
	work_call_done(&w->release);
	if (status_code(r) != CODE(OK) ||
	    r->body_case != BANSHI__V1__REPLY__BODY_CASE_DETAIL) {
		status_text(r, buf, sizeof buf);
		ui_error("%s", buf);
		return;
	}
	work_take_case(s, r->case_detail);
	ui_message("%s", _("The claim was released; anyone at the step may "
	    "take the case"));
}

static void
work_reply(struct screen *s, uint32_t id, const Banshi__V1__Reply *r)
{
	struct wcase	*w = s->data;

	if (id == 0)
		return;
	if (hist_reply(&w->hist, s, id, r)) {
		w->doc_tab = -1;
		return;
	}
	if (id == w->open.id) {
		w->open.id = 0;
		work_open_reply(s, r);
	} else if (id == w->release.id) {
		w->release.id = 0;
		work_release_reply(s, r);
	} else if (id == w->file.pending)
		work_file_reply(s, r);
	else if (id == w->item_pending) {
		w->item_pending = 0;
		if (r != NULL && status_code(r) == CODE(OK) &&
		    r->body_case == BANSHI__V1__REPLY__BODY_ITEM) {
			w->item = filing_copy(r->item);
			work_mats_build(w);
			w->doc_tab = -1;
			work_name_regions(s);
		}
	} else if (id == w->naming) {
		w->naming = 0;
		if (r != NULL &&
		    r->body_case == BANSHI__V1__REPLY__BODY_REGIONS) {
			region_learn(r->regions);
			w->doc_tab = -1;
			work_name_regions(s);
		}
	}
}

/* The case changed on the server: load it again and say so. */
static void
work_event(struct screen *s, const Banshi__V1__Event *ev)
{
	struct wcase			*w = s->data;
	const Banshi__V1__CaseChanged	*cc = ev->case_changed;

	if (ev->body_case != BANSHI__V1__EVENT__BODY_CASE_CHANGED ||
	    cc == NULL || strcmp(cc->serial, w->serial) != 0)
		return;
	if (w->acting) {
		if (cc->version > w->pushed)
			w->pushed = cc->version;
		return;
	}
	if (w->c != NULL && cc->version <= w->c->version)
		return;
	w->say_changed = 1;
	work_fetch(s, 0);
}

static void
work_connected(struct screen *s)
{
	struct wcase	*w = s->data;

	/* Pushes may have been missed meanwhile: load it again. */
	work_fetch(s, w->claim);
	if (w->release.lost)
		work_release(s);
	if (w->file.lost)
		work_file_read(s);
	work_fetch_item(s);
}


/* ---- the tabs ----------------------------------------------------------- */

/* 办件信息: serial, item, department, state, step, holder, numbers. */
static void
work_doc_summary(struct doc *d, const Banshi__V1__Case *c)
{
	static const char *const labels[] = {
		N_("Serial number"), N_("Item"), N_("Department"), N_("State"),
		N_("Submitted"), N_("Current step"), N_("Handled by"),
		N_("Certificate number"), N_("Waybill number"),
	};
	char	buf[256], *name;
	int	lw = ui_label_width(labels, nitems(labels));

	doc_heading(d, _("Case"));
	doc_row(d, WORK_INDENT, lw, _("Serial number"), c->summary->serial);
	doc_row(d, WORK_INDENT, lw, _("Item"), c->summary->item_name);
	doc_row(d, WORK_INDENT, lw, _("Department"),
	    c->summary->department_name);
	doc_row(d, WORK_INDENT, lw, _("State"),
	    filing_case_status((int)c->summary->status));
	filing_time(buf, sizeof buf, c->summary->submitted_at);
	doc_row(d, WORK_INDENT, lw, _("Submitted"), buf);
	if (c->step != 0) {
		work_where(buf, sizeof buf, (int)c->step, (int)c->post);
		doc_row(d, WORK_INDENT, lw, _("Current step"), buf);
	}
	if (*c->claimed_by != '\0') {
		name = catalog_safe(c->claimed_by);
		snprintf(buf, sizeof buf, c->claimed_by_me ? _("Taken by you") :
		    _("Being handled by %s"), name);
		free(name);
		doc_row(d, WORK_INDENT, lw, _("Handled by"), buf);
	}
	if (*c->certificate_number != '\0')
		doc_row(d, WORK_INDENT, lw, _("Certificate number"),
		    c->certificate_number);
	if (*c->waybill != '\0')
		doc_row(d, WORK_INDENT, lw, _("Waybill number"), c->waybill);
}





/* 办理时限: the working-day clock. */
static void
work_doc_clock(struct doc *d, const Banshi__V1__Case *c)
{
	static const char *const labels[] = {
		N_("Accepted on"), N_("Deadline"), N_("Remaining"),
		N_("Card"), N_("Promised limit"), N_("Legal limit"),
		N_("Days paused"), N_("Days added"), N_("Clock"),
	};
	const Banshi__V1__CaseClock	*k = c->clock;
	char				 buf[128], text[96];
	int				 lw = ui_label_width(labels,
					    nitems(labels));

	doc_heading(d, _("Time limits"));
	if (k == NULL)
		return;
	doc_row(d, WORK_INDENT, lw, _("Accepted on"), *k->accepted_on != '\0' ?
	    k->accepted_on : _("Not accepted yet"));
	doc_row(d, WORK_INDENT, lw, _("Deadline"), *k->accepted_on != '\0' ?
	    k->deadline : _("Counted from acceptance"));
	work_clock_text(text, sizeof text, k);
	snprintf(buf, sizeof buf, "%s %s", text, work_clock_mark(k));
	doc_row(d, WORK_INDENT, lw, _("Remaining"), buf);
	d->lines[d->n - 1].attr = work_clock_attr(k);
	doc_row(d, WORK_INDENT, lw, _("Card"), work_level_text(k));
	d->lines[d->n - 1].attr = work_clock_attr(k);
	catalog_days(buf, sizeof buf, k->promised_days);
	doc_row(d, WORK_INDENT, lw, _("Promised limit"), buf);
	catalog_days(buf, sizeof buf, k->legal_days);
	doc_row(d, WORK_INDENT, lw, _("Legal limit"), buf);
	catalog_days(buf, sizeof buf, k->paused_days);
	doc_row(d, WORK_INDENT, lw, _("Days paused"), buf);
	catalog_days(buf, sizeof buf, k->extension_days);
	doc_row(d, WORK_INDENT, lw, _("Days added"), buf);
	doc_row(d, WORK_INDENT, lw, _("Clock"), k->paused ?
	    _("Paused: the days do not count") : *k->accepted_on == '\0' ?
	    _("Starts at acceptance") : _("Running"));
	doc_blank(d);
	doc_text(d, WORK_INDENT, _("Working days: weekends and public "
	    "holidays do not count, the official make-up days do; the "
	    "acceptance day itself is not counted."), ui_attr(UI_ATTR_DIM));
}

static void
work_build(struct wcase *w, int width)
{
	struct doc	*d = &w->doc;

	doc_clear(d, width);
	d->top = 0;
	switch (w->tab) {
	case TAB_APP:
		work_doc_summary(d, w->c);
		case_doc_applicant(d, w->c->applicant);
		case_doc_fields(d, w->item, w->c);
		case_doc_pickup(d, w->c);
		break;
	case TAB_HIST:
		case_doc_history(d, &w->hist);
		break;
	case TAB_CLOCK:
		work_doc_clock(d, w->c);
		break;
	}
	w->doc_tab = w->tab;
}

/* The state of a material and the opinion on it, two lines a material. */
static void
work_draw_mats(struct wcase *w, int y, int x, int width, int h)
{
	const struct wmat	*m;
	const struct wnote	*n;
	char			 state[512], line[1024], *op;
	int			 i, sel, nw = width * 2 / 5;
	size_t			 j;
	attr_t			 attr;

	w->mrows = (h - 2) / 2 > 1 ? (h - 2) / 2 : 1;
	w->mlist.n = (int)w->nmats;
	ui_list_show(&w->mlist, w->mrows);
	if (w->nmats == 0)
		ui_put(y, x, _("No materials"), width, ui_attr(UI_ATTR_DIM));
	for (i = 0; i < w->mrows && w->mlist.top + i < (int)w->nmats; i++) {
		m = &w->mats[w->mlist.top + i];
		sel = w->mlist.top + i == w->mlist.sel;
		attr = sel ? ui_attr(UI_ATTR_FOCUS) : A_NORMAL;
		ui_select_bar(y + 2 * i, x - 2, width + 2, sel);
		ui_put(y + 2 * i, x, m->name, nw, attr);
		filing_material_state(state, sizeof state, m->am);
		if (m->am == NULL && m->required)
			snprintf(state, sizeof state, "%s", _("Not handed in "
			    "(required)"));
		ui_put(y + 2 * i, x + nw + 2, state, width - nw - 2, attr);
		n = work_note_of(w, m->key);
		op = catalog_safe(n != NULL ? n->opinion : "");
		snprintf(line, sizeof line, _("Opinion: %s%s"), *op != '\0' ?
		    op : _("(none)"), n != NULL && n->dirty ?
		    _("  (not sent yet)") : "");
		free(op);
		for (j = 0; w->c != NULL && j < w->c->n_supplement; j++) {
			if (w->c->supplement[j] == m->key) {
				strncat(line, _("  [asked to hand in again]"),
				    sizeof line - strlen(line) - 1);
				break;
			}
		}
		ui_put(y + 2 * i + 1, x + 4, line, width - 4, n != NULL &&
		    *n->opinion != '\0' ? A_NORMAL : ui_attr(UI_ATTR_DIM));
	}
	if ((m = work_selected_mat(w)) != NULL && m->am != NULL &&
	    m->am->file != NULL) {
		work_file_info(line, sizeof line, m->am->file);
		ui_put(y + h - 1, x, line, width, ui_attr(UI_ATTR_DIM));
	}
}

static void
work_draw_tabs(struct wcase *w, int y, int x, int width)
{
	char	buf[128];
	int	i, used = 0;
	attr_t	attr;

	for (i = 0; i < WORK_NTABS && used < width; i++) {
		snprintf(buf, sizeof buf, i == w->tab ? "[%d %s]" : " %d %s ",
		    i + 1, _(work_tabs[i]));
		attr = i == w->tab ? ui_attr(UI_ATTR_FOCUS) | A_BOLD : A_NORMAL;
		used += ui_put(y, x + used, buf, width - used, attr) + 2;
	}
}

/* Two lines above the tabs: the item and applicant; the step and clock. */
static void
work_draw_head(struct wcase *w, int y, int x, int width)
{
	const Banshi__V1__Case	*c = w->c;
	char			 buf[512], where[128], limit[96], *item, *app;
	char			*holder = NULL, *name;
	int			 used;

	item = catalog_safe(c->summary->item_name);
	app = catalog_safe(c->summary->applicant_name);
	snprintf(buf, sizeof buf, _("%s    Applicant: %s"), item, app);
	ui_put(y, x, buf, width, A_BOLD);
	free(item);
	free(app);
	if (c->step != 0)
		work_where(where, sizeof where, (int)c->step, (int)c->post);
	else
		snprintf(where, sizeof where, "%s", _("none (closed)"));
	snprintf(buf, sizeof buf, _("Step: %s    State: %s    "), where,
	    filing_case_status((int)c->summary->status));
	used = ui_put(y + 1, x, buf, width, A_NORMAL);
	work_clock_text(limit, sizeof limit, c->clock);
	snprintf(buf, sizeof buf, "%s %s", limit, work_clock_mark(c->clock));
	used += ui_put(y + 1, x + used, buf, width - used,
	    work_clock_attr(c->clock)) + 4;
	if (*c->claimed_by != '\0') {
		name = catalog_safe(c->claimed_by);
		if (c->claimed_by_me)
			holder = xstrdup(_("Taken by you"));
		else
			xasprintf(&holder, _("Being handled by %s"), name);
		free(name);
		ui_put(y + 1, x + used, holder, width - used, c->claimed_by_me ?
		    A_NORMAL : ui_attr(UI_ATTR_WARN));
		free(holder);
	}
}

static void
work_draw(struct screen *s)
{
	struct wcase	*w = s->data;
	char		 title[256], *serial;
	int		 y = ui_top(), h = ui_bottom() - ui_top() + 1;

	serial = text_sanitize(w->serial);
	snprintf(title, sizeof title, _("Case %s"), serial);
	free(serial);
	ui_box(y, 0, h, COLS, title);
	if (w->c == NULL) {
		ui_put(y + 2, 3, w->open.id != 0 ? _("Loading...") :
		    _("Not loaded; press F5 to try again"), COLS - 6,
		    ui_attr(UI_ATTR_DIM));
		return;
	}
	work_draw_head(w, y + 1, 3, COLS - 6);
	work_draw_tabs(w, y + 3, 2, COLS - 4);
	ui_box_rule(y + 4, 0, COLS);
	w->dh = h - 6;
	if (w->tab == TAB_MATS) {
		work_draw_mats(w, y + 5, 3, COLS - 6, w->dh);
		return;
	}
	if (w->doc.width != COLS - 6 || w->doc_tab != w->tab)
		work_build(w, COLS - 6);
	doc_draw(&w->doc, y + 5, 3, w->dh);
}

static void
work_free(struct screen *s)
{
	struct wcase	*w = s->data;
	size_t		 i;

	if (w->file.path != NULL && w->file.fd != -1)
		unlink(w->file.path);
	work_file_reset(&w->file);
	for (i = 0; i < w->nnotes; i++)
		free(w->notes[i].opinion);
	free(w->notes);
	work_mats_free(w);
	doc_free(&w->doc);
	hist_free(&w->hist);
	filing_free(w->c);
	filing_free(w->item);
	free(w->serial);
	free(w);
}

const struct screen_type screen_work_type = {
	.name = "work",
	.title = N_("Case handling"),
	.keys = work_keys,
	.init = work_init,
	.draw = work_draw,
	.reply = work_reply,
	.event = work_event,
	.free = work_free,
	.valid = work_valid,
	.connected = work_connected,
};

/*
 * The materials of an application (申报材料): one row per material of the
 * catalogue and per extra one, with its state (已完成, 电子证照, 未上传);
 * upload, delete, add an extra material, the 容缺 commitment, and F2 完成
 * to submit.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"
#include "tui.h"
#include "xmalloc.h"

#define CODE(c)		BANSHI__V1__STATUS_CODE__STATUS_##c
#define MAT_NAME_MAX	30	/* columns of the name column, at most */
#define MAT_FORMATS_MAX	24
#define MAT_STATE_MIN	36	/* the state column gets this much first */
#define MAT_EXTRA_MAX	40	/* characters of an extra material's name */

enum mat_call {
	MAT_NONE,
	MAT_REMOVE,
	MAT_COMMIT,
	MAT_RELOAD,
	MAT_SUBMIT
};

struct mat {
	struct app	*app;		/* the form's */
	uint64_t	 form;		/* the form screen */
	struct ui_list	 list;
	int		 shown;		/* list rows on screen */
	uint32_t	 pending;
	enum mat_call	 what;
	uint8_t		 submit_key[FILING_KEY_LEN];
	int		 submitting;	/* a submit awaits its answer */
	uint64_t	 submit_version;
	int		 error_row;	/* the row error is about, or -1 */
	char		*error;
};

static void	mat_submit(struct screen *);
static void	mat_back(struct screen *);
static void	mat_upload(struct screen *);
static void	mat_refresh(struct screen *);
static void	mat_add(struct screen *);
static void	mat_commit(struct screen *);
static void	mat_delete(struct screen *);
static void	mat_up(struct screen *);
static void	mat_down(struct screen *);
static void	mat_home(struct screen *);
static void	mat_end(struct screen *);

static const struct ui_key mat_keys[] = {
	{ 1, 0, N_("Help"), N_("Show the keys of this screen"), ui_help },
	{ 2, 0, N_("Finish"), N_("Submit the application (完成)"),
	    mat_submit },
	{ 3, 0, N_("Back"), N_("Back to the application form"), mat_back },
	{ 4, 0, N_("Upload"), N_("Upload a file for the selected material"),
	    mat_upload },
	{ 5, 0, N_("Refresh"), N_("Load the draft again from the server"),
	    mat_refresh },
	{ 6, 0, N_("Add material"), N_("Add an extra material: name it, "
	    "then choose its file"), mat_add },
	{ 7, 0, N_("Commitment"), N_("Tick or untick the applicant's "
	    "commitment to hand in missing secondary materials (容缺)"),
	    mat_commit },
	{ 8, 0, N_("Delete"), N_("Delete the selected material's file, "
	    "after asking"), mat_delete },
	{ 10, 0, N_("Quit"), N_("Quit banshi"), ui_quit },
	{ 0, KEY_UP, NULL, N_("Previous material"), mat_up },
	{ 0, KEY_DOWN, NULL, N_("Next material"), mat_down },
	{ 0, KEY_HOME, NULL, N_("First material"), mat_home },
	{ 0, KEY_END, NULL, N_("Last material"), mat_end },
	{ 0, '\n', NULL, NULL, mat_upload },
	{ 0, KEY_ENTER, NULL, NULL, mat_upload },
	{ 0, KEY_DC, NULL, NULL, mat_delete },
	{ 0, 27, NULL, NULL, mat_back },
	{ 0, 'u', NULL, NULL, mat_upload },
	{ 0, 'a', NULL, NULL, mat_add },
	{ 0, 'c', NULL, NULL, mat_commit },
	{ 0, 'd', NULL, NULL, mat_delete },
	{ 0, 'r', NULL, NULL, mat_refresh },
	{ 0, '?', NULL, NULL, ui_help },
	{ 0, 'q', NULL, NULL, ui_quit },
	{ 0, 'X' - '@', NULL, NULL, ui_quit },
	{ 0, 0, NULL, NULL, NULL }
};

/* Rows: the catalogue's materials, then the extras in the draft's order. */
static int
mat_rows(const struct mat *m)
{
	const Banshi__V1__Draft	*d = m->app->draft;
	size_t			 i;
	int			 n = (int)app_guide(m->app)->n_materials;

	for (i = 0; d != NULL && i < d->n_materials; i++)
		n += d->materials[i]->slot < 0;
	return (n);
}

/*
 * The attached material of row, and its index in the draft; NULL when the
 * row's material has none.
 */
static const Banshi__V1__AttachedMaterial *
mat_attached(const struct mat *m, int row, size_t *index)
{
	const Banshi__V1__Draft	*d = m->app->draft;
	size_t			 i;
	int			 nm = (int)app_guide(m->app)->n_materials;

	if (row < nm)
		return (app_slot(m->app, row, index));
	for (i = 0; d != NULL && i < d->n_materials; i++) {
		if (d->materials[i]->slot >= 0 || row-- != nm)
			continue;
		if (index != NULL)
			*index = i;
		return (d->materials[i]);
	}
	return (NULL);
}

static int
mat_valid(struct screen *s, const struct ui_key *k)
{
	struct mat	*m = s->data;

	if (k->fn == mat_upload)
		return (m->list.sel < (int)app_guide(m->app)->n_materials);
	if (k->fn == mat_commit)
		return (app_guide(m->app)->missing_allowed);
	if (k->fn == mat_delete)
		return (mat_attached(m, m->list.sel, NULL) != NULL);
	return (1);
}

/* Open the materials of the application a (the form's) over form. */
void
materials_open(struct screen *form, struct app *a)
{
	struct mat	m;

	memset(&m, 0, sizeof m);
	m.app = a;
	m.form = form->serial;
	screen_push(&screen_materials_type, &m);
}

static void
mat_init(struct screen *s, void *arg)
{
	struct mat	*m;

	m = xmalloc(sizeof *m);
	*m = *(struct mat *)arg;
	m->error_row = -1;
	m->shown = 10;
	m->list.n = mat_rows(m);
	s->data = m;
}

static void
mat_set_error(struct mat *m, int row, const char *msg)
{
	free(m->error);
	m->error = msg != NULL ? xstrdup(msg) : NULL;
	m->error_row = msg != NULL ? row : -1;
}

static void
mat_move(struct screen *s, int delta)
{
	struct mat	*m = s->data;

	m->list.n = mat_rows(m);
	ui_list_move(&m->list, delta);
}

static void
mat_up(struct screen *s)
{
	mat_move(s, -1);
}

static void
mat_down(struct screen *s)
{
	mat_move(s, 1);
}

static void
mat_home(struct screen *s)
{
	mat_move(s, -mat_rows(s->data));
}

static void
mat_end(struct screen *s)
{
	mat_move(s, mat_rows(s->data));
}

static void
mat_back(struct screen *s)
{
	screen_pop(s);
}

/* The formats a material takes, "jpg, png, pdf"; the caller frees. */
static char *
mat_formats(const Banshi__V1__Material *mt)
{
	char	*out = xstrdup(""), *next, *safe;
	size_t	 i;

	for (i = 0; mt != NULL && i < mt->n_formats; i++) {
		safe = catalog_safe(mt->formats[i]);
		xasprintf(&next, "%s%s%s", out, i > 0 ? ", " : "", safe);
		free(safe);
		free(out);
		out = next;
	}
	return (out);
}

/* Choose a file for the selected catalogue material. */
static void
mat_upload(struct screen *s)
{
	struct mat			*m = s->data;
	const Banshi__V1__Guide		*g = app_guide(m->app);
	struct upload_target		 t;
	char				*name, *formats;

	if (m->list.sel >= (int)g->n_materials || m->pending != 0)
		return;
	name = catalog_safe(g->materials[m->list.sel]->name);
	formats = mat_formats(g->materials[m->list.sel]);
	memset(&t, 0, sizeof t);
	t.app = m->app;
	t.slot = m->list.sel;
	t.name = name;
	t.formats = formats;
	files_open(&t);
	free(name);
	free(formats);
}

/* 添加材料 named: now its file. */
static void
mat_add_named(struct screen *s, const char *name, long num)
{
	struct mat		*m = s->data;
	struct upload_target	 t;
	char			*safe;

	if (text_check(name, MAT_EXTRA_MAX, 0) != TEXT_OK) {
		ui_error(_("A material's name has at most %d characters"),
		    MAT_EXTRA_MAX);
		return;
	}
	safe = text_sanitize(name);
	memset(&t, 0, sizeof t);
	t.app = m->app;
	t.slot = -1;
	t.extra_name = name;
	t.name = safe;
	files_open(&t);
	free(safe);
}

static void
mat_add(struct screen *s)
{
	struct dialog_arg	a;

	memset(&a, 0, sizeof a);
	a.owner = s;
	a.title = _("Add material");
	a.text = _("Name of the material");
	a.max = MAT_EXTRA_MAX;
	a.done = mat_add_named;
	dialog_prompt(&a);
}

static void
mat_refresh(struct screen *s)
{
	Banshi__V1__ClientMessage	 msg = BANSHI__V1__CLIENT_MESSAGE__INIT;
	Banshi__V1__GetDraft		 gd = BANSHI__V1__GET_DRAFT__INIT;
	struct mat			*m = s->data;

	if (m->pending != 0 || m->app->draft == NULL)
		return;
	gd.draft_id = m->app->draft->draft_id;
	msg.body_case = BANSHI__V1__CLIENT_MESSAGE__BODY_GET_DRAFT;
	msg.get_draft = &gd;
	if ((m->pending = tui_call(s, &msg, 0)) != 0)
		m->what = MAT_RELOAD;
}

/* The commitment flipped: the rest of the draft stays as it is. */
static void
mat_commit(struct screen *s)
{
	Banshi__V1__ClientMessage	 msg = BANSHI__V1__CLIENT_MESSAGE__INIT;
	Banshi__V1__SaveDraft		 sd = BANSHI__V1__SAVE_DRAFT__INIT;
	struct mat			*m = s->data;
	const Banshi__V1__Draft		*d = m->app->draft;

	if (m->pending != 0 || d == NULL)
		return;
	sd.draft_id = d->draft_id;
	sd.expected_version = d->version;
	sd.fields = d->fields;
	sd.n_fields = d->n_fields;
	sd.missing_commitment = !d->missing_commitment;
	msg.body_case = BANSHI__V1__CLIENT_MESSAGE__BODY_SAVE_DRAFT;
	msg.save_draft = &sd;
	if ((m->pending = tui_call(s, &msg, 1)) != 0)
		m->what = MAT_COMMIT;
}

/* Deletion confirmed: index is into the draft's materials. */
static void
mat_delete_yes(struct screen *s, const char *str, long index)
{
	Banshi__V1__ClientMessage	 msg = BANSHI__V1__CLIENT_MESSAGE__INIT;
	Banshi__V1__RemoveMaterial	 rm = BANSHI__V1__REMOVE_MATERIAL__INIT;
	struct mat			*m = s->data;

	if (m->pending != 0 || m->app->draft == NULL)
		return;
	rm.draft_id = m->app->draft->draft_id;
	rm.expected_version = m->app->draft->version;
	rm.index = (uint32_t)index;
	msg.body_case = BANSHI__V1__CLIENT_MESSAGE__BODY_REMOVE_MATERIAL;
	msg.remove_material = &rm;
	if ((m->pending = tui_call(s, &msg, 1)) != 0)
		m->what = MAT_REMOVE;
}

static void
mat_delete(struct screen *s)
{
	struct mat				*m = s->data;
	const Banshi__V1__AttachedMaterial	*am;
	struct dialog_arg			 a;
	size_t					 index;
	char					*name, *q;

	if (m->pending != 0 ||
	    (am = mat_attached(m, m->list.sel, &index)) == NULL)
		return;
	name = catalog_safe(am->name);
	xasprintf(&q, _("Delete the file of \"%s\" from the application?"),
	    name);
	memset(&a, 0, sizeof a);
	a.owner = s;
	a.title = _("Delete material");
	a.text = q;
	a.yes = _("delete");
	a.num = (long)index;
	a.done = mat_delete_yes;
	dialog_confirm(&a);
	free(q);
	free(name);
}

/* Send the submission: once, or again with the same key after a loss. */
static void
mat_send_submit(struct screen *s)
{
	Banshi__V1__ClientMessage	 msg = BANSHI__V1__CLIENT_MESSAGE__INIT;
	Banshi__V1__SubmitDraft		 sd = BANSHI__V1__SUBMIT_DRAFT__INIT;
	struct mat			*m = s->data;

	sd.draft_id = m->app->draft->draft_id;
	sd.expected_version = m->submit_version;
	msg.body_case = BANSHI__V1__CLIENT_MESSAGE__BODY_SUBMIT_DRAFT;
	msg.submit_draft = &sd;
	filing_use_key(&msg, m->submit_key);
	if ((m->pending = tui_call(s, &msg, 1)) != 0) {
		m->what = MAT_SUBMIT;
		ui_message("%s", _("Submitting..."));
	}
}

static void
mat_submit(struct screen *s)
{
	struct mat	*m = s->data;

	if (m->pending != 0 || m->app->draft == NULL)
		return;		/* a second press changes nothing */
	if (!m->submitting) {
		filing_key(m->submit_key);
		m->submit_version = m->app->draft->version;
		m->submitting = 1;
	}
	mat_set_error(m, -1, NULL);
	mat_send_submit(s);
}

/* Submitted: the success screen over what the form was opened from. */
static void
mat_submitted(struct screen *s, const Banshi__V1__SubmitReply *sr)
{
	struct mat			*m = s->data;
	struct submitted_arg		 a;
	const Banshi__V1__CaseSummary	*sum = sr->summary;
	struct screen			*form;

	memset(&a, 0, sizeof a);
	a.serial = sr->serial;
	a.item_code = m->app->item->summary->code;
	a.item_name = sum != NULL ? sum->item_name : m->app->item_name;
	a.applicant = sum != NULL ? sum->applicant_name : "";
	a.department = sum != NULL ? sum->department_name : "";
	a.status = sum != NULL ? (int)sum->status : 0;
	/* The form owns the strings until it is collected, after this. */
	if ((form = screen_find(m->form)) != NULL)
		screen_pop(form);
	else
		screen_pop(s);
	screen_push(&screen_submitted_type, &a);
}

/* A submission refused for a material: that row says why. */
static void
mat_refused(struct screen *s, const Banshi__V1__Reply *r)
{
	struct mat			*m = s->data;
	const Banshi__V1__Guide		*g = app_guide(m->app);
	const char			*field = status_field(r);
	struct screen			*form;
	unsigned int			 n;
	char				 buf[512], *name;

	if (field != NULL && sscanf(field, "materials.%u", &n) == 1 &&
	    n < g->n_materials) {
		name = catalog_safe(g->materials[n]->name);
		if (!g->materials[n]->main && g->missing_allowed)
			snprintf(buf, sizeof buf, _("%s is required: upload it, "
			    "or tick the applicant's commitment (F7) to hand "
			    "it in later"), name);
		else
			snprintf(buf, sizeof buf, _("%s is required: upload "
			    "it"), name);
		free(name);
		m->list.sel = (int)n;
		mat_set_error(m, (int)n, buf);
		ui_error("%s", buf);
		return;
	}
	if ((form = screen_find(m->form)) != NULL &&
	    form_show_refusal(form, r)) {
		screen_pop(s);		/* to the form, at the field named */
		return;
	}
	status_text(r, buf, sizeof buf);
	ui_error("%s", buf);
}

static void
mat_reply(struct screen *s, uint32_t id, const Banshi__V1__Reply *r)
{
	struct mat	*m = s->data;
	enum mat_call	 what = m->what;
	char		 buf[512];
	int		 code;

	if (id != m->pending)
		return;
	m->pending = 0;
	m->what = MAT_NONE;
	if (r == NULL)
		return;		/* a submission is sent again when connected */
	code = status_code(r);
	if (what == MAT_SUBMIT)
		m->submitting = 0;
	if (code == CODE(OK) && what == MAT_SUBMIT &&
	    r->body_case == BANSHI__V1__REPLY__BODY_SUBMITTED) {
		ui_clear_message();
		mat_submitted(s, r->submitted);
		return;
	}
	if (code == CODE(OK) && r->body_case == BANSHI__V1__REPLY__BODY_DRAFT) {
		app_set_draft(m->app, r->draft);
		if (what == MAT_RELOAD)
			m->app->reloaded = 1;
		m->list.n = mat_rows(m);
		ui_list_move(&m->list, 0);
		if (what == MAT_REMOVE)
			ui_message("%s", _("The file was deleted"));
		else if (what == MAT_COMMIT)
			ui_message("%s", r->draft->missing_commitment ?
			    _("Commitment ticked: secondary materials may "
			    "follow later") : _("Commitment unticked"));
		return;
	}
	if (code == CODE(CONFLICT)) {
		mat_refresh(s);
		ui_error("%s", _("The draft was changed on another terminal; it "
		    "has been loaded again"));
		return;
	}
	if (what == MAT_SUBMIT && code == CODE(INVALID_ARGUMENT)) {
		mat_refused(s, r);
		return;
	}
	status_text(r, buf, sizeof buf);
	ui_error("%s", buf);
}

static void
mat_connected(struct screen *s)
{
	struct mat	*m = s->data;

	if (m->submitting && m->pending == 0)
		mat_send_submit(s);
}

static void
mat_shown(struct screen *s)
{
	struct mat	*m = s->data;

	m->list.n = mat_rows(m);
	ui_list_move(&m->list, 0);
}

/* Column widths: the name's, needed, main/secondary, formats. */
struct mat_cols {
	int	name, need, main, formats;
};

static void
mat_columns(const struct mat *m, int w, struct mat_cols *c)
{
	const Banshi__V1__Guide	*g = app_guide(m->app);
	char			*f;
	size_t			 i;

	int	cw;

	c->name = (int)text_width(_("Material"));
	c->need = (int)text_width(_("Needed"));
	c->main = (int)text_width(_("Main/secondary"));
	c->formats = (int)text_width(_("Formats"));
	for (i = 0; i < g->n_materials; i++) {
		if ((cw = (int)text_width(g->materials[i]->name)) > c->name)
			c->name = cw;
		f = mat_formats(g->materials[i]);
		if ((cw = (int)text_width(f)) > c->formats)
			c->formats = cw;
		free(f);
	}
	if ((cw = (int)text_width(_("Optional"))) > c->need)
		c->need = cw;
	if ((cw = (int)text_width(_("Secondary"))) > c->main)
		c->main = cw;
	if (c->name > MAT_NAME_MAX)
		c->name = MAT_NAME_MAX;
	if (c->formats > MAT_FORMATS_MAX)
		c->formats = MAT_FORMATS_MAX;
	w -= c->name + c->need + c->main + 8 + MAT_STATE_MIN;
	if (c->formats > w)
		c->formats = w > 8 ? w : 8;
}

static void
mat_put(int y, int *x, const char *text, int w, attr_t attr)
{
	char	*fit;

	fit = ui_ellipsize(text, w);
	ui_put(y, *x, fit, w, attr);
	free(fit);
	*x += w + 2;
}

/* One row: name, needed, main/secondary, formats, state. */
static void
mat_draw_row(struct mat *m, const struct mat_cols *c, int row, int y,
    int x, int w)
{
	const Banshi__V1__Guide			*g = app_guide(m->app);
	const Banshi__V1__Material		*mt = NULL;
	const Banshi__V1__AttachedMaterial	*am;
	char					 state[512], *name, *f;
	int					 sel = row == m->list.sel;
	attr_t					 attr, sattr;

	attr = sel ? ui_attr(UI_ATTR_FOCUS) : A_NORMAL;
	ui_select_bar(y, x - 2, w + 2, sel);
	am = mat_attached(m, row, NULL);
	if (row < (int)g->n_materials) {
		mt = g->materials[row];
		name = catalog_safe(mt->name);
	} else {
		f = catalog_safe(am != NULL ? am->name : "");
		xasprintf(&name, _("Extra: %s"), f);
		free(f);
	}
	mat_put(y, &x, name, c->name, attr);
	free(name);
	mat_put(y, &x, mt == NULL || !mt->required ? _("Optional") :
	    _("Needed"), c->need, attr);
	mat_put(y, &x, mt == NULL ? "-" : mt->main ? _("Main") :
	    _("Secondary"), c->main, attr);
	f = mt != NULL ? mat_formats(mt) : xstrdup("-");
	mat_put(y, &x, f, c->formats, attr);
	free(f);
	filing_material_state(state, sizeof state, am);
	sattr = attr;
	if (am == NULL && mt != NULL && mt->required) {
		if (!mt->main && g->missing_allowed &&
		    m->app->draft->missing_commitment)
			snprintf(state, sizeof state, "%s", _("Not uploaded "
			    "(to follow, committed)"));
		else if (!sel)
			sattr = ui_attr(UI_ATTR_ERROR);
	}
	if (am != NULL && !sel)
		sattr = A_BOLD;
	mat_put(y, &x, state, w - x + 2 > 0 ? w - x + 2 : 0, sattr);
}

/* Under the list: the commitment, errors, the selected material's note. */
static void
mat_draw_foot(struct mat *m, int y, int last, int w)
{
	const Banshi__V1__Guide	*g = app_guide(m->app);
	const char		*raw = NULL;
	char			 buf[512], **lines, *note;
	size_t			 n, i;

	if (g->missing_allowed) {
		snprintf(buf, sizeof buf, _("Missing materials: [%c] the "
		    "applicant commits to hand in missing secondary materials "
		    "later (F7)"), m->app->draft->missing_commitment ? 'x' :
		    ' ');
		ui_put(y++, 3, buf, w - 4, A_NORMAL);
	}
	if (m->error != NULL && m->error_row == m->list.sel)
		ui_put(y++, 3, m->error, w - 4, ui_attr(UI_ATTR_ERROR));
	if (m->list.sel < (int)g->n_materials)
		raw = g->materials[m->list.sel]->note;
	if (raw == NULL || *raw == '\0')
		return;
	note = catalog_safe(raw);
	lines = ui_wrap(note, w - 4, w - 4, &n);
	for (i = 0; i < n && y <= last; i++)
		ui_put(y++, 3, lines[i], w - 4, ui_attr(UI_ATTR_DIM));
	ui_wrap_free(lines, n);
	free(note);
}

static void
mat_draw(struct screen *s)
{
	struct mat	*m = s->data;
	struct mat_cols	 c;
	char		 title[512], *app_name;
	int		 y = ui_top(), h = ui_bottom() - ui_top() + 1;
	int		 w = COLS - 2, i, x = 3, rows, foot = 4;

	snprintf(title, sizeof title, _("Materials: %s"), m->app->item_name);
	ui_box(y, 0, h, COLS, title);
	if (m->app->draft == NULL)
		return;
	app_name = catalog_safe(m->app->draft->applicant != NULL ?
	    m->app->draft->applicant->name : "");
	snprintf(title, sizeof title, _("Applicant: %s"), *app_name != '\0' ?
	    app_name : _("(not filled in yet)"));
	free(app_name);
	ui_put(y + 1, 3, title, w - 4, A_NORMAL);
	mat_columns(m, w - 3, &c);
	ui_put(y + 2, x, _("Material"), c.name, ui_attr(UI_ATTR_DIM));
	x += c.name + 2;
	ui_put(y + 2, x, _("Needed"), c.need, ui_attr(UI_ATTR_DIM));
	x += c.need + 2;
	ui_put(y + 2, x, _("Main/secondary"), c.main, ui_attr(UI_ATTR_DIM));
	x += c.main + 2;
	ui_put(y + 2, x, _("Formats"), c.formats, ui_attr(UI_ATTR_DIM));
	x += c.formats + 2;
	ui_put(y + 2, x, _("State"), w - x, ui_attr(UI_ATTR_DIM));
	ui_box_rule(y + 3, 0, COLS);
	m->list.n = rows = mat_rows(m);
	m->shown = h - 5 - foot;
	if (m->shown < 3)
		m->shown = 3;
	ui_list_show(&m->list, m->shown);
	for (i = 0; i < m->shown && m->list.top + i < rows; i++)
		mat_draw_row(m, &c, m->list.top + i, y + 4 + i, 3, w - 3);
	ui_box_rule(y + h - 2 - foot, 0, COLS);
	mat_draw_foot(m, y + h - 1 - foot, y + h - 2, w);
}

static void
mat_free(struct screen *s)
{
	struct mat	*m = s->data;

	free(m->error);
	free(m);
}

const struct screen_type screen_materials_type = {
	.name = "materials",
	.title = N_("Materials"),
	.keys = mat_keys,
	.init = mat_init,
	.draw = mat_draw,
	.reply = mat_reply,
	.free = mat_free,
	.valid = mat_valid,
	.shown = mat_shown,
	.connected = mat_connected,
};

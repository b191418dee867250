/* The banshi terminal client's internal interfaces, one section per file. */
#ifndef BANSHI_TUI_H
#define BANSHI_TUI_H

#include <sys/queue.h>

#include <libintl.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>
#include <wchar.h>

#include <curses.h>
#include <event2/event.h>

#include "client.h"

#define _(s)		gettext(s)
#define N_(s)		(s)

#define TUI_MIN_COLS	60	/* smaller terminals get a notice only */
#define TUI_MIN_LINES	20

struct screen;

/*
 * One key a screen offers.  An F-key entry also answers to Alt and the digit
 * (Alt-0 for F10), for terminals that swallow F-keys; a plain entry matches a
 * character or a KEY_* code.  Entries without help are aliases: the help box
 * lists their names beside the entry with the same function.
 */
struct ui_key {
	int		 fkey;		/* 1-10, or 0 for a plain key */
	int		 code;		/* plain key: character or KEY_* code */
	const char	*label;		/* key bar label, or NULL */
	const char	*help;		/* what it does, for the help box */
	void		(*fn)(struct screen *);
};

/* One key press as read from the terminal. */
struct ui_input {
	int		 code;		/* KEY_* code, or 0 for a character */
	wint_t		 ch;		/* the character when code is 0 */
	int		 alt;		/* came with Alt (Esc first) */
};

/*
 * A screen type: a const table of callbacks.  init gets the push argument;
 * key gets what the key table did not match and returns 1 when it used the
 * key; reply gets the answer to a tui_call made for this screen (NULL when
 * the connection was lost first); event gets server pushes.  valid, when
 * set, says whether a key of the table exists now (a guide offers filing
 * only for items filed online): a key it refuses is left out of the key bar
 * and the help box, and does not match.
 */
struct screen_type {
	const char		*name;
	const char		*title;		/* N_(), for help and header */
	const struct ui_key	*keys;		/* ends with a zero entry */
	int			 overlay;	/* drawn over the one below */
	int			 fields;	/* has text fields (for help) */
	void	(*init)(struct screen *, void *);
	void	(*draw)(struct screen *);
	int	(*key)(struct screen *, const struct ui_input *);
	void	(*reply)(struct screen *, uint32_t,
		    const Banshi__V1__Reply *);
	void	(*event)(struct screen *, const Banshi__V1__Event *);
	void	(*free)(struct screen *);
	int	(*valid)(struct screen *, const struct ui_key *);
	/* On top again: the screens above it have been popped. */
	void	(*shown)(struct screen *);
	/*
	 * The connection is back with the session resumed: redo what the loss
	 * interrupted (its replies came as NULL).
	 */
	void	(*connected)(struct screen *);
};

struct screen {
	const struct screen_type	*type;
	void				*data;
	uint64_t			 serial;
	int				 dead;
	TAILQ_ENTRY(screen)		 entry;
};

/* The signed-in user, every string sanitized for display. */
struct user {
	char		*login;
	char		*display_name;
	char		*org;		/* the user's own org unit */
	char		*org_path;	/* root first, joined by " / " */
	int		*posts;
	size_t		 nposts;
	int		 must_change;	/* password change required */
};

enum tui_conn {
	TUI_CONNECTING,
	TUI_CONNECTED,
	TUI_LOST
};

/* Settings from the config file and the command line. */
struct tui_config {
	char		*host;
	char		*port;
	char		*ca;
	char		*cert;
	char		*key;
	char		*viewer;
	char		*upload_dir;	/* where the file picker starts */
};

struct tui {
	struct event_base	*base;
	struct client		*client;
	struct tui_config	 config;
	char			*endpoint;	/* host:port for the user */
	enum tui_conn		 conn;
	int64_t			 retry_at;	/* conn_now() ms, when lost */
	struct user		*user;		/* NULL when signed out */
	int			 quitting;
};
extern struct tui tui;

/* banshi.c */
void		 tui_quit(void);

/* config.c */
void		 config_defaults(struct tui_config *);
int		 config_load(struct tui_config *, const char *, int, char *,
		    size_t);
const char	*config_default_path(void);
void		 config_free(struct tui_config *);

/* conn.c */
extern const struct client_callbacks conn_callbacks;
uint32_t	 tui_call(struct screen *, Banshi__V1__ClientMessage *, int);
int64_t		 conn_now(void);
int		 conn_retry_in(void);
void		 conn_start_ticker(void);
void		 conn_stop_ticker(void);

/* session.c */
struct user	*user_new(const Banshi__V1__UserInfo *);
void		 user_free(struct user *);
char		*user_posts_text(const struct user *);
void		 session_begin(const Banshi__V1__LoginReply *);
void		 session_update(const Banshi__V1__UserInfo *);
void		 session_end(const char *);
void		 session_logout(struct screen *);
void		 session_after_login(void);

/* status.c */
const char	*status_code_text(int);
const char	*status_field_text(const char *);
void		 status_text(const Banshi__V1__Reply *, char *, size_t);
int		 status_code(const Banshi__V1__Reply *);
const char	*status_field(const Banshi__V1__Reply *);
const char	*post_name(int);
const char	*session_end_text(int);

/* screen.c */
struct screen	*screen_push(const struct screen_type *, void *);
void		 screen_pop(struct screen *);
void		 screen_reset(const struct screen_type *, void *);
struct screen	*screen_top(void);
struct screen	*screen_below(struct screen *);
struct screen	*screen_find(uint64_t);
void		 screen_pop_above(struct screen *);
struct screen	*screen_find_type(const struct screen_type *);
void		 screen_connected(void);
void		 screen_draw_all(void);
void		 screen_input(const struct ui_input *);
void		 screen_event(const Banshi__V1__Event *);
void		 screen_collect(void);
void		 screen_free_all(void);
const struct ui_key *screen_match(struct screen *,
		    const struct ui_input *);
int		 screen_key_valid(struct screen *, const struct ui_key *);

/* ui.c */
#define UI_ATTR_ERROR	1
#define UI_ATTR_TITLE	2
#define UI_ATTR_KEY	3
#define UI_ATTR_FOCUS	4
#define UI_ATTR_FIELD	5
#define UI_ATTR_DIM	6
#define UI_ATTR_WARN	7		/* yellow: a deadline is near */
#define UI_ATTR_ALERT	8		/* red: overdue */
void		 ui_start(void);
void		 ui_stop(void);
void		 ui_redraw(void);
void		 ui_resize(void);
int		 ui_read(struct ui_input *);
int		 ui_top(void);
int		 ui_bottom(void);
void		 ui_message(const char *, ...)
		    __attribute__((format(printf, 1, 2)));
void		 ui_error(const char *, ...)
		    __attribute__((format(printf, 1, 2)));
void		 ui_clear_message(void);
void		 ui_clear_info(void);
void		 ui_cursor(int, int);
attr_t		 ui_attr(int);
int		 ui_put(int, int, const char *, int, attr_t);
void		 ui_box(int, int, int, int, const char *);
void		 ui_box_rule(int, int, int);
void		 ui_key_name(const struct ui_key *, char *, size_t);
int		 ui_label_width(const char *const *, size_t);
int		 ui_row(int, int, int, const char *, const char *, int, attr_t);
char		*ui_ellipsize(const char *, int);
char		**ui_wrap(const char *, int, int, size_t *);
void		 ui_wrap_free(char **, size_t);
void		 ui_select_bar(int, int, int, int);

/* A list's selection and scroll position; n is the number of rows. */
struct ui_list {
	int		 sel;
	int		 top;
	int		 n;
};
void		 ui_list_move(struct ui_list *, int);
void		 ui_list_show(struct ui_list *, int);

/* list.c */
/*
 * A paged list screen: the screen's data starts with a struct list, so the
 * movement keys find it, and the screen keeps the rows themselves.
 */
struct list_type {
	void	(*fetch)(struct screen *);	/* ask for the next page */
	void	(*head)(struct screen *, int, int); /* titles at y, width w */
	void	(*row)(struct screen *, size_t, int, int); /* row at y, sel */
	void	(*tail)(struct screen *, char *, size_t); /* end line, loaded */
	int	  quiet_reload;		/* "Loading..." only before a page */
};
struct list {
	const struct list_type	*type;
	size_t			 n;		/* rows loaded */
	uint8_t			*cursor;	/* to the next page, owned */
	size_t			 cursor_len;
	int			 more;
	int			 loaded;
	uint32_t		 pending;	/* the page asked for, or 0 */
	struct ui_list		 ui;
	int			 shown;		/* rows in view */
};
void		 list_init(struct list *, const struct list_type *);
void		 list_clear(struct list *);
int		 list_reply(struct list *, const Banshi__V1__Reply *, int);
void		 list_page(struct list *, const ProtobufCBinaryData *);
void		 list_more(struct screen *, struct list *);
void		 list_up(struct screen *);
void		 list_down(struct screen *);
void		 list_page_up(struct screen *);
void		 list_page_down(struct screen *);
void		 list_home(struct screen *);
void		 list_end(struct screen *);
void		 list_draw(struct screen *, struct list *, const char *);

/* doc.c */
#define DOC_MAX_COLS	8
/* One display line of a document: text, or a table border or row. */
struct doc_line {
	char		*text;		/* sanitized, or NULL */
	int		 x;		/* indent, in columns */
	attr_t		 attr;
	int		 rule;		/* a table border: DOC_RULE_* */
	int		 bars[DOC_MAX_COLS + 1];	/* table: columns of bars */
	int		 nbars;
};
#define DOC_RULE_TOP	1
#define DOC_RULE_MID	2
#define DOC_RULE_BOTTOM	3
/* A scrollable document laid out for one width. */
struct doc {
	struct doc_line	*lines;
	size_t		 n;
	size_t		 cap;
	int		 width;		/* the width laid out for */
	int		 top;		/* first line shown */
};
void		 doc_clear(struct doc *, int);
void		 doc_blank(struct doc *);
void		 doc_heading(struct doc *, const char *);
void		 doc_text(struct doc *, int, const char *, attr_t);
void		 doc_row(struct doc *, int, int, const char *, const char *);
void		 doc_table(struct doc *, int, size_t, const char *const *,
		    char **, size_t);
void		 doc_draw(struct doc *, int, int, int);
void		 doc_scroll(struct doc *, int, int);
void		 doc_free(struct doc *);

/* field.c */
#define FIELD_MAX	200		/* characters in one text field */
struct field {
	const char	*label;		/* N_() */
	wchar_t		 buf[FIELD_MAX + 1];
	size_t		 len;
	size_t		 pos;		/* cursor, in characters */
	size_t		 off;		/* first character shown */
	size_t		 max;
	int		 masked;
	char		*error;		/* shown under the field, or NULL */
};
void		 field_init(struct field *, const char *, size_t, int);
int		 field_key(struct field *, const struct ui_input *);
void		 field_draw(struct field *, int, int, int, int);
char		*field_text(const struct field *);
int		 field_empty(const struct field *);
void		 field_clear(struct field *);
void		 field_set(struct field *, const char *);
void		 field_set_error(struct field *, const char *);
void		 field_free(struct field *);

/* catalog.c */
#define CATALOG_NFACETS	6
const char	*catalog_kind_text(int);
const char	*catalog_kind_long(int);
const char	*catalog_facet_text(int);
const char	*catalog_step_text(int);
const char	*catalog_desk_text(int);
const char	*catalog_audience_text(int);
void		 catalog_days(char *, size_t, unsigned int);
void		 catalog_promise(char *, size_t, unsigned int);
Banshi__V1__Item *catalog_item_copy(const Banshi__V1__Item *);
void		 catalog_item_free(Banshi__V1__Item *);
char		*catalog_safe(const char *);

/* filing.c */
#define FILING_KEY_LEN	16	/* idempotency key bytes */
/*
 * An application being filed, owned by its form screen and borrowed by the
 * screens above it: the item and the draft as the server sent them last
 * (strings as sent: sanitize before display).
 */
struct app {
	Banshi__V1__Item	*item;
	Banshi__V1__Draft	*draft;
	char			*item_name;	/* sanitized */
	int			 reloaded;	/* the form must load it again */
};
int		 filing_allowed(void);
void		 filing_key(uint8_t *);
void		 filing_use_key(Banshi__V1__ClientMessage *, uint8_t *);
void		*filing_copy(const void *);
void		 filing_free(void *);
int		 filing_today(void);
void		 filing_size(char *, size_t, uint64_t);
void		 filing_time(char *, size_t, int64_t);
const char	*filing_case_status(int);
const char	*filing_post_text(const char *);
const char	*filing_action_text(const char *);
const char	*filing_level_text(int);
void		 filing_id_reason(char *, size_t, int, const char *);
void		 filing_value_reason(char *, size_t, int,
		    const Banshi__V1__FormField *, const char *);
void		 filing_material_state(char *, size_t,
		    const Banshi__V1__AttachedMaterial *);
void		 app_free(struct app *);
void		 app_set_item(struct app *, const Banshi__V1__Item *);
void		 app_set_draft(struct app *, const Banshi__V1__Draft *);
const Banshi__V1__AttachedMaterial *app_slot(const struct app *, int,
		    size_t *);
const Banshi__V1__Guide *app_guide(const struct app *);

/* hist.c */
/* A case's history as read so far (strings as sent). */
struct hist {
	char			 *serial;
	Banshi__V1__CaseEvent	**ev;
	size_t			  n;
	uint8_t			 *cursor;	/* of the next page */
	size_t			  cursor_len;
	uint32_t		  pending;	/* ListCaseEvents in flight */
	int			  done;		/* every page is here */
	int			  stale;	/* read it again when shown */
	int			  failed;	/* the server refused it */
};
void		 hist_init(struct hist *, const char *serial);
void		 hist_free(struct hist *);
/* The case changed under us: read the history again when it is shown. */
void		 hist_stale(struct hist *);
/* It is shown: read it (every page, for the screen s) if it is stale. */
void		 hist_want(struct hist *, struct screen *);
/* A reply for s; 1 when it was the history's. */
int		 hist_reply(struct hist *, struct screen *, uint32_t,
		    const Banshi__V1__Reply *);
/* The entry an action of ours appended (a whole history only). */
void		 hist_append(struct hist *, const Banshi__V1__CaseEvent *);

/* casedoc.c */
void		 case_doc_applicant(struct doc *, const Banshi__V1__Applicant *);
void		 case_doc_fields(struct doc *, const Banshi__V1__Item *,
		    const Banshi__V1__Case *);
void		 case_doc_pickup(struct doc *, const Banshi__V1__Case *);
void		 case_doc_history(struct doc *, const struct hist *);

/* region.c */
void		 region_learn(const Banshi__V1__RegionList *);
const char	*region_name(const char *);
int		 region_missing(const char *, char *, size_t);
char		*region_path(const char *);
void		 region_forget(void);
const Banshi__V1__FormField *region_item_field(const Banshi__V1__Item *,
		    const char *);
uint32_t	 region_name_next(struct screen *, const Banshi__V1__Item *,
		    const Banshi__V1__Case *, char *, size_t);

/* form.c */
enum form_kind {
	FORM_HEAD,			/* a section heading */
	FORM_NOTE,			/* a line of explanation */
	FORM_TEXT,
	FORM_CHOICE,
	FORM_REGION,
	FORM_TICK
};
/* What a row edits. */
enum form_target {
	FORM_NONE,
	FORM_KIND,			/* person or enterprise */
	FORM_ID,
	FORM_NAME,
	FORM_SEX,
	FORM_BIRTH,
	FORM_HOUSEHOLD,
	FORM_HTYPE,
	FORM_LEGAL,
	FORM_ADDRESS,
	FORM_PHONE,
	FORM_FIELD,			/* a field of the item's form */
	FORM_PICKUP,
	FORM_RECIPIENT,
	FORM_PPHONE,
	FORM_PADDRESS,
	FORM_COMMIT
};
#define FORM_PERSON	0x1		/* row shown for a person only */
#define FORM_ENTERPRISE	0x2		/* for an enterprise only */
#define FORM_EXPRESS	0x4		/* for express pickup only */
struct form_row {
	enum form_kind	 kind;
	enum form_target target;
	int		 index;		/* FORM_FIELD: into item->form */
	int		 only;		/* FORM_PERSON ... or 0 */
	int		 type;		/* the FieldType its value follows */
	char		*label;		/* translated or sanitized */
	char		*srv;		/* the server's name: "fields.region" */
	int		 required;
	struct field	 f;		/* FORM_TEXT */
	char		**choices;	/* FORM_CHOICE: values as sent */
	char		**shown;	/* and as shown */
	size_t		 nchoices;
	int		 choice;	/* -1: none, or other */
	char		*other;		/* a value not among the choices */
	char		*code;		/* FORM_REGION: the chosen code */
	char		*path;		/* its names, or NULL until known */
	int		 depth;		/* the level to choose down to */
	int		 tick;		/* FORM_TICK */
	int		 width;		/* of the input, in columns */
	int		 dirty;		/* changed since it was focused */
	int		 bad;		/* refused: left out of saves */
	char		*error;		/* shown beside it */
};
struct form {
	struct form_row	*rows;
	size_t		 n;
	int		 person;	/* the applicant is a person */
	int		 express;	/* pickup by express */
};
/* A SaveDraft built from a form; its strings live until form_msg_free. */
struct form_msg {
	Banshi__V1__SaveDraft	  sd;
	Banshi__V1__Applicant	  ap;
	Banshi__V1__Pickup	  pk;
	Banshi__V1__FieldValue	 *fv;
	Banshi__V1__FieldValue	**fvp;
	char			**own;
	size_t			  nown;
};
void		 form_build(struct form *, const Banshi__V1__Item *);
void		 form_free(struct form *);
int		 form_visible(const struct form *, const struct form_row *);
int		 form_focusable(const struct form *, const struct form_row *);
char		*form_row_value(const struct form_row *);
void		 form_row_set(struct form_row *, const char *);
void		 form_row_error(struct form_row *, const char *);
int		 form_row_plausible(const struct form_row *);
void		 form_load(struct form *, const Banshi__V1__Draft *);
void		 form_load_applicant(struct form *,
		    const Banshi__V1__Applicant *);
int		 form_prefill(struct form *, const Banshi__V1__Item *);
struct form_row	*form_find(struct form *, const char *);
struct form_row	*form_target(struct form *, enum form_target);
void		 form_msg_build(struct form *, struct form_msg *);
void		 form_msg_free(struct form_msg *);
void		 form_explain(const struct form *, const struct form_row *,
		    const Banshi__V1__Item *, char *, size_t);

/* screen-form.c */
/* What opens a form: an item to file (by value or code), or a draft. */
struct form_arg {
	const Banshi__V1__Item	*item;		/* at hand (copied), or NULL */
	const char		*item_code;	/* else fetched by its code */
	const char		*draft_id;	/* resume this draft instead */
};
extern const struct screen_type screen_form_type;
void		 form_open(const Banshi__V1__Item *, const char *,
		    const char *);
int		 form_show_refusal(struct screen *, const Banshi__V1__Reply *);

/* screen-pick.c */
/* A pick list or the region cascade over owner; done gets tag back. */
struct pick_arg {
	struct screen		*owner;
	const char		*title;		/* sanitized */
	long			 tag;
	const char *const	*items;		/* pick list: shown values */
	size_t			 n;
	int			 current;	/* selected first, or -1 */
	void			(*done)(struct screen *, long, int);
	int			 depth;		/* region: the level wanted */
	void			(*region_done)(struct screen *, long,
				    const char *, const char *);
};
extern const struct screen_type screen_pick_type;
void		 pick_open(const struct pick_arg *);

/* screen-region.c */
extern const struct screen_type screen_region_type;
void		 region_pick_open(const struct pick_arg *);

/* screen-materials.c */
extern const struct screen_type screen_materials_type;
void		 materials_open(struct screen *, struct app *);

/* screen-files.c */
/* Where an upload goes: a material of the draft, or an extra one. */
struct upload_target {
	struct app	*app;		/* the form's */
	int		 slot;		/* catalogue material, or -1 */
	const char	*extra_name;	/* slot -1: its name, as typed */
	const char	*formats;	/* "jpg, png, pdf", sanitized, or NULL */
	const char	*name;		/* the material's, sanitized */
};
extern const struct screen_type screen_files_type;
void		 upload_target_copy(struct upload_target *,
		    const struct upload_target *);
void		 upload_target_free(struct upload_target *);
void		 files_open(const struct upload_target *);
void		 files_forget(void);

/* screen-upload.c */
struct upload_arg {
	const struct upload_target	*t;
	const char			*path;
};
extern const struct screen_type screen_upload_type;
void		 upload_open(const struct upload_target *, const char *);
uint64_t	 upload_limit(void);

/* screen-submitted.c */
/* What the success screen shows (strings as the server sent them). */
struct submitted_arg {
	const char	*serial;
	const char	*item_code;
	const char	*item_name;
	const char	*applicant;
	const char	*department;
	int		 status;
};
extern const struct screen_type screen_submitted_type;

/* screen-filing.c */
extern const struct screen_type screen_filing_type;

/* screen-drafts.c */
extern const struct screen_type screen_drafts_type;

/* screen-cases.c */
extern const struct screen_type screen_cases_type;

/* screen-case.c */
extern const struct screen_type screen_case_type;

/* screen-help.c */
extern const struct screen_type screen_help_type;
void		 ui_help(struct screen *);

/* dialog.c */
/* What a question or a prompt needs; dialog.c copies the strings. */
struct dialog_arg {
	struct screen	*owner;		/* told the answer, if still there */
	const char	*title;
	const char	*text;		/* the question, or the prompt's label */
	const char	*yes;		/* confirm: what yes does, or NULL */
	const char	*str;		/* confirm: handed to done */
	long		 num;		/* handed to done */
	size_t		 max;		/* prompt: characters, 0 for the most */
	const char	*value;		/* prompt: the text it starts with */
	void		(*done)(struct screen *, const char *, long);
};
extern const struct screen_type dialog_quit_type;
extern const struct screen_type dialog_confirm_type;
extern const struct screen_type dialog_prompt_type;
void		 ui_quit(struct screen *);
void		 dialog_confirm(const struct dialog_arg *);
void		 dialog_prompt(const struct dialog_arg *);

/* screen-login.c */
extern const struct screen_type screen_login_type;

/* screen-passwd.c */
extern const struct screen_type screen_passwd_type;
extern const struct screen_type screen_passwd_forced_type;

/* screen-home.c */
extern const struct screen_type screen_home_type;

/* screen-catalog.c */
extern const struct screen_type screen_catalog_type;

/* screen-items.c */
#define ITEMS_PAGE	20	/* items asked for at a time */
/* What an item list shows: one department, one category, or a search. */
struct items_query {
	const char	*title;		/* sanitized, shown above the list */
	const char	*department;	/* department code, or NULL */
	int		 facet;		/* with category */
	const char	*category;	/* category name, or NULL */
	const char	*search;	/* search text, or NULL */
	const Banshi__V1__ItemPage *first;	/* a page already fetched */
};
extern const struct screen_type screen_items_type;
int		 items_is_search(struct screen *);
const char	*items_search_text(struct screen *);

/* screen-search.c */
extern const struct screen_type screen_search_type;
void		 ui_search(struct screen *);

/* screen-guide.c */
extern const struct screen_type screen_guide_type;
void		 guide_open(const char *, const char *);

/* screen-flow.c */
extern const struct screen_type screen_flow_type;

/* work.c */
#define WORK_NQUEUES	8		/* Queue values, 0 unused */
/*
 * A request that changes something: sent again under the same idempotency
 * key after a reconnect, so that it never takes effect twice.
 */
struct work_call {
	uint8_t		 key[16];
	int		 keyed;
	uint32_t	 id;		/* in flight, or 0 */
	int		 lost;		/* the connection dropped first */
};
int		 work_has_post(int);
const char	*work_queue_name(int);
int		 work_nqueues(void);
int		 work_queue_at(int);
long		 work_count(int);
void		 work_counts_fetch(struct screen *);
int		 work_counts_reply(struct screen *, uint32_t,
		    const Banshi__V1__Reply *);
int		 work_queue_event(const Banshi__V1__Event *);
void		 work_clock_text(char *, size_t, const Banshi__V1__CaseClock *);
const char	*work_clock_mark(const Banshi__V1__CaseClock *);
attr_t		 work_clock_attr(const Banshi__V1__CaseClock *);
const char	*work_level_text(const Banshi__V1__CaseClock *);
const char	*work_action_text(const char *);
void		 work_where(char *, size_t, int, int);
void		 work_hash_hex(char *, size_t, const ProtobufCBinaryData *);
void		 work_file_info(char *, size_t, const Banshi__V1__FileRef *);
uint32_t	 work_call_send(struct screen *, struct work_call *,
		    Banshi__V1__ClientMessage *);
void		 work_call_done(struct work_call *);
int		 work_viewer_usable(char *, size_t);
int		 work_temp_file(const char *, char **);
int		 work_viewer_run(const char *);

/* screen-queue.c */
extern const struct screen_type screen_queue_type;
void		 queue_open(int);

/* screen-work.c */
extern const struct screen_type screen_work_type;
void		 work_open(const char *, int);

/* screen-act.c */
#define ACT_REASON	0x01		/* the opinion is a required reason */
#define ACT_MATERIALS	0x02		/* tick the materials to bring again */
#define ACT_UNMET	0x04		/* tick the conditions not met */
#define ACT_CERT	0x08		/* the certificate number */
#define ACT_WAYBILL	0x10		/* the waybill number */
#define ACT_DAYS	0x20		/* working days to extend by */
/* Where an action sends the case. */
enum act_to {
	ACT_TO_NEXT,
	ACT_TO_BACK,
	ACT_TO_STAY,
	ACT_TO_END,
	ACT_TO_COUNTER			/* back to the filing counter (补办) */
};
/* One action of the back office. */
struct act_def {
	int		 kind;		/* CaseActionKind */
	int		 body;		/* the request family (ClientMessage) */
	int		 step;		/* the step it belongs to, 0: any */
	const char	*title;		/* N_(): its name, on the key bar too */
	const char	*label;		/* N_(): the opinion field's label */
	const char	*opinion;	/* N_(): the default opinion, or NULL */
	const char	*hint;		/* N_(): what else it does, or NULL */
	const char	*done;		/* N_(): said once it is done */
	enum act_to	 to;
	unsigned	 needs;		/* ACT_* */
};
/* What an action dialog needs; it copies what it keeps. */
struct act_arg {
	struct screen			 *owner;
	const Banshi__V1__Case		 *c;
	const Banshi__V1__Item		 *item;		/* NULL if not known */
	int				  kind;
	Banshi__V1__MaterialNote	**notes;	/* sent with it */
	size_t				  nnotes;
	/* The request went out. */
	void	(*sent)(struct screen *);
	/* The answer (borrowed), or NULL when the box was closed first. */
	void	(*done)(struct screen *, const struct act_def *,
		    const Banshi__V1__Reply *);
};
extern const struct screen_type screen_act_type;
const struct act_def *act_find(int);
int		 act_flow_where(char *, size_t, const Banshi__V1__Item *, int,
		    int);
void		 act_open(const struct act_arg *);

/* screen-settings.c */
extern const struct screen_type screen_settings_type;
void		 settings_open(struct screen *);

#endif

/*
 * An upload in a box with a progress bar: the file is hashed (BLAKE2b-256,
 * a slice per loop turn so the screen stays drawn), StartUpload says where
 * the server's copy stands, chunks of 256 KiB go a few at a time, and
 * FinishUpload attaches the file to the draft.  After a dropped connection
 * StartUpload again resumes at the server's offset; Esc leaves the part on
 * the server for a later resume.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "filetype.h"
#include "log.h"
#include "text.h"
#include "tui.h"
#include "xmalloc.h"

#define CODE(c)		BANSHI__V1__STATUS_CODE__STATUS_##c
#define UP_CHUNK	(256 * 1024)	/* the server takes no more a chunk */
#define UP_WINDOW	3		/* chunks in flight */
#define UP_HASH_STEP	(1024 * 1024)	/* hashed per loop turn */
#define UP_HASH_LEN	32
#define UP_FILENAME_MAX	200		/* characters the server takes */
#define UP_LINGER_MS	1000		/* the finished box stays this long */
#define UP_BOX_W	72
#define UP_BOX_H	11

enum up_state {
	UP_HASHING,
	UP_STARTING,			/* StartUpload sent */
	UP_SENDING,
	UP_FINISHING,			/* FinishUpload sent */
	UP_WAITING,			/* the connection is lost */
	UP_DONE,
	UP_FAILED
};

/* One chunk in flight. */
struct up_chunk {
	uint32_t	id;		/* 0: free */
	uint64_t	offset;
};

struct upload {
	struct upload_target	 t;
	char			*path;
	char			*shown;		/* the file name, sanitized */
	char			*filename;	/* as sent: valid, short */
	int			 fd;
	uint64_t		 size;
	enum filetype		 type;		/* from the first bytes */
	enum up_state		 state;
	enum up_state		 lost_in;	/* the state the loss hit */
	crypto_generichash_state hs;
	uint64_t		 hashed;
	uint8_t			 hash[UP_HASH_LEN];
	struct event		*timer;		/* hashing steps, lingering */
	char			*upload_id;
	uint64_t		 acked;		/* bytes the server holds */
	uint64_t		 next;		/* the next chunk's offset */
	uint64_t		 base;		/* offset the sending began at */
	int64_t			 t0;		/* when it began, ms */
	struct up_chunk		 chunks[UP_WINDOW];
	uint32_t		 call;		/* StartUpload or FinishUpload */
	uint8_t			 finish_key[FILING_KEY_LEN];
	int			 restarts;	/* after damage, at most one */
	uint8_t			*buf;
	char			*error;
};

/* The largest file the server said it takes, learnt from a refusal. */
static uint64_t	upload_max;

static void	up_cancel(struct screen *);
static void	up_close(struct screen *);
static void	up_retry(struct screen *);
static void	up_start(struct screen *);

static const struct ui_key up_keys[] = {
	{ 0, 27, N_("Cancel"), N_("Stop the upload (what was sent stays on "
	    "the server, and the same file resumes there later)"),
	    up_cancel },
	{ 0, '\n', N_("Close"), N_("Close the box"), up_close },
	{ 5, 0, N_("Retry"), N_("Try the upload again"), up_retry },
	{ 0, KEY_ENTER, NULL, NULL, up_close },
	{ 0, 27, NULL, NULL, up_close },
	{ 3, 0, NULL, NULL, up_cancel },
	{ 3, 0, NULL, NULL, up_close },
	{ 0, 'r', NULL, NULL, up_retry },
	{ 0, 0, NULL, NULL, NULL }
};

/* The limit the server announced, 0 while not known. */
uint64_t
upload_limit(void)
{
	return (upload_max);
}

static int
up_valid(struct screen *s, const struct ui_key *k)
{
	struct upload	*u = s->data;

	int		 over = u->state == UP_DONE || u->state == UP_FAILED;

	if (k->fn == up_retry)
		return (u->state == UP_FAILED);
	if (k->fn == up_close)
		return (over);
	return (!over);
}

static void
up_fail(struct upload *u, const char *msg)
{
	free(u->error);
	u->error = xstrdup(msg);
	u->state = UP_FAILED;
}

static void
up_clear_chunks(struct upload *u)
{
	memset(u->chunks, 0, sizeof u->chunks);
}

static int
up_inflight(const struct upload *u)
{
	int	i, n = 0;

	for (i = 0; i < UP_WINDOW; i++)
		n += u->chunks[i].id != 0;
	return (n);
}

/* ---- hashing --------------------------------------------------------- */

/* Hash one slice; schedule the next, or start when done. */
static void
up_hash_step(struct screen *s)
{
	struct upload	*u = s->data;
	struct timeval	 now = { 0, 0 };
	uint64_t	 stop = u->hashed + UP_HASH_STEP;
	size_t		 want;
	ssize_t		 n;

	while (u->hashed < u->size && u->hashed < stop) {
		want = u->size - u->hashed > UP_CHUNK ? UP_CHUNK :
		    (size_t)(u->size - u->hashed);
		if ((n = pread(u->fd, u->buf, want, (off_t)u->hashed)) <= 0) {
			up_fail(u, n == 0 ? _("The file became shorter while "
			    "it was read") : strerror(errno));
			return;
		}
		if (u->hashed == 0)
			u->type = filetype_detect(u->buf, (size_t)n);
		crypto_generichash_update(&u->hs, u->buf, (size_t)n);
		u->hashed += (uint64_t)n;
	}
	if (u->hashed < u->size) {
		evtimer_add(u->timer, &now);
		return;
	}
	crypto_generichash_final(&u->hs, u->hash, sizeof u->hash);
	up_start(s);
}

/* The timer: a hashing slice, or the end of lingering. */
static void
up_timer_cb(evutil_socket_t fd, short what, void *arg)
{
	struct screen	*s = arg;
	struct upload	*u = s->data;

	if (s->dead)
		return;
	if (u->state == UP_HASHING)
		up_hash_step(s);
	else if (u->state == UP_DONE)
		screen_pop(s);
	ui_redraw();
}

/* Open the file and hash it from the start. */
static void
up_begin(struct screen *s)
{
	struct upload	*u = s->data;
	struct timeval	 now = { 0, 0 };
	struct stat	 sb;
	char		 buf[512];

	free(u->error);
	u->error = NULL;
	if (u->fd == -1 &&
	    (u->fd = open(u->path, O_RDONLY | O_CLOEXEC)) == -1) {
		snprintf(buf, sizeof buf, _("Cannot read the file: %s"),
		    strerror(errno));
		up_fail(u, buf);
		return;
	}
	if (fstat(u->fd, &sb) == -1 || !S_ISREG(sb.st_mode)) {
		up_fail(u, _("Not a regular file"));
		return;
	}
	u->size = (uint64_t)sb.st_size;
	if (u->size == 0) {
		up_fail(u, _("The file is empty"));
		return;
	}
	if (upload_max != 0 && u->size > upload_max) {
		filing_size(buf, sizeof buf, upload_max);
		up_fail(u, "");
		free(u->error);
		xasprintf(&u->error, _("The file is too large: the server takes "
		    "at most %s"), buf);
		return;
	}
	u->hashed = 0;
	u->state = UP_HASHING;
	crypto_generichash_init(&u->hs, NULL, 0, UP_HASH_LEN);
	evtimer_add(u->timer, &now);
}

/* ---- requests ----------------------------------------------------------- */

/* StartUpload: a new upload, or where the same one stopped. */
static void
up_start(struct screen *s)
{
	Banshi__V1__ClientMessage	 msg = BANSHI__V1__CLIENT_MESSAGE__INIT;
	Banshi__V1__StartUpload		 su = BANSHI__V1__START_UPLOAD__INIT;
	struct upload			*u = s->data;

	up_clear_chunks(u);
	su.draft_id = u->t.app->draft->draft_id;
	su.slot = u->t.slot;
	su.extra_name = (char *)(u->t.extra_name != NULL ? u->t.extra_name :
	    "");
	su.filename = u->filename;
	su.size = u->size;
	su.hash.data = u->hash;
	su.hash.len = sizeof u->hash;
	msg.body_case = BANSHI__V1__CLIENT_MESSAGE__BODY_START_UPLOAD;
	msg.start_upload = &su;
	log_debug("upload: start slot=%d size=%llu", u->t.slot,
	    (unsigned long long)u->size);
	u->state = UP_STARTING;
	if ((u->call = tui_call(s, &msg, 1)) == 0) {
		ui_clear_message();
		u->lost_in = UP_STARTING;
		u->state = UP_WAITING;
	}
}

/* FinishUpload, with one key for every try of this file. */
static void
up_finish(struct screen *s)
{
	Banshi__V1__ClientMessage	 msg = BANSHI__V1__CLIENT_MESSAGE__INIT;
	Banshi__V1__FinishUpload	 fu = BANSHI__V1__FINISH_UPLOAD__INIT;
	struct upload			*u = s->data;

	fu.upload_id = u->upload_id;
	msg.body_case = BANSHI__V1__CLIENT_MESSAGE__BODY_FINISH_UPLOAD;
	msg.finish_upload = &fu;
	filing_use_key(&msg, u->finish_key);
	u->state = UP_FINISHING;
	if ((u->call = tui_call(s, &msg, 1)) == 0) {
		ui_clear_message();
		u->lost_in = UP_FINISHING;
		u->state = UP_WAITING;
	}
}

/* Keep up to UP_WINDOW chunks in flight; finish when all are there. */
static void
up_pump(struct screen *s)
{
	Banshi__V1__ClientMessage	 msg = BANSHI__V1__CLIENT_MESSAGE__INIT;
	Banshi__V1__UploadChunk		 uc = BANSHI__V1__UPLOAD_CHUNK__INIT;
	struct upload			*u = s->data;
	struct up_chunk			*c;
	size_t				 len;
	ssize_t				 n;
	int				 i;

	for (i = 0; i < UP_WINDOW && u->state == UP_SENDING; i++) {
		c = &u->chunks[i];
		if (c->id != 0 || u->next >= u->size)
			continue;
		len = u->size - u->next > UP_CHUNK ? UP_CHUNK :
		    (size_t)(u->size - u->next);
		if ((n = pread(u->fd, u->buf, len, (off_t)u->next)) !=
		    (ssize_t)len) {
			up_fail(u, n == -1 ? strerror(errno) : _("The file "
			    "became shorter while it was sent"));
			return;
		}
		uc.upload_id = u->upload_id;
		uc.offset = u->next;
		uc.data.data = u->buf;
		uc.data.len = len;
		msg.body_case = BANSHI__V1__CLIENT_MESSAGE__BODY_UPLOAD_CHUNK;
		msg.upload_chunk = &uc;
		if ((c->id = tui_call(s, &msg, 0)) == 0) {
			ui_clear_message();
			u->lost_in = UP_SENDING;
			u->state = UP_WAITING;
			return;
		}
		c->offset = u->next;
		u->next += len;
	}
	if (u->state == UP_SENDING && u->acked >= u->size &&
	    up_inflight(u) == 0)
		up_finish(s);
}

/* Try again: from the start when the file may have changed. */
static void
up_retry(struct screen *s)
{
	struct upload	*u = s->data;

	if (u->state != UP_FAILED)
		return;
	if (u->hashed == u->size && u->size != 0)
		up_start(s);
	else
		up_begin(s);
}

static void
up_cancel(struct screen *s)
{
	ui_message("%s", _("Upload stopped; uploading the same file again "
	    "resumes where it stopped"));
	screen_pop(s);
}

static void
up_close(struct screen *s)
{
	screen_pop(s);
}

/* ---- replies ------------------------------------------------------------- */

/* The size the server allows, from its refusal "... (20 MiB)". */
static void
up_too_large(struct upload *u, const Banshi__V1__Reply *r)
{
	const char		*p;
	unsigned long long	 bytes;
	char			 buf[64];

	p = r->status != NULL && r->status->message != NULL ?
	    strstr(r->status->message, " to ") : NULL;
	if (p != NULL && sscanf(p, " to %llu bytes", &bytes) == 1)
		upload_max = bytes;
	if (upload_max != 0) {
		filing_size(buf, sizeof buf, upload_max);
		free(u->error);
		xasprintf(&u->error, _("The file is too large: the server takes "
		    "at most %s"), buf);
		u->state = UP_FAILED;
	} else
		up_fail(u, _("The file is too large for the server"));
}

static void
up_started(struct screen *s, const Banshi__V1__Reply *r)
{
	struct upload	*u = s->data;
	char		 buf[512];

	if (status_code(r) == CODE(RESOURCE_EXHAUSTED)) {
		up_too_large(u, r);
		return;
	}
	if (status_code(r) != CODE(OK) ||
	    r->body_case != BANSHI__V1__REPLY__BODY_UPLOAD) {
		status_text(r, buf, sizeof buf);
		up_fail(u, buf);
		return;
	}
	free(u->upload_id);
	u->upload_id = xstrdup(r->upload->upload_id);
	u->acked = u->next = u->base = r->upload->offset;
	log_debug("upload: server holds offset=%llu of %llu",
	    (unsigned long long)u->acked, (unsigned long long)u->size);
	u->t0 = conn_now();
	u->state = UP_SENDING;
	up_pump(s);
}

static void
up_chunk_done(struct screen *s, struct up_chunk *c,
    const Banshi__V1__Reply *r)
{
	struct upload	*u = s->data;
	char		 buf[512];

	c->id = 0;
	if (status_code(r) == CODE(OK) &&
	    r->body_case == BANSHI__V1__REPLY__BODY_UPLOAD) {
		if (r->upload->offset > u->acked)
			u->acked = r->upload->offset;
		up_pump(s);
		return;
	}
	if (status_code(r) == CODE(CONFLICT) &&
	    r->body_case == BANSHI__V1__REPLY__BODY_UPLOAD) {
		/* Go on from the bytes the server holds; forget the rest. */
		up_clear_chunks(u);
		u->acked = u->next = r->upload->offset;
		up_pump(s);
		return;
	}
	up_clear_chunks(u);
	status_text(r, buf, sizeof buf);
	up_fail(u, buf);
}

static void
up_finished(struct screen *s, const Banshi__V1__Reply *r)
{
	struct upload	*u = s->data;
	struct timeval	 tv = { UP_LINGER_MS / 1000,
			    (UP_LINGER_MS % 1000) * 1000 };
	const char	*field = status_field(r);
	char		 buf[512];

	if (status_code(r) == CODE(OK) &&
	    r->body_case == BANSHI__V1__REPLY__BODY_DRAFT) {
		app_set_draft(u->t.app, r->draft);
		u->state = UP_DONE;
		ui_message(_("Uploaded %s for %s"), u->shown, u->t.name);
		evtimer_add(u->timer, &tv);
		return;
	}
	filing_key(u->finish_key);
	if (field != NULL && strcmp(field, "hash") == 0 && u->restarts++ == 0) {
		up_begin(s);		/* damaged on the way: from nothing */
		return;
	}
	if (status_code(r) == CODE(FAILED_PRECONDITION) &&
	    u->restarts++ == 0) {
		up_start(s);		/* the server lacks bytes: resume */
		return;
	}
	if (field != NULL && strcmp(field, "type") == 0) {
		if (u->type != FILETYPE_UNKNOWN)
			snprintf(buf, sizeof buf, _("This material takes %s; "
			    "the file is %s"), u->t.formats != NULL ?
			    u->t.formats : "", filetype_name(u->type));
		else
			snprintf(buf, sizeof buf, _("This material takes %s; "
			    "the file is of none of these types"),
			    u->t.formats != NULL ? u->t.formats : "");
		up_fail(u, buf);
		return;
	}
	if (field != NULL && strcmp(field, "hash") == 0)
		snprintf(buf, sizeof buf, "%s", _("The file arrived damaged "
		    "twice; check the connection and try again"));
	else
		status_text(r, buf, sizeof buf);
	up_fail(u, buf);
}

static void
up_reply(struct screen *s, uint32_t id, const Banshi__V1__Reply *r)
{
	struct upload	*u = s->data;
	int		 i;

	if (id == 0)
		return;
	if (r == NULL && (id == u->call || u->state == UP_SENDING)) {
		/* Lost: every call in flight gets NULL; resume later. */
		if (u->state != UP_WAITING)
			u->lost_in = u->state;
		u->state = UP_WAITING;
		u->call = 0;
		up_clear_chunks(u);
		return;
	}
	if (r == NULL)
		return;
	if (id == u->call) {
		u->call = 0;
		if (u->state == UP_STARTING)
			up_started(s, r);
		else if (u->state == UP_FINISHING)
			up_finished(s, r);
		return;
	}
	for (i = 0; i < UP_WINDOW; i++) {
		if (u->chunks[i].id == id && u->state == UP_SENDING) {
			up_chunk_done(s, &u->chunks[i], r);
			return;
		}
	}
}

/* Back online: ask where the server's copy stands, or finish again. */
static void
up_connected(struct screen *s)
{
	struct upload	*u = s->data;

	if (u->state != UP_WAITING)
		return;
	if (u->lost_in == UP_FINISHING)
		up_finish(s);
	else
		up_start(s);
}

/* ---- drawing -------------------------------------------------------------- */

/* "[#########.........]" in w columns, done of all. */
static void
up_draw_bar(int y, int x, int w, uint64_t done, uint64_t all)
{
	int	fill, i;

	if (w < 3)
		return;
	fill = all > 0 ? (int)((double)(w - 2) * (double)done / (double)all) :
	    0;
	mvaddch(y, x, '[');
	for (i = 0; i < w - 2; i++)
		mvaddch(y, x + 1 + i, i < fill ? '#' : '.');
	mvaddch(y, x + w - 1, ']');
}

/* What the box says about the state. */
static const char *
up_state_text(const struct upload *u)
{
	switch (u->state) {
	case UP_HASHING:
		return (_("Computing the file's checksum..."));
	case UP_STARTING:
		return (_("Asking the server..."));
	case UP_SENDING:
		return (_("Uploading..."));
	case UP_FINISHING:
		return (_("The server checks and stores the file..."));
	case UP_WAITING:
		return (_("Connection lost: the upload goes on when it is "
		    "back"));
	case UP_DONE:
		return (_("Upload complete"));
	case UP_FAILED:
		return (u->error != NULL ? u->error : _("The upload failed"));
	}
	return ("");
}

/* "270.0 KB / 600.0 KB  1.2 MB/s" */
static void
up_draw_figures(const struct upload *u, uint64_t done, int y, int x, int w)
{
	char	buf[160], a[32], b[32], speed[48];
	int64_t	ms;

	filing_size(a, sizeof a, done);
	filing_size(b, sizeof b, u->size);
	speed[0] = '\0';
	ms = conn_now() - u->t0;
	if (u->state == UP_SENDING && ms >= 200 && u->acked > u->base) {
		filing_size(speed, sizeof speed, (uint64_t)((double)(u->acked -
		    u->base) * 1000.0 / (double)ms));
		snprintf(speed + strlen(speed), sizeof speed - strlen(speed),
		    "/s");
	}
	snprintf(buf, sizeof buf, "%s / %s   %s", a, b, speed);
	ui_put(y, x, buf, w, A_NORMAL);
}

static void
up_draw(struct screen *s)
{
	struct upload	*u = s->data;
	char		 title[256], line[512], pct[16];
	uint64_t	 done;
	int		 w = UP_BOX_W, y, x, room, bw;

	if (w > COLS - 2)
		w = COLS - 2;
	room = ui_bottom() - ui_top() + 1;
	y = ui_top() + (room - UP_BOX_H) / 2;
	x = (COLS - w) / 2;
	snprintf(title, sizeof title, _("Upload: %s"), u->t.name);
	ui_box(y, x, UP_BOX_H, w, title);
	snprintf(line, sizeof line, _("File: %s"), u->shown);
	ui_put(y + 2, x + 3, line, w - 6, A_NORMAL);
	ui_put(y + 3, x + 3, up_state_text(u), w - 6, u->state == UP_FAILED ?
	    ui_attr(UI_ATTR_ERROR) : u->state == UP_DONE ? A_BOLD : A_NORMAL);
	done = u->state == UP_HASHING ? u->hashed : u->state == UP_DONE ?
	    u->size : u->acked;
	snprintf(pct, sizeof pct, "%3d%%", u->size > 0 ? (int)(done * 100 /
	    u->size) : 0);
	bw = w - 6 - 6;
	if (u->state != UP_FAILED) {
		up_draw_bar(y + 5, x + 3, bw, done, u->size);
		ui_put(y + 5, x + 3 + bw + 1, pct, 5, A_BOLD);
		up_draw_figures(u, u->state == UP_HASHING ? u->hashed : done,
		    y + 6, x + 3, w - 6);
	}
	ui_put(y + 8, x + 3, u->state == UP_DONE || u->state == UP_FAILED ?
	    _("Enter or Esc: close") : _("Esc: stop (the part sent stays on "
	    "the server for a resume)"), w - 6, ui_attr(UI_ATTR_DIM));
}

/* Other keys wait while the box is open. */
static int
up_key(struct screen *s, const struct ui_input *in)
{
	return (1);
}

/* ---- life ------------------------------------------------------------ */

/* A name for the server: the file's own, made valid and short enough. */
static char *
up_filename(const char *path)
{
	const char	*base = strrchr(path, '/');
	char		*safe, *cut;
	size_t		 size;

	safe = text_sanitize(base != NULL ? base + 1 : path);
	if (text_check(safe, UP_FILENAME_MAX, 0) == TEXT_OK)
		return (safe);
	size = strlen(safe) + 1;
	cut = xmalloc(size);
	text_fit(cut, size, safe, UP_FILENAME_MAX, 0);
	free(safe);
	return (cut);
}

static void
up_init(struct screen *s, void *arg)
{
	const struct upload_arg	*a = arg;
	struct upload		*u;

	u = xcalloc(1, sizeof *u);
	s->data = u;
	upload_target_copy(&u->t, a->t);
	u->path = xstrdup(a->path);
	u->filename = up_filename(a->path);
	u->shown = xstrdup(u->filename);
	u->fd = -1;
	u->buf = xmalloc(UP_CHUNK);
	filing_key(u->finish_key);
	if ((u->timer = evtimer_new(tui.base, up_timer_cb, s)) == NULL)
		fatalx("upload: evtimer_new failed");
	up_begin(s);
}

static void
up_free(struct screen *s)
{
	struct upload	*u = s->data;

	event_free(u->timer);
	if (u->fd != -1)
		close(u->fd);
	sodium_memzero(&u->hs, sizeof u->hs);
	upload_target_free(&u->t);
	free(u->path);
	free(u->shown);
	free(u->filename);
	free(u->upload_id);
	free(u->buf);
	free(u->error);
	free(u);
}

const struct screen_type screen_upload_type = {
	.name = "upload",
	.title = N_("Upload"),
	.keys = up_keys,
	.overlay = 1,
	.init = up_init,
	.draw = up_draw,
	.key = up_key,
	.reply = up_reply,
	.free = up_free,
	.valid = up_valid,
	.connected = up_connected,
};

/* Upload the file at path into t (copied), in a box over the screen. */
void
upload_open(const struct upload_target *t, const char *path)
{
	struct upload_arg	a = { t, path };

	screen_push(&screen_upload_type, &a);
}

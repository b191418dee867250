/*
 * What the back-office screens share: the user's to-do lists and their
 * counts, the clock and the history in words, requests sent again with the
 * same key after a reconnect, and opening a material in the viewer.
 */
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "frame.h"
#include "log.h"
#include "text.h"
#include "tui.h"
#include "xmalloc.h"

#define Q(q)		BANSHI__V1__QUEUE__QUEUE_##q
#define POST(p)		BANSHI__V1__POST__POST_##p
#define LEVEL(l)	BANSHI__V1__CLOCK_LEVEL__CLOCK_LEVEL_##l
#define nitems(a)	(sizeof (a) / sizeof (a)[0])

#define WORK_MAX_TEMP	64	/* temporary files removed at exit */
#define WORK_MAX_ARGS	16	/* words of the viewer command */

static const char *const work_queue_names[WORK_NQUEUES] = {
	[Q(ACCEPT)] = N_("To accept"),
	[Q(REVIEW)] = N_("To review"),
	[Q(APPROVE)] = N_("To approve"),
	[Q(ISSUE)] = N_("To issue"),
	[Q(PREREVIEW)] = N_("Online applications to pre-review"),
	[Q(HANDLE)] = N_("To handle"),
	[Q(SUPPLEMENT)] = N_("To supplement"),
};

/* The to-do list each post works. */
static const struct {
	int	post;
	int	queue;
} work_post_queues[] = {
	{ POST(ACCEPT), Q(ACCEPT) },
	{ POST(REVIEW), Q(REVIEW) },
	{ POST(APPROVE), Q(APPROVE) },
	{ POST(ISSUE), Q(ISSUE) },
	{ POST(PREREVIEW), Q(PREREVIEW) },
	{ POST(HANDLE), Q(HANDLE) },
	{ POST(AGENT), Q(SUPPLEMENT) },
};

/* The counts the server sent last, for the user they were sent to. */
static struct {
	char		*login;
	uint32_t	 n[WORK_NQUEUES];
	int		 known[WORK_NQUEUES];
	uint32_t	 pending;
	uint64_t	 asker;		/* the screen the reply goes to */
	int		 again;		/* a change came while one was asked */
} work_counts;

static char	*work_temp[WORK_MAX_TEMP];
static size_t	 work_ntemp;

/* Whether the signed-in user holds post. */
int
work_has_post(int post)
{
	size_t	i;

	if (tui.user == NULL)
		return (0);
	for (i = 0; i < tui.user->nposts; i++) {
		if (tui.user->posts[i] == post)
			return (1);
	}
	return (0);
}

const char *
work_queue_name(int queue)
{
	if (queue <= 0 || queue >= WORK_NQUEUES ||
	    work_queue_names[queue] == NULL)
		return (_("Unknown"));
	return (_(work_queue_names[queue]));
}

/* Whether the user has this to-do list: by a post, or the server counts it. */
static int
work_has_queue(int queue)
{
	size_t	i;

	if (work_counts.known[queue] && work_counts.n[queue] > 0)
		return (1);
	for (i = 0; i < nitems(work_post_queues); i++) {
		if (work_post_queues[i].queue == queue &&
		    work_has_post(work_post_queues[i].post))
			return (1);
	}
	return (0);
}

/* How many to-do lists the user has. */
int
work_nqueues(void)
{
	int	q, n = 0;

	for (q = 1; q < WORK_NQUEUES; q++)
		n += work_has_queue(q);
	return (n);
}

/* The i-th to-do list of the user (from 0), or 0. */
int
work_queue_at(int i)
{
	int	q;

	for (q = 1; q < WORK_NQUEUES; q++) {
		if (work_has_queue(q) && i-- == 0)
			return (q);
	}
	return (0);
}

/* The count of a list, or -1 when the server has not said yet. */
long
work_count(int queue)
{
	if (queue <= 0 || queue >= WORK_NQUEUES || !work_counts.known[queue])
		return (-1);
	return ((long)work_counts.n[queue]);
}

/* Ask for the counts of the user's lists, for screen s (its reply). */
void
work_counts_fetch(struct screen *s)
{
	Banshi__V1__ClientMessage	 msg = BANSHI__V1__CLIENT_MESSAGE__INIT;
	Banshi__V1__QueueCounts		 qc = BANSHI__V1__QUEUE_COUNTS__INIT;

	if (tui.user == NULL)
		return;
	if (work_counts.login == NULL ||
	    strcmp(work_counts.login, tui.user->login) != 0) {
		free(work_counts.login);
		memset(&work_counts, 0, sizeof work_counts);
		work_counts.login = xstrdup(tui.user->login);
	}
	if (work_counts.pending != 0 &&
	    screen_find(work_counts.asker) != NULL) {
		work_counts.again = 1;
		return;
	}
	msg.body_case = BANSHI__V1__CLIENT_MESSAGE__BODY_QUEUE_COUNTS;
	msg.queue_counts = &qc;
	work_counts.pending = 0;
	work_counts.asker = s->serial;
	if (client_ready(tui.client))
		work_counts.pending = tui_call(s, &msg, 0);
}

/*
 * Take the reply with this id if it answers work_counts_fetch; returns 1
 * then (s asks again when a change came meanwhile).
 */
int
work_counts_reply(struct screen *s, uint32_t id, const Banshi__V1__Reply *r)
{
	const Banshi__V1__QueueCountList	*l;
	size_t					 i;
	int					 q;

	if (id == 0 || id != work_counts.pending)
		return (0);
	work_counts.pending = 0;
	if (r != NULL && status_code(r) == BANSHI__V1__STATUS_CODE__STATUS_OK &&
	    r->body_case == BANSHI__V1__REPLY__BODY_QUEUE_COUNTS) {
		l = r->queue_counts;
		memset(work_counts.n, 0, sizeof work_counts.n);
		for (q = 1; q < WORK_NQUEUES; q++)
			work_counts.known[q] = 1;
		for (i = 0; i < l->n_counts; i++) {
			q = (int)l->counts[i]->queue;
			if (q > 0 && q < WORK_NQUEUES)
				work_counts.n[q] = l->counts[i]->count;
		}
	}
	if (work_counts.again) {
		work_counts.again = 0;
		work_counts_fetch(s);
	}
	return (1);
}

/* The list a push says changed, or 0 when it is not about a list. */
int
work_queue_event(const Banshi__V1__Event *ev)
{
	if (ev->body_case != BANSHI__V1__EVENT__BODY_QUEUE_CHANGED ||
	    ev->queue_changed == NULL)
		return (0);
	return ((int)ev->queue_changed->queue);
}

/* "剩 3 天", "超期 2 天", "未开始", "暂停": the clock of a case in words. */
void
work_clock_text(char *buf, size_t len, const Banshi__V1__CaseClock *k)
{
	int	d;

	if (k == NULL || k->level == LEVEL(NOT_STARTED) ||
	    k->level == LEVEL(UNSPECIFIED)) {
		snprintf(buf, len, "%s", _("Not started"));
		return;
	}
	if (k->paused) {
		snprintf(buf, len, "%s", _("Paused"));
		return;
	}
	d = k->remaining_days;
	if (d < 0)
		snprintf(buf, len, ngettext("%d day overdue",
		    "%d days overdue", -d), -d);
	else
		snprintf(buf, len, ngettext("%d day left", "%d days left", d),
		    d);
}

/*
 * The mark that goes with the clock, for terminals without colours too:
 * "!" when the deadline is near (yellow card), "!!" when overdue (red).
 */
const char *
work_clock_mark(const Banshi__V1__CaseClock *k)
{
	if (k == NULL || k->paused)
		return ("");
	if (k->level == LEVEL(RED))
		return ("!!");
	if (k->level == LEVEL(YELLOW))
		return ("!");
	return ("");
}

attr_t
work_clock_attr(const Banshi__V1__CaseClock *k)
{
	if (k == NULL || k->paused)
		return (A_NORMAL);
	if (k->level == LEVEL(RED))
		return (ui_attr(UI_ATTR_ALERT));
	if (k->level == LEVEL(YELLOW))
		return (ui_attr(UI_ATTR_WARN));
	return (A_NORMAL);
}

/* The level of the clock in words, for the time-limit tab. */
const char *
work_level_text(const Banshi__V1__CaseClock *k)
{
	if (k == NULL)
		return ("");
	switch (k->level) {
	case LEVEL(NORMAL):
		return (_("Normal"));
	case LEVEL(YELLOW):
		return (_("Yellow card: the deadline is near"));
	case LEVEL(RED):
		return (_("Red card: overdue"));
	case LEVEL(PAUSED):
		return (_("Paused"));
	default:
		return (_("Not started"));
	}
}

static const struct {
	const char	*name;
	const char	*text;
} work_actions[] = {
	{ "submit", N_("Application filed") },
	{ "accept", N_("Accepted") },
	{ "supplement", N_("Returned for supplements") },
	{ "refuse", N_("Not accepted") },
	{ "resubmit", N_("Supplements handed in") },
	{ "pass", N_("Review passed") },
	{ "fail", N_("Review failed") },
	{ "approve", N_("Approved") },
	{ "deny", N_("Not approved") },
	{ "wait-pickup", N_("Waiting for pickup") },
	{ "pickup-arrived", N_("Applicant arrived") },
	{ "issue", N_("Issued") },
	{ "ship", N_("Shipped") },
	{ "close", N_("Closed") },
	{ "prereview-pass", N_("Pre-review passed") },
	{ "prereview-fail", N_("Pre-review not passed") },
	{ "handle-save", N_("Opinion saved") },
	{ "handle-close", N_("Closed") },
	{ "pause", N_("Clock paused") },
	{ "resume", N_("Clock resumed") },
	{ "extend", N_("Extended") },
	{ "terminate", N_("Terminated") },
	{ "withdraw", N_("Withdrawn") },
};

/* A history action in words; NULL when it is not one we know. */
const char *
work_action_text(const char *name)
{
	size_t	i;

	for (i = 0; name != NULL && i < nitems(work_actions); i++) {
		if (strcmp(work_actions[i].name, name) == 0)
			return (_(work_actions[i].text));
	}
	return (NULL);
}

/* "审核（审核岗）": a step and the desk that does it. */
void
work_where(char *buf, size_t len, int step, int post)
{
	snprintf(buf, len, _("%s (%s)"), catalog_step_text(step),
	    catalog_desk_text(post));
}

/* The 64 hex digits of a hash (or what there is of it). */
void
work_hash_hex(char *buf, size_t len, const ProtobufCBinaryData *h)
{
	size_t	i, n = 0;

	buf[0] = '\0';
	for (i = 0; i < h->len && n + 3 <= len; i++)
		n += (size_t)snprintf(buf + n, len - n, "%02x", h->data[i]);
}

/* "文件：pdf  586.0 KB  BLAKE2b 1a2b…": what the client knows of a file. */
void
work_file_info(char *buf, size_t len, const Banshi__V1__FileRef *f)
{
	char	size[32], hex[80], *type;

	filing_size(size, sizeof size, f->size);
	work_hash_hex(hex, sizeof hex, &f->hash);
	type = catalog_safe(f->type);
	snprintf(buf, len, _("File: %s  %s  BLAKE2b %s"), type, size, hex);
	free(type);
}

/* ---- requests sent again after a reconnect ---------------------------- */

/*
 * Send msg for screen s as a mutating request under c's key (made on the
 * first send, kept for the retries).  Returns the id, or 0.
 */
uint32_t
work_call_send(struct screen *s, struct work_call *c,
    Banshi__V1__ClientMessage *msg)
{
	if (!c->keyed) {
		randombytes_buf(c->key, sizeof c->key);
		frame_key_stamp(c->key);
		c->keyed = 1;
	}
	msg->idempotency_key.data = c->key;
	msg->idempotency_key.len = sizeof c->key;
	c->lost = 0;
	c->id = tui_call(s, msg, 1);
	return (c->id);
}

/* Done with the request: the next one gets a new key. */
void
work_call_done(struct work_call *c)
{
	memset(c, 0, sizeof *c);
}

/* ---- the viewer ------------------------------------------------------- */

static void
work_temp_cleanup(void)
{
	size_t	i;

	for (i = 0; i < work_ntemp; i++) {
		unlink(work_temp[i]);
		free(work_temp[i]);
	}
	work_ntemp = 0;
}

/*
 * Whether the viewer can run here; why not in why.  xdg-open needs a
 * graphical session.
 */
int
work_viewer_usable(char *why, size_t len)
{
	const char	*v = tui.config.viewer;
	const char	*base;

	if (v == NULL || *v == '\0') {
		snprintf(why, len, "%s", _("No viewer is configured"));
		return (0);
	}
	base = strrchr(v, '/') != NULL ? strrchr(v, '/') + 1 : v;
	if (strncmp(base, "xdg-open", 8) == 0 &&
	    (base[8] == '\0' || base[8] == ' ') &&
	    getenv("DISPLAY") == NULL && getenv("WAYLAND_DISPLAY") == NULL) {
		snprintf(why, len, "%s", _("No graphical display for the "
		    "viewer"));
		return (0);
	}
	return (1);
}

/*
 * A new private file (mode 0600) in $TMPDIR for a material of this type:
 * its descriptor, and its path in *path (removed when banshi exits).
 * Returns -1 with errno set when it cannot be made.
 */
int
work_temp_file(const char *type, char **path)
{
	static int	 registered;
	const char	*dir = getenv("TMPDIR");
	char		 suffix[16];
	size_t		 i, n = 0;
	int		 fd;

	for (i = 0; type != NULL && type[i] != '\0' && n < 8; i++) {
		if (isalnum((unsigned char)type[i]))
			suffix[1 + n++] = (char)tolower((unsigned char)type[i]);
	}
	suffix[0] = '.';
	if (n == 0) {
		memcpy(suffix + 1, "bin", 3);
		n = 3;
	}
	suffix[1 + n] = '\0';
	if (dir == NULL || *dir != '/')
		dir = "/tmp";
	xasprintf(path, "%s/banshi-XXXXXX%s", dir, suffix);
	if ((fd = mkstemps(*path, (int)strlen(suffix))) == -1) {
		free(*path);
		*path = NULL;
		return (-1);
	}
	fchmod(fd, 0600);
	if (!registered) {
		atexit(work_temp_cleanup);
		registered = 1;
	}
	if (work_ntemp == WORK_MAX_TEMP) {
		unlink(work_temp[0]);
		free(work_temp[0]);
		memmove(work_temp, work_temp + 1,
		    (WORK_MAX_TEMP - 1) * sizeof work_temp[0]);
		work_ntemp--;
	}
	work_temp[work_ntemp++] = xstrdup(*path);
	return (fd);
}

/* The child: detached, no terminal, every other descriptor closed on exec. */
static void __attribute__((noreturn))
work_viewer_child(char **argv, int report)
{
	int	fd, i;

	if (fork() != 0)
		_exit(0);	/* the grandchild runs on; init reaps it */
	if ((fd = open("/dev/null", O_RDWR)) != -1) {
		dup2(fd, STDIN_FILENO);
		dup2(fd, STDOUT_FILENO);
		dup2(fd, STDERR_FILENO);
		if (fd > STDERR_FILENO)
			close(fd);
	}
	for (i = STDERR_FILENO + 1; i < 1024; i++) {
		if (i != report)
			close(i);
	}
	execvp(argv[0], argv);
	i = errno;
	(void)write(report, &i, sizeof i);
	_exit(127);
}

/*
 * Start the viewer on path, detached, without a shell (the command is split
 * at spaces).  Returns 0 when it started, else -1 with errno set.
 */
int
work_viewer_run(const char *path)
{
	char	*cmd, *argv[WORK_MAX_ARGS + 2], *p;
	pid_t	 pid;
	int	 fds[2], err = 0, argc = 0, status;
	ssize_t	 n;

	if (pipe2(fds, O_CLOEXEC) == -1)
		return (-1);
	cmd = xstrdup(tui.config.viewer);
	for (p = strtok(cmd, " \t"); p != NULL && argc < WORK_MAX_ARGS;
	    p = strtok(NULL, " \t"))
		argv[argc++] = p;
	argv[argc++] = (char *)path;
	argv[argc] = NULL;
	if (argc < 2 || (pid = fork()) == -1) {
		err = argc < 2 ? ENOENT : errno;
		goto out;
	}
	if (pid == 0) {
		setsid();
		close(fds[0]);
		work_viewer_child(argv, fds[1]);
	}
	close(fds[1]);
	fds[1] = -1;
	while (waitpid(pid, &status, 0) == -1 && errno == EINTR)
		;
	/* End of file: exec closed the pipe; else the child sent errno. */
	while ((n = read(fds[0], &err, sizeof err)) == -1 && errno == EINTR)
		;
	if (n != (ssize_t)sizeof err)
		err = 0;
out:
	close(fds[0]);
	if (fds[1] != -1)
		close(fds[1]);
	free(cmd);
	if (err != 0) {
		log_warnx("viewer: cannot start %s: %s", tui.config.viewer,
		    strerror(err));
		errno = err;
		return (-1);
	}
	log_info("viewer: started for %s", path);
	return (0);
}

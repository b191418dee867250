/*
 * SMS: messages to applicants and staff are rows of the outbox, written in
 * the same transaction as the change they report.  A sender takes due rows,
 * marks them as being sent, delivers them on a worker (the configured
 * command, argv without a shell, or a spool file), and marks them sent or
 * retries later with back-off.  A row marked as being sent when banshid
 * stopped is never sent again: it is set aside as unknown and logged.
 */
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ids.h"
#include "log.h"
#include "server.h"
#include "xmalloc.h"

#define SMS_BATCH	20
#define SMS_TIMEOUT_MS	30000	/* a gateway command's time to answer */
#define SMS_PENDING	0
#define SMS_SENDING	1
#define SMS_SENT	2
#define SMS_FAILED	3
#define SMS_UNKNOWN	4

extern char	**environ;

struct sms_msg {
	int64_t	 id;
	char	 phone[24];
	char	*text;
	int	 attempts;
	int	 ok;
	char	 error[128];
};

struct sms_round {
	struct batch_job	 job;
	struct sms_msg		 msgs[SMS_BATCH];
	size_t			 n;
	int			 marking;	/* 1: SENDING; 0: results */
	char			*command;
	char			*spool;
	int			 retry;
	int			 attempts;
};

static struct event	*sms_timer_ev;
static struct pool	*sms_pool;	/* its own: a slow gateway waits here */
static struct event_base *sms_base;
static int		 sms_busy;

int
sms_enqueue(const char *phone, const char *text, const char *event,
    int64_t case_id)
{
	static const char *sql =
	    "INSERT INTO outbox(phone, text, event, case_id, created_at,"
	    " next_at) VALUES (:phone, :text, :event, :case, :now, :now)";
	sqlite3_stmt	*st;

	if (phone == NULL || *phone == '\0')
		return (0);	/* nobody to tell */
	st = db_w(sql);
	db_bind_text(st, ":phone", phone);
	db_bind_text(st, ":text", text);
	db_bind_text(st, ":event", event);
	if (case_id != 0)
		db_bind_int(st, ":case", case_id);
	db_bind_int(st, ":now", clock_now());
	return (db_step_done(st));
}

/* The queue's name in a reminder. */
static const char *
sms_queue_name(int step)
{
	static const char *names[] = { "", "待受理", "待审核", "待审批",
	    "待发证", "网上申办预审", "待办理" };

	return (step > 0 && step < 7 ? names[step] : "待办");
}

int
sms_remind(int step, int post, const char *scope)
{
	static const char *find_sql =
	    "WITH RECURSIVE down(id) AS ("
	    " SELECT id FROM org_unit WHERE code = :scope"
	    " UNION ALL SELECT o.id FROM org_unit o JOIN down"
	    "  ON o.parent_id = down.id)"
	    " SELECT id, mobile FROM user WHERE remind = 1 AND mobile != ''"
	    " AND (posts & :bit) != 0 AND reminded_at <= :since"
	    " AND admin_locked = 0 AND org_id IN (SELECT id FROM down)";
	static const char *mark_sql =
	    "UPDATE user SET reminded_at = :now WHERE id = :id";
	sqlite3_stmt	*st, *up;
	char		 text[160];
	int64_t		 ids[64];
	char		 phones[64][24];
	size_t		 n = 0, i;

	st = db_w(find_sql);
	db_bind_text(st, ":scope", scope);
	db_bind_int(st, ":bit", (int64_t)1 << post);
	db_bind_int(st, ":since", clock_now() - cfg->remind_interval);
	while (n < 64 && sqlite3_step(st) == SQLITE_ROW) {
		ids[n] = sqlite3_column_int64(st, 0);
		snprintf(phones[n++], 24, "%s", sqlite3_column_text(st, 1));
	}
	sqlite3_reset(st);
	snprintf(text, sizeof text, "【办事】您有新的%s事项，请及时登录办理。",
	    sms_queue_name(step));
	for (i = 0; i < n; i++) {
		if (sms_enqueue(phones[i], text, "staff-reminder", 0) == -1)
			return (-1);
		up = db_w(mark_sql);
		db_bind_int(up, ":now", clock_now());
		db_bind_int(up, ":id", ids[i]);
		if (db_step_done(up) == -1)
			return (-1);
	}
	return (0);
}

/* ---- the sender ------------------------------------------------------- */

/* Append to the spool file, durably. */
static int
sms_spool(const char *path, struct sms_msg *m)
{
	char	line[1024], stamp[32];
	time_t	now = clock_now();
	struct tm tm;
	int	fd, n;

	localtime_r(&now, &tm);
	strftime(stamp, sizeof stamp, "%Y-%m-%d %H:%M:%S", &tm);
	n = snprintf(line, sizeof line, "%s\t%lld\t%s\t%s\n", stamp,
	    (long long)m->id, m->phone, m->text);
	if ((fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC,
	    0600)) == -1) {
		snprintf(m->error, sizeof m->error, "%s: %s", path,
		    strerror(errno));
		return (-1);
	}
	if (write(fd, line, (size_t)n) != n || fsync(fd) == -1) {
		snprintf(m->error, sizeof m->error, "%s: %s", path,
		    strerror(errno));
		close(fd);
		return (-1);
	}
	close(fd);
	return (0);
}

/* Run the command with the phone and text as two more arguments. */
static int
sms_run(const char *command, struct sms_msg *m)
{
	char	*copy, *argv[34], *save = NULL, *w;
	pid_t	 pid;
	int	 argc = 0, status, rc, waited;

	copy = xstrdup(command);
	for (w = strtok_r(copy, " \t", &save); w != NULL && argc < 31;
	    w = strtok_r(NULL, " \t", &save))
		argv[argc++] = w;
	argv[argc++] = m->phone;
	argv[argc++] = m->text;
	argv[argc] = NULL;
	rc = posix_spawn(&pid, argv[0], NULL, NULL, argv, environ);
	free(copy);
	if (rc != 0) {
		snprintf(m->error, sizeof m->error, "%s: %s", command,
		    strerror(rc));
		return (-1);
	}
	/* A gateway that hangs is killed: the outbox must move on. */
	for (waited = 0; (rc = waitpid(pid, &status, WNOHANG)) == 0 &&
	    waited < SMS_TIMEOUT_MS; waited += 100)
		usleep(100 * 1000);
	if (rc == 0) {
		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
		snprintf(m->error, sizeof m->error, "%s: no answer in %d s",
		    command, SMS_TIMEOUT_MS / 1000);
		return (-1);
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		snprintf(m->error, sizeof m->error, "exit status %d",
		    WIFEXITED(status) ? WEXITSTATUS(status) : -1);
		return (-1);
	}
	return (0);
}

static void
sms_deliver(void *arg)
{
	struct sms_round	*r = arg;
	size_t			 i;

	for (i = 0; i < r->n; i++)
		r->msgs[i].ok = (r->command[0] != '\0' ?
		    sms_run(r->command, &r->msgs[i]) :
		    sms_spool(r->spool, &r->msgs[i])) == 0;
}

static void
sms_delivered(void *arg)
{
	struct sms_round	*r = arg;

	batch_enqueue(&r->job);		/* record what happened */
}

static void
sms_round_free(struct sms_round *r)
{
	size_t	i;

	for (i = 0; i < r->n; i++)
		free(r->msgs[i].text);
	free(r->command);
	free(r->spool);
	free(r);
	sms_busy = 0;
}

static int
sms_record(struct batch_job *job)
{
	static const char *mark_sql =
	    "UPDATE outbox SET state = 1, attempts = attempts + 1"
	    " WHERE id = :id AND state = 0";
	static const char *sent_sql =
	    "UPDATE outbox SET state = 2, sent_at = :now WHERE id = :id";
	static const char *fail_sql =
	    "UPDATE outbox SET state = :state, next_at = :next,"
	    " last_error = :err WHERE id = :id";
	struct sms_round	*r = (struct sms_round *)job;
	struct sms_msg		*m;
	sqlite3_stmt		*st;
	size_t			 i;
	char			 masked[24];

	for (i = 0; i < r->n; i++) {
		m = &r->msgs[i];
		if (r->marking) {
			st = db_w(mark_sql);
			db_bind_int(st, ":id", m->id);
		} else if (m->ok) {
			st = db_w(sent_sql);
			db_bind_int(st, ":now", clock_now());
			db_bind_int(st, ":id", m->id);
		} else {
			st = db_w(fail_sql);
			db_bind_int(st, ":state", m->attempts + 1 >=
			    r->attempts ? SMS_FAILED : SMS_PENDING);
			db_bind_int(st, ":next", clock_now() +
			    ((int64_t)r->retry << (m->attempts < 10 ?
			    m->attempts : 10)));
			db_bind_text(st, ":err", m->error);
			db_bind_int(st, ":id", m->id);
			id_mask(masked, sizeof masked, m->phone);
			log_warnx("sms id=%lld to %s failed (attempt %d): %s",
			    (long long)m->id, masked, m->attempts + 1,
			    m->error);
		}
		if (db_step_done(st) == -1)
			return (-1);
	}
	return (0);
}

static void
sms_recorded(struct batch_job *job, int committed)
{
	struct sms_round	*r = (struct sms_round *)job;

	if (!committed || job->failed) {
		sms_round_free(r);
		return;
	}
	if (r->marking) {
		/* Marked as being sent: now deliver, off the loop. */
		r->marking = 0;
		pool_submit(sms_pool, sms_deliver, sms_delivered, r);
		return;
	}
	sms_round_free(r);
}

static void
sms_timer(evutil_socket_t fd, short events, void *arg)
{
	static const char *due_sql =
	    "SELECT id, phone, text, attempts FROM outbox WHERE state = 0"
	    " AND next_at <= :now ORDER BY id LIMIT :n";
	struct sms_round	*r;
	sqlite3_stmt		*st;
	char			 spool[1024];

	if (sms_busy)
		return;
	r = xcalloc(1, sizeof *r);
	st = db_r(due_sql);
	db_bind_int(st, ":now", clock_now());
	db_bind_int(st, ":n", SMS_BATCH);
	while (r->n < SMS_BATCH && sqlite3_step(st) == SQLITE_ROW) {
		struct sms_msg *m = &r->msgs[r->n++];

		m->id = sqlite3_column_int64(st, 0);
		snprintf(m->phone, sizeof m->phone, "%s",
		    sqlite3_column_text(st, 1));
		m->text = xstrdup((const char *)sqlite3_column_text(st, 2));
		m->attempts = sqlite3_column_int(st, 3);
	}
	sqlite3_reset(st);
	if (r->n == 0) {
		free(r);
		return;
	}
	sms_busy = 1;
	snprintf(spool, sizeof spool, "%s", cfg->sms_spool[0] != '\0' ?
	    cfg->sms_spool : "");
	if (spool[0] == '\0')
		snprintf(spool, sizeof spool, "%s/sms-spool.txt",
		    cfg->data_dir);
	r->command = xstrdup(cfg->sms_command);
	r->spool = xstrdup(spool);
	r->retry = cfg->sms_retry;
	r->attempts = cfg->sms_attempts;
	r->marking = 1;
	r->job.run = sms_record;
	r->job.done = sms_recorded;
	batch_enqueue(&r->job);
}

int
sms_init(struct event_base *base)
{
	struct timeval	tv = { 1, 0 };
	int		n;

	/* Rows caught mid-send by a stop are never sent twice. */
	if (db_exec("BEGIN IMMEDIATE") == -1)
		return (-1);
	if (db_exec("UPDATE outbox SET state = 4, last_error ="
	    " 'banshid stopped while sending: not sent again' WHERE state = 1")
	    == -1) {
		db_exec("ROLLBACK");
		return (-1);
	}
	n = db_changes();
	if (db_exec("COMMIT") == -1)
		return (-1);
	if (n > 0)
		log_warnx("sms: %d message(s) were being sent when banshid "
		    "stopped; set aside as unknown, not sent again", n);
	sms_base = base;
	sms_timer_ev = event_new(base, -1, EV_PERSIST, sms_timer, NULL);
	event_add(sms_timer_ev, &tv);
	return (0);
}

void
sms_start(void)
{
	sms_pool = pool_new(sms_base, 1);
}

void
sms_shutdown(void)
{
	if (sms_timer_ev != NULL)
		event_del(sms_timer_ev);
	pool_free(sms_pool);
	sms_pool = NULL;
}

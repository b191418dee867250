/*
 * Group commit.  Mutating requests queue jobs as they are decoded; the
 * batch event is made active by the first of them and runs after the I/O
 * callbacks already active in that pass of the loop (the same priority, so
 * a busy loop cannot starve it), and one transaction runs them all, each inside its own savepoint so a rejected
 * request rolls back alone, and only after COMMIT returns do the replies go
 * out.  Under load, requests pile up during one commit and form the next
 * batch; there is no timer.
 */
#include <stdlib.h>

#include <event2/event.h>

#include "log.h"
#include "server.h"

static TAILQ_HEAD(, batch_job)	 batch_queue =
    TAILQ_HEAD_INITIALIZER(batch_queue);
static struct event		*batch_ev;
static int			 batch_scheduled;
static uint64_t			 batch_committed, batch_njobs;

static void	batch_cb(evutil_socket_t, short, void *);

void
batch_init(struct event_base *base)
{
	batch_ev = event_new(base, -1, 0, batch_cb, NULL);
	event_priority_set(batch_ev, 1);
}

void
batch_enqueue(struct batch_job *job)
{
	TAILQ_INSERT_TAIL(&batch_queue, job, entry);
	if (!batch_scheduled) {
		batch_scheduled = 1;
		event_active(batch_ev, 0, 0);
	}
}

/* Run one job inside a savepoint; its writes stay only when it says so. */
static void
batch_run_job(struct batch_job *job)
{
	if (db_exec("SAVEPOINT job") == -1)
		fatalx("batch: savepoint failed");
	job->failed = 0;
	if (job->run(job) == 0) {
		if (db_exec("RELEASE job") == -1)
			fatalx("batch: release failed");
	} else {
		job->failed = 1;
		if (db_exec("ROLLBACK TO job") == -1 ||
		    db_exec("RELEASE job") == -1)
			fatalx("batch: rollback to savepoint failed");
	}
}

void
batch_flush(void)
{
	TAILQ_HEAD(, batch_job)	 jobs = TAILQ_HEAD_INITIALIZER(jobs);
	struct batch_job	*job;
	uint64_t		 n = 0;
	int			 committed = 1;

	batch_scheduled = 0;
	if (TAILQ_EMPTY(&batch_queue))
		return;
	TAILQ_CONCAT(&jobs, &batch_queue, entry);
	if (db_exec("BEGIN IMMEDIATE") == -1) {
		committed = 0;
		goto done;
	}
	TAILQ_FOREACH(job, &jobs, entry) {
		batch_run_job(job);
		n++;
	}
	if (db_exec("COMMIT") == -1) {
		log_warnx("batch: commit of %llu jobs failed: %s",
		    (unsigned long long)n, db_errmsg());
		db_exec("ROLLBACK");
		committed = 0;
	} else {
		batch_committed++;
		batch_njobs += n;
	}
done:
	while ((job = TAILQ_FIRST(&jobs)) != NULL) {
		TAILQ_REMOVE(&jobs, job, entry);
		job->done(job, committed);
	}
}

static void
batch_cb(evutil_socket_t fd, short events, void *arg)
{
	batch_flush();
}

uint64_t
batch_count(void)
{
	return (batch_committed);
}

uint64_t
batch_jobs(void)
{
	return (batch_njobs);
}

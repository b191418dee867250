/*
 * The write path: pipelined group commit on a writer thread.
 *
 * Handlers on the event loop queue jobs as requests are decoded.  One
 * writer thread owns the write connection: it takes everything queued as
 * one batch, runs BEGIN IMMEDIATE, each job inside its own SAVEPOINT (a
 * rejected request rolls back alone), and one COMMIT, whose fsync makes the
 * whole batch durable (synchronous=FULL).  While it commits, the loop goes
 * on decoding, answering reads from the read connection and queuing the
 * next batch; under load, requests pile up during one commit and form the
 * next batch.  There is no timer: a lone request is committed at once.
 *
 * Jobs' run callbacks execute on the writer thread and may touch only the
 * write connection (db_w) and what they were given; their done callbacks
 * run back on the loop after COMMIT returned, and only there do replies
 * and pushes go out, so an acknowledged write is a durable write.
 */
#include <pthread.h>
#include <stdlib.h>
#include <time.h>

#include <event2/event.h>

#include "log.h"
#include "server.h"

/* A batch is bounded so that one burst cannot delay its first reply for
   long; what is left over forms the next batch at once. */
#define BATCH_MAX	1024

TAILQ_HEAD(batch_list, batch_job);

static pthread_mutex_t	 batch_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t	 batch_wake = PTHREAD_COND_INITIALIZER;
static pthread_cond_t	 batch_idle = PTHREAD_COND_INITIALIZER;
static struct batch_list batch_queue = TAILQ_HEAD_INITIALIZER(batch_queue);
static struct batch_list batch_finished =
    TAILQ_HEAD_INITIALIZER(batch_finished);
static int		 batch_running;		/* the writer holds a batch */
static int		 batch_stopping;
static int		 batch_threaded;	/* the writer thread is up */
static pthread_t	 batch_thread;
static struct event	*batch_done_ev;
static struct batch_stats batch_st;		/* under the lock */

static void	batch_done_cb(evutil_socket_t, short, void *);

void
batch_init(struct event_base *base)
{
	batch_done_ev = event_new(base, -1, 0, batch_done_cb, NULL);
	/* Replies of a committed batch go before new input is read. */
	event_priority_set(batch_done_ev, 0);
}

/* Run one job inside a savepoint; its writes stay only when it says so. */
static void
batch_run_job(struct batch_job *job)
{
	if (db_do("SAVEPOINT job") == -1)
		fatalx("batch: savepoint failed");
	job->failed = 0;
	if (job->run(job) == 0) {
		if (db_do("RELEASE job") == -1)
			fatalx("batch: release failed");
	} else {
		job->failed = 1;
		if (db_do("ROLLBACK TO job") == -1 ||
		    db_do("RELEASE job") == -1)
			fatalx("batch: rollback to savepoint failed");
	}
}

static uint64_t
batch_us(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((uint64_t)ts.tv_sec * 1000000 + (uint64_t)ts.tv_nsec / 1000);
}

/* One transaction for every job of the list; sets each job's outcome. */
static void
batch_commit(struct batch_list *jobs)
{
	struct batch_job	*job;
	uint64_t		 n = 0, t0, t1 = 0, t2;
	int			 committed = 1;

	t0 = batch_us();
	if (db_do("BEGIN IMMEDIATE") == -1)
		committed = 0;
	else {
		TAILQ_FOREACH(job, jobs, entry) {
			batch_run_job(job);
			n++;
		}
		t1 = batch_us();
		if (db_do("COMMIT") == -1) {
			log_warnx("batch: commit of %llu jobs failed: %s",
			    (unsigned long long)n, db_errmsg());
			db_do("ROLLBACK");
			committed = 0;
		}
	}
	t2 = batch_us();
	TAILQ_FOREACH(job, jobs, entry)
		job->committed = committed;
	pthread_mutex_lock(&batch_lock);
	if (committed) {
		batch_st.batches++;
		batch_st.jobs += n;
		batch_st.run_us += t1 - t0;
		batch_st.commit_us += t2 - t1;
	}
	pthread_mutex_unlock(&batch_lock);
}

/* Move up to BATCH_MAX queued jobs to jobs; under the lock. */
static void
batch_take(struct batch_list *jobs)
{
	struct batch_job	*job;
	int			 n = 0;

	while (n++ < BATCH_MAX && (job = TAILQ_FIRST(&batch_queue)) != NULL) {
		TAILQ_REMOVE(&batch_queue, job, entry);
		TAILQ_INSERT_TAIL(jobs, job, entry);
	}
}

static void *
batch_writer(void *arg)
{
	struct batch_list	jobs = TAILQ_HEAD_INITIALIZER(jobs);

	pthread_mutex_lock(&batch_lock);
	for (;;) {
		while (TAILQ_EMPTY(&batch_queue) && !batch_stopping)
			pthread_cond_wait(&batch_wake, &batch_lock);
		if (TAILQ_EMPTY(&batch_queue))
			break;
		batch_take(&jobs);
		batch_running = 1;
		pthread_mutex_unlock(&batch_lock);

		batch_commit(&jobs);

		pthread_mutex_lock(&batch_lock);
		TAILQ_CONCAT(&batch_finished, &jobs, entry);
		batch_running = 0;
		pthread_cond_broadcast(&batch_idle);
		event_active(batch_done_ev, 0, 0);
	}
	pthread_mutex_unlock(&batch_lock);
	return (NULL);
}

void
batch_start(void)
{
	/* The writer takes the lock before it touches the database, so it
	   runs only once the write connection is handed to it. */
	pthread_mutex_lock(&batch_lock);
	batch_stopping = 0;
	if (pthread_create(&batch_thread, NULL, batch_writer, NULL) != 0)
		fatalx("batch: cannot start the writer thread");
	db_writer_attach(batch_thread);
	batch_threaded = 1;
	pthread_mutex_unlock(&batch_lock);
}

void
batch_enqueue(struct batch_job *job)
{
	pthread_mutex_lock(&batch_lock);
	TAILQ_INSERT_TAIL(&batch_queue, job, entry);
	pthread_cond_signal(&batch_wake);
	pthread_mutex_unlock(&batch_lock);
}

/* Run the done callbacks of committed batches (on the loop). */
static void
batch_done_cb(evutil_socket_t fd, short events, void *arg)
{
	struct batch_list	 jobs = TAILQ_HEAD_INITIALIZER(jobs);
	struct batch_job	*job;

	pthread_mutex_lock(&batch_lock);
	TAILQ_CONCAT(&jobs, &batch_finished, entry);
	pthread_mutex_unlock(&batch_lock);
	while ((job = TAILQ_FIRST(&jobs)) != NULL) {
		TAILQ_REMOVE(&jobs, job, entry);
		job->done(job, job->committed);
	}
}

void
batch_flush(void)
{
	struct batch_list	jobs = TAILQ_HEAD_INITIALIZER(jobs);

	if (!batch_threaded) {
		/* Start-up and shutdown: this thread is the only writer. */
		for (;;) {
			pthread_mutex_lock(&batch_lock);
			batch_take(&jobs);
			pthread_mutex_unlock(&batch_lock);
			if (TAILQ_EMPTY(&jobs))
				break;
			batch_commit(&jobs);
			pthread_mutex_lock(&batch_lock);
			TAILQ_CONCAT(&batch_finished, &jobs, entry);
			pthread_mutex_unlock(&batch_lock);
			batch_done_cb(-1, 0, NULL);
		}
		return;
	}
	pthread_mutex_lock(&batch_lock);
	while (!TAILQ_EMPTY(&batch_queue) || batch_running)
		pthread_cond_wait(&batch_idle, &batch_lock);
	pthread_mutex_unlock(&batch_lock);
	batch_done_cb(-1, 0, NULL);
}

void
batch_stop(void)
{
	if (!batch_threaded)
		return;
	pthread_mutex_lock(&batch_lock);
	batch_stopping = 1;
	pthread_cond_signal(&batch_wake);
	pthread_mutex_unlock(&batch_lock);
	pthread_join(batch_thread, NULL);
	batch_threaded = 0;
	db_writer_attach(pthread_self());
	batch_done_cb(-1, 0, NULL);
	/* Whatever the last done callbacks queued. */
	batch_flush();
}

/* ---- barriers --------------------------------------------------------- */

struct batch_barrier {
	struct batch_job	 job;
	void			 (*fn)(void *);
	void			*arg;
};

static int
batch_barrier_run(struct batch_job *job)
{
	return (0);
}

static void
batch_barrier_done(struct batch_job *job, int committed)
{
	struct batch_barrier	*b = (struct batch_barrier *)job;

	b->fn(b->arg);
	free(b);
}

void
batch_barrier(void (*fn)(void *), void *arg)
{
	struct batch_barrier	*b;

	if ((b = calloc(1, sizeof *b)) == NULL)
		fatal("batch_barrier");
	b->job.run = batch_barrier_run;
	b->job.done = batch_barrier_done;
	b->fn = fn;
	b->arg = arg;
	batch_enqueue(&b->job);
}

void
batch_stats(struct batch_stats *st)
{
	pthread_mutex_lock(&batch_lock);
	*st = batch_st;
	pthread_mutex_unlock(&batch_lock);
}

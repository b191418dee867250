/*
 * A small thread pool for work that would block the event loop (Argon2id).
 * Completions are handed back to the loop through a pipe.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

#include <event2/event.h>

#include "log.h"
#include "server.h"
#include "xmalloc.h"

struct worker_job {
	void			 (*work)(void *);
	void			 (*done)(void *);
	void			*arg;
	struct worker_job	*next;
};

struct worker_queue {
	struct worker_job	*head;
	struct worker_job	*tail;
};

static pthread_mutex_t		 worker_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t		 worker_cond = PTHREAD_COND_INITIALIZER;
static struct worker_queue	 worker_todo, worker_done;
static pthread_t		*worker_threads;
static int			 worker_nthreads;
static int			 worker_stopping;
static int			 worker_pipe[2] = { -1, -1 };
static struct event		*worker_ev;

static void
worker_push(struct worker_queue *q, struct worker_job *j)
{
	j->next = NULL;
	if (q->tail != NULL)
		q->tail->next = j;
	else
		q->head = j;
	q->tail = j;
}

static struct worker_job *
worker_pop(struct worker_queue *q)
{
	struct worker_job	*j = q->head;

	if (j != NULL) {
		q->head = j->next;
		if (q->head == NULL)
			q->tail = NULL;
	}
	return (j);
}

static void *
worker_main(void *unused)
{
	struct worker_job	*j;
	char			 c = 1;

	for (;;) {
		pthread_mutex_lock(&worker_lock);
		while (worker_todo.head == NULL && !worker_stopping)
			pthread_cond_wait(&worker_cond, &worker_lock);
		if ((j = worker_pop(&worker_todo)) == NULL) {
			pthread_mutex_unlock(&worker_lock);
			return (NULL);
		}
		pthread_mutex_unlock(&worker_lock);

		j->work(j->arg);

		pthread_mutex_lock(&worker_lock);
		worker_push(&worker_done, j);
		pthread_mutex_unlock(&worker_lock);
		while (write(worker_pipe[1], &c, 1) == -1 && errno == EINTR)
			;
	}
}

/* Run the done callbacks of finished jobs on the loop. */
static void
worker_done_cb(evutil_socket_t fd, short events, void *arg)
{
	struct worker_job	*j;
	char			 buf[256];

	while (read(fd, buf, sizeof buf) > 0)
		;
	for (;;) {
		pthread_mutex_lock(&worker_lock);
		j = worker_pop(&worker_done);
		pthread_mutex_unlock(&worker_lock);
		if (j == NULL)
			break;
		j->done(j->arg);
		free(j);
	}
}

void
worker_init(struct event_base *base, int n)
{
	int	i;

	if (pipe2(worker_pipe, O_NONBLOCK | O_CLOEXEC) == -1)
		fatal("pipe2");
	worker_ev = event_new(base, worker_pipe[0], EV_READ | EV_PERSIST,
	    worker_done_cb, NULL);
	event_priority_set(worker_ev, 0);
	event_add(worker_ev, NULL);
	worker_nthreads = n;
	worker_threads = xcalloc((size_t)n, sizeof *worker_threads);
	for (i = 0; i < n; i++) {
		if (pthread_create(&worker_threads[i], NULL, worker_main,
		    NULL) != 0)
			fatalx("pthread_create failed");
	}
}

void
worker_submit(void (*work)(void *), void (*done)(void *), void *arg)
{
	struct worker_job	*j;

	j = xcalloc(1, sizeof *j);
	j->work = work;
	j->done = done;
	j->arg = arg;
	pthread_mutex_lock(&worker_lock);
	worker_push(&worker_todo, j);
	pthread_cond_signal(&worker_cond);
	pthread_mutex_unlock(&worker_lock);
}

/* Let running jobs finish, run their callbacks and stop the threads. */
void
worker_shutdown(void)
{
	int	i;

	pthread_mutex_lock(&worker_lock);
	worker_stopping = 1;
	pthread_cond_broadcast(&worker_cond);
	pthread_mutex_unlock(&worker_lock);
	for (i = 0; i < worker_nthreads; i++)
		pthread_join(worker_threads[i], NULL);
	worker_done_cb(worker_pipe[0], EV_READ, NULL);
	event_free(worker_ev);
	close(worker_pipe[0]);
	close(worker_pipe[1]);
	free(worker_threads);
}

/*
 * Thread pools for work that would block the event loop: Argon2id and file
 * checks on the main pool, SMS delivery on a pool of its own so that a slow
 * gateway never holds up a login.  Completions are handed back to the loop
 * through a pipe per pool.
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

struct pool {
	pthread_mutex_t		 lock;
	pthread_cond_t		 cond;
	struct worker_queue	 todo;
	struct worker_queue	 done;
	pthread_t		*threads;
	int			 nthreads;
	int			 stopping;
	int			 pipe[2];
	struct event		*ev;
};

static struct pool	*worker_main_pool;

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
worker_main(void *arg)
{
	struct pool		*p = arg;
	struct worker_job	*j;
	char			 c = 1;

	for (;;) {
		pthread_mutex_lock(&p->lock);
		while (p->todo.head == NULL && !p->stopping)
			pthread_cond_wait(&p->cond, &p->lock);
		if ((j = worker_pop(&p->todo)) == NULL) {
			pthread_mutex_unlock(&p->lock);
			return (NULL);
		}
		pthread_mutex_unlock(&p->lock);

		j->work(j->arg);

		pthread_mutex_lock(&p->lock);
		worker_push(&p->done, j);
		pthread_mutex_unlock(&p->lock);
		while (write(p->pipe[1], &c, 1) == -1 && errno == EINTR)
			;
	}
}

/* Run the done callbacks of finished jobs on the loop. */
static void
worker_done_cb(evutil_socket_t fd, short events, void *arg)
{
	struct pool		*p = arg;
	struct worker_job	*j;
	char			 buf[256];

	while (read(fd, buf, sizeof buf) > 0)
		;
	for (;;) {
		pthread_mutex_lock(&p->lock);
		j = worker_pop(&p->done);
		pthread_mutex_unlock(&p->lock);
		if (j == NULL)
			break;
		j->done(j->arg);
		free(j);
	}
}

struct pool *
pool_new(struct event_base *base, int n)
{
	struct pool	*p;
	int		 i;

	p = xcalloc(1, sizeof *p);
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->cond, NULL);
	if (pipe2(p->pipe, O_NONBLOCK | O_CLOEXEC) == -1)
		fatal("pipe2");
	p->ev = event_new(base, p->pipe[0], EV_READ | EV_PERSIST,
	    worker_done_cb, p);
	event_priority_set(p->ev, 0);
	event_add(p->ev, NULL);
	p->nthreads = n;
	p->threads = xcalloc((size_t)n, sizeof *p->threads);
	for (i = 0; i < n; i++)
		if (pthread_create(&p->threads[i], NULL, worker_main, p) != 0)
			fatalx("pthread_create failed");
	return (p);
}

void
pool_submit(struct pool *p, void (*work)(void *), void (*done)(void *),
    void *arg)
{
	struct worker_job	*j;

	j = xcalloc(1, sizeof *j);
	j->work = work;
	j->done = done;
	j->arg = arg;
	pthread_mutex_lock(&p->lock);
	worker_push(&p->todo, j);
	pthread_cond_signal(&p->cond);
	pthread_mutex_unlock(&p->lock);
}

/* Let running jobs finish, run their callbacks and stop the threads. */
void
pool_free(struct pool *p)
{
	int	i;

	if (p == NULL)
		return;
	pthread_mutex_lock(&p->lock);
	p->stopping = 1;
	pthread_cond_broadcast(&p->cond);
	pthread_mutex_unlock(&p->lock);
	for (i = 0; i < p->nthreads; i++)
		pthread_join(p->threads[i], NULL);
	worker_done_cb(p->pipe[0], EV_READ, p);
	event_free(p->ev);
	close(p->pipe[0]);
	close(p->pipe[1]);
	free(p->threads);
	pthread_mutex_destroy(&p->lock);
	pthread_cond_destroy(&p->cond);
	free(p);
}

void
worker_init(struct event_base *base, int n)
{
	worker_main_pool = pool_new(base, n);
}

void
worker_submit(void (*work)(void *), void (*done)(void *), void *arg)
{
	pool_submit(worker_main_pool, work, done, arg);
}

void
worker_shutdown(void)
{
	pool_free(worker_main_pool);
	worker_main_pool = NULL;
}

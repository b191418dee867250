/*
 * Thread pools for work that would block the event loop: Argon2id and file
 * checks on the main pool, SMS delivery on a pool of its own so that a slow
 * gateway never holds up a login.  Completions are handed back to the loop
 * through a pipe per pool.  The main pool runs below the loop's priority,
 * and each of its threads has a helper process that checks login passwords.
 */
#include <sys/types.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include <linux/ioprio.h>

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/event.h>
#include <sodium.h>

#include "log.h"
#include "server.h"
#include "xmalloc.h"

#define WORKERS_MAX	64	/* [password] workers, config.c */
#define HELPER_MSG_MAX	512	/* a stored hash, NUL, a password */

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
	int			 background;	/* the main pool */
	int			 started;	/* threads that took a helper */
	int			 pipe[2];
	struct event		*ev;
};

/* A helper process and the socket to it. */
struct worker_helper {
	pid_t			 pid;
	int			 fd;
};

static struct pool		*worker_main_pool;
static struct worker_helper	 worker_helpers[WORKERS_MAX];
static int			 worker_nhelpers;
static __thread int		 worker_helper_fd = -1;

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

/*
 * Put the calling thread below the event loop.  With as many workers as
 * cores, Argon2id keeps every core busy, and at equal priority a loop woken
 * by a packet waits behind a hash for its turn (WhoAmI p99 4.5 ms during
 * 200 logins on 2 cores).  SCHED_IDLE rather than nice 19: the kernel lets a
 * normal thread that wakes preempt an idle-class one at once, and places it
 * on a core running only idle-class work as on an idle core, where nice 19
 * only shrinks the worker's share.  Lowering needs no privilege.  The price:
 * while normal threads keep every core busy, this work waits; logins slow
 * down, the sessions already open go on being served.  SCHED_IDLE would also
 * put the thread's disk I/O in the idle class, behind every commit, so file
 * checks keep best-effort I/O.
 */
static void
worker_background(void)
{
	struct sched_param	sp;

	memset(&sp, 0, sizeof sp);
	if (pthread_setschedparam(pthread_self(), SCHED_IDLE, &sp) != 0 &&
	    setpriority(PRIO_PROCESS, (id_t)gettid(), 19) == -1)
		log_warn("worker: cannot lower the priority below the loop's");
	if (syscall(SYS_ioprio_set, IOPRIO_WHO_PROCESS, 0,
	    IOPRIO_PRIO_VALUE(IOPRIO_CLASS_BE, IOPRIO_NORM)) == -1)
		log_debug("worker: ioprio_set: %s", strerror(errno));
}

/*
 * Logins' passwords are checked in helper processes, one per thread of the
 * main pool, forked by worker_init before the daemon starts any thread.
 * libsodium maps Argon2id's memory (64 MiB) for each hash and unmaps it
 * after; an unmap flushes the TLB of every core running the same address
 * space, and on the 2-core virtual machine of the benches each one stopped
 * the event loop for 3 to 6 ms, ten times a second during a login storm,
 * whatever the workers' priority (bench_login: WhoAmI p99 2.7 ms with idle
 * workers in-process, 0.5 ms with idle helpers).  A helper's mappings are
 * its own.  It starts as a copy of the daemon: pages the daemon changes
 * later stop being shared, which costs memory up to what the daemon held at
 * start-up.
 */
static void __attribute__((noreturn))
worker_helper_main(int fd, pid_t daemon_pid)
{
	char		 msg[HELPER_MSG_MAX + 1], *pw;
	unsigned char	 ok;
	sigset_t	 none;
	ssize_t		 n;
	int		 sig;

	/* Leave the daemon's signal handlers, descriptors and name behind. */
	for (sig = 1; sig < NSIG; sig++)
		signal(sig, SIG_DFL);
	signal(SIGHUP, SIG_IGN);
	signal(SIGPIPE, SIG_IGN);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) == -1 || getppid() != daemon_pid)
		_exit(0);
	if (dup2(fd, 3) == -1)
		_exit(1);
	close_range(4, ~0U, 0);
	prctl(PR_SET_NAME, "banshid-hash");
	worker_background();
	for (;;) {
		if ((n = recv(3, msg, HELPER_MSG_MAX, 0)) == -1 &&
		    errno == EINTR)
			continue;
		if (n <= 0)
			_exit(0);
		msg[n] = '\0';
		pw = memchr(msg, '\0', (size_t)n);
		ok = pw != NULL && password_verify(msg, pw + 1);
		sodium_memzero(msg, sizeof msg);
		while ((n = send(3, &ok, 1, MSG_NOSIGNAL)) == -1 &&
		    errno == EINTR)
			;
		if (n != 1)
			_exit(0);
	}
}

/* Fork a helper for each of n threads; a thread without one checks itself. */
static void
worker_helpers_start(int n)
{
	struct worker_helper	*h;
	pid_t			 self = getpid();
	int			 sv[2];

	for (worker_nhelpers = 0; worker_nhelpers < n &&
	    worker_nhelpers < WORKERS_MAX; worker_nhelpers++) {
		h = &worker_helpers[worker_nhelpers];
		h->pid = -1;
		h->fd = -1;
		if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0,
		    sv) == -1) {
			log_warn("worker: password helper socketpair");
			continue;
		}
		if ((h->pid = fork()) == 0) {
			close(sv[0]);
			worker_helper_main(sv[1], self);
		}
		close(sv[1]);
		if (h->pid == -1) {
			log_warn("worker: password helper fork");
			close(sv[0]);
			continue;
		}
		h->fd = sv[0];
	}
}

/* Close the helpers' sockets, which ends them, and reap them. */
static void
worker_helpers_stop(void)
{
	struct worker_helper	*h;
	int			 i;

	for (i = 0; i < worker_nhelpers; i++) {
		h = &worker_helpers[i];
		if (h->fd != -1)
			close(h->fd);
		if (h->pid > 0)
			while (waitpid(h->pid, NULL, 0) == -1 && errno == EINTR)
				;
	}
	worker_nhelpers = 0;
}

int
worker_password_verify(const char *hash, const char *password)
{
	char		 msg[HELPER_MSG_MAX];
	size_t		 hl = strlen(hash), len = hl + 1 + strlen(password);
	unsigned char	 ok = 0;
	ssize_t		 n;

	if (worker_helper_fd == -1 || len > sizeof msg)
		return (password_verify(hash, password));
	memcpy(msg, hash, hl + 1);
	memcpy(msg + hl + 1, password, len - hl - 1);
	while ((n = send(worker_helper_fd, msg, len, MSG_NOSIGNAL)) == -1 &&
	    errno == EINTR)
		;
	sodium_memzero(msg, sizeof msg);
	if (n == (ssize_t)len)
		while ((n = recv(worker_helper_fd, &ok, 1, 0)) == -1 &&
		    errno == EINTR)
			;
	if (n != 1) {
		log_warnx("worker: password helper gone, checking in-process");
		worker_helper_fd = -1;
		return (password_verify(hash, password));
	}
	return (ok == 1);
}

static void *
worker_main(void *arg)
{
	struct pool		*p = arg;
	struct worker_job	*j;
	char			 c = 1;
	int			 i;

	if (p->background) {
		worker_background();
		pthread_mutex_lock(&p->lock);
		i = p->started++;
		pthread_mutex_unlock(&p->lock);
		if (i < worker_nhelpers)
			worker_helper_fd = worker_helpers[i].fd;
	}
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

/* A pool of n threads; background: the main pool's (worker_background). */
static struct pool *
pool_start(struct event_base *base, int n, int background)
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
	p->background = background;
	p->threads = xcalloc((size_t)n, sizeof *p->threads);
	for (i = 0; i < n; i++)
		if (pthread_create(&p->threads[i], NULL, worker_main, p) != 0)
			fatalx("pthread_create failed");
	return (p);
}

struct pool *
pool_new(struct event_base *base, int n)
{
	return (pool_start(base, n, 0));
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
	worker_helpers_start(n);
	worker_main_pool = pool_start(base, n, 1);
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
	worker_helpers_stop();
}

/* banshid: the service hall daemon's start-up, signals and shutdown. */
#include <sys/resource.h>
#include <sys/stat.h>

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/event.h>
#include <event2/thread.h>
#include <openssl/ssl.h>
#include <sodium.h>

#include "log.h"
#include "server.h"
#include "xmalloc.h"

#define SHUTDOWN_GRACE	3	/* seconds for connections to flush */
/* Descriptors besides connections: database, listeners, uploads, control. */
#define NOFILE_MARGIN	100

/* Read by the writer thread too: swapped atomically, freed after a barrier. */
struct config *_Atomic	 cfg;
time_t			 server_started;

static struct event_base	*base;
static struct event		*stop_timer;
static int			 stopping;

static void __attribute__((noreturn))
usage(void)
{
	fprintf(stderr, "usage: banshid [-dnv] [-f file] [-p port] "
	    "[-P portfile]\n");
	exit(2);
}

/* Warn when the descriptor limit cannot hold max_connections. */
static void
nofile_check(int max_connections)
{
	struct rlimit	rl;
	rlim_t		need = (rlim_t)max_connections + NOFILE_MARGIN;

	if (getrlimit(RLIMIT_NOFILE, &rl) == -1 || rl.rlim_cur >= need)
		return;
	log_warnx("descriptor limit %llu (hard limit %llu) is below [limits] "
	    "max_connections %d + %d for the daemon's own files: raise the "
	    "hard limit to %llu or more (ulimit -n, or LimitNOFILE= in the "
	    "systemd unit)", (unsigned long long)rl.rlim_cur,
	    (unsigned long long)rl.rlim_max, max_connections, NOFILE_MARGIN,
	    (unsigned long long)need);
}

/*
 * Each connection is a descriptor: raise the soft limit to the hard one
 * (systemd and login shells start us at 1024 for the sake of select(),
 * which nothing here uses) and say when even that is too low.
 */
static void
nofile_raise(int max_connections)
{
	struct rlimit	rl;
	rlim_t		was;

	if (getrlimit(RLIMIT_NOFILE, &rl) == -1) {
		log_warn("getrlimit RLIMIT_NOFILE");
		return;
	}
	was = rl.rlim_cur;
	if (rl.rlim_max != RLIM_INFINITY)
		rl.rlim_cur = rl.rlim_max;
	else if (was < (rlim_t)max_connections + NOFILE_MARGIN)
		/* The kernel refuses an infinite soft limit here. */
		rl.rlim_cur = (rlim_t)max_connections + NOFILE_MARGIN;
	if (rl.rlim_cur != was) {
		if (setrlimit(RLIMIT_NOFILE, &rl) == -1)
			log_warn("setrlimit RLIMIT_NOFILE %llu",
			    (unsigned long long)rl.rlim_cur);
		else
			log_info("descriptor limit raised from %llu to %llu",
			    (unsigned long long)was,
			    (unsigned long long)rl.rlim_cur);
	}
	nofile_check(max_connections);
}

/* The writer may still read the configuration it replaced. */
static void
server_config_free(void *arg)
{
	struct config	*old = arg;

	config_free(old);
	free(old);
}

int
server_reload(char *err, size_t errlen)
{
	struct config	*next, *old;
	char		 msg[512];

	next = xcalloc(1, sizeof *next);
	if (config_load(cfg->path, next, err, errlen) == -1) {
		free(next);
		return (-1);
	}
	if (conn_reload_tls(next, msg, sizeof msg) == -1) {
		snprintf(err, errlen, "%s", msg);
		config_free(next);
		free(next);
		return (-1);
	}
	if (strcmp(next->listen_address, cfg->listen_address) != 0 ||
	    strcmp(next->database, cfg->database) != 0 ||
	    strcmp(next->control_socket, cfg->control_socket) != 0 ||
	    next->workers != cfg->workers)
		log_warnx("reload: [listen] address, [storage], [control] "
		    "and [password] workers take effect after a restart");
	if (strcmp(next->data_dir, cfg->data_dir) != 0)
		log_warnx("reload: [storage] data_dir takes effect after a "
		    "restart");
	/* Keep what is bound or open now. */
	free(next->listen_port);
	next->listen_port = xstrdup(cfg->listen_port);
	free(next->data_dir);
	next->data_dir = xstrdup(cfg->data_dir);
	if (next->max_connections > cfg->max_connections)
		nofile_check(next->max_connections);
	old = cfg;
	cfg = next;
	batch_barrier(server_config_free, old);
	log_info("configuration reloaded from %s", cfg->path);
	return (0);
}

static void
sighup_reloaded(void *arg, const char *err)
{
	if (err != NULL)
		log_warnx("SIGHUP: catalogue not reloaded: %s", err);
}

static void
sighup_cb(evutil_socket_t sig, short events, void *arg)
{
	char	err[512];

	if (server_reload(err, sizeof err) == -1) {
		log_warnx("reload refused, old configuration kept: %s", err);
		return;
	}
	catalog_reload(cfg->catalog_dir, sighup_reloaded, NULL);
}

/* Exit the loop once every connection has closed (or the grace is up). */
static void
stop_check(evutil_socket_t fd, short events, void *arg)
{
	struct timeval	tv = { 0, 50 * 1000 };
	static int	ticks;

	if (conn_count() == 0 || ++ticks > SHUTDOWN_GRACE * 20) {
		event_base_loopexit(base, NULL);
		return;
	}
	evtimer_add(stop_timer, &tv);
}

static void
sigterm_cb(evutil_socket_t sig, short events, void *arg)
{
	if (stopping)
		return;
	stopping = 1;
	log_info("signal %d: finishing the batch and closing connections",
	    (int)sig);
	batch_flush();
	conn_shutdown();
	stop_timer = evtimer_new(base, stop_check, NULL);
	stop_check(-1, 0, NULL);
}

static void
write_port_file(const char *path)
{
	FILE	*f;
	char	 tmp[4096];

	snprintf(tmp, sizeof tmp, "%s.tmp", path);
	if ((f = fopen(tmp, "w")) == NULL)
		fatal("%s", tmp);
	fprintf(f, "%d\n", conn_bound_port());
	if (fclose(f) != 0 || rename(tmp, path) == -1)
		fatal("%s", path);
}

int
main(int argc, char **argv)
{
	struct event	*ev_hup, *ev_term, *ev_int;
	const char	*conffile = SYSCONFDIR "/banshi/banshid.conf";
	const char	*port = NULL, *portfile = NULL;
	char		 err[512], abspath[PATH_MAX];
	int		 ch, foreground = 0, check = 0, verbose = 0;

	while ((ch = getopt(argc, argv, "df:nP:p:v")) != -1) {
		switch (ch) {
		case 'd':
			foreground = 1;
			break;
		case 'f':
			conffile = optarg;
			break;
		case 'n':
			check = 1;
			break;
		case 'P':
			portfile = optarg;
			break;
		case 'p':
			port = optarg;
			break;
		case 'v':
			verbose++;
			break;
		default:
			usage();
		}
	}
	if (optind != argc)
		usage();
	log_init("banshid", foreground || check, verbose);
	/* Reloads read the file again after daemon() has moved us to /. */
	if (realpath(conffile, abspath) != NULL)
		conffile = abspath;
	cfg = xcalloc(1, sizeof (struct config));
	if (config_load(conffile, cfg, err, sizeof err) == -1) {
		fprintf(stderr, "%s\n", err);
		return (1);
	}
	if (check) {
		struct catalog	*cat;

		if (catalog_load(cfg->catalog_dir, &cat, err, sizeof err) ==
		    -1) {
			fprintf(stderr, "%s\n", err);
			return (1);
		}
		printf("%s: configuration ok\n%s: catalogue ok, %zu items\n",
		    conffile, cfg->catalog_dir, cat->n_items);
		catalog_free(cat);
		return (0);
	}
	if (port != NULL) {
		free(cfg->listen_port);
		cfg->listen_port = xstrdup(port);
	}
	nofile_raise(cfg->max_connections);
	if (sodium_init() == -1)
		fatalx("sodium_init failed");
	signal(SIGPIPE, SIG_IGN);
	evthread_use_pthreads();
	if ((base = event_base_new()) == NULL)
		fatalx("event_base_new failed");
	/* Worker completions at 0; I/O and the group-commit batch at 1. */
	event_base_priority_init(base, 3);
	if (db_open(cfg->database, cfg->cache_size, cfg->mmap_size, err,
	    sizeof err) == -1)
		fatalx("database: %s", err);
	if (conn_listen(base, cfg, &dispatch_tls, err, sizeof err) == -1 ||
	    conn_control_listen(base, cfg, &dispatch_ctl, err, sizeof err) ==
	    -1)
		fatalx("%s", err);
	batch_init(base);
	push_init(base);
	if (catalog_start(cfg->catalog_dir, err, sizeof err) == -1)
		fatalx("catalogue: %s", err);
	if (upload_init(err, sizeof err) == -1)
		fatalx("[storage] data_dir: %s", err);
	if (sms_init(base) == -1)
		fatalx("sms: cannot prepare the outbox");
	session_init(base);
	idem_init(base);
	ev_hup = evsignal_new(base, SIGHUP, sighup_cb, NULL);
	ev_term = evsignal_new(base, SIGTERM, sigterm_cb, NULL);
	ev_int = evsignal_new(base, SIGINT, sigterm_cb, NULL);
	event_add(ev_hup, NULL);
	event_add(ev_term, NULL);
	event_add(ev_int, NULL);
	/*
	 * The port file says we are ready: signals are handled from here on.
	 * Errors so far went to the terminal; threads start after the fork.
	 */
	if (portfile != NULL)
		write_port_file(portfile);
	if (!foreground) {
		if (daemon(0, 0) == -1)
			fatal("daemon");
		if (event_reinit(base) == -1)
			fatalx("event_reinit failed");
	}
	server_started = time(NULL);
	auth_init();
	worker_init(base, cfg->workers);
	sms_start();
	batch_start();
	log_info("banshid %s listening on %s port %d", BANSHI_VERSION,
	    cfg->listen_address, conn_bound_port());

	event_base_dispatch(base);

	worker_shutdown();
	sms_shutdown();
	batch_stop();
	push_free();
	db_close();
	conn_free_tls();
	catalog_free(catalog_live);
	log_info("banshid stopped");
	return (0);
}

/* banshi: the terminal client for the government service hall. */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/event.h>
#include <sodium.h>

#include "log.h"
#include "tui.h"
#include "xmalloc.h"

struct tui	tui;

struct banshi_options {
	const char	*config;
	const char	*host;
	const char	*port;
	const char	*ca;
	const char	*logfile;
};

static void __attribute__((noreturn))
usage(void)
{
	fprintf(stderr, "usage: banshi [-c file] [-h host] [-p port] "
	    "[--ca file] [-v logfile]\n");
	exit(1);
}

/* Stop the event loop; main cleans up. */
void
tui_quit(void)
{
	event_base_loopbreak(tui.base);
}

static void
banshi_options(int argc, char **argv, struct banshi_options *o)
{
	static const struct option longopts[] = {
		{ "ca", required_argument, NULL, 'C' },
		{ "version", no_argument, NULL, 'V' },
		{ "help", no_argument, NULL, 'H' },
		{ NULL, 0, NULL, 0 }
	};
	int	ch;

	memset(o, 0, sizeof *o);
	while ((ch = getopt_long(argc, argv, "c:h:p:v:", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'c':
			o->config = optarg;
			break;
		case 'h':
			o->host = optarg;
			break;
		case 'p':
			o->port = optarg;
			break;
		case 'C':
			o->ca = optarg;
			break;
		case 'v':
			o->logfile = optarg;
			break;
		case 'V':
			printf("banshi %s\n", BANSHI_VERSION);
			exit(0);
		default:
			usage();
		}
	}
	if (optind != argc)
		usage();
}

static int
banshi_set(const char *s)
{
	return (s != NULL && *s != '\0');
}

/* A file named in the config must be readable: say so before curses. */
static void
banshi_check_file(const char *what, const char *path, int required)
{
	if (!banshi_set(path)) {
		if (!required)
			return;
		fprintf(stderr, "banshi: no %s file: set [server] ca in "
		    "banshi.conf or use --ca\n", what);
		exit(1);
	}
	if (access(path, R_OK) != 0) {
		fprintf(stderr, "banshi: %s file %s: %s\n", what, path,
		    strerror(errno));
		exit(1);
	}
}

/* The config file, then the command line over it. */
static void
banshi_configure(const struct banshi_options *o)
{
	char		 err[512];
	const char	*path = o->config;
	char		*end;
	long		 port;

	config_defaults(&tui.config);
	if (path == NULL)
		path = config_default_path();
	if (config_load(&tui.config, path, o->config != NULL, err,
	    sizeof err) == -1) {
		fprintf(stderr, "banshi: %s\n", err);
		exit(1);
	}
	if (o->host != NULL) {
		free(tui.config.host);
		tui.config.host = xstrdup(o->host);
	}
	if (o->port != NULL) {
		free(tui.config.port);
		tui.config.port = xstrdup(o->port);
	}
	if (o->ca != NULL) {
		free(tui.config.ca);
		tui.config.ca = xstrdup(o->ca);
	}
	port = strtol(tui.config.port, &end, 10);
	if (*tui.config.port == '\0' || *end != '\0' || port < 1 ||
	    port > 65535) {
		fprintf(stderr, "banshi: bad port: %s\n", tui.config.port);
		exit(1);
	}
	if (*tui.config.host == '\0') {
		fprintf(stderr, "banshi: no server host\n");
		exit(1);
	}
	banshi_check_file("CA", tui.config.ca, 1);
	banshi_check_file("certificate", tui.config.cert, 0);
	banshi_check_file("key", tui.config.key, 0);
	if (banshi_set(tui.config.cert) != banshi_set(tui.config.key)) {
		fprintf(stderr, "banshi: [server] certificate and key go "
		    "together\n");
		exit(1);
	}
	xasprintf(&tui.endpoint, "%s:%s", tui.config.host, tui.config.port);
}

/* Messages, with BANSHI_LOCALEDIR overriding the installed catalogues. */
static void
banshi_locale(void)
{
	const char	*dir = getenv("BANSHI_LOCALEDIR");

	setlocale(LC_ALL, "");
	/* Chinese needs UTF-8; C.UTF-8 is on every system we run on. */
	if (strcmp(nl_langinfo(CODESET), "UTF-8") != 0 &&
	    setlocale(LC_CTYPE, "C.UTF-8") == NULL) {
		fprintf(stderr, "banshi: needs a UTF-8 locale "
		    "(e.g. LANG=C.UTF-8)\n");
		exit(1);
	}
	bindtextdomain("banshi", dir != NULL && *dir != '\0' ? dir :
	    LOCALEDIR);
	bind_textdomain_codeset("banshi", "UTF-8");
	textdomain("banshi");
}

static void
banshi_libevent_log(int severity, const char *msg)
{
	if (severity >= EVENT_LOG_WARN)
		log_warnx("libevent: %s", msg);
	else
		log_debug("libevent: %s", msg);
}

/*
 * Log to the -v file, or nowhere.  Standard error points there too, so no
 * library message can reach the screen behind curses' back.
 */
static void
banshi_log(const char *logfile)
{
	FILE	*f = NULL;
	int	 fd;

	if (logfile != NULL) {
		if ((f = fopen(logfile, "a")) == NULL) {
			fprintf(stderr, "banshi: %s: %s\n", logfile,
			    strerror(errno));
			exit(1);
		}
		setvbuf(f, NULL, _IOLBF, 0);
		log_to_file(f);
		log_set_verbose(1);
		fd = fileno(f);
	} else {
		log_to_file(NULL);
		if ((fd = open("/dev/null", O_WRONLY)) == -1)
			return;
	}
	if (fd != STDERR_FILENO)
		dup2(fd, STDERR_FILENO);
	if (f == NULL && fd != STDERR_FILENO)
		close(fd);
	event_set_log_callback(banshi_libevent_log);
}

static void
banshi_stdin_cb(evutil_socket_t fd, short what, void *arg)
{
	static int		idle;
	struct ui_input		in;
	int			n = 0;

	while (ui_read(&in)) {
		n++;
		/* curses has resized itself when it says so. */
		if (in.code == KEY_RESIZE)
			clearok(curscr, TRUE);
		else
			screen_input(&in);
	}
	/* Readable with nothing to read, again and again: the tty is gone. */
	if (n == 0 && ++idle > 100)
		tui_quit();
	else if (n > 0)
		idle = 0;
	ui_redraw();
}

static void
banshi_signal_cb(evutil_socket_t sig, short what, void *arg)
{
	if (sig == SIGWINCH) {
		ui_resize();
		ui_redraw();
		return;
	}
	log_info("banshi: signal %d, quitting", (int)sig);
	tui_quit();
}

/* Run the loop until the user quits or a signal stops it. */
static void
banshi_run(void)
{
	static const int	 sigs[] = { SIGWINCH, SIGHUP, SIGTERM, SIGINT };
	struct event		*ev[5];
	size_t			 i, n = 0;

	ev[n++] = event_new(tui.base, STDIN_FILENO, EV_READ | EV_PERSIST,
	    banshi_stdin_cb, NULL);
	for (i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
		ev[n++] = evsignal_new(tui.base, sigs[i], banshi_signal_cb,
		    NULL);
	for (i = 0; i < n; i++) {
		if (ev[i] == NULL || event_add(ev[i], NULL) != 0)
			fatalx("cannot set up events");
	}
	screen_push(&screen_login_type, NULL);
	client_start(tui.client);
	ui_redraw();
	event_base_dispatch(tui.base);
	for (i = 0; i < n; i++)
		event_free(ev[i]);
}

/* The event loop and the RPC client; errors go to stderr before curses. */
static void
banshi_client(void)
{
	struct client_config	cc;
	char			err[512];

	if ((tui.base = event_base_new()) == NULL) {
		fprintf(stderr, "banshi: event_base_new failed\n");
		exit(1);
	}
	memset(&cc, 0, sizeof cc);
	cc.host = tui.config.host;
	cc.port = tui.config.port;
	cc.ca = tui.config.ca;
	cc.cert = tui.config.cert;
	cc.key = tui.config.key;
	cc.version = "banshi/" BANSHI_VERSION;
	tui.client = client_new(tui.base, &cc, &conn_callbacks, NULL, err,
	    sizeof err);
	if (tui.client == NULL) {
		fprintf(stderr, "banshi: %s\n", err);
		exit(1);
	}
}

int
main(int argc, char **argv)
{
	struct banshi_options	o;

	banshi_locale();
	banshi_options(argc, argv, &o);
	banshi_configure(&o);
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr, "banshi: needs a terminal\n");
		return (1);
	}
	signal(SIGPIPE, SIG_IGN);
	/* Idempotency keys and the hashes of uploaded files. */
	if (sodium_init() < 0) {
		fprintf(stderr, "banshi: cannot initialise libsodium\n");
		return (1);
	}
	banshi_client();
	banshi_log(o.logfile);
	tui.conn = TUI_CONNECTING;
	ui_start();
	banshi_run();

	tui.quitting = 1;
	client_free(tui.client);
	screen_free_all();
	region_forget();
	files_forget();
	ui_stop();
	conn_stop_ticker();
	user_free(tui.user);
	config_free(&tui.config);
	free(tui.endpoint);
	event_base_free(tui.base);
	return (0);
}

/* End-to-end test harness: real banshid, real TLS, real SQLite files. */
#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>
#include <sqlite3.h>

#include "frame.h"
#include "harness.h"
#include "tls.h"

int			 test_failures;
int			 harness_verbose = 1;
static struct server	*current;
static uint32_t		 next_id = 1;

static const char *
build_dir(void)
{
	const char	*b = getenv("BUILD");

	return (b != NULL && *b != '\0' ? b : "build");
}

double
now_ms(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6);
}

static void
run_or_die(const char *cmd)
{
	if (system(cmd) != 0) {
		fprintf(stderr, "harness: failed: %s\n", cmd);
		exit(1);
	}
}

void
server_spawn(struct server *s)
{
	char		 cmd[700], portfile[300], bin[256];
	FILE		*f;
	double		 deadline;

	s->port[0] = '\0';
	snprintf(portfile, sizeof portfile, "%s/port", s->dir);
	unlink(portfile);
	snprintf(bin, sizeof bin, "%s/banshid", build_dir());
	if ((s->pid = fork()) == -1) {
		perror("fork");
		exit(1);
	}
	if (s->pid == 0) {
		if (freopen(s->log, "a", stderr) == NULL)
			_exit(127);
		if (harness_verbose)
			execl(bin, "banshid", "-d", "-v", "-f", s->conf, "-p",
			    "0", "-P", portfile, (char *)NULL);
		else
			execl(bin, "banshid", "-d", "-f", s->conf, "-p", "0",
			    "-P", portfile, (char *)NULL);
		_exit(127);
	}
	/* Wait for the port file (written once the listener is bound). */
	deadline = now_ms() + 20000;
	while (now_ms() < deadline) {
		if ((f = fopen(portfile, "r")) != NULL) {
			if (fscanf(f, "%15s", s->port) == 1) {
				fclose(f);
				break;
			}
			fclose(f);
		}
		if (waitpid(s->pid, NULL, WNOHANG) == s->pid) {
			fprintf(stderr, "harness: banshid exited at start\n");
			snprintf(cmd, sizeof cmd, "cat %s >&2", s->log);
			system(cmd);
			exit(1);
		}
		usleep(20000);
	}
	if (s->port[0] == '\0') {
		fprintf(stderr, "harness: no port file\n");
		harness_abort();
	}
}

void
server_start(struct server *s, const char *extra)
{
	server_prepare(s, extra);
	server_spawn(s);
}

void
server_prepare(struct server *s, const char *extra)
{
	char		 cmd[2048], bin[256];
	FILE		*f;

	memset(s, 0, sizeof *s);
	snprintf(s->dir, sizeof s->dir, "/tmp/banshi-e2e-XXXXXX");
	if (mkdtemp(s->dir) == NULL) {
		perror("mkdtemp");
		exit(1);
	}
	current = s;
	snprintf(cmd, sizeof cmd, "scripts/mkdata.sh %s 0", s->dir);
	run_or_die(cmd);
	snprintf(s->conf, sizeof s->conf, "%s/banshid.conf", s->dir);
	snprintf(s->sock, sizeof s->sock, "%s/control.sock", s->dir);
	snprintf(s->db, sizeof s->db, "%s/banshi.db", s->dir);
	snprintf(s->log, sizeof s->log, "%s/banshid.log", s->dir);
	if ((f = fopen(s->conf, "a")) == NULL) {
		perror(s->conf);
		exit(1);
	}
	if (extra == NULL || strstr(extra, "[password]") == NULL)
		fprintf(f, "\n[password]\nhash_memory = 8\nhash_passes = 1\n");
	if (extra != NULL)
		fprintf(f, "\n%s\n", extra);
	fclose(f);

	snprintf(cmd, sizeof cmd, "%s/certs/ca.pem", s->dir);
	s->ctx = tls_client_ctx(cmd, NULL, NULL, bin, sizeof bin);
	if (s->ctx == NULL) {
		fprintf(stderr, "harness: %s\n", bin);
		harness_abort();
	}
}

int
server_stop(struct server *s)
{
	int	status, i;

	if (s->pid <= 0)
		return (-1);
	kill(s->pid, SIGTERM);
	for (i = 0; i < 1000; i++) {
		if (waitpid(s->pid, &status, WNOHANG) == s->pid) {
			s->pid = 0;
			return (WIFEXITED(status) ? WEXITSTATUS(status) : -1);
		}
		usleep(10000);
	}
	kill(s->pid, SIGKILL);
	waitpid(s->pid, &status, 0);
	s->pid = 0;
	return (-1);
}

static void
cleanup(struct server *s, int keep)
{
	char	cmd[600];

	if (s->ctx != NULL)
		SSL_CTX_free(s->ctx);
	s->ctx = NULL;
	if (keep) {
		snprintf(cmd, sizeof cmd, "echo '--- banshid log:' >&2; "
		    "tail -n 60 %s >&2", s->log);
		system(cmd);
	}
	snprintf(cmd, sizeof cmd, "rm -rf %s", s->dir);
	system(cmd);
}

void
harness_abort(void)
{
	if (current != NULL) {
		if (current->pid > 0) {
			kill(current->pid, SIGKILL);
			waitpid(current->pid, NULL, 0);
		}
		cleanup(current, 1);
	}
	exit(1);
}

int
harness_done(struct server *s)
{
	int	rc;
	char	cmd[400];

	if (s->pid > 0) {
		rc = server_stop(s);
		CHECK(rc == 0, "banshid exited with %d after SIGTERM", rc);
	}
	/* Sanitizer reports in the daemon's log fail the test too. */
	snprintf(cmd, sizeof cmd, "grep -q -E 'ERROR: (Address|Leak)Sanitizer|"
	    "runtime error:' %s", s->log);
	CHECK(system(cmd) != 0, "sanitizer report in %s", s->log);
	cleanup(s, test_failures > 0);
	return (test_failures > 0 ? 1 : 0);
}

int
ctl(struct server *s, const char *in, char *out, size_t outlen,
    const char *fmt, ...)
{
	char	 args[1024], cmd[2048], inpath[300];
	FILE	*p, *f;
	va_list	 ap;
	size_t	 n = 0;
	int	 status;

	va_start(ap, fmt);
	vsnprintf(args, sizeof args, fmt, ap);
	va_end(ap);
	inpath[0] = '\0';
	if (in != NULL) {
		snprintf(inpath, sizeof inpath, "%s/ctl.in", s->dir);
		if ((f = fopen(inpath, "w")) == NULL)
			return (-1);
		fputs(in, f);
		fclose(f);
	}
	snprintf(cmd, sizeof cmd, "%s/banshictl -s %s %s < %s", build_dir(),
	    s->sock, args, in != NULL ? inpath : "/dev/null");
	if ((p = popen(cmd, "r")) == NULL)
		return (-1);
	if (out != NULL && outlen > 0) {
		n = fread(out, 1, outlen - 1, p);
		out[n] = '\0';
	} else {
		char	buf[512];

		while (fread(buf, 1, sizeof buf, p) > 0)
			;
	}
	status = pclose(p);
	return (WIFEXITED(status) ? WEXITSTATUS(status) : -1);
}

void
add_user(struct server *s, const char *login_name, const char *posts)
{
	int	rc;

	ctl(s, NULL, NULL, 0, "org add T --name 测试厅 --kind hall 2>/dev/null");
	rc = ctl(s, NULL, NULL, 0, "user add %s --name 测试用户 --org T "
	    "--post %s", login_name, posts);
	REQUIRE(rc == 0, "user add %s: exit %d", login_name, rc);
	rc = ctl(s, TEST_PASSWORD "\n", NULL, 0, "user passwd %s --stdin",
	    login_name);
	REQUIRE(rc == 0, "user passwd %s: exit %d", login_name, rc);
}

ServerMessage *
next_message(struct wire *w)
{
	return ((ServerMessage *)wire_recv_msg(w,
	    &banshi__v1__server_message__descriptor));
}

ServerMessage *
call(struct wire *w, ClientMessage *m)
{
	ServerMessage	*r;

	if (m->id == 0)
		m->id = __atomic_fetch_add(&next_id, 1, __ATOMIC_RELAXED);
	if (wire_send(w, &m->base) == -1)
		return (NULL);
	for (;;) {
		if ((r = next_message(w)) == NULL)
			return (NULL);
		if (r->body_case == BANSHI__V1__SERVER_MESSAGE__BODY_REPLY &&
		    r->reply->id == m->id)
			return (r);
		msg_free(r);
	}
}

ServerMessage *
call_mutating(struct wire *w, ClientMessage *m)
{
	static __thread uint8_t	key[16];

	if (m->idempotency_key.len == 0) {
		randombytes_buf(key, sizeof key);
		frame_key_stamp(key);
		m->idempotency_key.data = key;
		m->idempotency_key.len = sizeof key;
	}
	return (call(w, m));
}

struct wire *
connect_raw(struct server *s)
{
	char	err[256];

	return (wire_open_tls("localhost", s->port, s->ctx, err, sizeof err));
}

struct wire *
connect_tls(struct server *s)
{
	ClientMessage		 m = BANSHI__V1__CLIENT_MESSAGE__INIT;
	Banshi__V1__Hello	 h = BANSHI__V1__HELLO__INIT;
	ServerMessage		*r;
	struct wire		*w;

	if ((w = connect_raw(s)) == NULL)
		return (NULL);
	wire_set_timeout(w, 60000);
	h.protocol_version = PROTOCOL_VERSION;
	h.client_version = "e2e";
	m.body_case = BANSHI__V1__CLIENT_MESSAGE__BODY_HELLO;
	m.hello = &h;
	if ((r = call(w, &m)) == NULL || status_of(r) != 0) {
		msg_free(r);
		wire_abort(w);
		return (NULL);
	}
	msg_free(r);
	return (w);
}

int
login(struct wire *w, const char *user, const char *password,
    ServerMessage **out)
{
	ClientMessage		 m = BANSHI__V1__CLIENT_MESSAGE__INIT;
	Banshi__V1__Login	 l = BANSHI__V1__LOGIN__INIT;
	ServerMessage		*r;
	int			 code;

	l.login = (char *)user;
	l.password = (char *)password;
	m.body_case = BANSHI__V1__CLIENT_MESSAGE__BODY_LOGIN;
	m.login = &l;
	if ((r = call(w, &m)) == NULL)
		return (-1);
	code = status_of(r);
	if (out != NULL)
		*out = r;
	else
		msg_free(r);
	return (code);
}

int
status_of(const ServerMessage *r)
{
	if (r == NULL)
		return (-1);
	if (r->body_case != BANSHI__V1__SERVER_MESSAGE__BODY_REPLY)
		return (-2);
	return (r->reply->status != NULL ? (int)r->reply->status->code : 0);
}

const char *
field_of(const ServerMessage *r)
{
	if (r == NULL || r->body_case != BANSHI__V1__SERVER_MESSAGE__BODY_REPLY
	    || r->reply->status == NULL)
		return ("");
	return (r->reply->status->field);
}

void
msg_free(ServerMessage *r)
{
	if (r != NULL)
		protobuf_c_message_free_unpacked(&r->base, NULL);
}

long long
db_int(struct server *s, const char *sql)
{
	sqlite3		*db;
	sqlite3_stmt	*st;
	long long	 v = -1;

	if (sqlite3_open_v2(s->db, &db, SQLITE_OPEN_READONLY, NULL) !=
	    SQLITE_OK)
		return (-1);
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return (v);
}

/* banshictl: the admin's control tool, over banshid's UNIX socket. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "frame.h"
#include "schema.pb-c.h"
#include "wire.h"
#include "xmalloc.h"

#define EXIT_REFUSED	1
#define EXIT_USAGE	2

typedef Banshi__V1__CtlRequest	CtlRequest;

struct ctl_cmd {
	const char	*words[2];
	const char	*usage;
	int		 (*build)(CtlRequest *, int, char **);
};

static const char *post_names[] = {
	"", "agent", "accept", "review", "approve", "issue", "prereview",
	"handle", "booking", "supervisor",
};
#define N_POSTS	((int)(sizeof post_names / sizeof post_names[0]))

static const char *kind_names[] = {
	"", "hall", "department", "section", "village",
};

static const char *socket_path = "/run/banshid.sock";

/* Find --name VALUE among argv; NULL when absent. */
static const char *
opt_value(int argc, char **argv, const char *name)
{
	int	i;

	for (i = 0; i < argc - 1; i++) {
		if (strcmp(argv[i], name) == 0)
			return (argv[i + 1]);
	}
	return (NULL);
}

/* Options must come in pairs, each one known. */
static int
opts_ok(int argc, char **argv, const char *const *known)
{
	int	i, j;

	for (i = 0; i < argc; i += 2) {
		for (j = 0; known[j] != NULL; j++) {
			if (strcmp(argv[i], known[j]) == 0)
				break;
		}
		if (known[j] == NULL || i + 1 >= argc)
			return (0);
	}
	return (1);
}

static int
build_org_add(CtlRequest *r, int argc, char **argv)
{
	static const char *const known[] = { "--name", "--parent", "--kind",
	    NULL };
	static Banshi__V1__CtlOrgAdd	oa = BANSHI__V1__CTL_ORG_ADD__INIT;
	const char			*kind;
	int				 k;

	if (argc < 1 || !opts_ok(argc - 1, argv + 1, known) ||
	    opt_value(argc - 1, argv + 1, "--name") == NULL)
		return (-1);
	oa.code = argv[0];
	oa.name = (char *)opt_value(argc - 1, argv + 1, "--name");
	if ((oa.parent_code = (char *)opt_value(argc - 1, argv + 1,
	    "--parent")) == NULL)
		oa.parent_code = "";
	if ((kind = opt_value(argc - 1, argv + 1, "--kind")) != NULL) {
		for (k = 1; k < 5; k++)
			if (strcmp(kind, kind_names[k]) == 0)
				break;
		if (k == 5)
			return (-1);
		oa.kind = k;
	}
	r->body_case = BANSHI__V1__CTL_REQUEST__BODY_ORG_ADD;
	r->org_add = &oa;
	return (0);
}

static int
build_user_add(CtlRequest *r, int argc, char **argv)
{
	static const char *const known[] = { "--name", "--org", "--post",
	    NULL };
	static Banshi__V1__CtlUserAdd	 ua = BANSHI__V1__CTL_USER_ADD__INIT;
	static Banshi__V1__Post		 posts[N_POSTS];
	char				*list, *p, *save = NULL;
	int				 i;

	if (argc < 1 || !opts_ok(argc - 1, argv + 1, known))
		return (-1);
	ua.login = argv[0];
	ua.name = (char *)opt_value(argc - 1, argv + 1, "--name");
	ua.org_code = (char *)opt_value(argc - 1, argv + 1, "--org");
	p = (char *)opt_value(argc - 1, argv + 1, "--post");
	if (ua.name == NULL || ua.org_code == NULL || p == NULL)
		return (-1);
	list = xstrdup(p);
	for (p = strtok_r(list, ",", &save); p != NULL;
	    p = strtok_r(NULL, ",", &save)) {
		for (i = 1; i < N_POSTS; i++)
			if (strcmp(p, post_names[i]) == 0)
				break;
		if (i == N_POSTS || ua.n_posts == N_POSTS) {
			fprintf(stderr, "banshictl: unknown post %s\n", p);
			free(list);
			return (-1);
		}
		posts[ua.n_posts++] = i;
	}
	free(list);
	ua.posts = posts;
	r->body_case = BANSHI__V1__CTL_REQUEST__BODY_USER_ADD;
	r->user_add = &ua;
	return (0);
}

/* Read a password from standard input (one line, newline dropped). */
static char *
read_password(void)
{
	static char	buf[300];
	size_t		n;

	if (fgets(buf, sizeof buf, stdin) == NULL)
		return (NULL);
	n = strcspn(buf, "\r\n");
	buf[n] = '\0';
	return (n > 0 ? buf : NULL);
}

static int
build_user_passwd(CtlRequest *r, int argc, char **argv)
{
	static Banshi__V1__CtlUserPasswd up = BANSHI__V1__CTL_USER_PASSWD__INIT;

	if (argc == 2 && strcmp(argv[1], "--stdin") == 0) {
		if ((up.password = read_password()) == NULL)
			return (-1);
	} else if (argc == 1)
		up.password = "";
	else
		return (-1);
	up.login = argv[0];
	r->body_case = BANSHI__V1__CTL_REQUEST__BODY_USER_PASSWD;
	r->user_passwd = &up;
	return (0);
}

static int
build_lock(CtlRequest *r, int argc, char **argv, int lock)
{
	static Banshi__V1__CtlUserLock ul = BANSHI__V1__CTL_USER_LOCK__INIT;

	if (argc != 1)
		return (-1);
	ul.login = argv[0];
	ul.lock = lock;
	r->body_case = BANSHI__V1__CTL_REQUEST__BODY_USER_LOCK;
	r->user_lock = &ul;
	return (0);
}

static int
build_user_lock(CtlRequest *r, int argc, char **argv)
{
	return (build_lock(r, argc, argv, 1));
}

static int
build_user_unlock(CtlRequest *r, int argc, char **argv)
{
	return (build_lock(r, argc, argv, 0));
}

static int
build_user_list(CtlRequest *r, int argc, char **argv)
{
	static Banshi__V1__CtlUserList ul = BANSHI__V1__CTL_USER_LIST__INIT;

	if (argc != 0)
		return (-1);
	r->body_case = BANSHI__V1__CTL_REQUEST__BODY_USER_LIST;
	r->user_list = &ul;
	return (0);
}

static int
build_reload(CtlRequest *r, int argc, char **argv)
{
	static Banshi__V1__CtlReload rl = BANSHI__V1__CTL_RELOAD__INIT;

	r->body_case = BANSHI__V1__CTL_REQUEST__BODY_RELOAD;
	r->reload = &rl;
	return (argc == 0 ? 0 : -1);
}

static int
build_status(CtlRequest *r, int argc, char **argv)
{
	static Banshi__V1__CtlStatus st = BANSHI__V1__CTL_STATUS__INIT;

	r->body_case = BANSHI__V1__CTL_REQUEST__BODY_STATUS;
	r->status = &st;
	return (argc == 0 ? 0 : -1);
}

static int
build_audit_verify(CtlRequest *r, int argc, char **argv)
{
	static Banshi__V1__CtlAuditVerify av =
	    BANSHI__V1__CTL_AUDIT_VERIFY__INIT;

	r->body_case = BANSHI__V1__CTL_REQUEST__BODY_AUDIT_VERIFY;
	r->audit_verify = &av;
	return (argc == 0 ? 0 : -1);
}

static int
build_clock_advance(CtlRequest *r, int argc, char **argv)
{
	static Banshi__V1__CtlClockAdvance ca =
	    BANSHI__V1__CTL_CLOCK_ADVANCE__INIT;
	char	*end;

	if (argc != 1)
		return (-1);
	ca.seconds = strtoll(argv[0], &end, 10);
	if (*argv[0] == '\0' || *end != '\0')
		return (-1);
	r->body_case = BANSHI__V1__CTL_REQUEST__BODY_CLOCK_ADVANCE;
	r->clock_advance = &ca;
	return (0);
}

static int
build_calendar_deadline(CtlRequest *r, int argc, char **argv)
{
	static Banshi__V1__CtlCalendarDeadline cd =
	    BANSHI__V1__CTL_CALENDAR_DEADLINE__INIT;
	char	*end;
	long	 days;

	if (argc != 2)
		return (-1);
	days = strtol(argv[1], &end, 10);
	if (*argv[1] == '\0' || *end != '\0' || days < 0 || days > 3650)
		return (-1);
	cd.date = argv[0];
	cd.days = (uint32_t)days;
	r->body_case = BANSHI__V1__CTL_REQUEST__BODY_CALENDAR_DEADLINE;
	r->calendar_deadline = &cd;
	return (0);
}

static int
build_calendar_show(CtlRequest *r, int argc, char **argv)
{
	static Banshi__V1__CtlCalendarShow cs =
	    BANSHI__V1__CTL_CALENDAR_SHOW__INIT;
	char	*end;
	long	 year;

	if (argc != 1)
		return (-1);
	year = strtol(argv[0], &end, 10);
	if (*argv[0] == '\0' || *end != '\0' || year < 1900 || year > 9999)
		return (-1);
	cs.year = (uint32_t)year;
	r->body_case = BANSHI__V1__CTL_REQUEST__BODY_CALENDAR_SHOW;
	r->calendar_show = &cs;
	return (0);
}

static const struct ctl_cmd ctl_cmds[] = {
	{ { "org", "add" }, "org add CODE --name NAME [--parent CODE] "
	    "[--kind hall|department|section|village]", build_org_add },
	{ { "user", "add" }, "user add LOGIN --name NAME --org CODE "
	    "--post POST[,POST...]", build_user_add },
	{ { "user", "passwd" }, "user passwd LOGIN [--stdin]",
	    build_user_passwd },
	{ { "user", "lock" }, "user lock LOGIN", build_user_lock },
	{ { "user", "unlock" }, "user unlock LOGIN", build_user_unlock },
	{ { "user", "list" }, "user list", build_user_list },
	{ { "reload", NULL }, "reload", build_reload },
	{ { "status", NULL }, "status", build_status },
	{ { "audit", "verify" }, "audit verify", build_audit_verify },
	{ { "calendar", "deadline" }, "calendar deadline YYYY-MM-DD DAYS",
	    build_calendar_deadline },
	{ { "calendar", "show" }, "calendar show YEAR", build_calendar_show },
	{ { "clock", "advance" }, "clock advance SECONDS",
	    build_clock_advance },
};
#define N_CMDS	(sizeof ctl_cmds / sizeof ctl_cmds[0])

static void __attribute__((noreturn))
usage(void)
{
	size_t	i;

	fprintf(stderr, "usage: banshictl [-s socket] command [argument ...]"
	    "\ncommands:\n");
	for (i = 0; i < N_CMDS; i++)
		fprintf(stderr, "  %s\n", ctl_cmds[i].usage);
	exit(EXIT_USAGE);
}

/* Print the users of one page; returns the number printed. */
static void
print_users(const Banshi__V1__CtlReply *r)
{
	size_t	i, j;

	for (i = 0; i < r->n_users; i++) {
		const Banshi__V1__CtlUserRow *u = r->users[i];

		printf("%s\t%s\t%s\t", u->login, u->name, u->org_code);
		for (j = 0; j < u->n_posts; j++)
			printf("%s%s", j > 0 ? "," : "",
			    u->posts[j] > 0 && u->posts[j] < N_POSTS ?
			    post_names[u->posts[j]] : "?");
		printf("%s%s\n", u->locked ? "\tlocked" : "",
		    u->password_change_required ? "\tmust-change" : "");
	}
}

/* Send one request and print its reply; returns the exit status. */
static int
run(struct wire *w, CtlRequest *req, Banshi__V1__CtlReply **out)
{
	Banshi__V1__CtlReply	*r;
	size_t			 i;
	int			 rc = 0;

	if (wire_send(w, &req->base) == -1 ||
	    (r = (Banshi__V1__CtlReply *)wire_recv_msg(w,
	    &banshi__v1__ctl_reply__descriptor)) == NULL) {
		fprintf(stderr, "banshictl: %s: connection lost\n",
		    socket_path);
		return (EXIT_REFUSED);
	}
	if (r->status != NULL && r->status->code != 0) {
		fprintf(stderr, "banshictl: %s\n", r->status->message);
		if (req->body_case == BANSHI__V1__CTL_REQUEST__BODY_AUDIT_VERIFY)
			printf("%s\n", r->status->message);
		rc = EXIT_REFUSED;
	}
	for (i = 0; i < r->n_lines; i++)
		printf("%s\n", r->lines[i]);
	for (i = 0; i < r->n_warnings; i++)
		fprintf(stderr, "banshictl: warning: %s\n", r->warnings[i]);
	print_users(r);
	*out = r;
	return (rc);
}

int
main(int argc, char **argv)
{
	CtlRequest		 req = BANSHI__V1__CTL_REQUEST__INIT;
	Banshi__V1__CtlReply	*reply = NULL;
	const struct ctl_cmd	*cmd = NULL;
	struct wire		*w;
	char			 err[512];
	size_t			 i;
	int			 ch, used, rc;

	if (getenv("BANSHID_SOCKET") != NULL)
		socket_path = getenv("BANSHID_SOCKET");
	while ((ch = getopt(argc, argv, "+s:")) != -1) {
		switch (ch) {
		case 's':
			socket_path = optarg;
			break;
		default:
			usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (argc < 1)
		usage();
	for (i = 0; i < N_CMDS; i++) {
		if (strcmp(argv[0], ctl_cmds[i].words[0]) != 0)
			continue;
		if (ctl_cmds[i].words[1] == NULL ||
		    (argc > 1 && strcmp(argv[1], ctl_cmds[i].words[1]) == 0)) {
			cmd = &ctl_cmds[i];
			break;
		}
	}
	if (cmd == NULL)
		usage();
	used = cmd->words[1] == NULL ? 1 : 2;
	req.id = 1;
	if (cmd->build(&req, argc - used, argv + used) == -1) {
		fprintf(stderr, "usage: banshictl %s\n", cmd->usage);
		return (EXIT_USAGE);
	}
	if ((w = wire_open_unix(socket_path, err, sizeof err)) == NULL) {
		fprintf(stderr, "banshictl: %s\n", err);
		return (EXIT_REFUSED);
	}
	rc = run(w, &req, &reply);
	/* user list pages with a keyset cursor until the last page. */
	while (rc == 0 && reply->next_cursor.len > 0 &&
	    req.body_case == BANSHI__V1__CTL_REQUEST__BODY_USER_LIST) {
		static uint8_t cursor[256];

		i = reply->next_cursor.len < sizeof cursor ?
		    reply->next_cursor.len : sizeof cursor;
		memcpy(cursor, reply->next_cursor.data, i);
		req.user_list->cursor.data = cursor;
		req.user_list->cursor.len = i;
		req.id++;
		protobuf_c_message_free_unpacked(&reply->base, NULL);
		reply = NULL;
		rc = run(w, &req, &reply);
	}
	if (reply != NULL)
		protobuf_c_message_free_unpacked(&reply->base, NULL);
	wire_close(w);
	return (rc);
}

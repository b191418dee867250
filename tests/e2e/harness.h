/*
 * End-to-end test harness: a real banshid on port 0 in a fresh temporary
 * directory with test certificates, driven over real TLS with the blocking
 * wire client, plus banshictl for admin steps.
 */
#ifndef BANSHI_HARNESS_H
#define BANSHI_HARNESS_H

#include <sys/types.h>

#include <stdio.h>

#include "schema.pb-c.h"
#include "frame.h"
#include "wire.h"

typedef Banshi__V1__ClientMessage	ClientMessage;
typedef Banshi__V1__ServerMessage	ServerMessage;
typedef Banshi__V1__Reply		Reply;

#define TEST_PASSWORD	"Test@2026pw"

struct server {
	char		 dir[256];
	char		 conf[300];
	char		 sock[300];
	char		 db[300];
	char		 log[300];
	char		 port[16];
	pid_t		 pid;
	SSL_CTX		*ctx;
};

extern int	test_failures;
/* 1 (the default): banshid logs at debug level (-v), for failing tests'
   logs; benches set 0 to measure the daemon as deployed. */
extern int	harness_verbose;

#define CHECK(cond, ...) do {						\
	if (!(cond)) {							\
		fprintf(stderr, "%s:%d: check failed: %s: ", __FILE__,	\
		    __LINE__, #cond);					\
		fprintf(stderr, __VA_ARGS__);				\
		fputc('\n', stderr);					\
		test_failures++;					\
	}								\
} while (0)

#define REQUIRE(cond, ...) do {						\
	if (!(cond)) {							\
		fprintf(stderr, "%s:%d: required: %s: ", __FILE__,	\
		    __LINE__, #cond);					\
		fprintf(stderr, __VA_ARGS__);				\
		fputc('\n', stderr);					\
		harness_abort();					\
	}								\
} while (0)

/*
 * Start banshid with the test config plus extra (INI text appended; may be
 * NULL).  Fast password hashing unless extra sets [password] itself.
 */
void		 server_start(struct server *, const char *extra);
/* Make the directory and config only; server_spawn starts banshid. */
void		 server_prepare(struct server *, const char *extra);
/* Start banshid again on the same directory (after server_stop). */
void		 server_spawn(struct server *);
/* SIGTERM, wait; returns the exit status (or -1). */
int		 server_stop(struct server *);
/* Kill and clean up on a failed REQUIRE. */
void		 harness_abort(void) __attribute__((noreturn));
/* Finish: stop the server, print the result, return the exit code. */
int		 harness_done(struct server *);

/*
 * Run banshictl with args (a shell-quoted string); stdin text may be NULL.
 * Output (stdout) goes to out; returns the exit status.
 */
int		 ctl(struct server *, const char *stdin_text, char *out,
		    size_t outlen, const char *fmt, ...)
		    __attribute__((format(printf, 5, 6)));
/* Add org unit T and a user with posts and TEST_PASSWORD (no change forced). */
void		 add_user(struct server *, const char *login, const char *posts);

/* Connect with TLS and send Hello; NULL on failure. */
struct wire	*connect_tls(struct server *);
/* Connect with TLS only (no Hello). */
struct wire	*connect_raw(struct server *);
/* Send a request and wait for its Reply, skipping events; NULL on EOF. */
ServerMessage	*call(struct wire *, ClientMessage *);
/* Wait for the next message of any kind. */
ServerMessage	*next_message(struct wire *);
/* Log in; returns the status code (0 OK) and, on success, the reply. */
int		 login(struct wire *, const char *user, const char *password,
		    ServerMessage **out);
/* Call with a fresh idempotency key. */
ServerMessage	*call_mutating(struct wire *, ClientMessage *);
int		 status_of(const ServerMessage *);
const char	*field_of(const ServerMessage *);
void		 msg_free(ServerMessage *);
/* Current wall time in milliseconds (monotonic). */
double		 now_ms(void);
/* Count rows of an SQL query's single integer result on the test db. */
long long	 db_int(struct server *, const char *sql);

#endif

/* ---- filing helpers (harness-filing.c) ---- */
typedef Banshi__V1__Draft	Draft;
typedef Banshi__V1__Item	Item;

/* The code of the catalogue item with exactly this name ("" if none). */
const char	*item_code(struct wire *, const char *name, char *out,
		    size_t len);
/* GetItem; the caller frees with msg_free on the returned message. */
ServerMessage	*get_item(struct wire *, const char *code);
/* CreateDraft; returns the reply (status and draft). */
ServerMessage	*create_draft(struct wire *, const char *code);
/* Upload bytes into a slot in chunks; returns the FinishUpload reply. */
ServerMessage	*upload(struct wire *, const char *draft, int slot,
		    const char *extra, const void *data, size_t len,
		    size_t chunk);
/* A small valid file of a format the material allows (pdf, jpg or png). */
const uint8_t	*sample_file(const Banshi__V1__Material *, size_t *len);
/* A valid value for every field of the item's form (regions walked). */
size_t		 fill_form(struct wire *, const Item *, Banshi__V1__FieldValue
		    **out, size_t max, char (*buf)[64]);

/* ---- back-office helpers (harness-case.c) ---- */
/*
 * The demo org tree of the back-office tests: SZT (hall) > SZT-CGJ, QCQ
 * (hall) > QCQ-MZJ and the community 341602001001; users, all with
 * TEST_PASSWORD: agent (agent), accept/review/approve/issue at SZT-CGJ
 * (logins "acc" and "acc3", "rev", "apr" holding approve+issue, "iss"),
 * "acc2" (accept at
 * QCQ-MZJ: the wrong department), "pre" (prereview, QCQ-MZJ), "han"
 * (handle, 341602001001), "boss" (supervisor, SZT).
 */
void		 setup_back_office(struct server *);
struct wire	*login_as(struct server *, const char *user);
/* File a case of the named item as agent; returns its serial in out. */
void		 file_case(struct wire *agent, const char *item, int express,
		    char *out, size_t len);
/* Send one action of a family; returns the reply. */
ServerMessage	*act(struct wire *, int body, const char *serial,
		    uint64_t version, int action, const char *opinion);
/* OpenCase (claiming); returns the reply. */
ServerMessage	*open_case(struct wire *, const char *serial, int claim);
/* Entries of a case's history, read in pages of page (0: the default);
   (size_t)-1 when refused. */
size_t		 history_len(struct wire *, const char *serial, uint32_t page);
/* The case's current version (OpenCase without claim). */
uint64_t	 case_version(struct wire *, const char *serial);

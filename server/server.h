/* banshid internals: one section of declarations per file. */
#ifndef BANSHI_SERVER_H
#define BANSHI_SERVER_H

#include <sys/queue.h>
#include <sys/types.h>

#include <pthread.h>

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <event2/event.h>
#include <sqlite3.h>

#include "schema.pb-c.h"

struct conn;
struct case_row;
struct txn;
struct actor;
#define TOKEN_LEN		32
#define IDEM_KEY_LEN		16

typedef Banshi__V1__ClientMessage	ClientMessage;
typedef Banshi__V1__ServerMessage	ServerMessage;
typedef Banshi__V1__Reply		Reply;
typedef Banshi__V1__UserInfo		UserInfo;
typedef Banshi__V1__CtlRequest		CtlRequest;
typedef Banshi__V1__CtlReply		CtlReply;
typedef Banshi__V1__StatusCode		StatusCode;

/* config.c */
struct password_policy {
	int	min_length;	/* characters */
	int	min_classes;	/* of lower, upper, digit, other */
	int	expiry_days;	/* 0: never */
	int	history;	/* earlier passwords that may not come back */
};

struct config {
	char			*path;
	char			*listen_address;
	char			*listen_port;
	char			*certificate;
	char			*key;
	char			*client_ca;
	char			*database;
	char			*data_dir;
	size_t			 cache_size;	/* page cache per connection */
	size_t			 mmap_size;	/* bytes of the file mapped */
	char			*control_socket;
	mode_t			 control_mode;
	char			*catalog_dir;
	size_t			 max_frame;
	size_t			 upload_max;
	int			 handshake_timeout;	/* seconds */
	int			 frame_timeout;
	int			 session_idle;
	int			 max_connections;
	struct password_policy	 password;
	int			 hash_memory;		/* MiB */
	int			 hash_passes;
	int			 workers;
	int			 lockout_failures;
	int			 lockout_window;	/* seconds */
	int			 lockout_duration;
	int			 clock_control;
	int			 claim_idle;		/* seconds */
	int			 warn_days;
	uint32_t		 pause_posts;		/* 1 << Post */
	uint32_t		 extend_posts;
	uint32_t		 terminate_posts;
	uint32_t		 withdraw_posts;
	char			*sms_command;		/* "" : spool file */
	char			*sms_spool;
	int			 sms_retry;		/* seconds */
	int			 sms_attempts;
	int			 remind_interval;	/* seconds */
};

/*
 * Read an INI file into cfg (defaults first).  On error returns -1 with
 * "file:line: message" (or "file: message") in err; cfg is then freed.
 */
int	 config_load(const char *path, struct config *cfg, char *err,
	    size_t errlen);
void	 config_free(struct config *);
/* "90s", "15m", "2h", "1d" or plain seconds; -1 when malformed. */
long	 config_parse_duration(const char *);
/* "1048576", "512K", "1M"; 0 when malformed. */
size_t	 config_parse_size(const char *);

/* arena.c */
struct arena_chunk;
struct arena {
	struct arena_chunk	*head;
};
/* Zeroed memory that lives until arena_free; never NULL. */
void	*arena_alloc(struct arena *, size_t);
void	*arena_array(struct arena *, size_t n, size_t size);
char	*arena_strdup(struct arena *, const char *);
void	 arena_free(struct arena *);

/* calendar.c */
struct cal_holiday {
	int32_t		 from;		/* days since 1970-01-01 */
	int32_t		 to;		/* inclusive */
	const char	*name;
};
struct cal_year {
	int			 year;
	const char		*source;
	int32_t			*off;		/* sorted days off */
	size_t			 n_off;
	int32_t			*work;		/* sorted make-up working days */
	size_t			 n_work;
	struct cal_holiday	*holidays;
	size_t			 n_holidays;
};
struct calendar {
	struct cal_year		*years;
	size_t			 n_years;
};
int32_t	 cal_days_from_civil(int y, int m, int d);
void	 cal_civil_from_days(int32_t, int *y, int *m, int *d);
int	 cal_weekday(int32_t);
/* Strict YYYY-MM-DD (a real date); 0 or -1. */
int	 cal_parse_date(const char *, int32_t *);
void	 cal_format_date(int32_t, char buf[11]);
const struct cal_year *cal_year(const struct calendar *, int year);
/*
 * Is day a working day?  A year the calendar lacks counts weekends only and
 * sets *uncovered (when not NULL and still 0) to that year.
 */
int	 cal_is_working(const struct calendar *, int32_t day, int *uncovered);
/* The day on which days working days counted from from (not counted) end. */
int32_t	 cal_deadline(const struct calendar *, int32_t from, int days,
	    int *uncovered);
/* Working days after from up to and including to (negative if to < from). */
int	 cal_working_days_between(const struct calendar *, int32_t from,
	    int32_t to, int *uncovered);
void	 cal_year_sort(struct cal_year *);

/* catalog.c */
struct cat_region {
	const char	*code;
	const char	*parent;	/* NULL at the top */
	const char	*name;
	int		 level;		/* Banshi__V1__RegionLevel */
};
struct reg_person {
	const char	*id_number, *name, *sex, *birth_date;
	const char	*household_address, *household_type, *phone;
};
struct reg_enterprise {
	const char	*credit_code, *name, *legal_rep, *address, *phone;
};
struct reg_elicence {
	const char	*holder, *type, *number, *issuer, *valid_until;
};
struct catalog {
	struct arena		  arena;
	struct reg_person	 *people;
	size_t			  n_people;
	struct reg_enterprise	 *enterprises;
	size_t			  n_enterprises;
	struct reg_elicence	 *elicences;
	size_t			  n_elicences;
	Banshi__V1__Hall	**halls;
	size_t			  n_halls;
	struct cat_region	 *regions;
	size_t			  n_regions;
	size_t			  cap_regions;
	Banshi__V1__Item	**items;
	size_t			  n_items;
	size_t			  cap_items;
	Banshi__V1__Item	**items_by_code;	/* sorted */
	struct cat_region	**regions_by_code;	/* sorted */
	struct calendar		  cal;
	size_t			  n_files;
};
/*
 * Load and check the catalogue directory.  On error returns -1 with
 * "file:line:column: message" in err and *out NULL.  Free with catalog_free.
 */
int	 catalog_load(const char *dir, struct catalog **out, char *err,
	    size_t errlen);
void	 catalog_free(struct catalog *);
const Banshi__V1__Department *catalog_department(const struct catalog *,
	    const char *code, const Banshi__V1__Hall **hall);
/* An item by code (NULL when none, or cat is NULL); borrowed from cat. */
const Banshi__V1__Item *catalog_find_item(const struct catalog *,
	    const char *code);
/* The level of a region code (Banshi__V1__RegionLevel), 0 when unknown. */
int	 catalog_region_level(const struct catalog *, const char *code);

/* catalog-db.c */
/* Replace the stored catalogue (inside the write transaction); 0 or -1. */
int	 catalog_store(const struct catalog *);
/* Lower-case ASCII letters in place (search folds case for Latin text). */
void	 catalog_fold(char *);
/* The index gram a query is looked up by; 0 or -1 (empty or invalid). */
int	 catalog_search_gram(const char *q, char *gram, size_t gramlen);
/* Reads on the read connection; free each result with its _free. */
void	 catalog_halls(Banshi__V1__HallList *);
void	 catalog_halls_free(Banshi__V1__HallList *);
void	 catalog_categories(int facet, Banshi__V1__CategoryList *);
void	 catalog_categories_free(Banshi__V1__CategoryList *);
/* -1 for a bad cursor. */
int	 catalog_list_items(const Banshi__V1__ListItems *, uint32_t limit,
	    Banshi__V1__ItemPage *);
/* -1 for a bad query, -2 for a bad cursor. */
int	 catalog_search(const char *query, const uint8_t *cursor, size_t,
	    uint32_t limit, Banshi__V1__ItemPage *);
void	 catalog_page_free(Banshi__V1__ItemPage *);
/* NULL when unknown; free with banshi__v1__item__free_unpacked. */
Banshi__V1__Item *catalog_item(const char *code);
void	 catalog_regions(const char *parent, Banshi__V1__RegionList *);
void	 catalog_regions_free(Banshi__V1__RegionList *);

/* catalog-live.c */
/* Swapped on reload; the old copy lives until a batch barrier. */
extern struct catalog *_Atomic catalog_live;
/* Load and store the catalogue before the loop serves; 0 or -1 with err. */
int	 catalog_start(const char *dir, char *err, size_t errlen);
/* Reload in the background; done gets NULL or the error text. */
void	 catalog_reload(const char *dir, void (*done)(void *, const char *),
	    void *arg);
const struct calendar *catalog_calendar(void);
/* A deadline ran into a year the calendar lacks: warn once. */
void	 catalog_note_uncovered(int year);
int	 catalog_uncovered_year(void);

/* rpc-catalog.c */
void	 rpc_list_halls(struct conn *, uint32_t, const ClientMessage *);
void	 rpc_list_categories(struct conn *, uint32_t, const ClientMessage *);
void	 rpc_list_items(struct conn *, uint32_t, const ClientMessage *);
void	 rpc_search_items(struct conn *, uint32_t, const ClientMessage *);
void	 rpc_get_item(struct conn *, uint32_t, const ClientMessage *);
void	 rpc_list_regions(struct conn *, uint32_t, const ClientMessage *);

/* workflow.c */
enum wf_action {
	WF_NONE,
	WF_ACCEPT, WF_SUPPLEMENT, WF_REFUSE, WF_RESUBMIT,
	WF_PASS, WF_FAIL,
	WF_APPROVE, WF_DENY,
	WF_WAIT_PICKUP, WF_PICKUP_ARRIVED, WF_ISSUE, WF_SHIP, WF_CLOSE_ISSUE,
	WF_PREREVIEW_PASS, WF_PREREVIEW_FAIL,
	WF_HANDLE_SAVE, WF_HANDLE_CLOSE,
	WF_PAUSE, WF_RESUME, WF_EXTEND, WF_TERMINATE, WF_WITHDRAW,
	WF_NACTIONS
};
enum wf_move {
	WF_STAY,	/* same step */
	WF_NEXT,	/* the flow's next step */
	WF_BACK,	/* the flow's previous step */
	WF_CLOSE	/* the case ends */
};
enum wf_sms {
	WF_SMS_NONE, WF_SMS_ACCEPTED, WF_SMS_SUPPLEMENT, WF_SMS_REFUSED,
	WF_SMS_APPROVED, WF_SMS_DENIED, WF_SMS_READY, WF_SMS_SHIPPED,
	WF_SMS_CLOSED
};
#define WF_PHASE_NONE		0
#define WF_PHASE_WAITING	1	/* self pickup: clock paused */
#define WF_PHASE_ARRIVED	2
#define WF_PHASE_ISSUED		3
#define WF_PHASE_SHIPPED	4
#define WF_IN_PENDING		0x1	/* waiting for its step's clerk */
#define WF_IN_ACTIVE		0x2	/* accepted and under way */
#define WF_IN_SUPPLEMENT	0x4	/* back at the filing counter */
struct wf_case {
	int	step;		/* Banshi__V1__Step the case is at */
	int	status;		/* Banshi__V1__CaseStatus */
	int	phase;		/* issue step: WF_PHASE_* */
	int	express;	/* pickup by express */
	int	paused;		/* the clock is paused */
};
struct wf_result {
	enum wf_move	move;
	int		status;
	int		phase;
	enum wf_sms	sms;
};
/* NULL when the action is allowed (out filled), else why not.  Pure. */
const char *wf_check(const struct wf_case *, enum wf_action,
	    struct wf_result *out);
/* The step after/before step in the flattened flow; 0 when none. */
int	 wf_next_step(const int *flat, size_t n, int step);
int	 wf_prev_step(const int *flat, size_t n, int step);
const char *wf_action_name(enum wf_action);

/* clock.c */
time_t	 clock_now(void);
/* Today in the server's local time, as days since 1970-01-01. */
int32_t	 clock_day(void);
void	 clock_advance(int64_t seconds);

/* password.c */
/*
 * Check a new password against the policy; on refusal returns -1 and an
 * English reason in why.  Pure.
 */
int	 password_check_policy(const struct password_policy *,
	    const char *login, const char *password, char *why, size_t);
/* Hash with Argon2id (slow: only in workers); 0 or -1. */
int	 password_hash(char out[128], const char *password, int memory_mib,
	    int passes);
/* 1 when password matches the stored hash, else 0.  Slow. */
int	 password_verify(const char *hash, const char *password);
/* A one-time password that meets any sane policy (16 chars, 4 classes). */
void	 password_generate(char out[17]);

/* worker.c */
struct pool;
/* A pool of n threads whose done callbacks run on the loop of base. */
struct pool *pool_new(struct event_base *, int n);
void	 pool_submit(struct pool *, void (*work)(void *), void (*done)(void *),
	    void *);
/* Finish the queued work and stop. */
void	 pool_free(struct pool *);
/* Start n threads; done callbacks run on the loop of base. */
void	 worker_init(struct event_base *, int n);
/* Run work(arg) on a worker thread, then done(arg) on the loop. */
void	 worker_submit(void (*work)(void *), void (*done)(void *), void *);
/*
 * From work run by worker_submit: 1 when password matches the stored hash,
 * else 0, checked in the thread's helper process (in-process when it has
 * none).  Slow.
 */
int	 worker_password_verify(const char *hash, const char *password);
void	 worker_shutdown(void);

/* db.c */
/*
 * Open the write and read connections with cache bytes of page cache and map
 * bytes of memory map each; the calling thread owns both until
 * db_writer_attach hands the write connection to another.
 */
int	 db_open(const char *path, size_t cache, size_t map, char *err,
	    size_t errlen);
void	 db_close(void);
/* From now on only thread t may use the write connection. */
void	 db_writer_attach(pthread_t t);
/*
 * Cached statements on the write (db_w) or read (db_r) connection, reset
 * and with bindings cleared; sql must be a string literal (the cache keys on
 * the pointer).
 */
sqlite3_stmt	*db_w(const char *sql);
sqlite3_stmt	*db_r(const char *sql);
/* Bind by name; an unknown name is a programming error (fatal). */
void	 db_bind_text(sqlite3_stmt *, const char *name, const char *);
void	 db_bind_int(sqlite3_stmt *, const char *name, int64_t);
void	 db_bind_blob(sqlite3_stmt *, const char *name, const void *,
	    size_t);
/* Step a statement expected to finish (no rows): 0 or -1 (logged). */
int	 db_step_done(sqlite3_stmt *);
/* Run literal SQL on the write connection; 0 or -1 (logged). */
int	 db_exec(const char *sql);
/* The same for one statement, prepared once (sql a string literal). */
int	 db_do(const char *sql);
const char *db_errmsg(void);
int	 db_errcode(void);
int64_t	 db_last_rowid(void);
int	 db_changes(void);

/* batch.c */
struct batch_job {
	/* Inside the job's savepoint: 0 keeps its writes, -1 undoes them. */
	int			 (*run)(struct batch_job *);
	/* After COMMIT (committed 1) or a failed commit (0). */
	void			 (*done)(struct batch_job *, int committed);
	int			 failed;	/* run returned -1 */
	int			 committed;	/* set by the writer */
	TAILQ_ENTRY(batch_job)	 entry;
};
void	 batch_init(struct event_base *);
/* Start the writer thread (after any fork). */
void	 batch_start(void);
/* Queue a job (any thread); the writer takes it in its next batch. */
void	 batch_enqueue(struct batch_job *);
/*
 * Wait until everything queued has committed and its done callbacks have
 * run (start-up and shutdown only: it blocks the loop).
 */
void	 batch_flush(void);
/* Finish what is queued and stop the writer thread. */
void	 batch_stop(void);
/*
 * Call fn(arg) on the loop once every job queued before has run and any
 * batch running now has finished (e.g. to free what writers may still use).
 */
void	 batch_barrier(void (*fn)(void *), void *arg);
/* What the writer has done since start. */
struct batch_stats {
	uint64_t	 batches;	/* committed */
	uint64_t	 jobs;
	uint64_t	 run_us;	/* running the jobs */
	uint64_t	 commit_us;	/* in COMMIT: the fsync, checkpoints */
};
void	 batch_stats(struct batch_stats *);

/* audit.c */
struct audit_rec {
	const char	*actor;		/* login, or admin(uid=N) */
	const char	*post;		/* post used, or "" */
	const char	*peer;		/* address:port or "control" */
	const char	*action;	/* login, login-failed, lockout, ... */
	const char	*object;	/* what it concerns, e.g. user:alice */
	const char	*outcome;	/* ok, refused, denied */
	const char	*detail;
};
/* Append a record in the current write transaction; 0 or -1. */
int	 audit_append(const struct audit_rec *);
/*
 * Walk the chain of the database at path on a connection of its own (safe
 * on a worker).  Returns the number of records when whole, or -1 with the
 * first bad record described in why.
 */
int64_t	 audit_verify(const char *path, char *why, size_t);

/* conn.c */
enum conn_kind {
	CONN_TLS,
	CONN_CONTROL
};
enum conn_state {
	CONN_HANDSHAKE,
	CONN_HELLO,
	CONN_OPEN,
	CONN_CLOSING,
	CONN_DEAD
};
struct session;
struct conn;
/* What the layer above gives a listener: where frames and closes go. */
struct conn_handler {
	/* One whole frame (the body, len bytes); borrowed for the call. */
	void	(*frame)(struct conn *, const uint8_t *, size_t len);
	/* The connection is gone; it stays allocated while referenced. */
	void	(*closed)(struct conn *);
};
struct conn {
	uint64_t		 id;
	const struct conn_handler *handler;
	enum conn_kind		 kind;
	enum conn_state		 state;
	struct bufferevent	*bev;
	struct event		*timer;
	char			 peer[80];
	uid_t			 uid;		/* control: peer's uid */
	struct session		*session;
	int			 refs;
	int			 partial;	/* a frame is half in */
	int			 throttled;	/* reading paused: output full */
	int			 login_pending;	/* a Login is being checked */
	TAILQ_ENTRY(conn)	 entry;
};
int	 conn_listen(struct event_base *, const struct config *,
	    const struct conn_handler *, char *err, size_t errlen);
int	 conn_bound_port(void);
int	 conn_control_listen(struct event_base *, const struct config *,
	    const struct conn_handler *, char *err, size_t errlen);
/* Reload the TLS certificate and key for new connections. */
int	 conn_reload_tls(const struct config *, char *err, size_t);
void	 conn_ref(struct conn *);
void	 conn_unref(struct conn *);
/* Hello accepted: requests may follow, the Hello timer stops. */
void	 conn_opened(struct conn *);
/* Queue a message as a frame; dropped silently when the connection is gone. */
void	 conn_send(struct conn *, const ProtobufCMessage *);
/* Queue a whole frame already built (header and body). */
void	 conn_send_frame(struct conn *, const uint8_t *, size_t);
/* Flush what is queued, send close_notify and free (tier-2 errors). */
void	 conn_close(struct conn *, const char *why);
const char *conn_state_name(enum conn_state);
int	 conn_count(void);
/* Close every connection and the listeners (shutdown). */
void	 conn_shutdown(void);
void	 conn_free_tls(void);

/* session.c */
#define SESSION_SCOPES	8
struct session {
	uint64_t		 id;
	uint8_t			 token[TOKEN_LEN];
	int64_t			 user_id;
	char			*login;
	uint32_t		 posts;		/* 1 << Post */
	/* The codes of the user's org unit and its ancestors, nearest first:
	   the departments and communities whose cases they work on. */
	char			 scopes[SESSION_SCOPES][40];
	size_t			 n_scopes;
	char			 open_case[32];	/* serial on screen, for pushes */
	int			 must_change;
	time_t			 last_active;
	struct conn		*conn;		/* NULL while detached */
	TAILQ_ENTRY(session)	 entry;
};
void	 session_init(struct event_base *);
struct session *session_create(int64_t user_id, const char *login,
	    uint32_t posts, int must_change);
/* Load the org path codes of a user into scopes; returns the count. */
size_t	 account_scopes(int64_t user_id, char scopes[][40], size_t max);
/* Find a live session by token; NULL when gone. */
struct session *session_find(const uint8_t *, size_t);
void	 session_attach(struct session *, struct conn *);
void	 session_detach(struct conn *);
/* End a session, pushing SessionEnded to its connection when attached. */
void	 session_end(struct session *, Banshi__V1__SessionEndReason);
void	 session_end_user(int64_t user_id, Banshi__V1__SessionEndReason);
void	 session_end_user_except(int64_t user_id, const struct session *keep,
	    Banshi__V1__SessionEndReason);
/* Check idleness; ends the session and returns -1 when it has expired. */
int	 session_touch(struct session *);
int	 session_count(void);
/* Call fn for every live session. */
void	 session_each(void (*fn)(struct session *, void *), void *arg);
/* Does the session's org path include code? */
int	 session_in_scope(const struct session *, const char *code);
/* Who acts in a session, as the core sees them. */
void	 session_actor(const struct session *, struct actor *);

/* dispatch.c */
/* What the listeners hand frames to: clients over TLS, banshictl. */
extern const struct conn_handler dispatch_tls, dispatch_ctl;
/*
 * Check every string field of msg (recursively); on refusal returns -1
 * with the field's name in *field and the reason.  Pure.
 */
int	 dispatch_check_strings(const ProtobufCMessage *, const char **field,
	    const char **reason);

/* reply.c */
/* Bytes to leave before a packed Reply for reply_send_packed's header. */
#define REPLY_ROOM	10
/*
 * Send a Reply packed at buf + REPLY_ROOM (len bytes) as a ServerMessage
 * frame, built in place in the room before it: one write, one TLS record.
 */
void	 reply_send_packed(struct conn *, uint8_t *buf, size_t len);
/* Send a Reply with a status and no body. */
void	 reply_status(struct conn *, uint32_t id, StatusCode,
	    const char *message, const char *field);
/* Send a Reply; reply->id and status are filled in (status OK). */
void	 reply_send(struct conn *, uint32_t id, Reply *);
void	 ctl_reply_status(struct conn *, uint32_t id, StatusCode,
	    const char *message);
void	 ctl_reply_send(struct conn *, uint32_t id, CtlReply *);

/* account.c */
struct user_row {
	int64_t		 id;
	char		 login[128];
	char		 name[256];
	int64_t		 org_id;
	uint32_t	 posts;
	char		 pw_hash[128];
	int64_t		 pw_changed_at;
	int		 must_change;
	int		 admin_locked;
	int64_t		 locked_until;
	int		 failures;
	int64_t		 first_failure_at;
};
/* Load a user by login on the read (write == 0) or write connection. */
int	 account_load(int write, const char *login, struct user_row *);
int	 account_load_id(int write, int64_t id, struct user_row *);
/* Fill a UserInfo for a user; free with account_userinfo_free. */
void	 account_userinfo(int write, int64_t user_id, int must_change,
	    UserInfo *);
void	 account_userinfo_free(UserInfo *);
/* True when the password has expired under the policy. */
int	 account_password_expired(const struct user_row *);
/* Record a failed login in the write transaction; returns 1 on lockout. */
int	 account_note_failure(struct user_row *);
const char *post_name(int post);
int	 post_parse(const char *);

/* rpc-auth.c */
struct request;
void	 rpc_hello(struct conn *, uint32_t, const ClientMessage *);
void	 rpc_login(struct conn *, uint32_t, const ClientMessage *);
void	 rpc_logout(struct conn *, uint32_t, const ClientMessage *);
void	 rpc_change_password(struct conn *, uint32_t, const ClientMessage *);
void	 rpc_who_am_i(struct conn *, uint32_t, const ClientMessage *);

/* idem.c */
/*
 * Look up a stored reply for an idempotency key of the session's user; 1 and
 * the reply sent when found, else 0.
 */
int	 idem_replay(struct conn *, uint32_t id, const uint8_t *key);
/* Forget stored replies older than a day, hourly. */
void	 idem_init(struct event_base *);
/* True when a key is already stored (write transaction). */
int	 idem_seen(const uint8_t *key);
/* Store a packed reply under a key inside the write transaction; 0 or -1. */
int	 idem_store(const uint8_t *key, int64_t user_id, const uint8_t *reply,
	    size_t len);
/* The same for a Reply not yet packed. */
int	 idem_store_reply(const uint8_t *key, int64_t user_id, Reply *);

/* form.c */
/* An 11-digit mobile or a landline like 0558-1234567. */
int	 form_phone_ok(const char *);
/*
 * Check one value of a form field (today YYYYMMDD; region_level gives the
 * level of a region code, 0 when unknown).  -1 with an English reason.
 */
int	 form_check_value(const Banshi__V1__FormField *, const char *value,
	    int today, int (*region_level)(const char *), char *why, size_t);
/* complete: as for submission (required parts present).  -1 sets *field. */
int	 form_check_applicant(const Banshi__V1__Applicant *, int complete,
	    int today, const char **field, char *why, size_t);
int	 form_check_pickup(const Banshi__V1__Pickup *, int complete,
	    const char **field, char *why, size_t);
/* The draft's values against the item's form; field gets "fields.NAME". */
int	 form_check_fields(const Banshi__V1__Item *, const Banshi__V1__Draft *,
	    int complete, int today, int (*region_level)(const char *),
	    char *field, size_t, char *why, size_t);
/* Required materials present, or missing under 容缺受理. */
int	 form_check_materials(const Banshi__V1__Item *,
	    const Banshi__V1__Draft *, char *field, size_t, char *why, size_t);

/* txn.c */
/* Who acts, as the core sees them: copied from the session on the loop. */
struct actor {
	int64_t		 user_id;
	char		 login[128];
	uint32_t	 posts;		/* 1 << Post */
	char		 scopes[SESSION_SCOPES][40];
	size_t		 n_scopes;
	char		 peer[80];
};
enum notice_kind {
	NOTICE_QUEUE,		/* a step's queue in a scope changed */
	NOTICE_FILER,		/* a filer's 需补办 list changed */
	NOTICE_CASE		/* a case changed: screens showing it reload */
};
struct notice {
	enum notice_kind kind;
	int		 queue;
	char		 scope[40];
	int64_t		 user;
	char		 serial[32];
	uint64_t	 version;
};
#define TXN_NOTICES	6
/*
 * A core call's context inside a write transaction.  Everything in it is
 * the writer's while the job runs and the loop's after COMMIT.
 */
struct txn {
	struct actor		 who;
	struct arena		 arena;		/* what the reply borrows */
	Banshi__V1__Status	 status;	/* code 0 unless refused */
	char			 message[300];
	char			 field[80];
	struct notice		 notices[TXN_NOTICES];
	size_t			 n_notices;
	ProtobufCMessage	*owned[8];	/* freed with the txn */
	size_t			 n_owned;
};
void	 txn_init(struct txn *);
/* Free the arena and the owned messages. */
void	 txn_clear(struct txn *);
/* Set the refusal (message copied); returns -1. */
int	 txn_refuse(struct txn *, StatusCode, const char *field,
	    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* Append the actor's audit record; 0 or -1. */
int	 txn_audit(struct txn *, const char *action, const char *object,
	    const char *outcome, const char *detail);
/* Free m (from an unpack) with the txn; returns m. */
void	*txn_own(struct txn *, ProtobufCMessage *m);
/* Is code one of the actor's org units (own or an ancestor)? */
int	 actor_in_scope(const struct actor *, const char *code);
/* Notices, sent after COMMIT (duplicates kept once). */
void	 txn_notify_queue(struct txn *, int queue, const char *scope);
void	 txn_notify_filer(struct txn *, int64_t user);
void	 txn_notify_case(struct txn *, const char *serial, uint64_t version);

/* write.c */
struct write_call {
	struct batch_job	 job;
	struct conn		*conn;
	uint32_t		 id;
	uint8_t			 key[IDEM_KEY_LEN];
	ClientMessage		*req;		/* the request, owned */
	/*
	 * On the writer thread, in the batch: call the core with tx, fill r
	 * (allocate from tx.arena; refusals with txn_refuse) and return 0 to
	 * keep the writes, -1 to undo them.
	 */
	int			 (*apply)(struct write_call *, Reply *r);
	/* On the loop after COMMIT of a success, before the reply (or NULL). */
	void			 (*after)(struct write_call *);
	struct txn		 tx;
	void			*extra;		/* the handler's own, freed */
	int			 dup;
	StatusCode		 code;		/* the reply's status */
	uint8_t			*reply;		/* packed at REPLY_ROOM */
	size_t			 reply_len;
};
/* A write for the session's user on connection c; copies m. */
struct write_call *write_new(struct conn *, uint32_t, const ClientMessage *,
	    int (*apply)(struct write_call *, Reply *));
void	 write_submit(struct write_call *);
/* write_new, set the after-COMMIT hook (may be NULL), and submit. */
void	 write_start(struct conn *, uint32_t, const ClientMessage *,
	    int (*apply)(struct write_call *, Reply *),
	    void (*after)(struct write_call *));

/* push.c */
void	 push_init(struct event_base *);
void	 push_free(void);
/*
 * Send the notices of a committed change to the sessions they concern,
 * gathered with others into one event per queue and case per window.
 */
void	 push_notices(const struct notice *, size_t);

/* sms.c */
/* Queue an SMS in the current write transaction; 0 or -1. */
int	 sms_enqueue(const char *phone, const char *text, const char *event,
	    int64_t case_id);
/* Remind staff of new work at step in scope (at most once an interval). */
int	 sms_remind(int step, int post, const char *scope);
/* Set aside rows caught mid-send and start the sender. */
int	 sms_init(struct event_base *);
/* Start the sender's thread (after any fork, with the descriptors free). */
void	 sms_start(void);
void	 sms_shutdown(void);

/* case.c */
#define CASE_FLOW_MAX	12
struct case_row {
	int64_t			 id;
	char			 serial[32];
	char			 item_code[48];
	char			 item_name[400];
	int			 kind;
	char			 department_code[40];
	char			 department_name[160];
	char			 region_code[16];
	char			 applicant_name[256];
	int			 status;
	int			 step;		/* 0 when closed */
	int			 post;
	char			 scope[40];	/* who works it now */
	int			 phase;
	int			 express;
	char			 phone[24];
	int			 promised_days;
	int			 legal_days;
	int32_t			 accepted_day;	/* -1 before acceptance */
	int32_t			 deadline_day;
	int32_t			 paused_since;	/* -1 when running */
	int			 paused_days;
	int			 extension_days;
	int64_t			 claimed_by;	/* 0: nobody */
	int64_t			 claimed_at;
	int64_t			 created_by;
	uint64_t		 version;
	int64_t			 created_at;
	Banshi__V1__Case	*body;		/* as filed: case_load_body */
	Banshi__V1__Case	*extra;		/* notes, supplement, numbers */
};
/*
 * Load a case by serial on the write (write != 0) or read connection,
 * without the case as filed; 0, or -1 when there is none.  Free with
 * case_free (or case_free_later inside a txn).
 */
int	 case_load(int write, const char *serial, struct case_row *);
/* Add the case as filed to a loaded row; 0 or -1. */
int	 case_load_body(int write, struct case_row *);
void	 case_free(struct case_row *);
void	 case_free_later(struct txn *, struct case_row *);
int32_t	 case_today(void);
/* The item's flow as single steps and their posts; returns the count. */
size_t	 case_flow(const Banshi__V1__Item *, int *steps, int *posts,
	    size_t max);
/* The org code whose staff work a case at step. */
const char *case_scope_for(int step, const char *department,
	    const char *region);
/* Keep the count of cases in the queue (scope, step, post). */
int	 queue_count_add(const char *scope, int step, int post, int delta);
/* Is a case in a step's queue (open and not back at the counter)? */
int	 case_in_queue(int step, int status);
/* The SELECT of case_fill's columns (no WHERE), and filling a row. */
const char *case_columns(void);
int	 case_fill(sqlite3_stmt *, struct case_row *);
/* Working days left (negative when overdue), frozen while paused. */
int	 case_remaining(const struct case_row *, int32_t today, int *uncovered);
void	 case_clock(const struct case_row *, int32_t today,
	    Banshi__V1__CaseClock *, struct arena *);
const char *case_user_name(int64_t, struct arena *, int write);
/* Is the claim still held (not lapsed)? */
int	 case_claim_live(const struct case_row *);
/* May who see the case at all (filer, its units, its hall's supervisor)? */
int	 case_visible(const struct actor *who, const struct case_row *);
/* Mask the ID number and phones for a viewer who does not need them. */
void	 case_mask(Banshi__V1__Case *, uint32_t viewer_posts, int own,
	    struct arena *);
/* The whole case for a viewer (body loaded), masked; without history. */
Banshi__V1__Case *case_view(const struct case_row *,
	    const struct actor *viewer, struct arena *, int write);
/* What an action changed, on the write connection. */
Banshi__V1__CaseChange *case_change(const struct case_row *,
	    int64_t viewer, Banshi__V1__CaseEvent *event, struct arena *);
/* Append a history entry; the entry (strings borrowed) or NULL. */
Banshi__V1__CaseEvent *case_event_add(int64_t case_id, const char *actor,
	    int post, const char *action, const char *opinion, struct arena *);
/*
 * A page of the history after event id after (read connection); *last is
 * the id of the last one.  Returns 1 when more follow, else 0.
 */
int	 case_events(int64_t case_id, int64_t after, uint32_t limit,
	    Banshi__V1__CaseEventPage *, int64_t *last, struct arena *);
/*
 * Store the changed state of a case (old: as loaded, or NULL) and count its
 * next version.
 */
int	 case_store(struct case_row *, const struct case_row *old,
	    const Banshi__V1__Case *extra);
int	 case_claim_store(struct case_row *, int64_t who);
/* Store the case as filed. */
int	 case_body_store(int64_t case_id, const Banshi__V1__Case *);
/*
 * A new case at the first step of the item's flow, with its queue count,
 * reminder, first history entry and notice; the case id or -1.
 */
int64_t	 case_create(struct txn *, const Banshi__V1__Item *,
	    const Banshi__V1__Case *, const char *region);

/* case-action.c */
/*
 * Each returns 0 when done, -1 when refused or failed (set in the txn; the
 * savepoint is undone), and case_act 0 too for a denial whose audit record
 * is kept.  Results are in the txn's arena.
 */
int	 case_open(struct txn *, const char *serial, int claim,
	    Banshi__V1__Case **);
int	 case_release(struct txn *, const char *serial, Banshi__V1__Case **);
/* One action of a family (its step; 0 for pause ... withdraw). */
int	 case_act(struct txn *, int family_step, enum wf_action,
	    const Banshi__V1__CaseAction *, Banshi__V1__CaseActionReply *);
/* SubmitDraft of a 补办 draft: the case goes back to acceptance. */
int	 case_resubmit(struct txn *, const Banshi__V1__Draft *,
	    int64_t draft_rowid, Banshi__V1__SubmitReply **);

/* draft.c */
typedef Banshi__V1__Draft	Draft;
/* Today as YYYYMMDD, for the form checks. */
int	 draft_today(void);
/* The level of a region code in the live catalogue (any thread). */
int	 draft_region_level(const char *);
/* A draft of user (write or read connection); NULL when not theirs. */
Draft	*draft_load(int write, const char *public_id, int64_t user,
	    int64_t *rowid);
/* Store a changed draft as the next version; 0 or -1. */
int	 draft_store(int64_t rowid, Draft *);
/*
 * The draft a write works on, as a copy the caller may change: checked for
 * owner and version (0: any).  NULL with the refusal set.
 */
Draft	*draft_for_write(struct txn *, const char *public_id,
	    uint64_t expected, int64_t *rowid);
/* The item of a draft (borrowed); NULL with the refusal set. */
const Banshi__V1__Item *draft_item(struct txn *, const char *code);
/* Each returns the draft as stored, or NULL with the refusal set. */
Draft	*draft_create(struct txn *, const char *item_code);
Draft	*draft_save(struct txn *, const Banshi__V1__SaveDraft *);
Draft	*draft_read(struct txn *, const Banshi__V1__ReadApplicant *);
Draft	*draft_remove_material(struct txn *,
	    const Banshi__V1__RemoveMaterial *);
int	 draft_delete(struct txn *, const char *public_id);
/* Everything submission needs; -1 with the refusal set. */
int	 draft_check_complete(struct txn *, const Banshi__V1__Item *,
	    const Draft *);
/* A new case from a complete draft; NULL with the refusal set. */
Banshi__V1__SubmitReply *draft_submit(struct txn *,
	    const Banshi__V1__Item *, const Draft *, int64_t rowid);
/* The 补办 draft of a case (body loaded) the clerk asked to supplement. */
int	 draft_for_supplement(struct txn *, const struct case_row *,
	    const Banshi__V1__Case *extra);

/* rpc-filing.c */
void	 rpc_create_draft(struct conn *, uint32_t, const ClientMessage *);
void	 rpc_get_draft(struct conn *, uint32_t, const ClientMessage *);
void	 rpc_list_drafts(struct conn *, uint32_t, const ClientMessage *);
void	 rpc_save_draft(struct conn *, uint32_t, const ClientMessage *);
void	 rpc_read_applicant(struct conn *, uint32_t, const ClientMessage *);
void	 rpc_delete_draft(struct conn *, uint32_t, const ClientMessage *);
void	 rpc_remove_material(struct conn *, uint32_t, const ClientMessage *);
void	 rpc_submit_draft(struct conn *, uint32_t, const ClientMessage *);
void	 rpc_list_my_cases(struct conn *, uint32_t, const ClientMessage *);
void	 rpc_get_case(struct conn *, uint32_t, const ClientMessage *);

/* upload.c */
/* Make data_dir/uploads and data_dir/files; 0 or -1 with err. */
int	 upload_init(char *err, size_t errlen);
/* Remove the part files of a draft that is gone. */
void	 upload_forget_draft(const char *draft_id);
void	 rpc_start_upload(struct conn *, uint32_t, const ClientMessage *);
void	 rpc_upload_chunk(struct conn *, uint32_t, const ClientMessage *);
void	 rpc_finish_upload(struct conn *, uint32_t, const ClientMessage *);

/* rpc-case.c */
void	 rpc_list_queue(struct conn *, uint32_t, const ClientMessage *);
void	 rpc_queue_counts(struct conn *, uint32_t, const ClientMessage *);
void	 rpc_open_case(struct conn *, uint32_t, const ClientMessage *);
void	 rpc_release_case(struct conn *, uint32_t, const ClientMessage *);
void	 rpc_case_action(struct conn *, uint32_t, const ClientMessage *);
void	 rpc_list_case_events(struct conn *, uint32_t, const ClientMessage *);
void	 rpc_get_settings(struct conn *, uint32_t, const ClientMessage *);
void	 rpc_save_settings(struct conn *, uint32_t, const ClientMessage *);
void	 rpc_read_file(struct conn *, uint32_t, const ClientMessage *);

/* ctl.c */
void	 ctl_org_add(struct conn *, uint32_t, const CtlRequest *);
void	 ctl_user_add(struct conn *, uint32_t, const CtlRequest *);
void	 ctl_user_passwd(struct conn *, uint32_t, const CtlRequest *);
void	 ctl_user_lock(struct conn *, uint32_t, const CtlRequest *);
void	 ctl_user_list(struct conn *, uint32_t, const CtlRequest *);
void	 ctl_reload(struct conn *, uint32_t, const CtlRequest *);
void	 ctl_status(struct conn *, uint32_t, const CtlRequest *);
void	 ctl_audit_verify(struct conn *, uint32_t, const CtlRequest *);
void	 ctl_clock_advance(struct conn *, uint32_t, const CtlRequest *);
void	 ctl_calendar_deadline(struct conn *, uint32_t, const CtlRequest *);
void	 ctl_calendar_show(struct conn *, uint32_t, const CtlRequest *);

/* rpc-auth.c (start-up) */
void	 auth_init(void);

/* banshid.c */
extern struct config *_Atomic cfg;
extern time_t		 server_started;
/* Reload the configuration; 0 or -1 with a message in err. */
int	 server_reload(char *err, size_t errlen);

#endif

/*
 * Dispatch: the only place that unpacks requests, checks the connection's
 * state, the session and the posts, validates every string, runs the handler
 * and frees the request.  Role checks live in rpc_table and nowhere else.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "frame.h"
#include "log.h"
#include "server.h"
#include "text.h"
#include "xmalloc.h"

#define RPC_PUBLIC		0x01	/* no session needed */
#define RPC_WRITES		0x02	/* mutating: idempotency key required */
#define RPC_DURING_CHANGE	0x04	/* allowed before a forced change */
/*
 * A retry is answered from the stored reply before the handler runs, for
 * handlers that check state on the loop first (the old password, the
 * upload's part file) which the first attempt has changed.  Every other
 * write finds its key in the batch (write.c), without a read per request.
 */
#define RPC_REPLAY_FIRST	0x08

#define STRING_MAX_CHARS	4096	/* any single string field */

#define POST(p)		(1u << BANSHI__V1__POST__POST_##p)
#define AGENT		(1u << BANSHI__V1__POST__POST_AGENT)
#define SUPERVISOR	(1u << BANSHI__V1__POST__POST_SUPERVISOR)

typedef void (*rpc_handler)(struct conn *, uint32_t, const ClientMessage *);
typedef void (*ctl_handler)(struct conn *, uint32_t, const CtlRequest *);

struct rpc_entry {
	Banshi__V1__ClientMessage__BodyCase	 body;
	const char				*name;
	uint32_t				 posts;	/* 0: any user */
	int					 flags;
	rpc_handler				 handler;
};

static const struct rpc_entry rpc_table[] = {
	{ BANSHI__V1__CLIENT_MESSAGE__BODY_HELLO, "Hello", 0, RPC_PUBLIC,
	    rpc_hello },
	{ BANSHI__V1__CLIENT_MESSAGE__BODY_LOGIN, "Login", 0, RPC_PUBLIC,
	    rpc_login },
	{ BANSHI__V1__CLIENT_MESSAGE__BODY_LOGOUT, "Logout", 0,
	    RPC_WRITES | RPC_DURING_CHANGE, rpc_logout },
	{ BANSHI__V1__CLIENT_MESSAGE__BODY_CHANGE_PASSWORD, "ChangePassword",
	    0, RPC_WRITES | RPC_DURING_CHANGE | RPC_REPLAY_FIRST,
	    rpc_change_password },
	{ BANSHI__V1__CLIENT_MESSAGE__BODY_WHO_AM_I, "WhoAmI", 0,
	    RPC_DURING_CHANGE, rpc_who_am_i },
	{ BANSHI__V1__CLIENT_MESSAGE__BODY_LIST_HALLS, "ListHalls", 0, 0,
	    rpc_list_halls },
	{ BANSHI__V1__CLIENT_MESSAGE__BODY_LIST_CATEGORIES, "ListCategories",
	    0, 0, rpc_list_categories },
	{ BANSHI__V1__CLIENT_MESSAGE__BODY_LIST_ITEMS, "ListItems", 0, 0,
	    rpc_list_items },
	{ BANSHI__V1__CLIENT_MESSAGE__BODY_SEARCH_ITEMS, "SearchItems", 0, 0,
	    rpc_search_items },
	{ BANSHI__V1__CLIENT_MESSAGE__BODY_GET_ITEM, "GetItem", 0, 0,
	    rpc_get_item },
	{ BANSHI__V1__CLIENT_MESSAGE__BODY_LIST_REGIONS, "ListRegions", 0, 0,
	    rpc_list_regions },
	{ BANSHI__V1__CLIENT_MESSAGE__BODY_CREATE_DRAFT, "CreateDraft", AGENT,
	    RPC_WRITES, rpc_create_draft },
	{ BANSHI__V1__CLIENT_MESSAGE__BODY_GET_DRAFT, "GetDraft", AGENT, 0,
	    rpc_get_draft },
	{ BANSHI__V1__CLIENT_MESSAGE__BODY_LIST_DRAFTS, "ListDrafts", AGENT, 0,
	    rpc_list_drafts },
	{ BANSHI__V1__CLIENT_MESSAGE__BODY_SAVE_DRAFT, "SaveDraft", AGENT,
	    RPC_WRITES, rpc_save_draft },
	{ BANSHI__V1__CLIENT_MESSAGE__BODY_READ_APPLICANT, "ReadApplicant",
	    AGENT, RPC_WRITES, rpc_read_applicant },
	{ BANSHI__V1__CLIENT_MESSAGE__BODY_DELETE_DRAFT, "DeleteDraft", AGENT,
	    RPC_WRITES, rpc_delete_draft },
	{ BANSHI__V1__CLIENT_MESSAGE__BODY_START_UPLOAD, "StartUpload", AGENT,
	    RPC_WRITES, rpc_start_upload },
	/* Chunks write files, not rows: they resume by offset instead. */
	{ BANSHI__V1__CLIENT_MESSAGE__BODY_UPLOAD_CHUNK, "UploadChunk", AGENT,
	    0, rpc_upload_chunk },
	{ BANSHI__V1__CLIENT_MESSAGE__BODY_FINISH_UPLOAD, "FinishUpload",
	    AGENT, RPC_WRITES | RPC_REPLAY_FIRST, rpc_finish_upload },
	{ BANSHI__V1__CLIENT_MESSAGE__BODY_REMOVE_MATERIAL, "RemoveMaterial",
	    AGENT, RPC_WRITES, rpc_remove_material },
	{ BANSHI__V1__CLIENT_MESSAGE__BODY_SUBMIT_DRAFT, "SubmitDraft", AGENT,
	    RPC_WRITES, rpc_submit_draft },
	{ BANSHI__V1__CLIENT_MESSAGE__BODY_LIST_MY_CASES, "ListMyCases", AGENT,
	    0, rpc_list_my_cases },
	{ BANSHI__V1__CLIENT_MESSAGE__BODY_GET_CASE, "GetCase",
	    AGENT | SUPERVISOR, 0, rpc_get_case },
	{ BANSHI__V1__CLIENT_MESSAGE__BODY_LIST_QUEUE, "ListQueue", 0, 0,
	    rpc_list_queue },
	{ BANSHI__V1__CLIENT_MESSAGE__BODY_QUEUE_COUNTS, "QueueCounts", 0, 0,
	    rpc_queue_counts },
	{ BANSHI__V1__CLIENT_MESSAGE__BODY_OPEN_CASE, "OpenCase", 0,
	    RPC_WRITES, rpc_open_case },
	{ BANSHI__V1__CLIENT_MESSAGE__BODY_RELEASE_CASE, "ReleaseCase",
	    SUPERVISOR, RPC_WRITES, rpc_release_case },
	{ BANSHI__V1__CLIENT_MESSAGE__BODY_ACCEPT_CASE, "AcceptCase",
	    POST(ACCEPT), RPC_WRITES, rpc_case_action },
	/*
	 * A step merged with the one before it (审批发证) is worked by that
	 * step's post, so each family also admits the post before it; the
	 * case's own post for its step is checked in the apply.
	 */
	{ BANSHI__V1__CLIENT_MESSAGE__BODY_REVIEW_CASE, "ReviewCase",
	    POST(REVIEW) | POST(ACCEPT), RPC_WRITES, rpc_case_action },
	{ BANSHI__V1__CLIENT_MESSAGE__BODY_APPROVE_CASE, "ApproveCase",
	    POST(APPROVE) | POST(REVIEW), RPC_WRITES, rpc_case_action },
	{ BANSHI__V1__CLIENT_MESSAGE__BODY_ISSUE_CASE, "IssueCase",
	    POST(ISSUE) | POST(APPROVE), RPC_WRITES, rpc_case_action },
	{ BANSHI__V1__CLIENT_MESSAGE__BODY_PREREVIEW_CASE, "PrereviewCase",
	    POST(PREREVIEW), RPC_WRITES, rpc_case_action },
	{ BANSHI__V1__CLIENT_MESSAGE__BODY_HANDLE_CASE, "HandleCase",
	    POST(HANDLE) | POST(PREREVIEW), RPC_WRITES, rpc_case_action },
	/* Posts from [workflow] *_posts: checked per action in the apply. */
	{ BANSHI__V1__CLIENT_MESSAGE__BODY_SPECIAL_CASE, "SpecialCase", 0,
	    RPC_WRITES, rpc_case_action },
	{ BANSHI__V1__CLIENT_MESSAGE__BODY_GET_SETTINGS, "GetSettings", 0, 0,
	    rpc_get_settings },
	{ BANSHI__V1__CLIENT_MESSAGE__BODY_SAVE_SETTINGS, "SaveSettings", 0,
	    RPC_WRITES, rpc_save_settings },
	{ BANSHI__V1__CLIENT_MESSAGE__BODY_READ_FILE, "ReadFile", 0, 0,
	    rpc_read_file },
	{ BANSHI__V1__CLIENT_MESSAGE__BODY_LIST_CASE_EVENTS, "ListCaseEvents",
	    0, 0, rpc_list_case_events },
};

struct ctl_entry {
	Banshi__V1__CtlRequest__BodyCase	 body;
	const char				*name;
	ctl_handler				 handler;
};

static const struct ctl_entry ctl_table[] = {
	{ BANSHI__V1__CTL_REQUEST__BODY_ORG_ADD, "org add", ctl_org_add },
	{ BANSHI__V1__CTL_REQUEST__BODY_USER_ADD, "user add", ctl_user_add },
	{ BANSHI__V1__CTL_REQUEST__BODY_USER_PASSWD, "user passwd",
	    ctl_user_passwd },
	{ BANSHI__V1__CTL_REQUEST__BODY_USER_LOCK, "user lock",
	    ctl_user_lock },
	{ BANSHI__V1__CTL_REQUEST__BODY_USER_LIST, "user list",
	    ctl_user_list },
	{ BANSHI__V1__CTL_REQUEST__BODY_RELOAD, "reload", ctl_reload },
	{ BANSHI__V1__CTL_REQUEST__BODY_STATUS, "status", ctl_status },
	{ BANSHI__V1__CTL_REQUEST__BODY_AUDIT_VERIFY, "audit verify",
	    ctl_audit_verify },
	{ BANSHI__V1__CTL_REQUEST__BODY_CLOCK_ADVANCE, "clock advance",
	    ctl_clock_advance },
	{ BANSHI__V1__CTL_REQUEST__BODY_CALENDAR_DEADLINE,
	    "calendar deadline", ctl_calendar_deadline },
	{ BANSHI__V1__CTL_REQUEST__BODY_CALENDAR_SHOW, "calendar show",
	    ctl_calendar_show },
};

/* A permission denial: audited, then refused after the audit commits. */
struct denial {
	struct batch_job	 job;
	struct conn		*conn;
	uint32_t		 id;
	char			*actor;
	char			*rpc;
};

static int
denial_run(struct batch_job *job)
{
	struct denial		*d = (struct denial *)job;
	struct audit_rec	 r = { d->actor, "", d->conn->peer,
				    "permission-denied", d->rpc, "denied",
				    "" };

	return (audit_append(&r));
}

static void
denial_done(struct batch_job *job, int committed)
{
	struct denial	*d = (struct denial *)job;

	reply_status(d->conn, d->id,
	    BANSHI__V1__STATUS_CODE__STATUS_PERMISSION_DENIED,
	    "your posts do not allow this request", NULL);
	conn_unref(d->conn);
	free(d->actor);
	free(d->rpc);
	free(d);
}

static void
dispatch_deny(struct conn *c, uint32_t id, const struct rpc_entry *e)
{
	struct denial	*d;

	log_warnx("conn=%llu user=%s rpc=%s permission denied",
	    (unsigned long long)c->id, c->session->login, e->name);
	d = xcalloc(1, sizeof *d);
	d->job.run = denial_run;
	d->job.done = denial_done;
	d->conn = c;
	conn_ref(c);
	d->id = id;
	d->actor = xstrdup(c->session->login);
	d->rpc = xstrdup(e->name);
	batch_enqueue(&d->job);
}

/* Check one string value; -1 with the reason when it is refused. */
static int
dispatch_check_one(const char *s, const char **reason)
{
	enum text_error	e;

	if (s == NULL)
		return (0);
	if ((e = text_check(s, STRING_MAX_CHARS, 0)) != TEXT_OK) {
		*reason = text_error_name(e);
		return (-1);
	}
	return (0);
}

int
dispatch_check_strings(const ProtobufCMessage *m, const char **field,
    const char **reason)
{
	const ProtobufCMessageDescriptor	*d = m->descriptor;
	const ProtobufCFieldDescriptor		*f;
	const char				*p = (const char *)m;
	size_t					 i, j, count;
	void					*v;

	for (i = 0; i < d->n_fields; i++) {
		f = &d->fields[i];
		if (f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) {
			if (*(const uint32_t *)(p + f->quantifier_offset) !=
			    f->id)
				continue;
		}
		if (f->type != PROTOBUF_C_TYPE_STRING &&
		    f->type != PROTOBUF_C_TYPE_MESSAGE)
			continue;
		if (f->label == PROTOBUF_C_LABEL_REPEATED) {
			count = *(const size_t *)(p + f->quantifier_offset);
			v = *(void *const *)(p + f->offset);
		} else {
			count = 1;
			v = (void *)(p + f->offset);
		}
		for (j = 0; j < count; j++) {
			void *elem = ((void **)v)[j];

			if (f->type == PROTOBUF_C_TYPE_STRING) {
				if (dispatch_check_one(elem, reason) == 0)
					continue;
				*field = f->name;
				return (-1);
			}
			if (elem != NULL &&
			    dispatch_check_strings(elem, field, reason) == -1)
				return (-1);
		}
	}
	return (0);
}

static const struct rpc_entry *
dispatch_find(Banshi__V1__ClientMessage__BodyCase body)
{
	size_t	i;

	for (i = 0; i < sizeof rpc_table / sizeof rpc_table[0]; i++) {
		if (rpc_table[i].body == body)
			return (&rpc_table[i]);
	}
	return (NULL);
}

/* The session and post checks; 0 to go on, -1 when refused (replied). */
static int
dispatch_admit(struct conn *c, uint32_t id, const struct rpc_entry *e)
{
	if (e->flags & RPC_PUBLIC)
		return (0);
	if (c->session == NULL || session_touch(c->session) == -1) {
		reply_status(c, id,
		    BANSHI__V1__STATUS_CODE__STATUS_UNAUTHENTICATED,
		    "log in first", NULL);
		return (-1);
	}
	if (c->session->must_change && !(e->flags & RPC_DURING_CHANGE)) {
		reply_status(c, id,
		    BANSHI__V1__STATUS_CODE__STATUS_FAILED_PRECONDITION,
		    "the password must be changed first", NULL);
		return (-1);
	}
	if (e->posts != 0 && (c->session->posts & e->posts) == 0) {
		dispatch_deny(c, id, e);
		return (-1);
	}
	return (0);
}

/* Refuse what the connection's state does not allow; -1 when refused. */
static int
dispatch_state(struct conn *c, const ClientMessage *m)
{
	int	hello = m->body_case == BANSHI__V1__CLIENT_MESSAGE__BODY_HELLO;

	if (c->state == CONN_HELLO && !hello) {
		reply_status(c, m->id,
		    BANSHI__V1__STATUS_CODE__STATUS_FAILED_PRECONDITION,
		    "the first message must be Hello", NULL);
		conn_close(c, "request before Hello");
		return (-1);
	}
	if (c->state == CONN_OPEN && hello) {
		reply_status(c, m->id,
		    BANSHI__V1__STATUS_CODE__STATUS_FAILED_PRECONDITION,
		    "Hello was already sent", NULL);
		return (-1);
	}
	return (0);
}

static void
dispatch_frame(struct conn *c, const uint8_t *buf, size_t len)
{
	struct frame_allocator	 fa;
	ClientMessage		*m;
	const struct rpc_entry	*e;
	const char		*field, *reason;
	char			 msg[128];

	frame_allocator_init(&fa, 16 * len + 65536);
	m = banshi__v1__client_message__unpack(&fa.pb, len, buf);
	if (m == NULL) {
		log_warnx("conn=%llu peer=%s undecodable message (%zu bytes)",
		    (unsigned long long)c->id, c->peer, len);
		reply_status(c, 0,
		    BANSHI__V1__STATUS_CODE__STATUS_INVALID_ARGUMENT,
		    "undecodable message", NULL);
		conn_close(c, "undecodable message");
		return;
	}
	if (dispatch_state(c, m) == -1)
		goto out;
	if ((e = dispatch_find(m->body_case)) == NULL) {
		reply_status(c, m->id,
		    BANSHI__V1__STATUS_CODE__STATUS_INVALID_ARGUMENT,
		    "unknown or empty request", NULL);
		goto out;
	}
	if (dispatch_check_strings(&m->base, &field, &reason) == -1) {
		snprintf(msg, sizeof msg, "%s: %s", field, reason);
		reply_status(c, m->id,
		    BANSHI__V1__STATUS_CODE__STATUS_INVALID_ARGUMENT, msg,
		    field);
		goto out;
	}
	if (dispatch_admit(c, m->id, e) == -1)
		goto out;
	if (e->flags & RPC_WRITES) {
		if (m->idempotency_key.len != IDEM_KEY_LEN) {
			reply_status(c, m->id,
			    BANSHI__V1__STATUS_CODE__STATUS_INVALID_ARGUMENT,
			    "a 16-byte idempotency key is required",
			    "idempotency_key");
			goto out;
		}
		if ((e->flags & RPC_REPLAY_FIRST) &&
		    idem_replay(c, m->id, m->idempotency_key.data))
			goto out;
	}
	log_debug("conn=%llu rpc=%s id=%u", (unsigned long long)c->id,
	    e->name, m->id);
	e->handler(c, m->id, m);
out:
	protobuf_c_message_free_unpacked(&m->base, &fa.pb);
}

static void
dispatch_ctl_frame(struct conn *c, const uint8_t *buf, size_t len)
{
	struct frame_allocator	 fa;
	CtlRequest		*m;
	const char		*field, *reason;
	char			 msg[128];
	size_t			 i;

	frame_allocator_init(&fa, 16 * len + 65536);
	m = banshi__v1__ctl_request__unpack(&fa.pb, len, buf);
	if (m == NULL) {
		ctl_reply_status(c, 0,
		    BANSHI__V1__STATUS_CODE__STATUS_INVALID_ARGUMENT,
		    "undecodable message");
		conn_close(c, "undecodable control message");
		return;
	}
	if (dispatch_check_strings(&m->base, &field, &reason) == -1) {
		snprintf(msg, sizeof msg, "%s: %s", field, reason);
		ctl_reply_status(c, m->id,
		    BANSHI__V1__STATUS_CODE__STATUS_INVALID_ARGUMENT, msg);
		goto out;
	}
	for (i = 0; i < sizeof ctl_table / sizeof ctl_table[0]; i++) {
		if (ctl_table[i].body == m->body_case) {
			log_info("control uid=%ld command=\"%s\"",
			    (long)c->uid, ctl_table[i].name);
			ctl_table[i].handler(c, m->id, m);
			goto out;
		}
	}
	ctl_reply_status(c, m->id,
	    BANSHI__V1__STATUS_CODE__STATUS_INVALID_ARGUMENT,
	    "unknown or empty command");
out:
	protobuf_c_message_free_unpacked(&m->base, &fa.pb);
}

static void
dispatch_closed(struct conn *c)
{
	session_detach(c);
}

const struct conn_handler dispatch_tls = { dispatch_frame, dispatch_closed };
const struct conn_handler dispatch_ctl = { dispatch_ctl_frame,
    dispatch_closed };

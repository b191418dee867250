/* Unit tests for server/workflow.c: every step x action x state, by hand. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "server.h"

/* Defined in banshid.c, which is not linked into unit tests. */
struct config *_Atomic cfg;
time_t		 server_started;

int
server_reload(char *err, size_t errlen)
{
	return (-1);
}

#define STEP(x)		BANSHI__V1__STEP__STEP_##x
#define ST(x)		BANSHI__V1__CASE_STATUS__CASE_STATUS_##x
#define NELEM(a)	(sizeof (a) / sizeof (a)[0])

#define NSTEPS		7	/* 0 (closed) and the six steps */
#define NSTATUSES	11	/* UNSPECIFIED and the ten statuses */
#define NPHASES		5

/* The two flows of DESIGN §6, flattened as case_flow() does. */
static const int approval_flow[] = { STEP(ACCEPT), STEP(REVIEW),
    STEP(APPROVE), STEP(ISSUE) };
static const int civic_flow[] = { STEP(PREREVIEW), STEP(HANDLE) };

static const char *const step_names[NSTEPS] = { "closed(0)", "accept",
    "review", "approve", "issue", "prereview", "handle" };
static const char *const status_names[NSTATUSES] = { "UNSPECIFIED",
    "PENDING_ACCEPTANCE", "PENDING_PREREVIEW", "IN_PROGRESS", "SUPPLEMENT",
    "DONE", "REFUSED", "DENIED", "WITHDRAWN", "TERMINATED", "NOT_PASSED" };
static const char *const move_names[] = { "stay", "next", "back", "close" };
static const char *const sms_names[] = { "none", "accepted", "supplement",
    "refused", "approved", "denied", "ready", "shipped", "closed" };
static const char *const phase_names[NPHASES] = { "none", "waiting",
    "arrived", "issued", "shipped" };

/*
 * The expected outcome, written from DESIGN §6 and the manual (审批系统操作
 * 手册 3.1, 3.2) rather than from workflow.c's table.
 */
struct want {
	enum wf_move	move;
	int		status;
	int		phase;
	enum wf_sms	sms;
};

/* Waiting for, being worked on at, or back before a step: not ended. */
static int
status_open(int status)
{
	return (status == ST(PENDING_ACCEPTANCE) ||
	    status == ST(PENDING_PREREVIEW) || status == ST(IN_PROGRESS) ||
	    status == ST(SUPPLEMENT));
}

/* Waiting for its step's clerk (受理 or 预审). */
static int
status_pending(int status)
{
	return (status == ST(PENDING_ACCEPTANCE) ||
	    status == ST(PENDING_PREREVIEW));
}

static int
allow(struct want *w, enum wf_move move, int status, int phase,
    enum wf_sms sms)
{
	w->move = move;
	if (status != 0)
		w->status = status;
	if (phase >= 0)
		w->phase = phase;
	w->sms = sms;
	return (1);
}

/* 受理, 审核, 审批: 1 with w filled when allowed, else 0. */
static int
want_approval(const struct wf_case *c, enum wf_action a, struct want *w)
{
	int	at_accept = c->step == STEP(ACCEPT);
	int	pending = status_pending(c->status);
	int	active = c->status == ST(IN_PROGRESS);

	switch (a) {
	case WF_ACCEPT:
		return (at_accept && pending && allow(w, WF_NEXT,
		    ST(IN_PROGRESS), -1, WF_SMS_ACCEPTED));
	case WF_SUPPLEMENT:
		return (at_accept && pending && allow(w, WF_STAY,
		    ST(SUPPLEMENT), -1, WF_SMS_SUPPLEMENT));
	case WF_REFUSE:
		return (at_accept && pending && allow(w, WF_CLOSE,
		    ST(REFUSED), -1, WF_SMS_REFUSED));
	case WF_RESUBMIT:
		return (at_accept && c->status == ST(SUPPLEMENT) &&
		    allow(w, WF_STAY, ST(PENDING_ACCEPTANCE), -1,
		    WF_SMS_NONE));
	case WF_PASS:
		return (c->step == STEP(REVIEW) && active && allow(w, WF_NEXT,
		    0, -1, WF_SMS_NONE));
	case WF_FAIL:
		return (c->step == STEP(REVIEW) && active && allow(w, WF_BACK,
		    ST(PENDING_ACCEPTANCE), -1, WF_SMS_NONE));
	case WF_APPROVE:
		return (c->step == STEP(APPROVE) && active && allow(w,
		    WF_NEXT, 0, -1, WF_SMS_APPROVED));
	case WF_DENY:
		return (c->step == STEP(APPROVE) && active && allow(w,
		    WF_CLOSE, ST(DENIED), -1, WF_SMS_DENIED));
	default:
		return (0);
	}
}

/*
 * 发证: self pickup waits (none → waiting), the applicant comes (→ arrived),
 * the certificate is handed over (→ issued); express ships (none →
 * shipped); either then closes.
 */
static int
want_issue(const struct wf_case *c, enum wf_action a, struct want *w)
{
	int	ok = c->step == STEP(ISSUE) && c->status == ST(IN_PROGRESS);

	switch (a) {
	case WF_WAIT_PICKUP:
		return (ok && !c->express && c->phase == WF_PHASE_NONE &&
		    allow(w, WF_STAY, 0, WF_PHASE_WAITING, WF_SMS_READY));
	case WF_PICKUP_ARRIVED:
		return (ok && c->phase == WF_PHASE_WAITING && allow(w,
		    WF_STAY, 0, WF_PHASE_ARRIVED, WF_SMS_NONE));
	case WF_ISSUE:
		return (ok && !c->express && c->phase == WF_PHASE_ARRIVED &&
		    allow(w, WF_STAY, 0, WF_PHASE_ISSUED, WF_SMS_NONE));
	case WF_SHIP:
		return (ok && c->express && c->phase == WF_PHASE_NONE &&
		    allow(w, WF_STAY, 0, WF_PHASE_SHIPPED, WF_SMS_SHIPPED));
	case WF_CLOSE_ISSUE:
		return (ok && (c->phase == WF_PHASE_ISSUED ||
		    c->phase == WF_PHASE_SHIPPED) && allow(w, WF_CLOSE,
		    ST(DONE), -1, WF_SMS_CLOSED));
	default:
		return (0);
	}
}

/* 预审 and 办理 of a civic case. */
static int
want_civic(const struct wf_case *c, enum wf_action a, struct want *w)
{
	int	pre = c->step == STEP(PREREVIEW) &&
	    status_pending(c->status);
	int	handle = c->step == STEP(HANDLE) &&
	    c->status == ST(IN_PROGRESS);

	switch (a) {
	case WF_PREREVIEW_PASS:
		return (pre && allow(w, WF_NEXT, ST(IN_PROGRESS), -1,
		    WF_SMS_ACCEPTED));
	case WF_PREREVIEW_FAIL:
		return (pre && allow(w, WF_CLOSE, ST(NOT_PASSED), -1,
		    WF_SMS_REFUSED));
	case WF_HANDLE_SAVE:
		return (handle && allow(w, WF_STAY, 0, -1, WF_SMS_NONE));
	case WF_HANDLE_CLOSE:
		return (handle && allow(w, WF_CLOSE, ST(DONE), -1,
		    WF_SMS_CLOSED));
	default:
		return (0);
	}
}

/* 特殊操作: any open case, whatever its step. */
static int
want_special(const struct wf_case *c, enum wf_action a, struct want *w)
{
	switch (a) {
	case WF_PAUSE:
		return (!c->paused && allow(w, WF_STAY, 0, -1, WF_SMS_NONE));
	case WF_RESUME:
		return (c->paused && allow(w, WF_STAY, 0, -1, WF_SMS_NONE));
	case WF_EXTEND:
		return (allow(w, WF_STAY, 0, -1, WF_SMS_NONE));
	case WF_TERMINATE:
		return (allow(w, WF_CLOSE, ST(TERMINATED), -1,
		    WF_SMS_CLOSED));
	case WF_WITHDRAW:
		return (allow(w, WF_CLOSE, ST(WITHDRAWN), -1,
		    WF_SMS_CLOSED));
	default:
		return (0);
	}
}

/* The matrix: 1 with w filled when a is allowed on c, else 0. */
static int
want_check(const struct wf_case *c, enum wf_action a, struct want *w)
{
	w->move = WF_STAY;
	w->status = c->status;
	w->phase = c->phase;
	w->sms = WF_SMS_NONE;
	if (!status_open(c->status))
		return (0);	/* nothing moves a closed case */
	return (want_approval(c, a, w) || want_issue(c, a, w) ||
	    want_civic(c, a, w) || want_special(c, a, w));
}

static const char *
name_of(const char *const *names, size_t n, int i)
{
	return (i >= 0 && (size_t)i < n ? names[i] : "?");
}

static void
describe_case(char *buf, size_t len, const struct wf_case *c,
    enum wf_action a)
{
	snprintf(buf, len, "step=%s action=%s status=%s phase=%s express=%d "
	    "paused=%d", name_of(step_names, NSTEPS, c->step),
	    wf_action_name(a), name_of(status_names, NSTATUSES, c->status),
	    name_of(phase_names, NPHASES, c->phase), c->express, c->paused);
}

static void
describe_outcome(char *buf, size_t len, enum wf_move move, int status,
    int phase, enum wf_sms sms)
{
	snprintf(buf, len, "move=%s status=%s phase=%s sms=%s",
	    name_of(move_names, NELEM(move_names), move),
	    name_of(status_names, NSTATUSES, status),
	    name_of(phase_names, NPHASES, phase),
	    name_of(sms_names, NELEM(sms_names), sms));
}

/* Compare wf_check with the matrix on c; 0, or -1 with why in msg. */
static int
compare_one(const struct wf_case *c, enum wf_action a, int *allowed,
    char *msg, size_t len)
{
	struct wf_result	 res;
	struct want		 w;
	const char		*why;
	char			 what[160], got[160], exp[160];
	int			 want_ok;

	memset(&res, 0xa5, sizeof res);
	why = wf_check(c, a, &res);
	want_ok = want_check(c, a, &w);
	*allowed = why == NULL;
	describe_case(what, sizeof what, c, a);
	describe_outcome(exp, sizeof exp, w.move, w.status, w.phase, w.sms);
	if (want_ok && why != NULL) {
		snprintf(msg, len, "%s: refused (\"%s\"), want allowed with "
		    "%s", what, why, exp);
		return (-1);
	}
	if (!want_ok && why == NULL) {
		describe_outcome(got, sizeof got, res.move, res.status,
		    res.phase, res.sms);
		snprintf(msg, len, "%s: allowed with %s, want refused", what,
		    got);
		return (-1);
	}
	if (!want_ok) {
		if (why[0] == '\0') {
			snprintf(msg, len, "%s: refused with an empty reason",
			    what);
			return (-1);
		}
		return (0);
	}
	if (res.move != w.move || res.status != w.status ||
	    res.phase != w.phase || res.sms != w.sms) {
		describe_outcome(got, sizeof got, res.move, res.status,
		    res.phase, res.sms);
		snprintf(msg, len, "%s: got %s, want %s", what, got, exp);
		return (-1);
	}
	return (0);
}

/*
 * Every step x action x status x phase x express x paused against the
 * matrix.  By hand the matrix allows 2598 of them: 受理 3 x 2 pending x 20,
 * resubmit 20, 审核 2 x 20, 审批 2 x 20, 发证 18 (wait-pickup 2, arrived 4,
 * issue 2, ship 2, close 8), 预审 2 x 2 x 20, 办理 2 x 20, and the special
 * actions 7 steps x 4 open x 5 phases x 2 (express) x (1 + 1 + 2 + 2 + 2).
 */
static void
test_wf_check_every_combination_vs_matrix(void **state)
{
	struct wf_case	 c;
	struct want	 w;
	char		 msg[512], first[512] = "";
	int		 a, allowed, got_allowed = 0, want_allowed = 0;
	int		 total = 0, mismatches = 0;

	for (c.step = 0; c.step < NSTEPS; c.step++)
	for (a = WF_ACCEPT; a <= WF_WITHDRAW; a++)
	for (c.status = 0; c.status < NSTATUSES; c.status++)
	for (c.phase = 0; c.phase < NPHASES; c.phase++)
	for (c.express = 0; c.express <= 1; c.express++)
	for (c.paused = 0; c.paused <= 1; c.paused++) {
		total++;
		want_allowed += want_check(&c, a, &w);
		if (compare_one(&c, a, &allowed, msg, sizeof msg) == -1) {
			if (mismatches++ < 20)
				fprintf(stderr, "mismatch: %s\n", msg);
			if (first[0] == '\0')
				snprintf(first, sizeof first, "%s", msg);
		}
		got_allowed += allowed;
	}
	fprintf(stderr, "workflow: %d combinations, wf_check allowed %d, "
	    "the matrix allows %d, %d mismatches\n", total, got_allowed,
	    want_allowed, mismatches);
	assert_int_equal(total, NSTEPS * (WF_WITHDRAW - WF_ACCEPT + 1) *
	    NSTATUSES * NPHASES * 2 * 2);
	assert_int_equal(want_allowed, 2598);	/* the matrix is as above */
	if (mismatches != 0)
		fail_msg("%d mismatches; first: %s", mismatches, first);
	assert_int_equal(got_allowed, want_allowed);
}

static void
test_wf_check_unknown_action_refused(void **state)
{
	struct wf_case		c = { STEP(ACCEPT), ST(PENDING_ACCEPTANCE), 0,
	    0, 0 };
	struct wf_result	res;

	assert_non_null(wf_check(&c, WF_NONE, &res));
	assert_non_null(wf_check(&c, WF_NACTIONS, &res));
	assert_non_null(wf_check(&c, (enum wf_action)-1, &res));
}

/* Take action a on c, which must be allowed, as the server would. */
static void
act(struct wf_case *c, enum wf_action a, const int *flow, size_t n,
    struct wf_result *res)
{
	const char	*why;
	int		 next = c->step;

	why = wf_check(c, a, res);
	if (why != NULL)
		fail_msg("%s at step %s: refused: %s", wf_action_name(a),
		    name_of(step_names, NSTEPS, c->step), why);
	if (res->move == WF_NEXT)
		next = wf_next_step(flow, n, c->step);
	else if (res->move == WF_BACK)
		next = wf_prev_step(flow, n, c->step);
	else if (res->move == WF_CLOSE)
		next = 0;
	c->phase = next != c->step ? WF_PHASE_NONE : res->phase;
	c->step = next;
	c->status = res->status;
	if (next != 0 && res->move == WF_NEXT)
		c->status = ST(IN_PROGRESS);
	if (a == WF_PAUSE || a == WF_WAIT_PICKUP)
		c->paused = 1;
	else if (a == WF_RESUME || a == WF_PICKUP_ARRIVED || next == 0)
		c->paused = 0;
}

static void
assert_refused(const struct wf_case *c, enum wf_action a)
{
	struct wf_result	 res;
	char			 what[160];

	if (wf_check(c, a, &res) == NULL) {
		describe_case(what, sizeof what, c, a);
		fail_msg("%s: allowed, want refused", what);
	}
}

/* Nothing at all may be done to c. */
static void
assert_all_refused(const struct wf_case *c)
{
	int	a;

	for (a = WF_ACCEPT; a <= WF_WITHDRAW; a++)
		assert_refused(c, a);
}

static void
test_wf_check_issue_self_pickup_order(void **state)
{
	struct wf_case		c = { STEP(ISSUE), ST(IN_PROGRESS),
	    WF_PHASE_NONE, 0, 0 };
	struct wf_result	res;
	size_t			n = NELEM(approval_flow);

	assert_refused(&c, WF_SHIP);
	assert_refused(&c, WF_PICKUP_ARRIVED);
	assert_refused(&c, WF_ISSUE);
	assert_refused(&c, WF_CLOSE_ISSUE);

	act(&c, WF_WAIT_PICKUP, approval_flow, n, &res);
	assert_int_equal(res.move, WF_STAY);
	assert_int_equal(res.sms, WF_SMS_READY);
	assert_int_equal(c.phase, WF_PHASE_WAITING);
	assert_int_equal(c.status, ST(IN_PROGRESS));
	assert_refused(&c, WF_WAIT_PICKUP);
	assert_refused(&c, WF_ISSUE);
	assert_refused(&c, WF_SHIP);
	assert_refused(&c, WF_CLOSE_ISSUE);
	assert_refused(&c, WF_PAUSE);	/* waiting stops the clock */

	act(&c, WF_PICKUP_ARRIVED, approval_flow, n, &res);
	assert_int_equal(res.sms, WF_SMS_NONE);
	assert_int_equal(c.phase, WF_PHASE_ARRIVED);
	assert_refused(&c, WF_PICKUP_ARRIVED);
	assert_refused(&c, WF_WAIT_PICKUP);
	assert_refused(&c, WF_CLOSE_ISSUE);

	act(&c, WF_ISSUE, approval_flow, n, &res);
	assert_int_equal(res.sms, WF_SMS_NONE);
	assert_int_equal(c.phase, WF_PHASE_ISSUED);
	assert_refused(&c, WF_ISSUE);
	assert_refused(&c, WF_WAIT_PICKUP);
	assert_refused(&c, WF_SHIP);

	act(&c, WF_CLOSE_ISSUE, approval_flow, n, &res);
	assert_int_equal(res.move, WF_CLOSE);
	assert_int_equal(res.sms, WF_SMS_CLOSED);
	assert_int_equal(c.step, 0);
	assert_int_equal(c.status, ST(DONE));
	assert_all_refused(&c);
}

static void
test_wf_check_issue_express_order(void **state)
{
	struct wf_case		c = { STEP(ISSUE), ST(IN_PROGRESS),
	    WF_PHASE_NONE, 1, 0 };
	struct wf_result	res;
	size_t			n = NELEM(approval_flow);

	assert_refused(&c, WF_WAIT_PICKUP);
	assert_refused(&c, WF_PICKUP_ARRIVED);
	assert_refused(&c, WF_ISSUE);
	assert_refused(&c, WF_CLOSE_ISSUE);

	act(&c, WF_SHIP, approval_flow, n, &res);
	assert_int_equal(res.move, WF_STAY);
	assert_int_equal(res.sms, WF_SMS_SHIPPED);
	assert_int_equal(c.phase, WF_PHASE_SHIPPED);
	assert_refused(&c, WF_SHIP);
	assert_refused(&c, WF_WAIT_PICKUP);
	assert_refused(&c, WF_PICKUP_ARRIVED);
	assert_refused(&c, WF_ISSUE);

	act(&c, WF_CLOSE_ISSUE, approval_flow, n, &res);
	assert_int_equal(res.sms, WF_SMS_CLOSED);
	assert_int_equal(c.step, 0);
	assert_int_equal(c.status, ST(DONE));
	assert_all_refused(&c);
}

/* A self-pickup case never ships; an express one never waits. */
static void
test_wf_check_issue_method_exclusive(void **state)
{
	struct wf_case	c = { STEP(ISSUE), ST(IN_PROGRESS), 0, 0, 0 };

	for (c.phase = 0; c.phase < NPHASES; c.phase++) {
		c.express = 0;
		assert_refused(&c, WF_SHIP);
		c.express = 1;
		assert_refused(&c, WF_WAIT_PICKUP);
		assert_refused(&c, WF_ISSUE);
	}
}

static void
test_wf_check_approval_case_start_to_end(void **state)
{
	struct wf_case		c = { STEP(ACCEPT), ST(PENDING_ACCEPTANCE),
	    0, 0, 0 };
	struct wf_result	res;
	size_t			n = NELEM(approval_flow);

	act(&c, WF_SUPPLEMENT, approval_flow, n, &res);
	assert_int_equal(c.status, ST(SUPPLEMENT));
	assert_refused(&c, WF_ACCEPT);
	act(&c, WF_RESUBMIT, approval_flow, n, &res);
	assert_int_equal(c.step, STEP(ACCEPT));
	assert_int_equal(c.status, ST(PENDING_ACCEPTANCE));
	assert_refused(&c, WF_RESUBMIT);
	act(&c, WF_ACCEPT, approval_flow, n, &res);
	assert_int_equal(c.step, STEP(REVIEW));
	assert_int_equal(c.status, ST(IN_PROGRESS));
	act(&c, WF_FAIL, approval_flow, n, &res);
	assert_int_equal(c.step, STEP(ACCEPT));
	assert_int_equal(c.status, ST(PENDING_ACCEPTANCE));
	act(&c, WF_ACCEPT, approval_flow, n, &res);
	act(&c, WF_PASS, approval_flow, n, &res);
	assert_int_equal(c.step, STEP(APPROVE));
	act(&c, WF_APPROVE, approval_flow, n, &res);
	assert_int_equal(res.sms, WF_SMS_APPROVED);
	assert_int_equal(c.step, STEP(ISSUE));
	assert_int_equal(c.status, ST(IN_PROGRESS));
	assert_refused(&c, WF_SHIP);	/* self pickup */
	act(&c, WF_WAIT_PICKUP, approval_flow, n, &res);
	act(&c, WF_PICKUP_ARRIVED, approval_flow, n, &res);
	act(&c, WF_ISSUE, approval_flow, n, &res);
	act(&c, WF_CLOSE_ISSUE, approval_flow, n, &res);
	assert_int_equal(c.step, 0);
	assert_int_equal(c.status, ST(DONE));
	assert_all_refused(&c);
}

static void
test_wf_check_civic_case_start_to_end(void **state)
{
	struct wf_case		c = { STEP(PREREVIEW), ST(PENDING_PREREVIEW),
	    0, 0, 0 };
	struct wf_result	res;
	size_t			n = NELEM(civic_flow);

	assert_refused(&c, WF_ACCEPT);
	assert_refused(&c, WF_HANDLE_SAVE);
	act(&c, WF_PREREVIEW_PASS, civic_flow, n, &res);
	assert_int_equal(c.step, STEP(HANDLE));
	assert_int_equal(c.status, ST(IN_PROGRESS));
	assert_refused(&c, WF_PREREVIEW_PASS);
	act(&c, WF_HANDLE_SAVE, civic_flow, n, &res);
	assert_int_equal(res.move, WF_STAY);
	assert_int_equal(c.step, STEP(HANDLE));
	act(&c, WF_HANDLE_CLOSE, civic_flow, n, &res);
	assert_int_equal(c.step, 0);
	assert_int_equal(c.status, ST(DONE));
	assert_all_refused(&c);

	c = (struct wf_case){ STEP(PREREVIEW), ST(PENDING_PREREVIEW), 0, 0,
	    0 };
	act(&c, WF_PREREVIEW_FAIL, civic_flow, n, &res);
	assert_int_equal(c.status, ST(NOT_PASSED));
	assert_all_refused(&c);
}

/* Pause and resume alternate on every open case, whatever its step. */
static void
test_wf_check_pause_resume_toggle(void **state)
{
	static const int	 open[] = { ST(PENDING_ACCEPTANCE),
	    ST(PENDING_PREREVIEW), ST(IN_PROGRESS), ST(SUPPLEMENT) };
	struct wf_case		 c = { 0, 0, 0, 0, 0 };
	struct wf_result	 res;
	size_t			 i;
	int			 round;

	for (c.step = 0; c.step < NSTEPS; c.step++)
	for (i = 0; i < NELEM(open); i++) {
		c.status = open[i];
		c.paused = 0;
		for (round = 0; round < 3; round++) {
			assert_refused(&c, WF_RESUME);
			assert_null(wf_check(&c, WF_PAUSE, &res));
			assert_int_equal(res.move, WF_STAY);
			assert_int_equal(res.status, open[i]);
			assert_int_equal(res.sms, WF_SMS_NONE);
			c.paused = 1;
			assert_refused(&c, WF_PAUSE);
			assert_null(wf_check(&c, WF_RESUME, &res));
			assert_int_equal(res.move, WF_STAY);
			assert_int_equal(res.status, open[i]);
			c.paused = 0;
		}
	}
}

static void
test_wf_check_pause_resume_closed_refused(void **state)
{
	struct wf_case	c = { 0, 0, 0, 0, 0 };

	for (c.status = ST(DONE); c.status <= ST(NOT_PASSED); c.status++)
	for (c.paused = 0; c.paused <= 1; c.paused++) {
		assert_refused(&c, WF_PAUSE);
		assert_refused(&c, WF_RESUME);
	}
}

static void
test_wf_next_step_approval_flow(void **state)
{
	size_t	n = NELEM(approval_flow);

	assert_int_equal(wf_next_step(approval_flow, n, STEP(ACCEPT)),
	    STEP(REVIEW));
	assert_int_equal(wf_next_step(approval_flow, n, STEP(REVIEW)),
	    STEP(APPROVE));
	assert_int_equal(wf_next_step(approval_flow, n, STEP(APPROVE)),
	    STEP(ISSUE));
	assert_int_equal(wf_next_step(approval_flow, n, STEP(ISSUE)), 0);
}

static void
test_wf_prev_step_approval_flow(void **state)
{
	size_t	n = NELEM(approval_flow);

	assert_int_equal(wf_prev_step(approval_flow, n, STEP(ACCEPT)), 0);
	assert_int_equal(wf_prev_step(approval_flow, n, STEP(REVIEW)),
	    STEP(ACCEPT));
	assert_int_equal(wf_prev_step(approval_flow, n, STEP(APPROVE)),
	    STEP(REVIEW));
	assert_int_equal(wf_prev_step(approval_flow, n, STEP(ISSUE)),
	    STEP(APPROVE));
}

static void
test_wf_next_prev_step_civic_flow(void **state)
{
	size_t	n = NELEM(civic_flow);

	assert_int_equal(wf_next_step(civic_flow, n, STEP(PREREVIEW)),
	    STEP(HANDLE));
	assert_int_equal(wf_next_step(civic_flow, n, STEP(HANDLE)), 0);
	assert_int_equal(wf_prev_step(civic_flow, n, STEP(PREREVIEW)), 0);
	assert_int_equal(wf_prev_step(civic_flow, n, STEP(HANDLE)),
	    STEP(PREREVIEW));
}

/* A step not in the flow, step 0 and an empty flow have no neighbour. */
static void
test_wf_next_prev_step_not_in_flow(void **state)
{
	int	s;

	for (s = 0; s < NSTEPS; s++) {
		assert_int_equal(wf_next_step(approval_flow, 0, s), 0);
		assert_int_equal(wf_prev_step(approval_flow, 0, s), 0);
	}
	assert_int_equal(wf_next_step(approval_flow, 1, STEP(ACCEPT)), 0);
	assert_int_equal(wf_prev_step(approval_flow, 1, STEP(ACCEPT)), 0);
	assert_int_equal(wf_next_step(approval_flow,
	    NELEM(approval_flow), 0), 0);
	assert_int_equal(wf_prev_step(approval_flow,
	    NELEM(approval_flow), 0), 0);
	assert_int_equal(wf_next_step(civic_flow, NELEM(civic_flow),
	    STEP(ACCEPT)), 0);
	assert_int_equal(wf_prev_step(civic_flow, NELEM(civic_flow),
	    STEP(ISSUE)), 0);
	assert_int_equal(wf_next_step(approval_flow, NELEM(approval_flow),
	    STEP(HANDLE)), 0);
	assert_int_equal(wf_prev_step(approval_flow, NELEM(approval_flow),
	    STEP(PREREVIEW)), 0);
}

static void
test_wf_action_name_every_action_unique(void **state)
{
	const char	*names[WF_NACTIONS];
	int		 a, b;

	for (a = WF_ACCEPT; a <= WF_WITHDRAW; a++) {
		names[a] = wf_action_name(a);
		assert_non_null(names[a]);
		assert_true(names[a][0] != '\0');
		if (strcmp(names[a], "?") == 0)
			fail_msg("action %d has no name", a);
		for (b = WF_ACCEPT; b < a; b++)
			if (strcmp(names[a], names[b]) == 0)
				fail_msg("actions %d and %d are both \"%s\"",
				    b, a, names[a]);
	}
	assert_string_equal(wf_action_name(WF_NONE), "?");
	assert_string_equal(wf_action_name(WF_NACTIONS), "?");
	assert_string_equal(wf_action_name((enum wf_action)-1), "?");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_wf_check_every_combination_vs_matrix),
		cmocka_unit_test(test_wf_check_unknown_action_refused),
		cmocka_unit_test(test_wf_check_issue_self_pickup_order),
		cmocka_unit_test(test_wf_check_issue_express_order),
		cmocka_unit_test(test_wf_check_issue_method_exclusive),
		cmocka_unit_test(test_wf_check_approval_case_start_to_end),
		cmocka_unit_test(test_wf_check_civic_case_start_to_end),
		cmocka_unit_test(test_wf_check_pause_resume_toggle),
		cmocka_unit_test(test_wf_check_pause_resume_closed_refused),
		cmocka_unit_test(test_wf_next_step_approval_flow),
		cmocka_unit_test(test_wf_prev_step_approval_flow),
		cmocka_unit_test(test_wf_next_prev_step_civic_flow),
		cmocka_unit_test(test_wf_next_prev_step_not_in_flow),
		cmocka_unit_test(test_wf_action_name_every_action_unique),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}

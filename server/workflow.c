/*
 * The workflow of a case as a table: for the step a case is at and its
 * state, which actions are allowed and where each leads.  Pure: no I/O, so
 * one test walks every step x action x state.
 */
#include <string.h>

#include "server.h"

/* Where an action may start from and what it does. */
struct wf_rule {
	enum wf_action		 action;
	int			 step;		/* Banshi__V1__Step, 0: any */
	unsigned		 from;		/* WF_IN_* states allowed */
	enum wf_move		 move;
	int			 status;	/* new CaseStatus, 0: keep */
	int			 phase;		/* new issue phase, -1: keep */
	enum wf_sms		 sms;
};

#define IN_PENDING	WF_IN_PENDING
#define IN_ACTIVE	WF_IN_ACTIVE
#define IN_SUPPLEMENT	WF_IN_SUPPLEMENT
#define IN_OPEN		(WF_IN_PENDING | WF_IN_ACTIVE | WF_IN_SUPPLEMENT)

static const struct wf_rule wf_rules[] = {
	/* 受理 */
	{ WF_ACCEPT, BANSHI__V1__STEP__STEP_ACCEPT, IN_PENDING, WF_NEXT,
	    BANSHI__V1__CASE_STATUS__CASE_STATUS_IN_PROGRESS, -1,
	    WF_SMS_ACCEPTED },
	{ WF_SUPPLEMENT, BANSHI__V1__STEP__STEP_ACCEPT, IN_PENDING, WF_STAY,
	    BANSHI__V1__CASE_STATUS__CASE_STATUS_SUPPLEMENT, -1,
	    WF_SMS_SUPPLEMENT },
	{ WF_REFUSE, BANSHI__V1__STEP__STEP_ACCEPT, IN_PENDING, WF_CLOSE,
	    BANSHI__V1__CASE_STATUS__CASE_STATUS_REFUSED, -1, WF_SMS_REFUSED },
	{ WF_RESUBMIT, BANSHI__V1__STEP__STEP_ACCEPT, IN_SUPPLEMENT, WF_STAY,
	    BANSHI__V1__CASE_STATUS__CASE_STATUS_PENDING_ACCEPTANCE, -1,
	    WF_SMS_NONE },
	/* 审核 */
	{ WF_PASS, BANSHI__V1__STEP__STEP_REVIEW, IN_ACTIVE, WF_NEXT, 0, -1,
	    WF_SMS_NONE },
	{ WF_FAIL, BANSHI__V1__STEP__STEP_REVIEW, IN_ACTIVE, WF_BACK,
	    BANSHI__V1__CASE_STATUS__CASE_STATUS_PENDING_ACCEPTANCE, -1,
	    WF_SMS_NONE },
	/* 审批 */
	{ WF_APPROVE, BANSHI__V1__STEP__STEP_APPROVE, IN_ACTIVE, WF_NEXT, 0,
	    -1, WF_SMS_APPROVED },
	{ WF_DENY, BANSHI__V1__STEP__STEP_APPROVE, IN_ACTIVE, WF_CLOSE,
	    BANSHI__V1__CASE_STATUS__CASE_STATUS_DENIED, -1, WF_SMS_DENIED },
	/* 发证: self pickup waits (clock paused), then issue, then close;
	   express ships, then close. */
	{ WF_WAIT_PICKUP, BANSHI__V1__STEP__STEP_ISSUE, IN_ACTIVE, WF_STAY, 0,
	    WF_PHASE_WAITING, WF_SMS_READY },
	{ WF_PICKUP_ARRIVED, BANSHI__V1__STEP__STEP_ISSUE, IN_ACTIVE, WF_STAY,
	    0, WF_PHASE_ARRIVED, WF_SMS_NONE },
	{ WF_ISSUE, BANSHI__V1__STEP__STEP_ISSUE, IN_ACTIVE, WF_STAY, 0,
	    WF_PHASE_ISSUED, WF_SMS_NONE },
	{ WF_SHIP, BANSHI__V1__STEP__STEP_ISSUE, IN_ACTIVE, WF_STAY, 0,
	    WF_PHASE_SHIPPED, WF_SMS_SHIPPED },
	{ WF_CLOSE_ISSUE, BANSHI__V1__STEP__STEP_ISSUE, IN_ACTIVE, WF_CLOSE,
	    BANSHI__V1__CASE_STATUS__CASE_STATUS_DONE, -1, WF_SMS_CLOSED },
	/* 预审 */
	{ WF_PREREVIEW_PASS, BANSHI__V1__STEP__STEP_PREREVIEW, IN_PENDING,
	    WF_NEXT, BANSHI__V1__CASE_STATUS__CASE_STATUS_IN_PROGRESS, -1,
	    WF_SMS_ACCEPTED },
	{ WF_PREREVIEW_FAIL, BANSHI__V1__STEP__STEP_PREREVIEW, IN_PENDING,
	    WF_CLOSE, BANSHI__V1__CASE_STATUS__CASE_STATUS_NOT_PASSED, -1,
	    WF_SMS_REFUSED },
	/* 办理 */
	{ WF_HANDLE_SAVE, BANSHI__V1__STEP__STEP_HANDLE, IN_ACTIVE, WF_STAY, 0,
	    -1, WF_SMS_NONE },
	{ WF_HANDLE_CLOSE, BANSHI__V1__STEP__STEP_HANDLE, IN_ACTIVE, WF_CLOSE,
	    BANSHI__V1__CASE_STATUS__CASE_STATUS_DONE, -1, WF_SMS_CLOSED },
	/* Any open case. */
	{ WF_PAUSE, 0, IN_OPEN, WF_STAY, 0, -1, WF_SMS_NONE },
	{ WF_RESUME, 0, IN_OPEN, WF_STAY, 0, -1, WF_SMS_NONE },
	{ WF_EXTEND, 0, IN_OPEN, WF_STAY, 0, -1, WF_SMS_NONE },
	{ WF_TERMINATE, 0, IN_OPEN, WF_CLOSE,
	    BANSHI__V1__CASE_STATUS__CASE_STATUS_TERMINATED, -1,
	    WF_SMS_CLOSED },
	{ WF_WITHDRAW, 0, IN_OPEN, WF_CLOSE,
	    BANSHI__V1__CASE_STATUS__CASE_STATUS_WITHDRAWN, -1,
	    WF_SMS_CLOSED },
};

/* Which of the WF_IN_* states a case status is. */
static unsigned
wf_in(int status)
{
	switch (status) {
	case BANSHI__V1__CASE_STATUS__CASE_STATUS_PENDING_ACCEPTANCE:
	case BANSHI__V1__CASE_STATUS__CASE_STATUS_PENDING_PREREVIEW:
		return (WF_IN_PENDING);
	case BANSHI__V1__CASE_STATUS__CASE_STATUS_IN_PROGRESS:
		return (WF_IN_ACTIVE);
	case BANSHI__V1__CASE_STATUS__CASE_STATUS_SUPPLEMENT:
		return (WF_IN_SUPPLEMENT);
	default:
		return (0);	/* closed */
	}
}

/* The issue step's order: each phase names the ones it may follow. */
static int
wf_issue_phase_ok(enum wf_action a, int phase, int express)
{
	switch (a) {
	case WF_WAIT_PICKUP:
		return (!express && phase == WF_PHASE_NONE);
	case WF_PICKUP_ARRIVED:
		return (phase == WF_PHASE_WAITING);
	case WF_ISSUE:
		return (!express && phase == WF_PHASE_ARRIVED);
	case WF_SHIP:
		return (express && phase == WF_PHASE_NONE);
	case WF_CLOSE_ISSUE:
		return (phase == WF_PHASE_ISSUED || phase == WF_PHASE_SHIPPED);
	default:
		return (1);
	}
}

const char *
wf_check(const struct wf_case *c, enum wf_action a, struct wf_result *out)
{
	const struct wf_rule	*r = NULL;
	size_t			 i;

	memset(out, 0, sizeof *out);
	for (i = 0; i < sizeof wf_rules / sizeof wf_rules[0]; i++)
		if (wf_rules[i].action == a) {
			r = &wf_rules[i];
			break;
		}
	if (r == NULL)
		return ("unknown action");
	if (wf_in(c->status) == 0)
		return ("the case is closed");
	if ((wf_in(c->status) & r->from) == 0)
		return ("not in this state of the case");
	if (r->step != 0 && r->step != c->step)
		return ("not at this step");
	if (c->step == BANSHI__V1__STEP__STEP_ISSUE &&
	    !wf_issue_phase_ok(a, c->phase, c->express))
		return ("not in this order at the issuing step");
	if (a == WF_PAUSE && c->paused)
		return ("the clock is already paused");
	if (a == WF_RESUME && !c->paused)
		return ("the clock is not paused");
	out->move = r->move;
	out->status = r->status != 0 ? r->status : c->status;
	out->phase = r->phase >= 0 ? r->phase : c->phase;
	out->sms = r->sms;
	return (NULL);
}

int
wf_next_step(const int *flat, size_t n, int step)
{
	size_t	i;

	for (i = 0; i + 1 < n; i++)
		if (flat[i] == step)
			return (flat[i + 1]);
	return (0);
}

int
wf_prev_step(const int *flat, size_t n, int step)
{
	size_t	i;

	for (i = 1; i < n; i++)
		if (flat[i] == step)
			return (flat[i - 1]);
	return (0);
}

const char *
wf_action_name(enum wf_action a)
{
	static const char *names[] = {
		[WF_ACCEPT] = "accept", [WF_SUPPLEMENT] = "supplement",
		[WF_REFUSE] = "refuse", [WF_RESUBMIT] = "resubmit",
		[WF_PASS] = "pass", [WF_FAIL] = "fail",
		[WF_APPROVE] = "approve", [WF_DENY] = "deny",
		[WF_WAIT_PICKUP] = "wait-pickup",
		[WF_PICKUP_ARRIVED] = "pickup-arrived", [WF_ISSUE] = "issue",
		[WF_SHIP] = "ship", [WF_CLOSE_ISSUE] = "close",
		[WF_PREREVIEW_PASS] = "prereview-pass",
		[WF_PREREVIEW_FAIL] = "prereview-fail",
		[WF_HANDLE_SAVE] = "handle-save",
		[WF_HANDLE_CLOSE] = "handle-close", [WF_PAUSE] = "pause",
		[WF_RESUME] = "resume", [WF_EXTEND] = "extend",
		[WF_TERMINATE] = "terminate", [WF_WITHDRAW] = "withdraw",
	};

	if ((int)a < 0 || (size_t)a >= sizeof names / sizeof names[0] ||
	    names[a] == NULL)
		return ("?");
	return (names[a]);
}

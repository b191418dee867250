/* The connection as the user sees it: state, countdown, calls and pushes. */
#include <stdlib.h>
#include <time.h>

#include "log.h"
#include "tui.h"
#include "xmalloc.h"

/* Where a reply goes: the screen that asked, if it is still there. */
struct conn_call {
	uint64_t	serial;
	uint32_t	id;
};

static struct event	*conn_ticker;

/* Milliseconds on the monotonic clock. */
int64_t
conn_now(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000);
}

/* Seconds until the next attempt while the connection is lost. */
int
conn_retry_in(void)
{
	int64_t	left;

	if (tui.conn != TUI_LOST)
		return (0);
	left = tui.retry_at - conn_now();
	return (left > 0 ? (int)((left + 999) / 1000) : 0);
}

static void
conn_tick(evutil_socket_t fd, short what, void *arg)
{
	ui_redraw();
}

/* Redraw every second so the countdown to the next attempt moves. */
void
conn_start_ticker(void)
{
	struct timeval	tv = { 1, 0 };

	if (conn_ticker == NULL)
		conn_ticker = event_new(tui.base, -1, EV_PERSIST, conn_tick,
		    NULL);
	event_add(conn_ticker, &tv);
}

void
conn_stop_ticker(void)
{
	if (conn_ticker == NULL)
		return;
	event_free(conn_ticker);
	conn_ticker = NULL;
}

static void
conn_connected(void *arg, int resumed, const Banshi__V1__UserInfo *user)
{
	tui.conn = TUI_CONNECTED;
	conn_stop_ticker();
	if (tui.user != NULL) {
		if (resumed) {
			session_update(user);
			ui_message("%s", _("Connection restored"));
			screen_connected();
		} else
			session_end(_("Your session has ended; please log in "
			    "again"));
	}
	ui_redraw();
}

static void
conn_disconnected(void *arg, const char *why, int retry)
{
	tui.conn = TUI_LOST;
	tui.retry_at = conn_now() + (int64_t)retry * 1000;
	ui_clear_info();
	conn_start_ticker();
	ui_redraw();
}

static void
conn_event(void *arg, const Banshi__V1__Event *ev)
{
	if (ev->body_case == BANSHI__V1__EVENT__BODY_SESSION_ENDED &&
	    ev->session_ended != NULL) {
		if (tui.user != NULL)
			session_end(session_end_text(
			    (int)ev->session_ended->reason));
	} else
		screen_event(ev);
	ui_redraw();
}

const struct client_callbacks conn_callbacks = {
	.connected = conn_connected,
	.disconnected = conn_disconnected,
	.event = conn_event,
};

static void
conn_reply(const Banshi__V1__Reply *r, void *arg)
{
	struct conn_call	 call = *(struct conn_call *)arg;
	struct screen		*s;
	char			 esc[128];

	free(arg);
	if (tui.quitting)
		return;
	log_debug("conn: reply id=%u code=%d field=\"%s\"", call.id,
	    status_code(r), log_escape(esc, sizeof esc, status_field(r) !=
	    NULL ? status_field(r) : ""));
	if (r != NULL && tui.user != NULL && status_code(r) ==
	    BANSHI__V1__STATUS_CODE__STATUS_UNAUTHENTICATED) {
		session_end(_("Your session has ended; please log in again"));
		ui_redraw();
		return;
	}
	if ((s = screen_find(call.serial)) != NULL && s->type->reply != NULL)
		s->type->reply(s, call.id, r);
	ui_redraw();
}

/*
 * Send a request for screen s; its reply callback gets the answer.
 * Returns the request id, or 0 (with a message) when not connected.
 */
uint32_t
tui_call(struct screen *s, Banshi__V1__ClientMessage *msg, int mutating)
{
	struct conn_call	*call;

	call = xcalloc(1, sizeof *call);
	call->serial = s->serial;
	call->id = client_call(tui.client, msg, mutating, conn_reply, call);
	if (call->id == 0) {
		free(call);
		ui_error("%s", _("Not connected to the server; wait for the "
		    "connection and try again"));
		return (0);
	}
	return (call->id);
}

/*
 * The SMS sender: a command (argv, no shell) that fails once is retried
 * with back-off and each message is delivered exactly once; staff
 * reminders go to users who asked for them, at most once an interval.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness.h"

static struct server	s;

/* Lines in a file (0 when it is missing). */
static int
lines(const char *path)
{
	FILE	*f;
	int	 n = 0, c;

	if ((f = fopen(path, "r")) == NULL)
		return (0);
	while ((c = fgetc(f)) != EOF)
		n += c == '\n';
	fclose(f);
	return (n);
}

int
main(void)
{
	ClientMessage			 m = BANSHI__V1__CLIENT_MESSAGE__INIT;
	Banshi__V1__StaffSettings	 ss = BANSHI__V1__STAFF_SETTINGS__INIT;
	struct wire			*ag, *acc;
	ServerMessage			*r;
	char				 script[400], sent[400], extra[1200];
	char				 serial[40];
	FILE				*f;
	int				 i;

	server_prepare(&s, NULL);
	/* A gateway that refuses its first call, then records each SMS. */
	snprintf(script, sizeof script, "%s/sms-gateway", s.dir);
	snprintf(sent, sizeof sent, "%s/sent.txt", s.dir);
	f = fopen(script, "w");
	fprintf(f, "#!/bin/sh\nif [ ! -e %s/.once ]; then touch %s/.once; "
	    "exit 1; fi\nprintf '%%s\\t%%s\\n' \"$1\" \"$2\" >> %s\n",
	    s.dir, s.dir, sent);
	fclose(f);
	chmod(script, 0755);
	f = fopen(s.conf, "a");
	snprintf(extra, sizeof extra, "[sms]\ncommand = %s\nretry = 1s\n"
	    "remind_interval = 1h\n", script);
	fputs(extra, f);
	fclose(f);
	server_spawn(&s);
	setup_back_office(&s);

	/* The acceptance clerk asks for reminders. */
	acc = login_as(&s, "acc");
	ss.mobile = "13912345678";
	ss.remind = 1;
	m.body_case = BANSHI__V1__CLIENT_MESSAGE__BODY_SAVE_SETTINGS;
	m.save_settings = &ss;
	r = call_mutating(acc, &m);
	CHECK(status_of(r) == 0, "settings: %d", status_of(r));
	msg_free(r);
	ss.mobile = "12345";
	m.id = 0;
	m.idempotency_key.len = 0;
	r = call_mutating(acc, &m);
	CHECK(status_of(r) == BANSHI__V1__STATUS_CODE__STATUS_INVALID_ARGUMENT
	    && strcmp(field_of(r), "mobile") == 0, "bad mobile refused");
	msg_free(r);

	/* Two new cases: one reminder (one an hour), then accept one. */
	ag = login_as(&s, "agent");
	file_case(ag, "大型户外广告设置许可", 0, serial, sizeof serial);
	file_case(ag, "大型户外广告设置许可", 0, serial, sizeof serial);
	CHECK(db_int(&s, "SELECT count(*) FROM outbox WHERE event ="
	    " 'staff-reminder'") == 1, "one reminder for two new cases");
	r = act(acc, BANSHI__V1__CLIENT_MESSAGE__BODY_ACCEPT_CASE, serial,
	    case_version(acc, serial),
	    BANSHI__V1__CASE_ACTION_KIND__CASE_ACTION_ACCEPT, "同意");
	CHECK(status_of(r) == 0, "accept");
	msg_free(r);

	/* The first send fails, the retry delivers; each row once. */
	for (i = 0; i < 100 && db_int(&s, "SELECT count(*) FROM outbox"
	    " WHERE state != 2") != 0; i++)
		usleep(100000);
	CHECK(db_int(&s, "SELECT count(*) FROM outbox WHERE state = 2") == 2,
	    "both messages sent");
	CHECK(db_int(&s, "SELECT max(attempts) FROM outbox") == 2,
	    "one of them on its second attempt");
	CHECK(lines(sent) == 2, "the gateway got each message once: %d",
	    lines(sent));
	sleep(2);
	CHECK(lines(sent) == 2, "and nothing more later");
	wire_close(ag);
	wire_close(acc);
	return (harness_done(&s));
}

/*
 * 签收: opening a case claims it; a colleague sees who holds it and cannot
 * act; the claim lapses after [workflow] claim_idle; a supervisor can
 * release it.  Also per-material review notes and reading a material.
 */
#include <string.h>

#include <sodium.h>

#include "harness.h"

#define B(x)	BANSHI__V1__CLIENT_MESSAGE__BODY_##x
#define A(x)	BANSHI__V1__CASE_ACTION_KIND__CASE_ACTION_##x

int
main(void)
{
	struct server		 s;
	struct wire		*ag, *acc, *acc3, *boss, *other;
	ServerMessage		*r;
	ClientMessage		 m = BANSHI__V1__CLIENT_MESSAGE__INIT;
	Banshi__V1__CaseAction	 a = BANSHI__V1__CASE_ACTION__INIT;
	Banshi__V1__MaterialNote note = BANSHI__V1__MATERIAL_NOTE__INIT;
	Banshi__V1__MaterialNote *notes[1] = { &note };
	Banshi__V1__ReadFile	 rf = BANSHI__V1__READ_FILE__INIT;
	char			 serial[40];
	uint8_t			 hash[32], calc[32];
	uint64_t		 v;
	size_t			 i;

	server_start(&s, "[debug]\nclock_control = yes\n"
	    "[workflow]\nclaim_idle = 10m\n");
	setup_back_office(&s);
	ag = login_as(&s, "agent");
	acc = login_as(&s, "acc");
	acc3 = login_as(&s, "acc3");
	boss = login_as(&s, "boss");
	file_case(ag, "大型户外广告设置许可", 0, serial, sizeof serial);

	r = open_case(acc, serial, 1);
	REQUIRE(status_of(r) == 0 && r->reply->case_detail->claimed_by_me,
	    "acc claims");
	v = r->reply->case_detail->version;
	msg_free(r);
	r = open_case(acc3, serial, 1);
	CHECK(status_of(r) == 0 && !r->reply->case_detail->claimed_by_me &&
	    strcmp(r->reply->case_detail->claimed_by, "acc") == 0,
	    "a colleague sees who holds it");
	msg_free(r);
	r = act(acc3, B(ACCEPT_CASE), serial, v, A(ACCEPT), "同意");
	CHECK(status_of(r) ==
	    BANSHI__V1__STATUS_CODE__STATUS_FAILED_PRECONDITION &&
	    strstr(r->reply->status->message, "being handled by acc") != NULL,
	    "and cannot act: %d", status_of(r));
	msg_free(r);

	/* A supervisor releases it; the colleague takes it. */
	{
		ClientMessage		mr = BANSHI__V1__CLIENT_MESSAGE__INIT;
		Banshi__V1__ReleaseCase	rc = BANSHI__V1__RELEASE_CASE__INIT;

		rc.serial = serial;
		mr.body_case = B(RELEASE_CASE);
		mr.release_case = &rc;
		r = call_mutating(boss, &mr);
		CHECK(status_of(r) == 0 &&
		    r->reply->case_detail->claimed_by[0] == '\0', "released");
		msg_free(r);
		r = call_mutating(acc, &mr);
		CHECK(status_of(r) ==
		    BANSHI__V1__STATUS_CODE__STATUS_PERMISSION_DENIED,
		    "only a supervisor releases");
		msg_free(r);
	}
	r = open_case(acc3, serial, 1);
	CHECK(status_of(r) == 0 && r->reply->case_detail->claimed_by_me,
	    "acc3 takes it");
	msg_free(r);
	/* Idle past claim_idle: the claim lapses and acc takes it back. */
	ctl(&s, NULL, NULL, 0, "clock advance 700");
	r = open_case(acc, serial, 1);
	CHECK(status_of(r) == 0 && r->reply->case_detail->claimed_by_me,
	    "the lapsed claim passes on");
	msg_free(r);

	/* Accept with a note on the first material; read that material. */
	r = open_case(acc, serial, 0);
	REQUIRE(status_of(r) == 0, "open");
	for (i = 0; i < r->reply->case_detail->n_materials; i++)
		if (r->reply->case_detail->materials[i]->file != NULL)
			break;
	REQUIRE(i < r->reply->case_detail->n_materials, "a stored material");
	memcpy(hash, r->reply->case_detail->materials[i]->file->hash.data, 32);
	note.slot = (uint32_t)r->reply->case_detail->materials[i]->slot;
	v = r->reply->case_detail->version;
	msg_free(r);
	note.opinion = "原件已核对";
	a.serial = serial;
	a.expected_version = v;
	a.action = A(ACCEPT);
	a.opinion = "同意受理";
	a.certificate_number = a.waybill = "";
	a.notes = notes;
	a.n_notes = 1;
	m.body_case = B(ACCEPT_CASE);
	m.accept_case = &a;
	r = call_mutating(acc, &m);
	CHECK(status_of(r) == 0 && r->reply->action->change->n_notes == 1
	    && strcmp(r->reply->action->change->notes[0]->opinion,
	    "原件已核对") == 0, "the material's note is kept");
	msg_free(r);

	memset(&m, 0, sizeof m);
	banshi__v1__client_message__init(&m);
	rf.serial = serial;
	rf.hash.data = hash;
	rf.hash.len = 32;
	m.body_case = B(READ_FILE);
	m.read_file = &rf;
	r = call(acc, &m);
	REQUIRE(status_of(r) == 0 && r->reply->file->size ==
	    r->reply->file->data.len, "read the material: %d", status_of(r));
	crypto_generichash(calc, 32, r->reply->file->data.data,
	    r->reply->file->data.len, NULL, 0);
	CHECK(memcmp(calc, hash, 32) == 0, "the same bytes");
	msg_free(r);
	m.id = 0;
	other = login_as(&s, "acc2");
	r = call(other, &m);
	CHECK(status_of(r) == BANSHI__V1__STATUS_CODE__STATUS_NOT_FOUND,
	    "another department cannot read it");
	msg_free(r);
	wire_close(other);
	wire_close(ag);
	wire_close(acc);
	wire_close(acc3);
	wire_close(boss);
	return (harness_done(&s));
}

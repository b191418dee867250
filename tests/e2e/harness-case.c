/* Harness helpers for the back office: orgs, users, a filed case, actions. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

#define PERSON_ID	"341602196803126144"
#define COMPANY_ID	"91341602WLNNJ90UN5"

static void
user(struct server *s, const char *login_name, const char *org,
    const char *posts)
{
	REQUIRE(ctl(s, NULL, NULL, 0, "user add %s --name %s --org %s --post "
	    "%s", login_name, login_name, org, posts) == 0, "user %s",
	    login_name);
	REQUIRE(ctl(s, TEST_PASSWORD "\n", NULL, 0, "user passwd %s --stdin",
	    login_name) == 0, "passwd %s", login_name);
}

void
setup_back_office(struct server *s)
{
	ctl(s, NULL, NULL, 0, "org add SZT --name 市直厅 --kind hall");
	ctl(s, NULL, NULL, 0, "org add SZT-CGJ --name 市城管执法局 "
	    "--parent SZT");
	ctl(s, NULL, NULL, 0, "org add SZT-DBD --name 代办点 --parent SZT "
	    "--kind section");
	ctl(s, NULL, NULL, 0, "org add QCQ --name 谯城区 --kind hall");
	ctl(s, NULL, NULL, 0, "org add QCQ-MZJ --name 谯城区民政局 "
	    "--parent QCQ");
	ctl(s, NULL, NULL, 0, "org add 341602001001 --name 汤陵社区 "
	    "--parent QCQ --kind village");
	user(s, "agent", "SZT-DBD", "agent");
	user(s, "acc", "SZT-CGJ", "accept");
	user(s, "acc3", "SZT-CGJ", "accept");
	user(s, "rev", "SZT-CGJ", "review");
	user(s, "apr", "SZT-CGJ", "approve,issue");
	user(s, "iss", "SZT-CGJ", "issue");
	user(s, "acc2", "QCQ-MZJ", "accept");
	user(s, "pre", "QCQ-MZJ", "prereview");
	user(s, "han", "341602001001", "handle");
	user(s, "boss", "SZT", "supervisor");
}

struct wire *
login_as(struct server *s, const char *who)
{
	struct wire	*w;

	REQUIRE((w = connect_tls(s)) != NULL, "connect");
	REQUIRE(login(w, who, TEST_PASSWORD, NULL) == 0, "login %s", who);
	return (w);
}

static ServerMessage *
save_all(struct wire *w, Draft *d, Banshi__V1__FieldValue **f, size_t n,
    int express, int commit)
{
	ClientMessage		m = BANSHI__V1__CLIENT_MESSAGE__INIT;
	Banshi__V1__SaveDraft	sd = BANSHI__V1__SAVE_DRAFT__INIT;
	Banshi__V1__Pickup	p = BANSHI__V1__PICKUP__INIT;

	p.method = express ? BANSHI__V1__PICKUP_METHOD__PICKUP_METHOD_EXPRESS :
	    BANSHI__V1__PICKUP_METHOD__PICKUP_METHOD_SELF;
	p.recipient = express ? "王秀英" : "";
	p.phone = express ? "13905581201" : "";
	p.address = express ? "安徽省亳州市谯城区光明路12号" : "";
	sd.draft_id = d->draft_id;
	sd.expected_version = d->version;
	sd.applicant = d->applicant;
	sd.fields = f;
	sd.n_fields = n;
	sd.pickup = &p;
	sd.missing_commitment = commit;
	m.body_case = BANSHI__V1__CLIENT_MESSAGE__BODY_SAVE_DRAFT;
	m.save_draft = &sd;
	return (call_mutating(w, &m));
}

void
file_case(struct wire *w, const char *item, int express, char *out,
    size_t len)
{
	ClientMessage			 m = BANSHI__V1__CLIENT_MESSAGE__INIT;
	Banshi__V1__ReadApplicant	 ra = BANSHI__V1__READ_APPLICANT__INIT;
	Banshi__V1__SubmitDraft		 sd = BANSHI__V1__SUBMIT_DRAFT__INIT;
	Banshi__V1__FieldValue		*fields[32];
	ServerMessage			*ir, *dr, *r;
	const Item			*it;
	const uint8_t			*data;
	char				 code[64], vals[32][64];
	size_t				 n, i, j, dlen;
	int				 person;

	REQUIRE(item_code(w, item, code, sizeof code)[0], "item %s", item);
	ir = get_item(w, code);
	REQUIRE(status_of(ir) == 0, "GetItem");
	it = ir->reply->item;
	person = it->summary->audience[0] == BANSHI__V1__AUDIENCE__AUDIENCE_PERSON;
	dr = create_draft(w, code);
	REQUIRE(status_of(dr) == 0, "CreateDraft");
	ra.draft_id = dr->reply->draft->draft_id;
	ra.expected_version = dr->reply->draft->version;
	ra.kind = person ? BANSHI__V1__APPLICANT_KIND__APPLICANT_KIND_PERSON :
	    BANSHI__V1__APPLICANT_KIND__APPLICANT_KIND_ENTERPRISE;
	ra.id_number = person ? PERSON_ID : COMPANY_ID;
	m.body_case = BANSHI__V1__CLIENT_MESSAGE__BODY_READ_APPLICANT;
	m.read_applicant = &ra;
	r = call_mutating(w, &m);
	REQUIRE(status_of(r) == 0, "ReadApplicant");
	msg_free(dr);
	dr = r;
	n = fill_form(w, it, fields, 32, vals);
	r = save_all(w, dr->reply->draft, fields, n, express, 0);
	REQUIRE(status_of(r) == 0, "SaveDraft: %s", field_of(r));
	msg_free(dr);
	dr = r;
	for (i = 0; i < it->guide->n_materials; i++) {
		for (j = 0; j < dr->reply->draft->n_materials; j++)
			if (dr->reply->draft->materials[j]->slot == (int)i)
				break;
		if (!it->guide->materials[i]->required ||
		    j < dr->reply->draft->n_materials)
			continue;
		data = sample_file(it->guide->materials[i], &dlen);
		r = upload(w, dr->reply->draft->draft_id, (int)i, NULL, data,
		    dlen, 100000);
		REQUIRE(status_of(r) == 0, "upload");
		msg_free(dr);
		dr = r;
	}
	memset(&m, 0, sizeof m);
	banshi__v1__client_message__init(&m);
	sd.draft_id = dr->reply->draft->draft_id;
	sd.expected_version = dr->reply->draft->version;
	m.body_case = BANSHI__V1__CLIENT_MESSAGE__BODY_SUBMIT_DRAFT;
	m.submit_draft = &sd;
	r = call_mutating(w, &m);
	REQUIRE(status_of(r) == 0, "submit: %s %s", field_of(r), r ?
	    r->reply->status->message : "");
	snprintf(out, len, "%s", r->reply->submitted->serial);
	msg_free(r);
	msg_free(dr);
	for (i = 0; i < n; i++)
		free(fields[i]);
	msg_free(ir);
}

ServerMessage *
act(struct wire *w, int body, const char *serial, uint64_t version,
    int action, const char *opinion)
{
	ClientMessage		m = BANSHI__V1__CLIENT_MESSAGE__INIT;
	Banshi__V1__CaseAction	a = BANSHI__V1__CASE_ACTION__INIT;
	static uint32_t		slots[] = { 0 };
	static char		*unmet[] = { "居住时间不满半年" };

	a.serial = (char *)serial;
	a.expected_version = version;
	a.action = action;
	a.opinion = (char *)(opinion != NULL ? opinion : "");
	if (action == BANSHI__V1__CASE_ACTION_KIND__CASE_ACTION_SUPPLEMENT) {
		a.materials = slots;
		a.n_materials = 1;
	}
	if (action ==
	    BANSHI__V1__CASE_ACTION_KIND__CASE_ACTION_PREREVIEW_FAIL) {
		a.unmet = unmet;
		a.n_unmet = 1;
	}
	a.certificate_number = "亳城管广字〔2026〕第018号";
	a.waybill = "SF1234567890";
	a.days = 5;
	m.body_case = (Banshi__V1__ClientMessage__BodyCase)body;
	/* Every family's member has the same type; any one points at it. */
	m.accept_case = &a;
	return (call_mutating(w, &m));
}

ServerMessage *
open_case(struct wire *w, const char *serial, int claim)
{
	ClientMessage		m = BANSHI__V1__CLIENT_MESSAGE__INIT;
	Banshi__V1__OpenCase	o = BANSHI__V1__OPEN_CASE__INIT;

	o.serial = (char *)serial;
	o.claim = claim;
	m.body_case = BANSHI__V1__CLIENT_MESSAGE__BODY_OPEN_CASE;
	m.open_case = &o;
	return (call_mutating(w, &m));
}

size_t
history_len(struct wire *w, const char *serial, uint32_t page)
{
	ClientMessage			m = BANSHI__V1__CLIENT_MESSAGE__INIT;
	Banshi__V1__ListCaseEvents	q = BANSHI__V1__LIST_CASE_EVENTS__INIT;
	ServerMessage			*r;
	uint8_t				 cursor[64];
	size_t				 n = 0;

	q.serial = (char *)serial;
	q.limit = page;
	m.body_case = BANSHI__V1__CLIENT_MESSAGE__BODY_LIST_CASE_EVENTS;
	m.list_case_events = &q;
	for (;;) {
		r = call(w, &m);
		if (status_of(r) != 0) {
			msg_free(r);
			return ((size_t)-1);
		}
		n += r->reply->case_events->n_events;
		q.cursor.len = r->reply->case_events->next_cursor.len;
		if (q.cursor.len == 0 || q.cursor.len > sizeof cursor) {
			msg_free(r);
			return (n);
		}
		memcpy(cursor, r->reply->case_events->next_cursor.data,
		    q.cursor.len);
		q.cursor.data = cursor;
		msg_free(r);
	}
}

uint64_t
case_version(struct wire *w, const char *serial)
{
	ServerMessage	*r = open_case(w, serial, 0);
	uint64_t	 v = status_of(r) == 0 ? r->reply->case_detail->version :
			    0;

	msg_free(r);
	return (v);
}

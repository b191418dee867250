/*
 * Filing at the counter: an approval item for an enterprise and a civic
 * item for a person, each with 读取 from the registry, e-licences attached,
 * a filled form, uploads, and submission with a serial number; a repeated
 * submit makes one case; 我的申报 and masking for a supervisor.
 */
#include <regex.h>
#include <string.h>

#include "harness.h"

#define PERSON_ID	"341602196803126144"	/* 王秀英 in the registry */
#define COMPANY_ID	"91341602WLNNJ90UN5"	/* 华佗广告传媒 */

static struct server	 s;
static struct wire	*w;

static ServerMessage *
save(Draft *d, Banshi__V1__FieldValue **fields, size_t n,
    Banshi__V1__Pickup *pickup, int commit)
{
	ClientMessage		m = BANSHI__V1__CLIENT_MESSAGE__INIT;
	Banshi__V1__SaveDraft	sd = BANSHI__V1__SAVE_DRAFT__INIT;

	sd.draft_id = d->draft_id;
	sd.expected_version = d->version;
	sd.applicant = d->applicant;
	sd.fields = fields;
	sd.n_fields = n;
	sd.pickup = pickup != NULL ? pickup : d->pickup;
	sd.missing_commitment = commit;
	m.body_case = BANSHI__V1__CLIENT_MESSAGE__BODY_SAVE_DRAFT;
	m.save_draft = &sd;
	return (call_mutating(w, &m));
}

static ServerMessage *
read_applicant(Draft *d, int kind, const char *idn)
{
	ClientMessage			m = BANSHI__V1__CLIENT_MESSAGE__INIT;
	Banshi__V1__ReadApplicant	ra = BANSHI__V1__READ_APPLICANT__INIT;

	ra.draft_id = d->draft_id;
	ra.expected_version = d->version;
	ra.kind = kind;
	ra.id_number = (char *)idn;
	m.body_case = BANSHI__V1__CLIENT_MESSAGE__BODY_READ_APPLICANT;
	m.read_applicant = &ra;
	return (call_mutating(w, &m));
}

static ServerMessage *
submit(const char *draft, uint64_t version, const uint8_t *key)
{
	ClientMessage		m = BANSHI__V1__CLIENT_MESSAGE__INIT;
	Banshi__V1__SubmitDraft	sd = BANSHI__V1__SUBMIT_DRAFT__INIT;

	sd.draft_id = (char *)draft;
	sd.expected_version = version;
	m.body_case = BANSHI__V1__CLIENT_MESSAGE__BODY_SUBMIT_DRAFT;
	m.submit_draft = &sd;
	if (key != NULL) {
		m.idempotency_key.data = (uint8_t *)key;
		m.idempotency_key.len = 16;
	}
	return (call_mutating(w, &m));
}

/* Is a slot filled in the draft? */
static const Banshi__V1__AttachedMaterial *
slot_of(const Draft *d, int slot)
{
	size_t	i;

	for (i = 0; i < d->n_materials; i++)
		if (d->materials[i]->slot == slot)
			return (d->materials[i]);
	return (NULL);
}

/*
 * Upload every required material that is not attached yet, except
 * secondary ones when skip_secondary is set.  Returns the last draft.
 */
static ServerMessage *
upload_rest(ServerMessage *dr, const Item *it, int skip_secondary)
{
	ServerMessage	*r;
	const uint8_t	*data;
	size_t		 i, len;

	for (i = 0; i < it->guide->n_materials; i++) {
		const Banshi__V1__Material *mat = it->guide->materials[i];

		if (!mat->required || slot_of(dr->reply->draft, (int)i) ||
		    (skip_secondary && !mat->main))
			continue;
		data = sample_file(mat, &len);
		r = upload(w, dr->reply->draft->draft_id, (int)i, NULL, data,
		    len, 1000);
		REQUIRE(status_of(r) == 0, "upload %s: %d %s", mat->name,
		    status_of(r), r != NULL && r->reply->status ?
		    r->reply->status->message : "");
		msg_free(dr);
		dr = r;
	}
	return (dr);
}

static void
check_serial(const char *serial)
{
	regex_t	re;

	regcomp(&re, "^[0-9]{6}-[0-9]{8}-[0-9]{5}$", REG_EXTENDED | REG_NOSUB);
	CHECK(regexec(&re, serial, 0, NULL, 0) == 0, "serial format: %s",
	    serial);
	regfree(&re);
}

static void
test_approval(char *serial, size_t len)
{
	ServerMessage			*ir, *dr, *r, *r2;
	Banshi__V1__FieldValue		*fields[32];
	Banshi__V1__Pickup		 express = BANSHI__V1__PICKUP__INIT;
	char				 code[64], vals[32][64];
	uint8_t				 key[16] = "submit-key-0001";
	size_t				 n, i;
	const Item			*it;

	REQUIRE(item_code(w, "大型户外广告设置许可", code, sizeof code)[0],
	    "item");
	ir = get_item(w, code);
	REQUIRE(status_of(ir) == 0, "GetItem");
	it = ir->reply->item;
	dr = create_draft(w, code);
	REQUIRE(status_of(dr) == 0, "CreateDraft: %d", status_of(dr));
	CHECK(dr->reply->draft->applicant->kind ==
	    BANSHI__V1__APPLICANT_KIND__APPLICANT_KIND_ENTERPRISE,
	    "an enterprise item starts with an enterprise applicant");

	/* A wrong check character is refused and named. */
	r = read_applicant(dr->reply->draft,
	    BANSHI__V1__APPLICANT_KIND__APPLICANT_KIND_ENTERPRISE,
	    "91341602WLNNJ90UN6");
	CHECK(status_of(r) == BANSHI__V1__STATUS_CODE__STATUS_INVALID_ARGUMENT
	    && strcmp(field_of(r), "id_number") == 0 &&
	    strstr(r->reply->status->message, "check") != NULL,
	    "bad credit code: %d %s", status_of(r), field_of(r));
	msg_free(r);

	/* 读取 fills the enterprise and attaches its 营业执照. */
	r = read_applicant(dr->reply->draft,
	    BANSHI__V1__APPLICANT_KIND__APPLICANT_KIND_ENTERPRISE, COMPANY_ID);
	REQUIRE(status_of(r) == 0, "ReadApplicant: %d", status_of(r));
	msg_free(dr);
	dr = r;
	CHECK(strcmp(dr->reply->draft->applicant->name,
	    "亳州市华佗广告传媒有限公司") == 0 &&
	    dr->reply->draft->applicant->from_registry, "registry name");
	for (i = 0; i < it->guide->n_materials; i++)
		if (strcmp(it->guide->materials[i]->name, "营业执照") == 0)
			CHECK(slot_of(dr->reply->draft, (int)i) != NULL &&
			    slot_of(dr->reply->draft, (int)i)->from_elicence,
			    "营业执照 attached from the e-licence library");

	n = fill_form(w, it, fields, 32, vals);
	/* A stale version is refused. */
	dr->reply->draft->version--;
	r = save(dr->reply->draft, fields, n, NULL, 0);
	CHECK(status_of(r) == BANSHI__V1__STATUS_CODE__STATUS_CONFLICT,
	    "stale version: %d", status_of(r));
	msg_free(r);
	dr->reply->draft->version++;

	/* Express pickup without an address: named. */
	express.method = BANSHI__V1__PICKUP_METHOD__PICKUP_METHOD_EXPRESS;
	express.recipient = "李建国";
	express.phone = "13805582345";
	express.address = "";
	r = save(dr->reply->draft, fields, n, &express, 0);
	REQUIRE(status_of(r) == 0, "SaveDraft: %d %s", status_of(r),
	    field_of(r));
	msg_free(dr);
	dr = r;
	dr = upload_rest(dr, it, 0);
	r = submit(dr->reply->draft->draft_id, dr->reply->draft->version,
	    NULL);
	CHECK(status_of(r) == BANSHI__V1__STATUS_CODE__STATUS_INVALID_ARGUMENT
	    && strcmp(field_of(r), "pickup.address") == 0,
	    "express needs an address: %d %s", status_of(r), field_of(r));
	msg_free(r);
	express.address = "安徽省亳州市谯城区魏武大道666号";
	r = save(dr->reply->draft, fields, n, &express, 0);
	REQUIRE(status_of(r) == 0, "SaveDraft");
	msg_free(dr);
	dr = r;

	/* Submit twice with one key: one case, the same serial. */
	r = submit(dr->reply->draft->draft_id, dr->reply->draft->version,
	    key);
	REQUIRE(status_of(r) == 0, "submit: %d %s %s", status_of(r),
	    field_of(r), r != NULL ? r->reply->status->message : "");
	snprintf(serial, len, "%s", r->reply->submitted->serial);
	check_serial(serial);
	CHECK(r->reply->submitted->summary->status ==
	    BANSHI__V1__CASE_STATUS__CASE_STATUS_PENDING_ACCEPTANCE,
	    "pending acceptance");
	r2 = submit(dr->reply->draft->draft_id, dr->reply->draft->version,
	    key);
	CHECK(status_of(r2) == 0 && strcmp(r2->reply->submitted->serial,
	    serial) == 0, "a repeated submit answers with the same serial");
	CHECK(db_int(&s, "SELECT count(*) FROM case_file") == 1,
	    "exactly one case");
	CHECK(db_int(&s, "SELECT count(*) FROM draft") == 0,
	    "the draft became the case");
	msg_free(r);
	msg_free(r2);
	msg_free(dr);
	for (i = 0; i < n; i++)
		free(fields[i]);
	msg_free(ir);
}

static void
test_civic(void)
{
	ServerMessage			*ir, *dr, *r;
	Banshi__V1__FieldValue		*fields[32];
	char				 code[64], vals[32][64];
	size_t				 n, i, secondary = 0;
	const Item			*it;

	REQUIRE(item_code(w, "流动人口居住证明", code, sizeof code)[0], "item");
	ir = get_item(w, code);
	it = ir->reply->item;
	REQUIRE(it->guide->missing_allowed, "the civic item allows 容缺");
	dr = create_draft(w, code);
	REQUIRE(status_of(dr) == 0, "CreateDraft");
	r = read_applicant(dr->reply->draft,
	    BANSHI__V1__APPLICANT_KIND__APPLICANT_KIND_PERSON,
	    "341602196803126145");
	CHECK(status_of(r) == BANSHI__V1__STATUS_CODE__STATUS_INVALID_ARGUMENT,
	    "wrong check digit");
	msg_free(r);
	r = read_applicant(dr->reply->draft,
	    BANSHI__V1__APPLICANT_KIND__APPLICANT_KIND_PERSON,
	    "341602199913326144");
	CHECK(status_of(r) == BANSHI__V1__STATUS_CODE__STATUS_INVALID_ARGUMENT
	    && strstr(r->reply->status->message, "birth") != NULL,
	    "a 32nd of a month is no birth date");
	msg_free(r);
	r = read_applicant(dr->reply->draft,
	    BANSHI__V1__APPLICANT_KIND__APPLICANT_KIND_PERSON, PERSON_ID);
	REQUIRE(status_of(r) == 0, "ReadApplicant");
	msg_free(dr);
	dr = r;
	CHECK(strcmp(dr->reply->draft->applicant->name, "王秀英") == 0 &&
	    strcmp(dr->reply->draft->applicant->sex, "女") == 0 &&
	    strcmp(dr->reply->draft->applicant->birth_date, "1968-03-12") ==
	    0, "registry fills name, sex and birth date");
	CHECK(dr->reply->draft->n_materials >= 1, "e-licences attached");

	n = fill_form(w, it, fields, 32, vals);
	r = save(dr->reply->draft, fields, n, NULL, 0);
	REQUIRE(status_of(r) == 0, "SaveDraft: %d %s", status_of(r),
	    field_of(r));
	msg_free(dr);
	dr = upload_rest(r, it, 1);
	for (i = 0; i < it->guide->n_materials; i++)
		if (!it->guide->materials[i]->main &&
		    it->guide->materials[i]->required)
			secondary++;
	if (secondary > 0) {
		/* Without the commitment a missing secondary is refused. */
		r = submit(dr->reply->draft->draft_id,
		    dr->reply->draft->version, NULL);
		CHECK(status_of(r) ==
		    BANSHI__V1__STATUS_CODE__STATUS_INVALID_ARGUMENT &&
		    strncmp(field_of(r), "materials.", 10) == 0,
		    "missing secondary without commitment: %d %s",
		    status_of(r), field_of(r));
		msg_free(r);
	}
	r = save(dr->reply->draft, fields, n, NULL, 1);
	REQUIRE(status_of(r) == 0, "SaveDraft with commitment");
	msg_free(dr);
	dr = r;
	r = submit(dr->reply->draft->draft_id, dr->reply->draft->version,
	    NULL);
	CHECK(status_of(r) == 0 && r->reply->submitted->summary->status ==
	    BANSHI__V1__CASE_STATUS__CASE_STATUS_PENDING_PREREVIEW,
	    "civic submit under 容缺: %d %s %s", status_of(r), field_of(r),
	    r != NULL ? r->reply->status->message : "");
	msg_free(r);
	msg_free(dr);
	for (i = 0; i < n; i++)
		free(fields[i]);
	msg_free(ir);
}

static void
test_my_cases(const char *serial)
{
	ClientMessage		 m = BANSHI__V1__CLIENT_MESSAGE__INIT;
	Banshi__V1__ListMyCases	 lc = BANSHI__V1__LIST_MY_CASES__INIT;
	Banshi__V1__GetCase	 gc = BANSHI__V1__GET_CASE__INIT;
	ServerMessage		*r;
	struct wire		*w2;

	m.body_case = BANSHI__V1__CLIENT_MESSAGE__BODY_LIST_MY_CASES;
	m.list_my_cases = &lc;
	r = call(w, &m);
	CHECK(status_of(r) == 0 && r->reply->cases->n_cases == 2 &&
	    strcmp(r->reply->cases->cases[1]->serial, serial) == 0,
	    "我的申报: newest first");
	msg_free(r);

	gc.serial = (char *)serial;
	memset(&m, 0, sizeof m);
	banshi__v1__client_message__init(&m);
	m.body_case = BANSHI__V1__CLIENT_MESSAGE__BODY_GET_CASE;
	m.get_case = &gc;
	r = call(w, &m);
	CHECK(status_of(r) == 0 && strcmp(r->reply->case_detail->applicant->
	    id_number, COMPANY_ID) == 0, "the filer sees the whole case");
	CHECK(history_len(w, serial, 0) == 1, "and its history");
	msg_free(r);

	/* A supervisor sees the case with the number and phones masked. */
	REQUIRE((w2 = connect_tls(&s)) != NULL, "connect");
	REQUIRE(login(w2, "boss", TEST_PASSWORD, NULL) == 0, "login boss");
	m.id = 0;
	r = call(w2, &m);
	CHECK(status_of(r) == 0 && strcmp(r->reply->case_detail->applicant->
	    id_number, "913***********0UN5") == 0 &&
	    strcmp(r->reply->case_detail->pickup->phone, "138****2345") == 0,
	    "masked for a supervisor: %s", status_of(r) == 0 ?
	    r->reply->case_detail->applicant->id_number : "");
	msg_free(r);
	/* A supervisor cannot file. */
	r = create_draft(w2, "X");
	CHECK(status_of(r) == BANSHI__V1__STATUS_CODE__STATUS_PERMISSION_DENIED,
	    "supervisor files: %d", status_of(r));
	msg_free(r);
	CHECK(db_int(&s, "SELECT count(*) FROM audit WHERE action ="
	    " 'permission-denied' AND object = 'CreateDraft'") == 1,
	    "the denial is audited");
	wire_close(w2);
}

int
main(void)
{
	char	serial[40];

	server_start(&s, NULL);
	add_user(&s, "agent", "agent");
	/* A supervisor of 市直厅, the hall of 市城管执法局. */
	ctl(&s, NULL, NULL, 0, "org add SZT --name 市直厅 --kind hall");
	REQUIRE(ctl(&s, NULL, NULL, 0, "user add boss --name 周强 --org SZT "
	    "--post supervisor") == 0, "boss");
	REQUIRE(ctl(&s, TEST_PASSWORD "\n", NULL, 0, "user passwd boss "
	    "--stdin") == 0, "boss passwd");
	REQUIRE((w = connect_tls(&s)) != NULL, "connect");
	REQUIRE(login(w, "agent", TEST_PASSWORD, NULL) == 0, "login");
	test_approval(serial, sizeof serial);
	test_civic();
	test_my_cases(serial);
	wire_close(w);
	return (harness_done(&s));
}

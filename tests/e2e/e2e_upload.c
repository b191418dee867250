/*
 * Uploads: a transfer cut off mid-way resumes from the bytes the server
 * holds; a chunk at the wrong offset is told where to continue; oversize,
 * wrong-type and damaged files are refused; the stored file is the one
 * sent; a draft is resumed from another connection.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "harness.h"

static struct server	 s;

static ServerMessage *
start(struct wire *w, const char *draft, int slot, size_t size,
    const uint8_t *hash)
{
	ClientMessage		m = BANSHI__V1__CLIENT_MESSAGE__INIT;
	Banshi__V1__StartUpload	su = BANSHI__V1__START_UPLOAD__INIT;

	su.draft_id = (char *)draft;
	su.slot = slot;
	su.extra_name = "";
	su.filename = "申请表.pdf";
	su.size = size;
	su.hash.data = (uint8_t *)hash;
	su.hash.len = 32;
	m.body_case = BANSHI__V1__CLIENT_MESSAGE__BODY_START_UPLOAD;
	m.start_upload = &su;
	return (call_mutating(w, &m));
}

static ServerMessage *
chunk(struct wire *w, const char *up, uint64_t off, const uint8_t *p,
    size_t n)
{
	ClientMessage		m = BANSHI__V1__CLIENT_MESSAGE__INIT;
	Banshi__V1__UploadChunk	uc = BANSHI__V1__UPLOAD_CHUNK__INIT;

	uc.upload_id = (char *)up;
	uc.offset = off;
	uc.data.data = (uint8_t *)p;
	uc.data.len = n;
	m.body_case = BANSHI__V1__CLIENT_MESSAGE__BODY_UPLOAD_CHUNK;
	m.upload_chunk = &uc;
	return (call(w, &m));
}

static struct wire *
agent(void)
{
	struct wire	*w;

	REQUIRE((w = connect_tls(&s)) != NULL, "connect");
	REQUIRE(login(w, "agent", TEST_PASSWORD, NULL) == 0, "login");
	return (w);
}

int
main(void)
{
	struct wire	*w;
	ServerMessage	*r, *ir;
	uint8_t		*file, hash[32], other[32];
	char		 code[64], draft[64], up[64], hex[65], path[600];
	size_t		 len = 100 * 1000, i;
	const Item	*it;
	FILE		*f;

	server_start(&s, "[limits]\nupload_max = 120K\n");
	add_user(&s, "agent", "agent");
	w = agent();
	REQUIRE(item_code(w, "大型户外广告设置许可", code, sizeof code)[0],
	    "item");
	ir = get_item(w, code);
	REQUIRE(status_of(ir) == 0, "item");
	it = ir->reply->item;
	r = create_draft(w, code);
	REQUIRE(status_of(r) == 0, "draft");
	snprintf(draft, sizeof draft, "%s", r->reply->draft->draft_id);
	msg_free(r);

	/* A 100 kB PDF; three chunks, then the connection drops. */
	file = malloc(len);
	for (i = 0; i < len; i++)
		file[i] = (uint8_t)(i * 7 + 3);
	memcpy(file, "%PDF-1.7\n", 9);
	crypto_generichash(hash, sizeof hash, file, len, NULL, 0);
	r = start(w, draft, 0, len, hash);
	REQUIRE(status_of(r) == 0 && r->reply->upload->offset == 0, "start");
	snprintf(up, sizeof up, "%s", r->reply->upload->upload_id);
	msg_free(r);
	for (i = 0; i < 3; i++) {
		r = chunk(w, up, i * 10000, file + i * 10000, 10000);
		CHECK(status_of(r) == 0 && r->reply->upload->offset ==
		    (i + 1) * 10000, "chunk %zu", i);
		msg_free(r);
	}
	wire_abort(w);

	/* Reconnected: the same file into the same slot resumes at 30000. */
	w = agent();
	r = start(w, draft, 0, len, hash);
	CHECK(status_of(r) == 0 && strcmp(r->reply->upload->upload_id, up) ==
	    0 && r->reply->upload->offset == 30000, "resume at %llu",
	    r != NULL && status_of(r) == 0 ?
	    (unsigned long long)r->reply->upload->offset : 0ULL);
	msg_free(r);
	r = chunk(w, up, 0, file, 10000);
	CHECK(status_of(r) == BANSHI__V1__STATUS_CODE__STATUS_CONFLICT &&
	    r->reply->upload->offset == 30000,
	    "a chunk at the wrong offset is told where to go on");
	msg_free(r);
	for (i = 30000; i < len; i += 20000) {
		r = chunk(w, up, i, file + i, len - i < 20000 ? len - i :
		    20000);
		CHECK(status_of(r) == 0, "chunk at %zu", i);
		msg_free(r);
	}
	{
		ClientMessage			m =
		    BANSHI__V1__CLIENT_MESSAGE__INIT;
		Banshi__V1__FinishUpload	fu =
		    BANSHI__V1__FINISH_UPLOAD__INIT;

		fu.upload_id = up;
		m.body_case = BANSHI__V1__CLIENT_MESSAGE__BODY_FINISH_UPLOAD;
		m.finish_upload = &fu;
		r = call_mutating(w, &m);
	}
	REQUIRE(status_of(r) == 0, "finish: %d %s", status_of(r),
	    r ? r->reply->status->message : "");
	CHECK(r->reply->draft->n_materials == 1 &&
	    strcmp(r->reply->draft->materials[0]->file->type, "pdf") == 0 &&
	    r->reply->draft->materials[0]->file->size == len, "attached");
	msg_free(r);
	/* Stored content-addressed, byte for byte. */
	sodium_bin2hex(hex, sizeof hex, hash, sizeof hash);
	snprintf(path, sizeof path, "%s/data/files/%.2s/%s", s.dir, hex,
	    hex + 2);
	if ((f = fopen(path, "rb")) != NULL) {
		uint8_t	*back = malloc(len + 1);

		CHECK(fread(back, 1, len + 1, f) == len &&
		    memcmp(back, file, len) == 0, "the stored file is the one "
		    "sent");
		free(back);
		fclose(f);
	} else
		CHECK(0, "no stored file at %s", path);

	/* Over the limit, refused before a byte is sent. */
	r = start(w, draft, 0, 200 * 1000, hash);
	CHECK(status_of(r) ==
	    BANSHI__V1__STATUS_CODE__STATUS_RESOURCE_EXHAUSTED &&
	    strcmp(field_of(r), "size") == 0, "oversize: %d", status_of(r));
	msg_free(r);

	/* Not an accepted type: a text file named like a PDF. */
	r = upload(w, draft, 0, NULL, "hello, this is plain text\n", 26, 10);
	CHECK(status_of(r) == BANSHI__V1__STATUS_CODE__STATUS_INVALID_ARGUMENT
	    && strcmp(field_of(r), "type") == 0, "wrong type: %d %s",
	    status_of(r), field_of(r));
	msg_free(r);
	/* A type this material does not take: DOC is fine, XLS is not. */
	{
		static uint8_t xls[1024];
		static const uint8_t book[] = { 'W', 0, 'o', 0, 'r', 0, 'k', 0,
		    'b', 0, 'o', 0, 'o', 0, 'k', 0 };

		memcpy(xls, "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8);
		memcpy(xls + 600, book, sizeof book);
		r = upload(w, draft, 0, NULL, xls, sizeof xls, 512);
		CHECK(status_of(r) ==
		    BANSHI__V1__STATUS_CODE__STATUS_INVALID_ARGUMENT &&
		    strstr(r->reply->status->message, "xls") != NULL,
		    "xls into a pdf/doc slot: %d", status_of(r));
		msg_free(r);
	}

	/* Damaged on the way: the announced hash is of other bytes. */
	memset(other, 0x42, sizeof other);
	r = start(w, draft, 1, 5000, other);
	REQUIRE(status_of(r) == 0, "start");
	snprintf(up, sizeof up, "%s", r->reply->upload->upload_id);
	msg_free(r);
	r = chunk(w, up, 0, file, 5000);
	msg_free(r);
	{
		ClientMessage			m =
		    BANSHI__V1__CLIENT_MESSAGE__INIT;
		Banshi__V1__FinishUpload	fu =
		    BANSHI__V1__FINISH_UPLOAD__INIT;

		fu.upload_id = up;
		m.body_case = BANSHI__V1__CLIENT_MESSAGE__BODY_FINISH_UPLOAD;
		m.finish_upload = &fu;
		r = call_mutating(w, &m);
	}
	CHECK(status_of(r) == BANSHI__V1__STATUS_CODE__STATUS_INVALID_ARGUMENT
	    && strcmp(field_of(r), "hash") == 0, "damaged: %d %s",
	    status_of(r), field_of(r));
	msg_free(r);
	r = start(w, draft, 1, 5000, other);
	CHECK(status_of(r) == 0 && r->reply->upload->offset == 0,
	    "a damaged upload starts again from nothing");
	msg_free(r);
	wire_close(w);

	/* Another terminal resumes the draft. */
	w = agent();
	{
		ClientMessage		 m = BANSHI__V1__CLIENT_MESSAGE__INIT;
		Banshi__V1__ListDrafts	 ld = BANSHI__V1__LIST_DRAFTS__INIT;
		Banshi__V1__GetDraft	 gd = BANSHI__V1__GET_DRAFT__INIT;

		m.body_case = BANSHI__V1__CLIENT_MESSAGE__BODY_LIST_DRAFTS;
		m.list_drafts = &ld;
		r = call(w, &m);
		CHECK(status_of(r) == 0 && r->reply->drafts->n_drafts == 1 &&
		    strcmp(r->reply->drafts->drafts[0]->draft_id, draft) == 0 &&
		    strcmp(r->reply->drafts->drafts[0]->item_name,
		    "大型户外广告设置许可") == 0, "我的草稿");
		msg_free(r);
		gd.draft_id = draft;
		memset(&m, 0, sizeof m);
		banshi__v1__client_message__init(&m);
		m.body_case = BANSHI__V1__CLIENT_MESSAGE__BODY_GET_DRAFT;
		m.get_draft = &gd;
		r = call(w, &m);
		CHECK(status_of(r) == 0 && r->reply->draft->n_materials == 1,
		    "the draft with its material");
		msg_free(r);
	}
	wire_close(w);
	(void)it;
	msg_free(ir);
	free(file);
	return (harness_done(&s));
}

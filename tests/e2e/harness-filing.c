/* Harness helpers for filing: items, drafts, uploads, a filled form. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "harness.h"

const char *
item_code(struct wire *w, const char *name, char *out, size_t len)
{
	ClientMessage		 m = BANSHI__V1__CLIENT_MESSAGE__INIT;
	Banshi__V1__SearchItems	 s = BANSHI__V1__SEARCH_ITEMS__INIT;
	ServerMessage		*r;
	size_t			 i;

	out[0] = '\0';
	s.query = (char *)name;
	m.body_case = BANSHI__V1__CLIENT_MESSAGE__BODY_SEARCH_ITEMS;
	m.search_items = &s;
	r = call(w, &m);
	for (i = 0; status_of(r) == 0 && i < r->reply->items->n_items; i++)
		if (strcmp(r->reply->items->items[i]->name, name) == 0)
			snprintf(out, len, "%s",
			    r->reply->items->items[i]->code);
	msg_free(r);
	return (out);
}

ServerMessage *
get_item(struct wire *w, const char *code)
{
	ClientMessage		m = BANSHI__V1__CLIENT_MESSAGE__INIT;
	Banshi__V1__GetItem	g = BANSHI__V1__GET_ITEM__INIT;

	g.code = (char *)code;
	m.body_case = BANSHI__V1__CLIENT_MESSAGE__BODY_GET_ITEM;
	m.get_item = &g;
	return (call(w, &m));
}

ServerMessage *
create_draft(struct wire *w, const char *code)
{
	ClientMessage		m = BANSHI__V1__CLIENT_MESSAGE__INIT;
	Banshi__V1__CreateDraft	c = BANSHI__V1__CREATE_DRAFT__INIT;

	c.item_code = (char *)code;
	m.body_case = BANSHI__V1__CLIENT_MESSAGE__BODY_CREATE_DRAFT;
	m.create_draft = &c;
	return (call_mutating(w, &m));
}

ServerMessage *
upload(struct wire *w, const char *draft, int slot, const char *extra,
    const void *data, size_t len, size_t chunk)
{
	ClientMessage			m = BANSHI__V1__CLIENT_MESSAGE__INIT;
	Banshi__V1__StartUpload		su = BANSHI__V1__START_UPLOAD__INIT;
	Banshi__V1__UploadChunk		uc = BANSHI__V1__UPLOAD_CHUNK__INIT;
	Banshi__V1__FinishUpload	fu = BANSHI__V1__FINISH_UPLOAD__INIT;
	ServerMessage			*r;
	uint8_t				 hash[32];
	char				 up[64];
	uint64_t			 off;

	crypto_generichash(hash, sizeof hash, data, len, NULL, 0);
	su.draft_id = (char *)draft;
	su.slot = slot;
	su.extra_name = (char *)(extra != NULL ? extra : "");
	su.filename = "scan.bin";
	su.size = len;
	su.hash.data = hash;
	su.hash.len = sizeof hash;
	m.body_case = BANSHI__V1__CLIENT_MESSAGE__BODY_START_UPLOAD;
	m.start_upload = &su;
	r = call_mutating(w, &m);
	if (status_of(r) != 0)
		return (r);
	snprintf(up, sizeof up, "%s", r->reply->upload->upload_id);
	off = r->reply->upload->offset;
	msg_free(r);
	while (off < len) {
		memset(&m, 0, sizeof m);
		banshi__v1__client_message__init(&m);
		uc.upload_id = up;
		uc.offset = off;
		uc.data.data = (uint8_t *)data + off;
		uc.data.len = len - off < chunk ? len - off : chunk;
		m.body_case = BANSHI__V1__CLIENT_MESSAGE__BODY_UPLOAD_CHUNK;
		m.upload_chunk = &uc;
		r = call(w, &m);
		if (status_of(r) != 0)
			return (r);
		off = r->reply->upload->offset;
		msg_free(r);
	}
	memset(&m, 0, sizeof m);
	banshi__v1__client_message__init(&m);
	fu.upload_id = up;
	m.body_case = BANSHI__V1__CLIENT_MESSAGE__BODY_FINISH_UPLOAD;
	m.finish_upload = &fu;
	return (call_mutating(w, &m));
}

const uint8_t *
sample_file(const Banshi__V1__Material *mat, size_t *len)
{
	static uint8_t	pdf[3000], jpg[2500], png[2200];
	size_t		i;

	memset(pdf, 'x', sizeof pdf);
	memcpy(pdf, "%PDF-1.4\n", 9);
	memset(jpg, 0x20, sizeof jpg);
	memcpy(jpg, "\xff\xd8\xff\xe0\x00\x10JFIF", 10);
	memset(png, 0, sizeof png);
	memcpy(png, "\x89PNG\r\n\x1a\n", 8);
	for (i = 0; i < mat->n_formats; i++) {
		if (strcmp(mat->formats[i], "pdf") == 0) {
			*len = sizeof pdf;
			return (pdf);
		}
		if (strcmp(mat->formats[i], "jpg") == 0) {
			*len = sizeof jpg;
			return (jpg);
		}
		if (strcmp(mat->formats[i], "png") == 0) {
			*len = sizeof png;
			return (png);
		}
	}
	*len = sizeof pdf;
	return (pdf);
}

/* Walk the region tree from the top to a region of the given level. */
static void
pick_region(struct wire *w, int depth, char *out, size_t len)
{
	ClientMessage		 m = BANSHI__V1__CLIENT_MESSAGE__INIT;
	Banshi__V1__ListRegions	 lr = BANSHI__V1__LIST_REGIONS__INIT;
	ServerMessage		*r;
	char			 parent[16] = "";
	int			 level = 0;

	m.body_case = BANSHI__V1__CLIENT_MESSAGE__BODY_LIST_REGIONS;
	m.list_regions = &lr;
	while (level < depth) {
		lr.parent_code = parent;
		m.id = 0;
		r = call(w, &m);
		if (status_of(r) != 0 || r->reply->regions->n_regions == 0) {
			msg_free(r);
			break;
		}
		snprintf(parent, sizeof parent, "%s",
		    r->reply->regions->regions[0]->code);
		level = r->reply->regions->regions[0]->level;
		msg_free(r);
	}
	snprintf(out, len, "%s", parent);
}

size_t
fill_form(struct wire *w, const Item *it, Banshi__V1__FieldValue **out,
    size_t max, char (*buf)[64])
{
	const Banshi__V1__FormField	*f;
	size_t				 i, n = 0;

	for (i = 0; i < it->n_form && n < max; i++) {
		f = it->form[i];
		out[n] = malloc(sizeof **out);
		banshi__v1__field_value__init(out[n]);
		out[n]->name = f->name;
		switch (f->type) {
		case BANSHI__V1__FIELD_TYPE__FIELD_TYPE_NUMBER:
			snprintf(buf[n], 64, "%lld", f->has_min ?
			    (long long)f->min : 1LL);
			break;
		case BANSHI__V1__FIELD_TYPE__FIELD_TYPE_DATE:
			snprintf(buf[n], 64, "2026-12-01");
			break;
		case BANSHI__V1__FIELD_TYPE__FIELD_TYPE_CHOICE:
			snprintf(buf[n], 64, "%s", f->choices[0]);
			break;
		case BANSHI__V1__FIELD_TYPE__FIELD_TYPE_PHONE:
			snprintf(buf[n], 64, "13805582345");
			break;
		case BANSHI__V1__FIELD_TYPE__FIELD_TYPE_ID_NUMBER:
			snprintf(buf[n], 64, "341602196803126144");
			break;
		case BANSHI__V1__FIELD_TYPE__FIELD_TYPE_CREDIT_CODE:
			snprintf(buf[n], 64, "91341602WLNNJ90UN5");
			break;
		case BANSHI__V1__FIELD_TYPE__FIELD_TYPE_REGION:
			pick_region(w, f->depth, buf[n], 64);
			break;
		default:
			snprintf(buf[n], 64, "测试填写");
			break;
		}
		out[n]->value = buf[n];
		n++;
	}
	return (n);
}

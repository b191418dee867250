/*
 * Material uploads: chunks (at most 256 KiB each) written at the offset the
 * server already holds, so a transfer resumes after a reconnect; at the end
 * a worker fsyncs the file, checks the BLAKE2b-256 the client announced,
 * tells the type from the content and renames it into the content-addressed
 * store; only then does the draft name it, in the batch.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "filetype.h"
#include "log.h"
#include "server.h"
#include "text.h"
#include "xmalloc.h"

#define CHUNK_MAX	(256 * 1024)
#define HASH_LEN	32

struct upload_row {
	int64_t		 id;
	char		 draft_id[40];
	int		 slot;
	char		 name[256];
	char		 filename[256];
	uint64_t	 size;
	uint8_t		 hash[HASH_LEN];
};

/* The path of an upload's part file. */
static void
upload_part_path(char *buf, size_t len, const char *draft, const char *up)
{
	snprintf(buf, len, "%s/uploads/%s-%s.part", cfg->data_dir, draft, up);
}

int
upload_init(char *err, size_t errlen)
{
	char	path[1024];

	snprintf(path, sizeof path, "%s/uploads", cfg->data_dir);
	if (mkdir(cfg->data_dir, 0700) == -1 && errno != EEXIST)
		goto fail;
	if (mkdir(path, 0700) == -1 && errno != EEXIST)
		goto fail;
	snprintf(path, sizeof path, "%s/files", cfg->data_dir);
	if (mkdir(path, 0700) == -1 && errno != EEXIST)
		goto fail;
	return (0);
fail:
	snprintf(err, errlen, "%s: %s", path, strerror(errno));
	return (-1);
}

void
upload_forget_draft(const char *draft_id)
{
	glob_t	g;
	char	pattern[1024];
	size_t	i;

	snprintf(pattern, sizeof pattern, "%s/uploads/%s-*.part",
	    cfg->data_dir, draft_id);
	if (glob(pattern, 0, NULL, &g) != 0)
		return;
	for (i = 0; i < g.gl_pathc; i++)
		unlink(g.gl_pathv[i]);
	globfree(&g);
}

/* Find an upload of user by its public id (read connection). */
static int
upload_find(const char *public_id, int64_t user, struct upload_row *u)
{
	static const char *sql =
	    "SELECT u.id, d.public_id, u.slot, u.name, u.filename, u.size,"
	    " u.hash FROM upload u JOIN draft d ON d.id = u.draft_id"
	    " WHERE u.public_id = :p AND u.created_by = :u";
	sqlite3_stmt	*st;
	int		 rc = -1;

	st = db_r(sql);
	db_bind_text(st, ":p", public_id);
	db_bind_int(st, ":u", user);
	if (sqlite3_step(st) == SQLITE_ROW &&
	    sqlite3_column_bytes(st, 6) == HASH_LEN) {
		u->id = sqlite3_column_int64(st, 0);
		snprintf(u->draft_id, sizeof u->draft_id, "%s",
		    sqlite3_column_text(st, 1));
		u->slot = sqlite3_column_int(st, 2);
		snprintf(u->name, sizeof u->name, "%s",
		    sqlite3_column_text(st, 3));
		snprintf(u->filename, sizeof u->filename, "%s",
		    sqlite3_column_text(st, 4));
		u->size = (uint64_t)sqlite3_column_int64(st, 5);
		memcpy(u->hash, sqlite3_column_blob(st, 6), HASH_LEN);
		rc = 0;
	}
	sqlite3_reset(st);
	return (rc);
}

/* Bytes held for an upload so far. */
static uint64_t
upload_held(const char *draft, const char *up)
{
	struct stat	sb;
	char		path[1024];

	upload_part_path(path, sizeof path, draft, up);
	return (stat(path, &sb) == 0 ? (uint64_t)sb.st_size : 0);
}

static Banshi__V1__UploadStatus *
upload_status(struct arena *a, const char *up, uint64_t offset, uint64_t size)
{
	Banshi__V1__UploadStatus	*us = arena_alloc(a, sizeof *us);

	banshi__v1__upload_status__init(us);
	us->upload_id = arena_strdup(a, up);
	us->offset = offset;
	us->size = size;
	return (us);
}

/* ---- StartUpload ------------------------------------------------------ */

#define UPLOADS_OPEN_MAX	32	/* unfinished uploads a user may hold */

static int
upload_open_count(int64_t user)
{
	static const char *sql =
	    "SELECT count(*) FROM upload WHERE created_by = :u";
	sqlite3_stmt	*st;
	int		 n = 0;

	st = db_w(sql);
	db_bind_int(st, ":u", user);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	return (n);
}

static int
start_apply(struct write_call *wc, Reply *r)
{
	static const char *find_sql =
	    "SELECT public_id FROM upload WHERE draft_id = :d AND slot = :s"
	    " AND size = :size AND hash = :h AND created_by = :u";
	static const char *ins_sql =
	    "INSERT INTO upload(public_id, draft_id, slot, name, filename,"
	    " size, hash, created_by, created_at) VALUES (:p, :d, :s, :name,"
	    " :file, :size, :h, :u, :now)";
	const Banshi__V1__StartUpload	*q = wc->req->start_upload;
	Banshi__V1__Draft		*d;
	const Banshi__V1__Item		*it;
	sqlite3_stmt			*st;
	const char			*name;
	char				 pid[40];
	uint8_t				 rnd[8];
	int64_t				 rowid;
	size_t				 i;

	if ((d = draft_for_write(&wc->tx, q->draft_id, 0, &rowid)) == NULL)
		return (-1);
	it = catalog_find_item(catalog_live, d->item_code);
	if (it == NULL)
		return (txn_refuse(&wc->tx,
		    BANSHI__V1__STATUS_CODE__STATUS_NOT_FOUND, "draft_id",
		    "the draft's item is no longer in the catalogue"));
	if (q->slot >= (int32_t)it->guide->n_materials || q->slot < -1)
		return (txn_refuse(&wc->tx,
		    BANSHI__V1__STATUS_CODE__STATUS_INVALID_ARGUMENT, "slot",
		    "slot: no material %d in this item", q->slot));
	name = q->slot >= 0 ? it->guide->materials[q->slot]->name :
	    q->extra_name;
	if (upload_open_count(wc->tx.who.user_id) >= UPLOADS_OPEN_MAX)
		return (txn_refuse(&wc->tx,
		    BANSHI__V1__STATUS_CODE__STATUS_RESOURCE_EXHAUSTED, NULL,
		    "%d unfinished uploads already: finish or delete some "
		    "drafts first", UPLOADS_OPEN_MAX));
	/* The same file into the same slot resumes where it stopped. */
	st = db_w(find_sql);
	db_bind_int(st, ":d", rowid);
	db_bind_int(st, ":s", q->slot);
	db_bind_int(st, ":size", (int64_t)q->size);
	db_bind_blob(st, ":h", q->hash.data, HASH_LEN);
	db_bind_int(st, ":u", wc->tx.who.user_id);
	pid[0] = '\0';
	if (sqlite3_step(st) == SQLITE_ROW)
		snprintf(pid, sizeof pid, "%s", sqlite3_column_text(st, 0));
	sqlite3_reset(st);
	if (pid[0] == '\0') {
		randombytes_buf(rnd, sizeof rnd);
		pid[0] = 'U';
		for (i = 0; i < sizeof rnd; i++)
			snprintf(pid + 1 + 2 * i, 3, "%02x", rnd[i]);
		st = db_w(ins_sql);
		db_bind_text(st, ":p", pid);
		db_bind_int(st, ":d", rowid);
		db_bind_int(st, ":s", q->slot);
		db_bind_text(st, ":name", name);
		db_bind_text(st, ":file", q->filename);
		db_bind_int(st, ":size", (int64_t)q->size);
		db_bind_blob(st, ":h", q->hash.data, HASH_LEN);
		db_bind_int(st, ":u", wc->tx.who.user_id);
		db_bind_int(st, ":now", clock_now());
		if (db_step_done(st) == -1)
			return (-1);
	}
	r->body_case = BANSHI__V1__REPLY__BODY_UPLOAD;
	r->upload = upload_status(&wc->tx.arena, pid, upload_held(d->draft_id,
	    pid), q->size);
	return (0);
}

void
rpc_start_upload(struct conn *c, uint32_t id, const ClientMessage *m)
{
	const Banshi__V1__StartUpload	*q = m->start_upload;
	char				 msg[128];

	if (q->size == 0 || q->size > cfg->upload_max) {
		snprintf(msg, sizeof msg, "size: a file may have 1 to %zu "
		    "bytes (%zu MiB)", cfg->upload_max,
		    cfg->upload_max / (1024 * 1024));
		reply_status(c, id,
		    BANSHI__V1__STATUS_CODE__STATUS_RESOURCE_EXHAUSTED, msg,
		    "size");
		return;
	}
	if (q->hash.len != HASH_LEN || q->filename[0] == '\0' ||
	    text_check(q->filename, 200, 0) != TEXT_OK ||
	    (q->slot == -1 && (q->extra_name[0] == '\0' ||
	    text_check(q->extra_name, 40, 0) != TEXT_OK))) {
		reply_status(c, id,
		    BANSHI__V1__STATUS_CODE__STATUS_INVALID_ARGUMENT,
		    q->hash.len != HASH_LEN ? "hash: 32 bytes of BLAKE2b-256" :
		    q->slot == -1 && q->extra_name[0] == '\0' ?
		    "extra_name: an extra material needs a name" :
		    "filename: 1 to 200 characters", q->hash.len != HASH_LEN ?
		    "hash" : q->slot == -1 ? "extra_name" : "filename");
		return;
	}
	write_start(c, id, m, start_apply, NULL);
}

/* ---- UploadChunk ------------------------------------------------------ */

/* Reply with where the upload stands, with a status. */
static void
chunk_reply(struct conn *c, uint32_t id, StatusCode code, const char *msg,
    const char *up, uint64_t offset, uint64_t size)
{
	Reply				r = BANSHI__V1__REPLY__INIT;
	Banshi__V1__Status		st = BANSHI__V1__STATUS__INIT;
	Banshi__V1__UploadStatus	us = BANSHI__V1__UPLOAD_STATUS__INIT;

	st.code = code;
	st.message = (char *)msg;
	st.field = code != 0 ? "offset" : "";
	r.status = &st;
	us.upload_id = (char *)up;
	us.offset = offset;
	us.size = size;
	r.body_case = BANSHI__V1__REPLY__BODY_UPLOAD;
	r.upload = &us;
	reply_send(c, id, &r);
}

void
rpc_upload_chunk(struct conn *c, uint32_t id, const ClientMessage *m)
{
	const Banshi__V1__UploadChunk	*q = m->upload_chunk;
	struct upload_row		 u;
	struct stat			 sb;
	char				 path[1024];
	int				 fd;

	if (q->data.len == 0 || q->data.len > CHUNK_MAX) {
		reply_status(c, id,
		    BANSHI__V1__STATUS_CODE__STATUS_INVALID_ARGUMENT,
		    "data: 1 byte to 256 KiB a chunk", "data");
		return;
	}
	if (upload_find(q->upload_id, c->session->user_id, &u) == -1) {
		reply_status(c, id, BANSHI__V1__STATUS_CODE__STATUS_NOT_FOUND,
		    "no such upload of yours", "upload_id");
		return;
	}
	upload_part_path(path, sizeof path, u.draft_id, q->upload_id);
	if ((fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0600)) == -1 ||
	    fstat(fd, &sb) == -1) {
		log_warn("upload %s", path);
		if (fd != -1)
			close(fd);
		reply_status(c, id, BANSHI__V1__STATUS_CODE__STATUS_UNAVAILABLE,
		    "the server cannot store the file now", NULL);
		return;
	}
	if (q->offset != (uint64_t)sb.st_size) {
		close(fd);
		chunk_reply(c, id, BANSHI__V1__STATUS_CODE__STATUS_CONFLICT,
		    "offset: continue from the bytes the server holds",
		    q->upload_id, (uint64_t)sb.st_size, u.size);
		return;
	}
	if (q->offset + q->data.len > u.size) {
		close(fd);
		chunk_reply(c, id,
		    BANSHI__V1__STATUS_CODE__STATUS_INVALID_ARGUMENT,
		    "data: more bytes than the upload announced", q->upload_id,
		    (uint64_t)sb.st_size, u.size);
		return;
	}
	if (pwrite(fd, q->data.data, q->data.len, (off_t)q->offset) !=
	    (ssize_t)q->data.len) {
		log_warn("upload %s", path);
		/* A short write leaves the file where the next try resumes. */
		close(fd);
		reply_status(c, id, BANSHI__V1__STATUS_CODE__STATUS_UNAVAILABLE,
		    "the server cannot store the file now", NULL);
		return;
	}
	close(fd);
	chunk_reply(c, id, 0, "", q->upload_id, q->offset + q->data.len,
	    u.size);
}

/* ---- FinishUpload ----------------------------------------------------- */

struct finish {
	struct upload_row	 u;
	char			 part[1024];
	char			 data_dir[900];	/* cfg may be reloaded meanwhile */
	char			 formats[64];	/* allowed, space-separated */
	/* The worker's findings. */
	StatusCode		 code;
	char			 field[16];
	char			 msg[200];
	char			 type[8];
};

/* Check and store the file (worker thread). */
static void
finish_work(void *arg)
{
	struct write_call	*wc = arg;
	struct finish		*f = wc->extra;
	crypto_generichash_state st;
	uint8_t			 hash[HASH_LEN], *buf = NULL;
	char			 hex[2 * HASH_LEN + 1], dir[1100], dst[1200];
	char			 word[16];
	struct stat		 sb;
	ssize_t			 n;
	size_t			 got = 0;
	int			 fd = -1, dfd;

	if ((fd = open(f->part, O_RDONLY | O_CLOEXEC)) == -1 ||
	    fstat(fd, &sb) == -1 || (uint64_t)sb.st_size != f->u.size) {
		f->code = BANSHI__V1__STATUS_CODE__STATUS_FAILED_PRECONDITION;
		snprintf(f->msg, sizeof f->msg, "the server holds %lld of %llu "
		    "bytes: send the rest first", fd == -1 ? 0LL :
		    (long long)sb.st_size, (unsigned long long)f->u.size);
		goto out;
	}
	buf = xmalloc(f->u.size + 1);
	crypto_generichash_init(&st, NULL, 0, HASH_LEN);
	while (got < f->u.size && (n = read(fd, buf + got, f->u.size - got)) >
	    0) {
		crypto_generichash_update(&st, buf + got, (size_t)n);
		got += (size_t)n;
	}
	crypto_generichash_final(&st, hash, sizeof hash);
	if (got != f->u.size || fsync(fd) == -1) {
		f->code = BANSHI__V1__STATUS_CODE__STATUS_UNAVAILABLE;
		snprintf(f->msg, sizeof f->msg, "the server could not read "
		    "the file back");
		goto out;
	}
	if (sodium_memcmp(hash, f->u.hash, HASH_LEN) != 0) {
		/* Damaged on the way: start again from nothing. */
		if (truncate(f->part, 0) == -1)
			log_warn("truncate %s", f->part);
		f->code = BANSHI__V1__STATUS_CODE__STATUS_INVALID_ARGUMENT;
		snprintf(f->field, sizeof f->field, "hash");
		snprintf(f->msg, sizeof f->msg, "hash: the file arrived "
		    "damaged (its hash differs); upload it again");
		goto out;
	}
	snprintf(f->type, sizeof f->type, "%s",
	    filetype_name(filetype_detect(buf, got)));
	snprintf(word, sizeof word, " %s ", f->type);
	if (f->type[0] == '\0' || (f->formats[1] != '\0' &&
	    strstr(f->formats, word) == NULL)) {
		unlink(f->part);
		f->code = BANSHI__V1__STATUS_CODE__STATUS_INVALID_ARGUMENT;
		snprintf(f->field, sizeof f->field, "type");
		snprintf(f->msg, sizeof f->msg, "type: %s%s is not accepted "
		    "here (accepted: %s)", f->type[0] != '\0' ? f->type :
		    "this file type", f->type[0] != '\0' ? "" : "",
		    f->formats[1] != '\0' ? f->formats + 1 :
		    "jpg png pdf doc xls docx xlsx");
		goto out;
	}
	sodium_bin2hex(hex, sizeof hex, hash, sizeof hash);
	snprintf(dir, sizeof dir, "%s/files/%.2s", f->data_dir, hex);
	snprintf(dst, sizeof dst, "%s/%s", dir, hex + 2);
	if ((mkdir(dir, 0700) == -1 && errno != EEXIST) ||
	    rename(f->part, dst) == -1) {
		log_warn("store %s", dst);
		f->code = BANSHI__V1__STATUS_CODE__STATUS_UNAVAILABLE;
		snprintf(f->msg, sizeof f->msg, "the server cannot store the "
		    "file now");
		goto out;
	}
	/* The rename is durable before the database names the file. */
	if ((dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) != -1) {
		fsync(dfd);
		close(dfd);
	}
out:
	if (fd != -1)
		close(fd);
	free(buf);
}

static int
finish_apply(struct write_call *wc, Reply *r)
{
	static const char *file_sql =
	    "INSERT OR IGNORE INTO file(hash, size, type, created_at)"
	    " VALUES (:h, :size, :type, :now)";
	static const char *del_sql = "DELETE FROM upload WHERE id = :id";
	struct finish			 *f = wc->extra;
	Banshi__V1__Draft		 *d;
	Banshi__V1__AttachedMaterial	 *am, **list;
	Banshi__V1__FileRef		 *fr;
	sqlite3_stmt			 *st;
	int64_t				  rowid;
	size_t				  i, n = 0;

	if (f->code != 0)
		return (txn_refuse(&wc->tx, f->code, f->field, "%s", f->msg));
	if ((d = draft_for_write(&wc->tx, f->u.draft_id, 0, &rowid)) == NULL)
		return (-1);
	st = db_w(file_sql);
	db_bind_blob(st, ":h", f->u.hash, HASH_LEN);
	db_bind_int(st, ":size", (int64_t)f->u.size);
	db_bind_text(st, ":type", f->type);
	db_bind_int(st, ":now", clock_now());
	if (db_step_done(st) == -1)
		return (-1);
	fr = arena_alloc(&wc->tx.arena, sizeof *fr);
	banshi__v1__file_ref__init(fr);
	fr->hash.data = arena_alloc(&wc->tx.arena, HASH_LEN);
	memcpy(fr->hash.data, f->u.hash, HASH_LEN);
	fr->hash.len = HASH_LEN;
	fr->size = f->u.size;
	fr->type = f->type;
	fr->filename = f->u.filename;
	am = arena_alloc(&wc->tx.arena, sizeof *am);
	banshi__v1__attached_material__init(am);
	am->slot = f->u.slot;
	am->name = f->u.name;
	am->file = fr;
	/* A file in a slot replaces what the slot held. */
	list = arena_array(&wc->tx.arena, d->n_materials + 1, sizeof *list);
	for (i = 0; i < d->n_materials; i++)
		if (f->u.slot < 0 || d->materials[i]->slot != f->u.slot)
			list[n++] = d->materials[i];
	list[n++] = am;
	d->materials = list;
	d->n_materials = n;
	st = db_w(del_sql);
	db_bind_int(st, ":id", f->u.id);
	if (db_step_done(st) == -1 || draft_store(rowid, d) == -1)
		return (-1);
	r->body_case = BANSHI__V1__REPLY__BODY_DRAFT;
	r->draft = d;
	return (0);
}

static void
finish_checked(void *arg)
{
	write_submit(arg);
}

void
rpc_finish_upload(struct conn *c, uint32_t id, const ClientMessage *m)
{
	const char		*up = m->finish_upload->upload_id;
	struct write_call	*wc;
	struct finish		*f;
	Banshi__V1__Draft	*d;
	const Banshi__V1__Item	*it;
	size_t			 i;

	f = xcalloc(1, sizeof *f);
	if (upload_find(up, c->session->user_id, &f->u) == -1) {
		free(f);
		reply_status(c, id, BANSHI__V1__STATUS_CODE__STATUS_NOT_FOUND,
		    "no such upload of yours", "upload_id");
		return;
	}
	upload_part_path(f->part, sizeof f->part, f->u.draft_id, up);
	snprintf(f->data_dir, sizeof f->data_dir, "%s", cfg->data_dir);
	/* The formats the catalogue allows, as " pdf jpg " (whole words). */
	f->formats[0] = ' ';
	d = draft_load(0, f->u.draft_id, c->session->user_id, NULL);
	it = d != NULL ? catalog_find_item(catalog_live, d->item_code) : NULL;
	if (it != NULL && f->u.slot >= 0 &&
	    (size_t)f->u.slot < it->guide->n_materials)
		for (i = 0; i < it->guide->materials[f->u.slot]->n_formats;
		    i++) {
			const char *fmt =
			    it->guide->materials[f->u.slot]->formats[i];

			if (strlen(f->formats) + strlen(fmt) + 2 >
			    sizeof f->formats)
				break;
			strcat(f->formats, fmt);
			strcat(f->formats, " ");
		}
	if (d != NULL)
		banshi__v1__draft__free_unpacked(d, NULL);
	wc = write_new(c, id, m, finish_apply);
	wc->extra = f;
	worker_submit(finish_work, finish_checked, wc);
}

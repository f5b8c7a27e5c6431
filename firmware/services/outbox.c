/* The outbox on SQLite. Every write is one transaction committed with synchronous=FULL; SQLite
 * codes are translated in sql_err() and never leave this file. */
#include "firmware/services/outbox.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "firmware/core/text.h"
#include "firmware/services/crypto.h"

#define AD_PREFIX     "accueil-outbox-1:"
#define PAGES_DEFAULT 16384UL
#define NULL_LEN      0xffffffffu
#define MAGIC_SUB     0x53u /* 'S' */
#define MAGIC_FB      0x46u /* 'F' */
#define FORMAT        1u

struct outbox {
	sqlite3 *db;
	crypto_t *crypto;
	unsigned kiosk_number;
	unsigned max_entries;
	size_t max_entry_bytes;
};

static const char SCHEMA[] =
    "CREATE TABLE IF NOT EXISTS meta(k TEXT PRIMARY KEY, v INTEGER NOT NULL);"
    "INSERT OR IGNORE INTO meta(k, v) VALUES('next_seq', 1), ('format', 1);"
    "CREATE TABLE IF NOT EXISTS entries(seq INTEGER PRIMARY KEY, kind INTEGER NOT NULL,"
    " request_id TEXT NOT NULL UNIQUE, reference TEXT NOT NULL UNIQUE COLLATE NOCASE,"
    " created_ms INTEGER NOT NULL, state INTEGER NOT NULL, attempts INTEGER NOT NULL,"
    " next_attempt_ms INTEGER NOT NULL, service_request_id TEXT NOT NULL DEFAULT '',"
    " token TEXT NOT NULL DEFAULT '', service_notice TEXT NOT NULL DEFAULT '',"
    " error_text TEXT NOT NULL DEFAULT '', payload BLOB);"
    "CREATE TABLE IF NOT EXISTS receipts(reference TEXT PRIMARY KEY COLLATE NOCASE,"
    " kind INTEGER NOT NULL, request_id TEXT NOT NULL, created_ms INTEGER NOT NULL,"
    " finished_ms INTEGER NOT NULL, service_request_id TEXT NOT NULL, token TEXT NOT NULL,"
    " service_notice TEXT NOT NULL);";

#define ENTRY_COLS                                                                                 \
	"seq, kind, state, request_id, reference, created_ms, attempts, next_attempt_ms,"          \
	" service_request_id, token, service_notice, error_text"

static int sql_err(int rc)
{
	switch (rc & 0xff) {
	case SQLITE_OK:
	case SQLITE_DONE:
	case SQLITE_ROW:
		return 0;
	case SQLITE_FULL:
		return -ENOSPC;
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
		return -EUCLEAN;
	case SQLITE_NOMEM:
		return -ENOMEM;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return -EBUSY;
	case SQLITE_READONLY:
		return -EROFS;
	case SQLITE_PERM:
	case SQLITE_AUTH:
		return -EACCES;
	case SQLITE_CANTOPEN:
		return -EACCES;
	case SQLITE_CONSTRAINT:
		return -EEXIST;
	case SQLITE_TOOBIG:
		return -E2BIG;
	default:
		return -EIO;
	}
}

static int exec(outbox_t *ob, const char *sql)
{
	return sql_err(sqlite3_exec(ob->db, sql, NULL, NULL, NULL));
}

static int prepare(outbox_t *ob, const char *sql, sqlite3_stmt **st)
{
	return sql_err(sqlite3_prepare_v2(ob->db, sql, -1, st, NULL));
}

static int begin(outbox_t *ob)
{
	return exec(ob, "BEGIN IMMEDIATE");
}

/* Commits, or rolls back when rc already says something failed. */
static int end(outbox_t *ob, int rc)
{
	if (rc == 0) {
		rc = exec(ob, "COMMIT");
		if (rc == 0)
			return 0;
	}
	sqlite3_exec(ob->db, "ROLLBACK", NULL, NULL, NULL);
	return rc;
}

/* ---- payload serialization: a byte, a format byte, then fields as u32 LE length + bytes ---- */

struct wbuf {
	uint8_t *p;
	size_t len, cap;
	int err;
};

static void put_u32(struct wbuf *w, uint32_t v)
{
	if (w->err == 0 && w->cap - w->len < 4)
		w->err = -E2BIG;
	if (w->err != 0)
		return;
	for (int i = 0; i < 4; i++)
		w->p[w->len++] = (uint8_t)(v >> (8 * i));
}

static void put_str(struct wbuf *w, const char *s)
{
	size_t n = s ? strlen(s) : 0;

	if (s == NULL) {
		put_u32(w, NULL_LEN);
		return;
	}
	if (n >= NULL_LEN)
		w->err = -E2BIG;
	put_u32(w, (uint32_t)n);
	if (w->err == 0 && w->cap - w->len < n)
		w->err = -E2BIG;
	if (w->err != 0)
		return;
	memcpy(w->p + w->len, s, n);
	w->len += n;
}

struct rbuf {
	const uint8_t *p;
	size_t len, off;
	char *out; /* strings are copied here, NUL-terminated */
	size_t out_len, out_cap;
	int err;
};

static uint32_t get_u32(struct rbuf *r)
{
	uint32_t v = 0;

	if (r->err == 0 && r->len - r->off < 4)
		r->err = -EBADMSG;
	if (r->err != 0)
		return 0;
	for (int i = 0; i < 4; i++)
		v |= (uint32_t)r->p[r->off++] << (8 * i);
	return v;
}

static const char *get_str(struct rbuf *r)
{
	uint32_t n = get_u32(r);
	char *s;

	if (r->err != 0 || n == NULL_LEN)
		return NULL;
	if (r->len - r->off < n || r->out_cap - r->out_len < (size_t)n + 1) {
		r->err = -EBADMSG;
		return NULL;
	}
	s = r->out + r->out_len;
	memcpy(s, r->p + r->off, n);
	s[n] = '\0';
	r->off += n;
	r->out_len += (size_t)n + 1;
	return s;
}

static void serialize_submission(struct wbuf *w, const struct open311_submission *sub)
{
	put_u32(w, MAGIC_SUB | FORMAT << 8);
	put_str(w, sub->service_code);
	put_str(w, sub->description);
	put_str(w, sub->first_name);
	put_str(w, sub->last_name);
	put_str(w, sub->email);
	put_str(w, sub->phone);
	put_u32(w, (uint32_t)sub->lang);
	put_u32(w, (uint32_t)sub->n_extra);
	for (size_t i = 0; i < sub->n_extra; i++) {
		put_str(w, sub->extra[i].code);
		put_str(w, sub->extra[i].value);
		put_u32(w, sub->extra[i].multi ? 1 : 0);
	}
}

static void serialize_feedback(struct wbuf *w, const struct kiosk_api_feedback *fb)
{
	put_u32(w, MAGIC_FB | FORMAT << 8);
	put_u32(w, (uint32_t)fb->task);
	put_u32(w, (uint32_t)fb->rating);
	put_str(w, fb->comment);
	put_u32(w, (uint32_t)fb->lang);
}

static int deserialize(struct rbuf *r, struct outbox_payload *p)
{
	uint32_t head = get_u32(r), n, lang;

	if (head == (MAGIC_SUB | FORMAT << 8)) {
		struct open311_submission *s = &p->sub;
		p->kind = OUTBOX_OPEN311;
		s->service_code = get_str(r);
		s->description = get_str(r);
		s->first_name = get_str(r);
		s->last_name = get_str(r);
		s->email = get_str(r);
		s->phone = get_str(r);
		lang = get_u32(r);
		s->lang = lang == LANG_EN ? LANG_EN : LANG_FR;
		n = get_u32(r);
		if (n > OPEN311_EXTRA_MAX)
			return -EBADMSG;
		s->n_extra = n;
		for (uint32_t i = 0; i < n; i++) {
			s->extra[i].code = get_str(r);
			s->extra[i].value = get_str(r);
			s->extra[i].multi = get_u32(r) != 0;
		}
		s->client_request_id = p->request_id;
	} else if (head == (MAGIC_FB | FORMAT << 8)) {
		struct kiosk_api_feedback *f = &p->fb;
		p->kind = OUTBOX_FEEDBACK;
		n = get_u32(r);
		f->task = n == KIOSK_API_TASK_STATUS   ? KIOSK_API_TASK_STATUS
		          : n == KIOSK_API_TASK_TICKET ? KIOSK_API_TASK_TICKET
		                                       : KIOSK_API_TASK_COMPLAINT;
		f->rating = (int)get_u32(r);
		f->comment = get_str(r);
		lang = get_u32(r);
		f->lang = lang == LANG_EN ? LANG_EN : LANG_FR;
		f->idempotency_key = p->request_id;
	} else {
		return -EBADMSG;
	}
	if (r->err == 0 && r->off != r->len)
		return -EBADMSG;
	return r->err;
}

/* ---- opening ---- */

static int path_in(char *out, size_t cap, const char *dir, const char *name)
{
	int n = snprintf(out, cap, "%s/%s", dir, name);
	return n < 0 || (size_t)n >= cap ? -ENAMETOOLONG : 0;
}

/* Creates the database file 0600 (SQLite gives its -wal and -shm the same mode) and tightens
 * an existing one. */
static int make_db_file(const char *path)
{
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	int rc = 0;

	if (fd < 0)
		return -errno;
	if (fchmod(fd, 0600) != 0)
		rc = -errno;
	close(fd);
	return rc;
}

static int count_entries(outbox_t *ob, const char *where, unsigned *out)
{
	char sql[160];
	sqlite3_stmt *st;
	int rc;

	snprintf(sql, sizeof(sql), "SELECT count(*) FROM entries%s", where);
	rc = prepare(ob, sql, &st);
	if (rc != 0)
		return rc;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*out = (unsigned)sqlite3_column_int64(st, 0);
	rc = sql_err(rc);
	sqlite3_finalize(st);
	return rc;
}

static int check_integrity(outbox_t *ob)
{
	sqlite3_stmt *st;
	int rc = prepare(ob, "PRAGMA quick_check", &st);

	if (rc != 0)
		return rc;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		const unsigned char *t = sqlite3_column_text(st, 0);
		rc = t != NULL && strcmp((const char *)t, "ok") == 0 ? 0 : -EUCLEAN;
	} else {
		rc = rc == SQLITE_DONE ? -EUCLEAN : sql_err(rc);
	}
	sqlite3_finalize(st);
	return rc;
}

int outbox_new(const struct outbox_options *o, outbox_t **out)
{
	char db_path[512], key_path[512], pragma[96];
	unsigned entries = 0;
	outbox_t *ob;
	int rc;

	if (o == NULL || out == NULL || o->dir == NULL || o->dir[0] == '\0' ||
	    o->kiosk_number > OUTBOX_KIOSK_NUMBER_MAX)
		return -EINVAL;
	if ((rc = path_in(db_path, sizeof(db_path), o->dir, "outbox.db")) != 0 ||
	    (rc = path_in(key_path, sizeof(key_path), o->dir, "outbox.key")) != 0)
		return rc;
	if (mkdir(o->dir, 0700) != 0 && errno != EEXIST)
		return -errno;
	if ((rc = make_db_file(db_path)) != 0)
		return rc;
	ob = calloc(1, sizeof(*ob));
	if (ob == NULL)
		return -ENOMEM;
	ob->kiosk_number = o->kiosk_number;
	ob->max_entries = o->max_entries ? o->max_entries : OUTBOX_ENTRIES_DEFAULT;
	ob->max_entry_bytes = o->max_entry_bytes ? o->max_entry_bytes : OUTBOX_ENTRY_BYTES_MAX;
	rc = sql_err(
	    sqlite3_open_v2(db_path, &ob->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOFOLLOW, NULL));
	if (rc != 0)
		goto fail_close;
	sqlite3_busy_timeout(ob->db, 2000);
	sqlite3_extended_result_codes(ob->db, 1);
	/* A file that is not a database (or a damaged one) fails here: it is never rebuilt. */
	if ((rc = exec(ob, "PRAGMA journal_mode=WAL")) != 0 || (rc = check_integrity(ob)) != 0)
		goto fail_close;
	snprintf(pragma, sizeof(pragma), "PRAGMA max_page_count=%lu",
	         o->max_pages ? o->max_pages : PAGES_DEFAULT);
	if ((rc = exec(ob, "PRAGMA synchronous=FULL")) != 0 ||
	    (rc = exec(ob, "PRAGMA secure_delete=ON")) != 0 || (rc = exec(ob, pragma)) != 0 ||
	    (rc = exec(ob, SCHEMA)) != 0)
		goto fail_close;
	if ((rc = count_entries(ob, "", &entries)) != 0)
		goto fail_close;
	/* A missing key while entries exist is an error: a new key would orphan them. */
	rc = crypto_new(key_path, entries == 0, &ob->crypto);
	if (rc != 0)
		goto fail_close;
	*out = ob;
	return 0;
fail_close:
	outbox_free(ob);
	return rc;
}

void outbox_free(outbox_t *ob)
{
	if (ob == NULL)
		return;
	sqlite3_close(ob->db);
	crypto_free(ob->crypto);
	free(ob);
}

/* ---- adding ---- */

static int make_ad(const char *request_id, char *ad, size_t cap, size_t *len)
{
	int n = snprintf(ad, cap, "%s%s", AD_PREFIX, request_id);
	if (n < 0 || (size_t)n >= cap)
		return -EINVAL;
	*len = (size_t)n;
	return 0;
}

static bool is_uuid(const char *s)
{
	if (s == NULL || strlen(s) != OPEN311_UUID_LEN)
		return false;
	for (size_t i = 0; i < OPEN311_UUID_LEN; i++) {
		char c = s[i];
		bool hex =
		    (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
		if ((i == 8 || i == 13 || i == 18 || i == 23) ? c != '-' : !hex)
			return false;
	}
	return true;
}

static int next_seq(outbox_t *ob, int64_t *seq)
{
	sqlite3_stmt *st;
	int rc = prepare(ob, "SELECT v FROM meta WHERE k = 'next_seq'", &st);

	if (rc != 0)
		return rc;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*seq = sqlite3_column_int64(st, 0);
	rc = rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? -EUCLEAN : sql_err(rc);
	sqlite3_finalize(st);
	if (rc == 0)
		rc = exec(ob, "UPDATE meta SET v = v + 1 WHERE k = 'next_seq'");
	return rc;
}

static int insert(outbox_t *ob, enum outbox_kind kind, const char *given_id, struct wbuf *w,
                  int64_t now_ms, struct outbox_entry *out)
{
	struct outbox_entry e;
	char ad[96];
	size_t ad_len, sealed_len = 0;
	uint8_t *sealed = NULL;
	unsigned count = 0;
	sqlite3_stmt *st = NULL;
	int rc;

	memset(&e, 0, sizeof(e));
	e.kind = kind;
	e.state = OUTBOX_PENDING;
	e.created_ms = now_ms;
	e.next_attempt_ms = now_ms;
	if (given_id != NULL) {
		if (!is_uuid(given_id))
			return -EINVAL;
		memcpy(e.request_id, given_id, OPEN311_UUID_LEN + 1);
	} else if (open311_new_client_request_id(e.request_id, sizeof(e.request_id)) != 0) {
		return -EIO;
	}
	if ((rc = make_ad(e.request_id, ad, sizeof(ad), &ad_len)) != 0)
		return rc;
	sealed = malloc(w->len + CRYPTO_OVERHEAD);
	if (sealed == NULL)
		return -ENOMEM;
	rc = crypto_seal(ob->crypto, ad, ad_len, w->p, w->len, sealed, w->len + CRYPTO_OVERHEAD,
	                 &sealed_len);
	if (rc != 0)
		goto fail_free_sealed;

	if ((rc = begin(ob)) != 0)
		goto fail_free_sealed;
	rc = count_entries(ob, "", &count);
	if (rc == 0 && count >= ob->max_entries)
		rc = -EDQUOT;
	if (rc == 0)
		rc = next_seq(ob, &e.seq);
	if (rc == 0) {
		snprintf(e.reference, sizeof(e.reference), "K%u-%lld", ob->kiosk_number,
		         (long long)e.seq);
		rc = prepare(
		    ob,
		    "INSERT INTO entries(seq, kind, request_id, reference, created_ms, state,"
		    " attempts, next_attempt_ms, payload) VALUES(?,?,?,?,?,?,0,?,?)",
		    &st);
	}
	if (rc == 0) {
		sqlite3_bind_int64(st, 1, e.seq);
		sqlite3_bind_int(st, 2, (int)kind);
		sqlite3_bind_text(st, 3, e.request_id, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, e.reference, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 5, e.created_ms);
		sqlite3_bind_int(st, 6, OUTBOX_PENDING);
		sqlite3_bind_int64(st, 7, e.next_attempt_ms);
		sqlite3_bind_blob(st, 8, sealed, (int)sealed_len, SQLITE_STATIC);
		rc = sql_err(sqlite3_step(st));
		sqlite3_finalize(st);
	}
	rc = end(ob, rc);
	if (rc == 0 && out != NULL)
		*out = e;
fail_free_sealed:
	free(sealed);
	return rc;
}

/* Serializes with a buffer of the entry cap, wiped afterwards. */
static int add(outbox_t *ob, enum outbox_kind kind, const void *what, const char *given_id,
               int64_t now_ms, struct outbox_entry *out)
{
	struct wbuf w = {.cap = ob->max_entry_bytes};
	int rc;

	w.p = malloc(w.cap);
	if (w.p == NULL)
		return -ENOMEM;
	if (kind == OUTBOX_OPEN311)
		serialize_submission(&w, what);
	else
		serialize_feedback(&w, what);
	rc = w.err != 0 ? w.err : insert(ob, kind, given_id, &w, now_ms, out);
	text_wipe(w.p, w.cap);
	free(w.p);
	return rc;
}

int outbox_add_submission(outbox_t *ob, const struct open311_submission *sub, int64_t now_ms,
                          struct outbox_entry *out)
{
	if (ob == NULL || sub == NULL || sub->service_code == NULL ||
	    sub->service_code[0] == '\0' || sub->n_extra > OPEN311_EXTRA_MAX)
		return -EINVAL;
	for (size_t i = 0; i < sub->n_extra; i++)
		if (sub->extra[i].code == NULL || sub->extra[i].value == NULL)
			return -EINVAL;
	return add(ob, OUTBOX_OPEN311, sub, sub->client_request_id, now_ms, out);
}

int outbox_add_feedback(outbox_t *ob, const struct kiosk_api_feedback *fb, int64_t now_ms,
                        struct outbox_entry *out)
{
	if (ob == NULL || fb == NULL || fb->rating < 1 || fb->rating > 5)
		return -EINVAL;
	return add(ob, OUTBOX_FEEDBACK, fb, fb->idempotency_key, now_ms, out);
}

/* ---- reading ---- */

static void col_text(sqlite3_stmt *st, int i, char *out, size_t cap)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	snprintf(out, cap, "%s", t ? (const char *)t : "");
}

static void read_entry(sqlite3_stmt *st, struct outbox_entry *e)
{
	memset(e, 0, sizeof(*e));
	e->seq = sqlite3_column_int64(st, 0);
	e->kind = sqlite3_column_int(st, 1) == OUTBOX_FEEDBACK ? OUTBOX_FEEDBACK : OUTBOX_OPEN311;
	e->state = (enum outbox_state)sqlite3_column_int(st, 2);
	col_text(st, 3, e->request_id, sizeof(e->request_id));
	col_text(st, 4, e->reference, sizeof(e->reference));
	e->created_ms = sqlite3_column_int64(st, 5);
	e->attempts = (unsigned)sqlite3_column_int64(st, 6);
	e->next_attempt_ms = sqlite3_column_int64(st, 7);
	col_text(st, 8, e->service_request_id, sizeof(e->service_request_id));
	col_text(st, 9, e->token, sizeof(e->token));
	col_text(st, 10, e->service_notice, sizeof(e->service_notice));
	col_text(st, 11, e->error_text, sizeof(e->error_text));
}

int outbox_next_due(outbox_t *ob, int64_t now_ms, struct outbox_entry *out)
{
	sqlite3_stmt *st;
	int rc;

	if (ob == NULL || out == NULL)
		return -EINVAL;
	rc = prepare(ob,
	             "SELECT " ENTRY_COLS " FROM entries WHERE state IN (0, 2, 3) AND"
	             " next_attempt_ms <= ? ORDER BY next_attempt_ms, seq LIMIT 1",
	             &st);
	if (rc != 0)
		return rc;
	sqlite3_bind_int64(st, 1, now_ms);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		read_entry(st, out);
	rc = rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? -ENOENT : sql_err(rc);
	sqlite3_finalize(st);
	return rc;
}

int outbox_next_time(outbox_t *ob, int64_t *out_ms)
{
	sqlite3_stmt *st;
	int rc;

	if (ob == NULL || out_ms == NULL)
		return -EINVAL;
	rc = prepare(ob, "SELECT min(next_attempt_ms) FROM entries WHERE state IN (0, 2, 3)", &st);
	if (rc != 0)
		return rc;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
		*out_ms = sqlite3_column_int64(st, 0);
	else if (rc == SQLITE_ROW)
		rc = SQLITE_DONE;
	rc = rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? -ENOENT : sql_err(rc);
	sqlite3_finalize(st);
	return rc;
}

int outbox_list(outbox_t *ob, enum outbox_state state, struct outbox_entry *out, size_t cap)
{
	sqlite3_stmt *st;
	size_t n = 0;
	int rc;

	if (ob == NULL || (out == NULL && cap > 0))
		return -EINVAL;
	rc = prepare(ob, "SELECT " ENTRY_COLS " FROM entries WHERE state = ? ORDER BY seq LIMIT ?",
	             &st);
	if (rc != 0)
		return rc;
	sqlite3_bind_int(st, 1, (int)state);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)cap);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && n < cap)
		read_entry(st, &out[n++]);
	rc = sql_err(rc);
	sqlite3_finalize(st);
	return rc != 0 ? rc : (int)n;
}

int outbox_payload(outbox_t *ob, const struct outbox_entry *e, struct outbox_payload *out)
{
	struct outbox_payload p;
	struct rbuf r;
	sqlite3_stmt *st;
	uint8_t *plain = NULL;
	char ad[96];
	size_t ad_len, len = 0, n;
	int rc;

	if (ob == NULL || e == NULL || out == NULL)
		return -EINVAL;
	memset(&p, 0, sizeof(p));
	if (!is_uuid(e->request_id))
		return -EINVAL;
	memcpy(p.request_id, e->request_id, sizeof(p.request_id));
	if ((rc = make_ad(e->request_id, ad, sizeof(ad), &ad_len)) != 0)
		return rc;
	rc = prepare(ob, "SELECT payload FROM entries WHERE seq = ? AND request_id = ?", &st);
	if (rc != 0)
		return rc;
	sqlite3_bind_int64(st, 1, e->seq);
	sqlite3_bind_text(st, 2, e->request_id, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW || sqlite3_column_type(st, 0) != SQLITE_BLOB) {
		rc = rc == SQLITE_ROW || rc == SQLITE_DONE ? -ENOENT : sql_err(rc);
		goto fail_finalize;
	}
	n = (size_t)sqlite3_column_bytes(st, 0);
	if (n < CRYPTO_OVERHEAD || n - CRYPTO_OVERHEAD > ob->max_entry_bytes) {
		rc = -EBADMSG;
		goto fail_finalize;
	}
	plain = malloc(n);
	/* Room for every string and its NUL: never more than the serialized bytes. */
	p.cap = n;
	p.buf = malloc(p.cap);
	if (plain == NULL || p.buf == NULL) {
		rc = -ENOMEM;
		goto fail_free;
	}
	rc = crypto_open(ob->crypto, ad, ad_len, sqlite3_column_blob(st, 0), n, plain, n, &len);
	if (rc != 0)
		goto fail_free;
	r = (struct rbuf){.p = plain, .len = len, .out = p.buf, .out_cap = p.cap};
	rc = deserialize(&r, &p);
	if (rc == 0 && p.kind != e->kind)
		rc = -EBADMSG;
fail_free:
	if (plain != NULL) {
		text_wipe(plain, n);
		free(plain);
	}
	if (rc != 0) {
		outbox_payload_free(&p);
	} else {
		*out = p;
		/* The ids point into the caller's struct, not this copy. */
		if (out->kind == OUTBOX_OPEN311)
			out->sub.client_request_id = out->request_id;
		else
			out->fb.idempotency_key = out->request_id;
		text_wipe(&p, sizeof(p));
	}
fail_finalize:
	sqlite3_finalize(st);
	return rc;
}

void outbox_payload_free(struct outbox_payload *p)
{
	if (p == NULL)
		return;
	if (p->buf != NULL) {
		text_wipe(p->buf, p->cap);
		free(p->buf);
	}
	text_wipe(p, sizeof(*p));
}

/* ---- changing ---- */

int outbox_update(outbox_t *ob, const struct outbox_entry *e)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if (ob == NULL || e == NULL || e->state == OUTBOX_DELIVERED || e->state < OUTBOX_PENDING ||
	    e->state > OUTBOX_REJECTED)
		return -EINVAL;
	if ((rc = begin(ob)) != 0)
		return rc;
	rc = prepare(ob,
	             "UPDATE entries SET state = ?1, attempts = ?2, next_attempt_ms = ?3,"
	             " service_request_id = ?4, token = ?5, service_notice = ?6, error_text = ?7,"
	             " payload = CASE WHEN ?1 = 3 THEN NULL ELSE payload END WHERE seq = ?8",
	             &st);
	if (rc == 0) {
		sqlite3_bind_int(st, 1, (int)e->state);
		sqlite3_bind_int64(st, 2, e->attempts);
		sqlite3_bind_int64(st, 3, e->next_attempt_ms);
		sqlite3_bind_text(st, 4, e->service_request_id, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 5, e->token, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 6, e->service_notice, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 7, e->error_text, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 8, e->seq);
		rc = sql_err(sqlite3_step(st));
		sqlite3_finalize(st);
		if (rc == 0 && sqlite3_changes(ob->db) == 0)
			rc = -ENOENT;
	}
	return end(ob, rc);
}

int outbox_deliver(outbox_t *ob, const struct outbox_entry *e, int64_t now_ms)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if (ob == NULL || e == NULL)
		return -EINVAL;
	if ((rc = begin(ob)) != 0)
		return rc;
	rc = prepare(ob, "DELETE FROM entries WHERE seq = ?", &st);
	if (rc == 0) {
		sqlite3_bind_int64(st, 1, e->seq);
		rc = sql_err(sqlite3_step(st));
		sqlite3_finalize(st);
		if (rc == 0 && sqlite3_changes(ob->db) == 0)
			rc = -ENOENT;
	}
	if (rc == 0)
		rc = prepare(
		    ob,
		    "INSERT OR REPLACE INTO receipts(reference, kind, request_id, created_ms,"
		    " finished_ms, service_request_id, token, service_notice)"
		    " VALUES(?,?,?,?,?,?,?,?)",
		    &st);
	if (rc == 0) {
		sqlite3_bind_text(st, 1, e->reference, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 2, (int)e->kind);
		sqlite3_bind_text(st, 3, e->request_id, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 4, e->created_ms);
		sqlite3_bind_int64(st, 5, now_ms);
		sqlite3_bind_text(st, 6, e->service_request_id, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 7, e->token, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 8, e->service_notice, -1, SQLITE_STATIC);
		rc = sql_err(sqlite3_step(st));
		sqlite3_finalize(st);
	}
	if (rc == 0)
		rc = exec(ob, "DELETE FROM receipts WHERE rowid NOT IN (SELECT rowid FROM receipts"
		              " ORDER BY finished_ms DESC, rowid DESC LIMIT 1000)");
	return end(ob, rc);
}

int outbox_find(outbox_t *ob, const char *reference, struct outbox_entry *out)
{
	sqlite3_stmt *st;
	int rc;

	if (ob == NULL || reference == NULL || out == NULL)
		return -EINVAL;
	rc = prepare(ob, "SELECT " ENTRY_COLS " FROM entries WHERE reference = ?", &st);
	if (rc != 0)
		return rc;
	sqlite3_bind_text(st, 1, reference, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		read_entry(st, out);
	sqlite3_finalize(st);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc != SQLITE_DONE)
		return sql_err(rc);
	rc = prepare(ob,
	             "SELECT 0, kind, 6, request_id, reference, created_ms, 0, finished_ms,"
	             " service_request_id, token, service_notice, '' FROM receipts"
	             " WHERE reference = ?",
	             &st);
	if (rc != 0)
		return rc;
	sqlite3_bind_text(st, 1, reference, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		read_entry(st, out);
	rc = rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? -ENOENT : sql_err(rc);
	sqlite3_finalize(st);
	return rc;
}

int outbox_stats(outbox_t *ob, struct outbox_stats *out)
{
	struct outbox_stats s;
	sqlite3_stmt *st;
	int rc;

	if (ob == NULL || out == NULL)
		return -EINVAL;
	rc = prepare(ob,
	             "SELECT count(*), sum(state IN (0, 1, 2, 3)), sum(state IN (4, 5)),"
	             " min(created_ms) FROM entries",
	             &st);
	if (rc != 0)
		return rc;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		s.entries = (unsigned)sqlite3_column_int64(st, 0);
		s.waiting = (unsigned)sqlite3_column_int64(st, 1);
		s.attention = (unsigned)sqlite3_column_int64(st, 2);
		s.oldest_ms = sqlite3_column_int64(st, 3);
		*out = s;
	}
	rc = rc == SQLITE_ROW ? 0 : sql_err(rc);
	sqlite3_finalize(st);
	return rc;
}

const char *outbox_state_name(enum outbox_state s)
{
	switch (s) {
	case OUTBOX_PENDING:
		return "pending";
	case OUTBOX_SENDING:
		return "sending";
	case OUTBOX_LOOKUP:
		return "lookup";
	case OUTBOX_TOKEN:
		return "token";
	case OUTBOX_UNCONFIRMED:
		return "unconfirmed";
	case OUTBOX_REJECTED:
		return "rejected";
	case OUTBOX_DELIVERED:
		return "delivered";
	}
	return "unknown";
}

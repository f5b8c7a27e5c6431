/* SQLite storage with group commit. See db.h. */
#include "central/db.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "firmware/core/calendar.h"
#include "firmware/core/reference.h"

#define POOL_MAX        24
#define BATCH_MAX       256
#define BUSY_TIMEOUT_MS 10000
#define EWMA_ALPHA      0.3

static const char schema[] =
    "CREATE TABLE IF NOT EXISTS requests("
    " id TEXT PRIMARY KEY, token TEXT NOT NULL UNIQUE, idem_key TEXT UNIQUE, idem_hash TEXT,"
    " service_code TEXT NOT NULL, status TEXT NOT NULL DEFAULT 'open',"
    " status_notes TEXT NOT NULL DEFAULT '', agency TEXT NOT NULL DEFAULT '',"
    " service_notice TEXT NOT NULL DEFAULT '', description TEXT, first_name TEXT,"
    " last_name TEXT, email TEXT, phone TEXT, address_string TEXT, address TEXT, lat REAL,"
    " lon REAL, device_id TEXT, lang TEXT, client_request_id TEXT, attributes TEXT,"
    " requested INTEGER NOT NULL, updated INTEGER NOT NULL, expected INTEGER NOT NULL);"
    "CREATE INDEX IF NOT EXISTS requests_by_time ON requests(requested);"
    "CREATE TABLE IF NOT EXISTS tickets("
    " id INTEGER PRIMARY KEY, day TEXT NOT NULL, service TEXT NOT NULL, number INTEGER NOT NULL,"
    " label TEXT NOT NULL, priority INTEGER NOT NULL, lang TEXT NOT NULL,"
    " state TEXT NOT NULL DEFAULT 'waiting', counter TEXT, idem_key TEXT UNIQUE, idem_hash TEXT,"
    " issued INTEGER NOT NULL, called INTEGER, done INTEGER, UNIQUE(day, label));"
    "CREATE INDEX IF NOT EXISTS tickets_queue ON tickets(day, service, state, priority, id);"
    "CREATE INDEX IF NOT EXISTS tickets_issued ON tickets(service, issued);"
    "CREATE TABLE IF NOT EXISTS queue_stats(service TEXT PRIMARY KEY, ewma_s REAL NOT NULL,"
    " samples INTEGER NOT NULL);"
    "CREATE TABLE IF NOT EXISTS notices(id INTEGER PRIMARY KEY, severity TEXT NOT NULL,"
    " reason_fr TEXT NOT NULL, reason_en TEXT NOT NULL, alt_fr TEXT NOT NULL, alt_en TEXT NOT NULL,"
    " until INTEGER, site TEXT NOT NULL DEFAULT '', created INTEGER NOT NULL,"
    " cleared INTEGER NOT NULL DEFAULT 0);"
    "CREATE TABLE IF NOT EXISTS kiosks(kiosk TEXT PRIMARY KEY, version TEXT NOT NULL,"
    " uptime_s INTEGER NOT NULL, outbox_pending INTEGER NOT NULL,"
    " outbox_oldest_s INTEGER NOT NULL, checks TEXT NOT NULL, last_seen INTEGER NOT NULL,"
    " assistance_calls INTEGER NOT NULL DEFAULT 0, last_assistance INTEGER);"
    "CREATE TABLE IF NOT EXISTS feedback(id INTEGER PRIMARY KEY, idem_key TEXT UNIQUE,"
    " idem_hash TEXT,"
    " task TEXT NOT NULL, rating INTEGER NOT NULL, comment TEXT NOT NULL, lang TEXT NOT NULL,"
    " created INTEGER NOT NULL);";

/* Every statement, prepared once per connection on first use. */
enum st {
	ST_REQ_BY_IDEM,
	ST_REQ_INSERT,
	ST_REQ_BY_ID,
	ST_REQ_BY_TOKEN,
	ST_REQ_SET_STATUS,
	ST_TKT_BY_IDEM,
	ST_TKT_MAX,
	ST_TKT_INSERT,
	ST_TKT_BY_ID,
	ST_TKT_BY_LABEL,
	ST_TKT_AHEAD_PRIO,
	ST_TKT_AHEAD,
	ST_TKT_LOAD,
	ST_TKT_COUNTERS,
	ST_STATS_GET,
	ST_STATS_PUT,
	ST_TKT_CALLED_AT,
	ST_TKT_NEXT,
	ST_TKT_SET_CALLED,
	ST_TKT_SET_DONE,
	ST_TKT_ISSUED_SINCE,
	ST_NOTICE_ADD,
	ST_HEARTBEAT,
	ST_FB_BY_IDEM,
	ST_FB_INSERT,
	ST_REQ_IDEM_HASH,
	ST_TKT_IDEM_HASH,
	ST_FB_IDEM_HASH,
	ST_COUNT
};

#define REQ_COLS                                                                                   \
	"id, token, service_code, status, status_notes, agency, service_notice,"                   \
	" COALESCE(address, address_string, ''), COALESCE(device_id, ''),"                         \
	" COALESCE(client_request_id, ''), requested, updated, expected"
#define TKT_COLS                                                                                   \
	"id, label, service, day, number, priority, lang, state, COALESCE(counter, ''), "          \
	"issued, COALESCE(called, 0), COALESCE(done, 0)"

static const char *const sql[ST_COUNT] = {
    [ST_REQ_BY_IDEM] = "SELECT " REQ_COLS " FROM requests WHERE idem_key = ?1",
    [ST_REQ_INSERT] =
        "INSERT INTO requests(id, token, idem_key, service_code, service_notice, agency,"
        " description, first_name, last_name, email, phone, address_string, address, lat, lon,"
        " device_id, lang, client_request_id, attributes, requested, updated, expected,"
        " idem_hash) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19,"
        "?20,?20,?21,?22)",
    [ST_REQ_BY_ID] = "SELECT " REQ_COLS " FROM requests WHERE id = ?1",
    [ST_REQ_BY_TOKEN] = "SELECT " REQ_COLS " FROM requests WHERE token = ?1",
    [ST_REQ_SET_STATUS] =
        "UPDATE requests SET status = ?2, status_notes = COALESCE(?3,"
        " status_notes), agency = COALESCE(?4, agency), updated = ?5 WHERE id = ?1",
    [ST_TKT_BY_IDEM] = "SELECT " TKT_COLS " FROM tickets WHERE idem_key = ?1",
    [ST_TKT_MAX] = "SELECT COALESCE(MAX(number), 0) FROM tickets WHERE day = ?1 AND service = ?2",
    [ST_TKT_INSERT] = "INSERT INTO tickets(day, service, number, label, priority, lang,"
                      " idem_key, issued, idem_hash) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9)",
    [ST_TKT_BY_ID] = "SELECT " TKT_COLS " FROM tickets WHERE id = ?1",
    [ST_TKT_BY_LABEL] = "SELECT " TKT_COLS " FROM tickets WHERE day = ?1 AND label = ?2",
    [ST_TKT_AHEAD_PRIO] = "SELECT COUNT(*) FROM tickets WHERE day = ?1 AND service = ?2 AND"
                          " state = 'waiting' AND priority = 1 AND id < ?3",
    [ST_TKT_AHEAD] = "SELECT COUNT(*) FROM tickets WHERE day = ?1 AND service = ?2 AND"
                     " state = 'waiting' AND id != ?3 AND (priority = 1 OR id < ?3)",
    [ST_TKT_LOAD] = "SELECT COUNT(*), COALESCE(SUM(priority), 0) FROM tickets WHERE day = ?1"
                    " AND service = ?2 AND state = 'waiting'",
    [ST_TKT_COUNTERS] = "SELECT COUNT(DISTINCT counter) FROM tickets WHERE day = ?1 AND"
                        " service = ?2 AND called >= ?3",
    [ST_STATS_GET] = "SELECT ewma_s FROM queue_stats WHERE service = ?1",
    [ST_STATS_PUT] = "INSERT INTO queue_stats(service, ewma_s, samples) VALUES(?1, ?2, 1)"
                     " ON CONFLICT(service) DO UPDATE SET ewma_s = ?3 * ?4 + (1 - ?3) * ewma_s,"
                     " samples = samples + 1",
    [ST_TKT_CALLED_AT] = "SELECT " TKT_COLS " FROM tickets WHERE day = ?1 AND service = ?2 AND"
                         " counter = ?3 AND state = 'called'",
    [ST_TKT_NEXT] = "SELECT id FROM tickets WHERE day = ?1 AND service = ?2 AND"
                    " state = 'waiting' ORDER BY priority DESC, id LIMIT 1",
    [ST_TKT_SET_CALLED] =
        "UPDATE tickets SET state = 'called', counter = ?2, called = ?3 WHERE id = ?1",
    [ST_TKT_SET_DONE] = "UPDATE tickets SET state = ?2, done = ?3 WHERE id = ?1",
    [ST_TKT_ISSUED_SINCE] =
        "SELECT issued FROM tickets WHERE service = ?1 AND issued >= ?2 LIMIT 50000",
    [ST_NOTICE_ADD] = "INSERT INTO notices(severity, reason_fr, reason_en, alt_fr, alt_en, until,"
                      " site, created) VALUES(?1,?2,?3,?4,?5,?6,?7,?8)",
    [ST_HEARTBEAT] =
        "INSERT INTO kiosks(kiosk, version, uptime_s, outbox_pending, outbox_oldest_s, checks,"
        " last_seen, assistance_calls, last_assistance)"
        " VALUES(?1,?2,?3,?4,?5,?6,?7,?8,CASE WHEN ?8 > 0 THEN ?7 END)"
        " ON CONFLICT(kiosk) DO UPDATE SET"
        " version = ?2, uptime_s = ?3, outbox_pending = ?4, outbox_oldest_s = ?5, checks = ?6,"
        " last_seen = ?7, assistance_calls = assistance_calls + ?8,"
        " last_assistance = CASE WHEN ?8 > 0 THEN ?7 ELSE last_assistance END",
    [ST_FB_BY_IDEM] = "SELECT id FROM feedback WHERE idem_key = ?1",
    [ST_FB_INSERT] = "INSERT INTO feedback(idem_key, task, rating, comment, lang, created,"
                     " idem_hash) VALUES(?1,?2,?3,?4,?5,?6,?7)",
    [ST_REQ_IDEM_HASH] = "SELECT idem_hash FROM requests WHERE idem_key = ?1",
    [ST_TKT_IDEM_HASH] = "SELECT idem_hash FROM tickets WHERE idem_key = ?1",
    [ST_FB_IDEM_HASH] = "SELECT idem_hash FROM feedback WHERE idem_key = ?1",
};

struct conn {
	sqlite3 *db;
	sqlite3_stmt *st[ST_COUNT];
	bool busy;
};

struct job {
	int (*fn)(struct conn *c, void *arg);
	void *arg;
	int rc;
	bool done;
	struct job *next;
};

struct central_db {
	char *path;
	pthread_mutex_t pool_lock;
	pthread_cond_t pool_cv;
	int pool_count;
	struct conn *pool[POOL_MAX];

	/* Direct writes (no group commit) serialise on this lock and this connection. */
	pthread_mutex_t write_lock;
	struct conn *writer;

	bool group;
	bool stopping;
	int wal_pages; /* writer thread only: WAL size after the last commit */
	pthread_t thread;
	pthread_mutex_t q_lock;
	pthread_cond_t q_cv;    /* jobs queued */
	pthread_cond_t done_cv; /* a batch finished */
	struct job *head, *tail;
};

static int conn_open(const char *path, struct conn **out)
{
	struct conn *c = calloc(1, sizeof *c);
	if (!c)
		return -ENOMEM;
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
	if (sqlite3_open_v2(path, &c->db, flags, NULL) != SQLITE_OK)
		goto fail_close;
	sqlite3_busy_timeout(c->db, BUSY_TIMEOUT_MS);
	/* WAL lets look-ups run while a write commits; FULL syncs the WAL at every commit so an
	 * acknowledged write survives a power cut. */
	if (sqlite3_exec(
	        c->db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;",
	        NULL, NULL, NULL) != SQLITE_OK)
		goto fail_close;
	*out = c;
	return 0;

fail_close:
	sqlite3_close(c->db);
	free(c);
	return -EIO;
}

static void conn_close(struct conn *c)
{
	if (!c)
		return;
	for (int i = 0; i < ST_COUNT; i++)
		sqlite3_finalize(c->st[i]);
	sqlite3_close(c->db);
	free(c);
}

/* The prepared statement, reset and unbound; NULL when it cannot be prepared. */
static sqlite3_stmt *stmt(struct conn *c, enum st which)
{
	if (!c->st[which]) {
		if (sqlite3_prepare_v3(c->db, sql[which], -1, SQLITE_PREPARE_PERSISTENT,
		                       &c->st[which], NULL) != SQLITE_OK)
			return NULL;
	}
	sqlite3_reset(c->st[which]);
	sqlite3_clear_bindings(c->st[which]);
	return c->st[which];
}

static void bind_text(sqlite3_stmt *s, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(s, i, v, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(s, i);
}

static void col_copy(sqlite3_stmt *s, int i, char *dst, size_t cap)
{
	const unsigned char *t = sqlite3_column_text(s, i);
	size_t n = t ? (size_t)sqlite3_column_bytes(s, i) : 0;
	if (n >= cap)
		n = cap - 1;
	if (n)
		memcpy(dst, t, n);
	dst[n] = '\0';
}

/* ---- reading rows ---- */

/* Reads one row of a statement into arg. Returns 0 to go on, > 0 to stop (a success), or a
 * negative errno code to fail. */
typedef int (*row_fn)(sqlite3_stmt *s, void *arg);

/* The one loop over a statement's rows: calls fn (NULL: none) for each row, for at most max rows
 * (0: all), until fn stops it; then resets s. Returns how many rows fn was given (>= 0), or a
 * negative errno code: fn's, or -EIO when a step failed. */
static int rows_each(sqlite3_stmt *s, row_fn fn, void *arg, int max)
{
	int n = 0, rc = 0, step = SQLITE_DONE;
	while ((max == 0 || n < max) && (step = sqlite3_step(s)) == SQLITE_ROW) {
		n++;
		rc = fn ? fn(s, arg) : 0;
		if (rc != 0)
			break;
	}
	sqlite3_reset(s);
	if (rc < 0)
		return rc;
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		return -EIO;
	return n;
}

/* The first row only. Returns 0 (fn read it), -ENOENT (no row), or a negative errno code. */
static int row_one(sqlite3_stmt *s, row_fn fn, void *arg)
{
	int n = rows_each(s, fn, arg, 1);
	return n < 0 ? n : n == 0 ? -ENOENT : 0;
}

static int read_int64(sqlite3_stmt *s, void *arg)
{
	*(int64_t *)arg = sqlite3_column_int64(s, 0);
	return 0;
}

static int read_double(sqlite3_stmt *s, void *arg)
{
	*(double *)arg = sqlite3_column_double(s, 0);
	return 0;
}

/* ---- connections ---- */

static struct conn *conn_acquire(central_db_t *db)
{
	struct conn *c = NULL;
	pthread_mutex_lock(&db->pool_lock);
	for (;;) {
		for (int i = 0; i < db->pool_count; i++) {
			if (!db->pool[i]->busy) {
				c = db->pool[i];
				break;
			}
		}
		if (c)
			break;
		if (db->pool_count < POOL_MAX) {
			if (conn_open(db->path, &c) == 0) {
				db->pool[db->pool_count++] = c;
				break;
			}
			c = NULL;
			if (db->pool_count == 0)
				break;
		}
		pthread_cond_wait(&db->pool_cv, &db->pool_lock);
	}
	if (c)
		c->busy = true;
	pthread_mutex_unlock(&db->pool_lock);
	return c;
}

static void conn_release(central_db_t *db, struct conn *c)
{
	pthread_mutex_lock(&db->pool_lock);
	c->busy = false;
	pthread_cond_signal(&db->pool_cv);
	pthread_mutex_unlock(&db->pool_lock);
}

static int exec(struct conn *c, const char *s)
{
	return sqlite3_exec(c->db, s, NULL, NULL, NULL) == SQLITE_OK ? 0 : -EIO;
}

/* ---- writes ---- */

/* One transaction around fn, on the caller's thread. */
static int write_direct(central_db_t *db, int (*fn)(struct conn *, void *), void *arg)
{
	pthread_mutex_lock(&db->write_lock);
	int rc = exec(db->writer, "BEGIN IMMEDIATE");
	if (rc == 0) {
		rc = fn(db->writer, arg);
		if (rc < 0)
			exec(db->writer, "ROLLBACK");
		else if (exec(db->writer, "COMMIT") != 0) {
			exec(db->writer, "ROLLBACK");
			rc = -EIO;
		}
	}
	pthread_mutex_unlock(&db->write_lock);
	return rc;
}

/* Writer thread: takes every queued job, runs each in a savepoint of one transaction, commits
 * once (one fsync for the batch), and only then tells the waiting threads. */
static void *writer_main(void *arg)
{
	central_db_t *db = arg;
	struct conn *c = db->writer;
	for (;;) {
		pthread_mutex_lock(&db->q_lock);
		while (!db->head && !db->stopping)
			pthread_cond_wait(&db->q_cv, &db->q_lock);
		if (!db->head && db->stopping) {
			pthread_mutex_unlock(&db->q_lock);
			break;
		}
		struct job *batch = db->head, *last = db->head;
		int n = 1;
		while (last->next && n < BATCH_MAX) {
			last = last->next;
			n++;
		}
		db->head = last->next;
		if (!db->head)
			db->tail = NULL;
		last->next = NULL;
		pthread_mutex_unlock(&db->q_lock);

		int trc = exec(c, "BEGIN IMMEDIATE");
		for (struct job *j = batch; j; j = j->next) {
			if (trc != 0) {
				j->rc = -EIO;
				continue;
			}
			if (exec(c, "SAVEPOINT job") != 0) {
				j->rc = -EIO;
				continue;
			}
			j->rc = j->fn(c, j->arg);
			if (j->rc < 0)
				exec(c, "ROLLBACK TO job");
			exec(c, "RELEASE job");
		}
		if (trc == 0 && exec(c, "COMMIT") != 0) {
			exec(c, "ROLLBACK");
			for (struct job *j = batch; j; j = j->next)
				if (j->rc >= 0)
					j->rc = -EIO;
		}
		pthread_mutex_lock(&db->q_lock);
		for (struct job *j = batch, *next; j; j = next) {
			next = j->next;
			j->done = true;
		}
		pthread_cond_broadcast(&db->done_cv);
		pthread_mutex_unlock(&db->q_lock);
		/* Checkpoint after the waiting threads were answered, not inside their commit. */
		if (db->wal_pages >= 1000) {
			sqlite3_wal_checkpoint_v2(c->db, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL,
			                          NULL);
			db->wal_pages = 0;
		}
	}
	return NULL;
}

static int wal_hook(void *arg, sqlite3 *handle, const char *name, int pages)
{
	central_db_t *db = arg;
	(void)handle;
	(void)name;
	db->wal_pages = pages;
	return SQLITE_OK;
}

static int db_write(central_db_t *db, int (*fn)(struct conn *, void *), void *arg)
{
	if (!db->group)
		return write_direct(db, fn, arg);
	struct job j = {.fn = fn, .arg = arg};
	pthread_mutex_lock(&db->q_lock);
	if (db->stopping) {
		pthread_mutex_unlock(&db->q_lock);
		return -ESHUTDOWN;
	}
	/* The job lives on this stack until the writer marks it done below. */
	if (db->tail)
		db->tail->next = &j;
	else
		db->head = &j; /* cppcheck-suppress autoVariables */
	db->tail = &j;         /* cppcheck-suppress autoVariables */
	pthread_cond_signal(&db->q_cv);
	while (!j.done)
		pthread_cond_wait(&db->done_cv, &db->q_lock);
	pthread_mutex_unlock(&db->q_lock);
	return j.rc;
}

/* The database holds personal data: only its owner may read it. The file is made 0600 before
 * SQLite opens it (SQLite gives the -wal and -shm files the mode of the database); a file made
 * by an older version is tightened, with its -wal and -shm. */
static int db_protect(const char *path)
{
	static const char *const suffix[] = {"", "-wal", "-shm"};
	char p[4096];
	int fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd >= 0) {
		close(fd);
		return 0;
	}
	if (errno != EEXIST)
		return -EIO;
	for (size_t i = 0; i < sizeof suffix / sizeof suffix[0]; i++) {
		struct stat st;
		if ((size_t)snprintf(p, sizeof p, "%s%s", path, suffix[i]) >= sizeof p)
			return -ENAMETOOLONG;
		if (stat(p, &st) == 0 && (st.st_mode & 077) && chmod(p, st.st_mode & 0700) != 0)
			return -EIO;
	}
	return 0;
}

int central_db_open(const char *path, bool group_commit, central_db_t **out)
{
	central_db_t *db = calloc(1, sizeof *db);
	int rc;
	if (!db)
		return -ENOMEM;
	db->path = strdup(path);
	if (!db->path) {
		rc = -ENOMEM;
		goto fail_free_db;
	}
	rc = db_protect(path);
	if (rc)
		goto fail_free_path_only;
	pthread_mutex_init(&db->pool_lock, NULL);
	pthread_cond_init(&db->pool_cv, NULL);
	pthread_mutex_init(&db->write_lock, NULL);
	pthread_mutex_init(&db->q_lock, NULL);
	pthread_cond_init(&db->q_cv, NULL);
	pthread_cond_init(&db->done_cv, NULL);
	rc = conn_open(path, &db->writer);
	if (rc)
		goto fail_free_path;
	if (exec(db->writer, schema) != 0) {
		rc = -EIO;
		goto fail_close_writer;
	}
	/* Databases made before kiosks reported staff calls: add the columns (an error here
	 * only means they are there already). */
	sqlite3_exec(db->writer->db,
	             "ALTER TABLE kiosks ADD COLUMN assistance_calls INTEGER NOT NULL DEFAULT 0",
	             NULL, NULL, NULL);
	sqlite3_exec(db->writer->db, "ALTER TABLE kiosks ADD COLUMN last_assistance INTEGER", NULL,
	             NULL, NULL);
	/* ... and before a reused Idempotency-Key was compared with its first request. */
	static const char *const add_hash[] = {"ALTER TABLE requests ADD COLUMN idem_hash TEXT",
	                                       "ALTER TABLE tickets ADD COLUMN idem_hash TEXT",
	                                       "ALTER TABLE feedback ADD COLUMN idem_hash TEXT"};
	for (size_t i = 0; i < sizeof add_hash / sizeof add_hash[0]; i++)
		sqlite3_exec(db->writer->db, add_hash[i], NULL, NULL, NULL);
	db->group = group_commit;
	if (group_commit) {
		/* The writer thread checkpoints itself (see writer_main). */
		sqlite3_wal_hook(db->writer->db, wal_hook, db);
	}
	if (group_commit && pthread_create(&db->thread, NULL, writer_main, db) != 0) {
		rc = -ENOMEM;
		goto fail_close_writer;
	}
	*out = db;
	return 0;

fail_close_writer:
	conn_close(db->writer);
fail_free_path:
	pthread_mutex_destroy(&db->pool_lock);
	pthread_cond_destroy(&db->pool_cv);
	pthread_mutex_destroy(&db->write_lock);
	pthread_mutex_destroy(&db->q_lock);
	pthread_cond_destroy(&db->q_cv);
	pthread_cond_destroy(&db->done_cv);
fail_free_path_only:
	free(db->path);
fail_free_db:
	free(db);
	return rc;
}

void central_db_close(central_db_t *db)
{
	if (!db)
		return;
	if (db->group) {
		pthread_mutex_lock(&db->q_lock);
		db->stopping = true;
		pthread_cond_signal(&db->q_cv);
		pthread_mutex_unlock(&db->q_lock);
		pthread_join(db->thread, NULL);
	}
	for (int i = 0; i < db->pool_count; i++)
		conn_close(db->pool[i]);
	conn_close(db->writer);
	pthread_mutex_destroy(&db->pool_lock);
	pthread_cond_destroy(&db->pool_cv);
	pthread_mutex_destroy(&db->write_lock);
	pthread_mutex_destroy(&db->q_lock);
	pthread_cond_destroy(&db->q_cv);
	pthread_cond_destroy(&db->done_cv);
	free(db->path);
	free(db);
}

/* ---- idempotency ---- */

struct idem_cmp {
	const char *hash;
	bool differs;
};

static int idem_differs(sqlite3_stmt *s, void *arg)
{
	struct idem_cmp *c = arg;
	const unsigned char *stored = sqlite3_column_text(s, 0);
	c->differs = stored && strcmp((const char *)stored, c->hash) != 0;
	return 0;
}

/* A key seen before must come with the same request: -EEXIST when the stored fingerprint
 * differs from hash. No row, no hash given, or a row stored without one (older versions): 0. */
static int idem_same(struct conn *c, enum st which, const char *key, const char *hash)
{
	if (!key || !hash)
		return 0;
	sqlite3_stmt *s = stmt(c, which);
	if (!s)
		return -EIO;
	bind_text(s, 1, key);
	struct idem_cmp cmp = {hash, false};
	int rc = row_one(s, idem_differs, &cmp);
	if (rc < 0 && rc != -ENOENT)
		return rc;
	return cmp.differs ? -EEXIST : 0;
}

/* ---- requests ---- */

static int read_request(sqlite3_stmt *s, void *arg)
{
	struct central_request_row *r = arg;
	memset(r, 0, sizeof *r);
	col_copy(s, 0, r->id, sizeof r->id);
	col_copy(s, 1, r->token, sizeof r->token);
	col_copy(s, 2, r->service_code, sizeof r->service_code);
	col_copy(s, 3, r->status, sizeof r->status);
	col_copy(s, 4, r->status_notes, sizeof r->status_notes);
	col_copy(s, 5, r->agency, sizeof r->agency);
	col_copy(s, 6, r->service_notice, sizeof r->service_notice);
	col_copy(s, 7, r->address, sizeof r->address);
	col_copy(s, 8, r->device_id, sizeof r->device_id);
	col_copy(s, 9, r->client_request_id, sizeof r->client_request_id);
	r->requested = sqlite3_column_int64(s, 10);
	r->updated = sqlite3_column_int64(s, 11);
	r->expected = sqlite3_column_int64(s, 12);
	return 0;
}

/* One-row look-up by a text key. */
static int request_lookup(struct conn *c, enum st which, const char *key,
                          struct central_request_row *out)
{
	sqlite3_stmt *s = stmt(c, which);
	if (!s)
		return -EIO;
	bind_text(s, 1, key);
	return row_one(s, read_request, out);
}

static int random_bytes(void *buf, size_t n)
{
	size_t got = 0;
	while (got < n) {
		ssize_t r = getrandom((char *)buf + got, n - got, 0);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			return -EIO;
		}
		got += (size_t)r;
	}
	return 0;
}

struct create_job {
	const struct central_request_new *in;
	struct central_request_row *out;
	bool replayed;
};

static int create_fn(struct conn *c, void *arg)
{
	struct create_job *j = arg;
	const struct central_request_new *r = j->in;
	const struct central_submission *sub = r->sub;
	if (r->idem_key) {
		int rc = idem_same(c, ST_REQ_IDEM_HASH, r->idem_key, r->idem_hash);
		if (rc)
			return rc;
		rc = request_lookup(c, ST_REQ_BY_IDEM, r->idem_key, j->out);
		if (rc == 0) {
			j->replayed = true;
			return 0;
		}
		if (rc != -ENOENT)
			return rc;
	}
	for (int attempt = 0; attempt < 16; attempt++) {
		uint32_t rnd[5];
		char nine[10], id[REFERENCE_BUF], token[33];
		if (random_bytes(rnd, sizeof rnd) != 0)
			return -EIO;
		snprintf(nine, sizeof nine, "%09u", (unsigned)(100000000u + rnd[0] % 900000000u));
		reference_make(nine, id);
		snprintf(token, sizeof token, "%08x%08x%08x%08x", (unsigned)rnd[1],
		         (unsigned)rnd[2], (unsigned)rnd[3], (unsigned)rnd[4]);
		sqlite3_stmt *s = stmt(c, ST_REQ_INSERT);
		if (!s)
			return -EIO;
		bind_text(s, 1, id);
		bind_text(s, 2, token);
		bind_text(s, 3, r->idem_key);
		bind_text(s, 4, sub->service_code);
		bind_text(s, 5, r->service_notice ? r->service_notice : "");
		bind_text(s, 6, r->agency ? r->agency : "");
		bind_text(s, 7, sub->description);
		bind_text(s, 8, sub->first_name);
		bind_text(s, 9, sub->last_name);
		bind_text(s, 10, sub->email);
		bind_text(s, 11, sub->phone);
		bind_text(s, 12, sub->address_string);
		bind_text(s, 13, sub->address);
		if (sub->has_location) {
			sqlite3_bind_double(s, 14, sub->lat);
			sqlite3_bind_double(s, 15, sub->lon);
		}
		bind_text(s, 16, sub->device_id);
		bind_text(s, 17, sub->lang);
		bind_text(s, 18, sub->client_request_id);
		bind_text(s, 19, r->attributes_json);
		sqlite3_bind_int64(s, 20, r->now);
		sqlite3_bind_int64(s, 21, r->expected);
		bind_text(s, 22, r->idem_key ? r->idem_hash : NULL);
		int rc = sqlite3_step(s);
		sqlite3_reset(s);
		if (rc == SQLITE_DONE)
			return request_lookup(c, ST_REQ_BY_ID, id, j->out);
		/* A clash of the random reference: draw again. */
		if ((rc & 0xFF) != SQLITE_CONSTRAINT)
			return -EIO;
	}
	return -EIO;
}

int central_db_request_create(central_db_t *db, const struct central_request_new *r,
                              struct central_request_row *out, bool *replayed)
{
	struct central_request_row row;
	memset(&row, 0, sizeof row);
	struct create_job j = {.in = r, .out = &row};
	int rc = db_write(db, create_fn, &j);
	if (rc < 0)
		return rc;
	*out = row;
	if (replayed)
		*replayed = j.replayed;
	return 0;
}

static int read_one(central_db_t *db, enum st which, const char *key,
                    struct central_request_row *out)
{
	struct central_request_row row;
	struct conn *c = conn_acquire(db);
	if (!c)
		return -EIO;
	int rc = request_lookup(c, which, key, &row);
	conn_release(db, c);
	if (rc == 0)
		*out = row;
	return rc;
}

int central_db_request_get(central_db_t *db, const char *id, struct central_request_row *out)
{
	return read_one(db, ST_REQ_BY_ID, id, out);
}

int central_db_request_by_token(central_db_t *db, const char *token,
                                struct central_request_row *out)
{
	return read_one(db, ST_REQ_BY_TOKEN, token, out);
}

struct request_visit {
	int (*cb)(const struct central_request_row *row, void *arg);
	void *arg;
	struct central_request_row row;
};

static int visit_request(sqlite3_stmt *s, void *arg)
{
	struct request_visit *v = arg;
	read_request(s, &v->row);
	return v->cb(&v->row, v->arg) ? 1 : 0;
}

int central_db_request_list(central_db_t *db, const struct central_request_filter *f,
                            int (*cb)(const struct central_request_row *row, void *arg), void *arg)
{
	/* Fixed text with optional filters: NULL parameters match everything. */
	static const char q[] =
	    "SELECT " REQ_COLS " FROM requests WHERE (?1 IS NULL OR service_code = ?1) AND"
	    " (?2 IS NULL OR status = ?2) AND (?3 IS NULL OR device_id = ?3) AND"
	    " (?4 IS NULL OR client_request_id = ?4) AND (?5 IS NULL OR requested >= ?5) AND"
	    " (?6 IS NULL OR requested <= ?6) ORDER BY requested DESC, rowid DESC LIMIT ?7";
	struct request_visit v = {.cb = cb, .arg = arg};
	sqlite3_stmt *s = NULL;
	int rc = 0;
	struct conn *c = conn_acquire(db);
	if (!c)
		return -EIO;
	if (sqlite3_prepare_v2(c->db, q, -1, &s, NULL) != SQLITE_OK) {
		rc = -EIO;
		goto out_release;
	}
	bind_text(s, 1, f->service_code);
	bind_text(s, 2, f->status);
	bind_text(s, 3, f->device_id);
	bind_text(s, 4, f->client_request_id);
	if (f->has_start)
		sqlite3_bind_int64(s, 5, f->start);
	if (f->has_end)
		sqlite3_bind_int64(s, 6, f->end);
	sqlite3_bind_int(s, 7, f->limit > 0 && f->limit <= 1000 ? f->limit : 200);
	rc = rows_each(s, visit_request, &v, 0);
	if (rc > 0)
		rc = 0;
	sqlite3_finalize(s);
out_release:
	conn_release(db, c);
	return rc;
}

struct status_job {
	const char *id, *status, *notes, *agency;
	int64_t now;
};

static int status_fn(struct conn *c, void *arg)
{
	struct status_job *j = arg;
	sqlite3_stmt *s = stmt(c, ST_REQ_SET_STATUS);
	if (!s)
		return -EIO;
	bind_text(s, 1, j->id);
	bind_text(s, 2, j->status);
	bind_text(s, 3, j->notes);
	bind_text(s, 4, j->agency);
	sqlite3_bind_int64(s, 5, j->now);
	int rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return -EIO;
	return sqlite3_changes(c->db) == 1 ? 0 : -ENOENT;
}

int central_db_request_set_status(central_db_t *db, const char *id, const char *status,
                                  const char *notes, const char *agency, int64_t now)
{
	struct status_job j = {id, status, notes, agency, now};
	return db_write(db, status_fn, &j);
}

/* ---- tickets ---- */

static void read_ticket(sqlite3_stmt *s, struct central_ticket_row *t, int64_t *rowid)
{
	memset(t, 0, sizeof *t);
	*rowid = sqlite3_column_int64(s, 0);
	col_copy(s, 1, t->label, sizeof t->label);
	col_copy(s, 2, t->service, sizeof t->service);
	col_copy(s, 3, t->day, sizeof t->day);
	t->number = sqlite3_column_int(s, 4);
	t->priority = sqlite3_column_int(s, 5) != 0;
	col_copy(s, 6, t->lang, sizeof t->lang);
	col_copy(s, 7, t->state, sizeof t->state);
	col_copy(s, 8, t->counter, sizeof t->counter);
	t->issued = sqlite3_column_int64(s, 9);
	t->called = sqlite3_column_int64(s, 10);
	t->done = sqlite3_column_int64(s, 11);
}

/* A ticket row with its rowid (read_ticket as a row_fn). */
struct ticket_read {
	struct central_ticket_row *t;
	int64_t id;
};

static int ticket_row(sqlite3_stmt *s, void *arg)
{
	struct ticket_read *r = arg;
	read_ticket(s, r->t, &r->id);
	return 0;
}

/* Fills t->ahead: waiting priority tickets issued before a priority ticket; every waiting
 * priority ticket and the older ordinary ones before an ordinary ticket. */
static int ticket_ahead(struct conn *c, struct central_ticket_row *t, int64_t rowid)
{
	t->ahead = 0;
	if (strcmp(t->state, "waiting") != 0)
		return 0;
	sqlite3_stmt *s = stmt(c, t->priority ? ST_TKT_AHEAD_PRIO : ST_TKT_AHEAD);
	if (!s)
		return -EIO;
	bind_text(s, 1, t->day);
	bind_text(s, 2, t->service);
	sqlite3_bind_int64(s, 3, rowid);
	return row_one(s, read_int64, &t->ahead) == 0 ? 0 : -EIO;
}

/* A ticket by rowid or by (day, label), with its position. */
static int ticket_load(struct conn *c, enum st which, int64_t rowid, const char *day,
                       const char *label, struct central_ticket_row *out, int64_t *rowid_out)
{
	sqlite3_stmt *s = stmt(c, which);
	int64_t id = 0;
	if (!s)
		return -EIO;
	if (which == ST_TKT_BY_ID) {
		sqlite3_bind_int64(s, 1, rowid);
	} else if (which == ST_TKT_BY_IDEM) {
		bind_text(s, 1, label);
	} else {
		bind_text(s, 1, day);
		bind_text(s, 2, label);
	}
	struct ticket_read r = {out, 0};
	int rc = row_one(s, ticket_row, &r);
	if (rc)
		return rc;
	id = r.id;
	if (rowid_out)
		*rowid_out = id;
	return ticket_ahead(c, out, id);
}

struct take_job {
	const char *service, *lang, *idem, *idem_hash, *day;
	bool priority;
	int64_t now;
	struct central_ticket_row out;
	bool replayed;
};

static int take_fn(struct conn *c, void *arg)
{
	struct take_job *j = arg;
	if (j->idem) {
		int rc = idem_same(c, ST_TKT_IDEM_HASH, j->idem, j->idem_hash);
		if (rc)
			return rc;
		rc = ticket_load(c, ST_TKT_BY_IDEM, 0, NULL, j->idem, &j->out, NULL);
		if (rc == 0) {
			j->replayed = true;
			return 0;
		}
		if (rc != -ENOENT)
			return rc;
	}
	sqlite3_stmt *s = stmt(c, ST_TKT_MAX);
	if (!s)
		return -EIO;
	bind_text(s, 1, j->day);
	bind_text(s, 2, j->service);
	int64_t max = 0;
	if (row_one(s, read_int64, &max) != 0)
		return -EIO;
	int number = (int)max + 1;
	int rc;
	if (number > 999)
		return -ENOSPC;
	char label[16];
	snprintf(label, sizeof label, "%.1s%03d", j->service, number % 1000);
	s = stmt(c, ST_TKT_INSERT);
	if (!s)
		return -EIO;
	bind_text(s, 1, j->day);
	bind_text(s, 2, j->service);
	sqlite3_bind_int(s, 3, number);
	bind_text(s, 4, label);
	sqlite3_bind_int(s, 5, j->priority ? 1 : 0);
	bind_text(s, 6, j->lang);
	bind_text(s, 7, j->idem);
	sqlite3_bind_int64(s, 8, j->now);
	bind_text(s, 9, j->idem ? j->idem_hash : NULL);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return -EIO;
	return ticket_load(c, ST_TKT_BY_ID, sqlite3_last_insert_rowid(c->db), NULL, NULL, &j->out,
	                   NULL);
}

int central_db_ticket_take(central_db_t *db, const char *service, bool priority, const char *lang,
                           const char *idem_key, const char *idem_hash, const char *day,
                           int64_t now, struct central_ticket_row *out, bool *replayed)
{
	struct take_job j = {.service = service,
	                     .lang = lang,
	                     .idem = idem_key,
	                     .idem_hash = idem_hash,
	                     .day = day,
	                     .priority = priority,
	                     .now = now};
	int rc = db_write(db, take_fn, &j);
	if (rc < 0)
		return rc;
	*out = j.out;
	if (replayed)
		*replayed = j.replayed;
	return 0;
}

int central_db_ticket_get(central_db_t *db, const char *day, const char *label,
                          struct central_ticket_row *out)
{
	struct central_ticket_row t;
	struct conn *c = conn_acquire(db);
	if (!c)
		return -EIO;
	int rc = ticket_load(c, ST_TKT_BY_LABEL, 0, day, label, &t, NULL);
	conn_release(db, c);
	if (rc == 0)
		*out = t;
	return rc;
}

static int stats_mean(struct conn *c, const char *service, double def, double *out)
{
	sqlite3_stmt *s = stmt(c, ST_STATS_GET);
	if (!s)
		return -EIO;
	bind_text(s, 1, service);
	double v = def;
	int rc = row_one(s, read_double, &v);
	*out = rc == 0 ? v : def;
	return (rc == 0 || rc == -ENOENT) ? 0 : -EIO;
}

static int read_load(sqlite3_stmt *s, void *arg)
{
	struct central_queue_load *l = arg;
	l->waiting = sqlite3_column_int64(s, 0);
	l->waiting_priority = sqlite3_column_int64(s, 1);
	return 0;
}

int central_db_queue_load(central_db_t *db, const char *service, const char *day, int64_t now,
                          double default_mean_s, struct central_queue_load *out)
{
	struct central_queue_load l;
	int rc = -EIO;
	memset(&l, 0, sizeof l);
	struct conn *c = conn_acquire(db);
	if (!c)
		return -EIO;
	sqlite3_stmt *s = stmt(c, ST_TKT_LOAD);
	if (!s)
		goto out_release;
	bind_text(s, 1, day);
	bind_text(s, 2, service);
	/* As before: a failed count reads as an empty queue. */
	(void)row_one(s, read_load, &l);
	s = stmt(c, ST_TKT_COUNTERS);
	if (!s)
		goto out_release;
	bind_text(s, 1, day);
	bind_text(s, 2, service);
	sqlite3_bind_int64(s, 3, now - 3600);
	int64_t active = 0;
	if (row_one(s, read_int64, &active) == 0)
		l.counters_active = (int)active;
	rc = stats_mean(c, service, default_mean_s, &l.mean_s);
out_release:
	conn_release(db, c);
	if (rc == 0)
		*out = l;
	return rc;
}

/* Marks a called ticket done; a served one updates the weighted mean of its service. */
static int finish_row(struct conn *c, int64_t rowid, const struct central_ticket_row *t,
                      bool served, int64_t now, double def)
{
	sqlite3_stmt *s = stmt(c, ST_TKT_SET_DONE);
	if (!s)
		return -EIO;
	sqlite3_bind_int64(s, 1, rowid);
	bind_text(s, 2, served ? "served" : "missed");
	sqlite3_bind_int64(s, 3, now);
	int rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return -EIO;
	if (!served)
		return 0;
	/* A forgotten "served" must not drag the mean to hours: bounded samples. */
	double d = (double)(now - t->called);
	if (d < 30)
		d = 30;
	if (d > 7200)
		d = 7200;
	s = stmt(c, ST_STATS_PUT);
	if (!s)
		return -EIO;
	bind_text(s, 1, t->service);
	sqlite3_bind_double(s, 2, EWMA_ALPHA * d + (1 - EWMA_ALPHA) * def);
	sqlite3_bind_double(s, 3, EWMA_ALPHA);
	sqlite3_bind_double(s, 4, d);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : -EIO;
}

struct call_job {
	const char *service, *counter, *day;
	int64_t now;
	double def;
	struct central_ticket_row out;
};

static int call_fn(struct conn *c, void *arg)
{
	struct call_job *j = arg;
	struct central_ticket_row prev;
	int64_t prev_id = 0;
	sqlite3_stmt *s = stmt(c, ST_TKT_CALLED_AT);
	if (!s)
		return -EIO;
	bind_text(s, 1, j->day);
	bind_text(s, 2, j->service);
	bind_text(s, 3, j->counter);
	struct ticket_read r = {&prev, 0};
	int rc = row_one(s, ticket_row, &r);
	if (rc && rc != -ENOENT)
		return -EIO;
	prev_id = r.id;
	if (prev_id && finish_row(c, prev_id, &prev, true, j->now, j->def) != 0)
		return -EIO;
	s = stmt(c, ST_TKT_NEXT);
	if (!s)
		return -EIO;
	bind_text(s, 1, j->day);
	bind_text(s, 2, j->service);
	int64_t id = 0;
	rc = row_one(s, read_int64, &id);
	if (rc == -ENOENT)
		return prev_id ? 1 : -ENOENT; /* keep the auto-served previous ticket */
	if (rc)
		return -EIO;
	s = stmt(c, ST_TKT_SET_CALLED);
	if (!s)
		return -EIO;
	sqlite3_bind_int64(s, 1, id);
	bind_text(s, 2, j->counter);
	sqlite3_bind_int64(s, 3, j->now);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return -EIO;
	return ticket_load(c, ST_TKT_BY_ID, id, NULL, NULL, &j->out, NULL);
}

int central_db_ticket_call_next(central_db_t *db, const char *service, const char *counter,
                                const char *day, int64_t now, double default_mean_s,
                                struct central_ticket_row *out)
{
	struct call_job j = {
	    .service = service, .counter = counter, .day = day, .now = now, .def = default_mean_s};
	int rc = db_write(db, call_fn, &j);
	if (rc < 0)
		return rc;
	if (rc == 1)
		return -ENOENT;
	*out = j.out;
	return 0;
}

struct finish_job {
	const char *day, *label;
	bool served;
	int64_t now;
	double def;
};

static int finish_fn(struct conn *c, void *arg)
{
	struct finish_job *j = arg;
	struct central_ticket_row t;
	int64_t id;
	int rc = ticket_load(c, ST_TKT_BY_LABEL, 0, j->day, j->label, &t, &id);
	if (rc)
		return rc;
	if (strcmp(t.state, "called") != 0)
		return -EALREADY;
	return finish_row(c, id, &t, j->served, j->now, j->def);
}

int central_db_ticket_finish(central_db_t *db, const char *day, const char *label, bool served,
                             int64_t now, double default_mean_s)
{
	struct finish_job j = {day, label, served, now, default_mean_s};
	return db_write(db, finish_fn, &j);
}

static int count_hour(sqlite3_stmt *s, void *arg)
{
	int64_t *count = arg;
	count[calendar_to_local(sqlite3_column_int64(s, 0)).hour % 24]++;
	return 0;
}

int central_db_best_hours(central_db_t *db, const char *service, int64_t now, int open_min,
                          int close_min, int hours[2])
{
	int64_t count[24] = {0}, total = 0;
	struct conn *c = conn_acquire(db);
	if (!c)
		return -EIO;
	sqlite3_stmt *s = stmt(c, ST_TKT_ISSUED_SINCE);
	if (!s) {
		conn_release(db, c);
		return -EIO;
	}
	bind_text(s, 1, service);
	sqlite3_bind_int64(s, 2, now - 28 * 86400);
	/* As before: a failed step ends the count with what was read. */
	(void)rows_each(s, count_hour, count, 0);
	for (int h = 0; h < 24; h++)
		total += count[h];
	conn_release(db, c);
	if (total < 20)
		return 0;
	int n = 0;
	for (int pick = 0; pick < 2; pick++) {
		int best = -1;
		for (int h = open_min / 60; h * 60 < close_min && h < 24; h++) {
			if (n == 1 && hours[0] == h)
				continue;
			if (best < 0 || count[h] < count[best])
				best = h;
		}
		if (best < 0)
			break;
		hours[n++] = best;
	}
	return n;
}

struct ticket_visit {
	struct conn *c;
	int (*cb)(const struct central_ticket_row *row, void *arg);
	void *arg;
	struct central_ticket_row t;
};

static int visit_ticket(sqlite3_stmt *s, void *arg)
{
	struct ticket_visit *v = arg;
	int64_t id;
	read_ticket(s, &v->t, &id);
	if (ticket_ahead(v->c, &v->t, id) != 0)
		return -EIO;
	return v->cb(&v->t, v->arg) ? 1 : 0;
}

int central_db_ticket_list(central_db_t *db, const char *day,
                           int (*cb)(const struct central_ticket_row *row, void *arg), void *arg)
{
	static const char q[] = "SELECT " TKT_COLS " FROM tickets WHERE (?1 IS NULL OR day = ?1)"
	                        " ORDER BY id DESC LIMIT 1000";
	sqlite3_stmt *s = NULL;
	struct conn *c = conn_acquire(db);
	if (!c)
		return -EIO;
	if (sqlite3_prepare_v2(c->db, q, -1, &s, NULL) != SQLITE_OK) {
		conn_release(db, c);
		return -EIO;
	}
	bind_text(s, 1, day);
	struct ticket_visit v = {.c = c, .cb = cb, .arg = arg};
	int rc = rows_each(s, visit_ticket, &v, 0);
	if (rc > 0)
		rc = 0;
	sqlite3_finalize(s);
	conn_release(db, c);
	return rc;
}

/* ---- notices, kiosks, feedback ---- */

struct notice_job {
	const struct central_notice_row *n;
	int64_t now, id;
};

static int notice_fn(struct conn *c, void *arg)
{
	struct notice_job *j = arg;
	sqlite3_stmt *s = stmt(c, ST_NOTICE_ADD);
	if (!s)
		return -EIO;
	bind_text(s, 1, j->n->severity);
	bind_text(s, 2, j->n->reason_fr);
	bind_text(s, 3, j->n->reason_en);
	bind_text(s, 4, j->n->alt_fr);
	bind_text(s, 5, j->n->alt_en);
	if (j->n->has_until)
		sqlite3_bind_int64(s, 6, j->n->until);
	bind_text(s, 7, j->n->site);
	sqlite3_bind_int64(s, 8, j->now);
	int rc = sqlite3_step(s);
	sqlite3_reset(s);
	j->id = sqlite3_last_insert_rowid(c->db);
	return rc == SQLITE_DONE ? 0 : -EIO;
}

int central_db_notice_add(central_db_t *db, const struct central_notice_row *n, int64_t now,
                          int64_t *id)
{
	struct notice_job j = {n, now, 0};
	int rc = db_write(db, notice_fn, &j);
	if (rc == 0 && id)
		*id = j.id;
	return rc;
}

struct clear_job {
	int64_t id;
	int count;
};

static int clear_fn(struct conn *c, void *arg)
{
	struct clear_job *j = arg;
	sqlite3_stmt *s = NULL;
	if (sqlite3_prepare_v2(
	        c->db, "UPDATE notices SET cleared = 1 WHERE cleared = 0 AND (?1 = 0 OR id = ?1)",
	        -1, &s, NULL) != SQLITE_OK)
		return -EIO;
	sqlite3_bind_int64(s, 1, j->id);
	int rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return -EIO;
	j->count = sqlite3_changes(c->db);
	return (j->id && j->count == 0) ? -ENOENT : 0;
}

int central_db_notice_clear(central_db_t *db, int64_t id, int *count)
{
	struct clear_job j = {id, 0};
	int rc = db_write(db, clear_fn, &j);
	if (rc == 0 && count)
		*count = j.count;
	return rc;
}

struct notice_visit {
	struct central_notice_row *n;
	int (*cb)(const struct central_notice_row *row, void *arg);
	void *arg;
};

static int visit_notice(sqlite3_stmt *s, void *arg)
{
	struct notice_visit *v = arg;
	struct central_notice_row *n = v->n;
	memset(n, 0, sizeof *n);
	n->id = sqlite3_column_int64(s, 0);
	col_copy(s, 1, n->severity, sizeof n->severity);
	col_copy(s, 2, n->reason_fr, sizeof n->reason_fr);
	col_copy(s, 3, n->reason_en, sizeof n->reason_en);
	col_copy(s, 4, n->alt_fr, sizeof n->alt_fr);
	col_copy(s, 5, n->alt_en, sizeof n->alt_en);
	n->has_until = sqlite3_column_type(s, 6) != SQLITE_NULL;
	n->until = sqlite3_column_int64(s, 6);
	col_copy(s, 7, n->site, sizeof n->site);
	n->created = sqlite3_column_int64(s, 8);
	n->cleared = sqlite3_column_int(s, 9) != 0;
	return v->cb(n, v->arg) ? 1 : 0;
}

int central_db_notice_list(central_db_t *db, const char *site, bool active_only, int64_t now,
                           int (*cb)(const struct central_notice_row *row, void *arg), void *arg)
{
	static const char q[] =
	    "SELECT id, severity, reason_fr, reason_en, alt_fr, alt_en, until, site, created,"
	    " cleared FROM notices WHERE (?1 = 0 OR (cleared = 0 AND (until IS NULL OR until > ?2)"
	    " AND (site = '' OR ?3 IS NULL OR site = ?3))) ORDER BY id DESC LIMIT 100";
	struct central_notice_row *n = malloc(sizeof *n);
	sqlite3_stmt *s = NULL;
	int rc = 0;
	if (!n)
		return -ENOMEM;
	struct conn *c = conn_acquire(db);
	if (!c) {
		free(n);
		return -EIO;
	}
	if (sqlite3_prepare_v2(c->db, q, -1, &s, NULL) != SQLITE_OK) {
		rc = -EIO;
		goto out_release;
	}
	sqlite3_bind_int(s, 1, active_only ? 1 : 0);
	sqlite3_bind_int64(s, 2, now);
	bind_text(s, 3, site);
	struct notice_visit v = {n, cb, arg};
	rc = rows_each(s, visit_notice, &v, 0);
	if (rc > 0)
		rc = 0;
	sqlite3_finalize(s);
out_release:
	conn_release(db, c);
	free(n);
	return rc;
}

struct hb_job {
	const struct central_heartbeat *h;
	int64_t now;
};

static int hb_fn(struct conn *c, void *arg)
{
	struct hb_job *j = arg;
	sqlite3_stmt *s = stmt(c, ST_HEARTBEAT);
	if (!s)
		return -EIO;
	bind_text(s, 1, j->h->kiosk);
	bind_text(s, 2, j->h->version);
	sqlite3_bind_int64(s, 3, j->h->uptime_s);
	sqlite3_bind_int64(s, 4, j->h->outbox_pending);
	sqlite3_bind_int64(s, 5, j->h->outbox_oldest_s);
	bind_text(s, 6, j->h->checks);
	sqlite3_bind_int64(s, 7, j->now);
	sqlite3_bind_int64(s, 8, j->h->assistance_calls);
	int rc = sqlite3_step(s);
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : -EIO;
}

int central_db_heartbeat(central_db_t *db, const struct central_heartbeat *h, int64_t now)
{
	struct hb_job j = {h, now};
	return db_write(db, hb_fn, &j);
}

struct kiosk_visit {
	int (*cb)(const struct central_kiosk_row *row, void *arg);
	void *arg;
	struct central_kiosk_row k;
};

static int visit_kiosk(sqlite3_stmt *s, void *arg)
{
	struct kiosk_visit *v = arg;
	struct central_kiosk_row *k = &v->k;
	memset(k, 0, sizeof *k);
	col_copy(s, 0, k->kiosk, sizeof k->kiosk);
	col_copy(s, 1, k->version, sizeof k->version);
	k->uptime_s = sqlite3_column_int64(s, 2);
	k->outbox_pending = sqlite3_column_int64(s, 3);
	k->outbox_oldest_s = sqlite3_column_int64(s, 4);
	k->last_seen = sqlite3_column_int64(s, 5);
	col_copy(s, 6, k->checks, sizeof k->checks);
	k->assistance_calls = sqlite3_column_int64(s, 7);
	k->last_assistance = sqlite3_column_int64(s, 8);
	return v->cb(k, v->arg) ? 1 : 0;
}

int central_db_kiosk_list(central_db_t *db,
                          int (*cb)(const struct central_kiosk_row *row, void *arg), void *arg)
{
	static const char q[] = "SELECT kiosk, version, uptime_s, outbox_pending, outbox_oldest_s,"
	                        " last_seen, checks, assistance_calls, last_assistance FROM kiosks"
	                        " ORDER BY kiosk LIMIT 1000";
	sqlite3_stmt *s = NULL;
	struct conn *c = conn_acquire(db);
	if (!c)
		return -EIO;
	if (sqlite3_prepare_v2(c->db, q, -1, &s, NULL) != SQLITE_OK) {
		conn_release(db, c);
		return -EIO;
	}
	struct kiosk_visit v = {.cb = cb, .arg = arg};
	int rc = rows_each(s, visit_kiosk, &v, 0);
	if (rc > 0)
		rc = 0;
	sqlite3_finalize(s);
	conn_release(db, c);
	return rc;
}

struct fb_job {
	const struct central_feedback *f;
	const char *idem, *idem_hash;
	int64_t now, id;
	bool replayed;
};

static int fb_fn(struct conn *c, void *arg)
{
	struct fb_job *j = arg;
	sqlite3_stmt *s;
	int rc;
	if (j->idem) {
		rc = idem_same(c, ST_FB_IDEM_HASH, j->idem, j->idem_hash);
		if (rc)
			return rc;
		s = stmt(c, ST_FB_BY_IDEM);
		if (!s)
			return -EIO;
		bind_text(s, 1, j->idem);
		rc = row_one(s, read_int64, &j->id);
		if (rc == 0) {
			j->replayed = true;
			return 0;
		}
		if (rc != -ENOENT)
			return -EIO;
	}
	s = stmt(c, ST_FB_INSERT);
	if (!s)
		return -EIO;
	bind_text(s, 1, j->idem);
	bind_text(s, 2, j->f->task);
	sqlite3_bind_int(s, 3, j->f->rating);
	bind_text(s, 4, j->f->comment);
	bind_text(s, 5, j->f->lang);
	sqlite3_bind_int64(s, 6, j->now);
	bind_text(s, 7, j->idem ? j->idem_hash : NULL);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	j->id = sqlite3_last_insert_rowid(c->db);
	return rc == SQLITE_DONE ? 0 : -EIO;
}

int central_db_feedback_add(central_db_t *db, const struct central_feedback *f,
                            const char *idem_key, const char *idem_hash, int64_t now, int64_t *id,
                            bool *replayed)
{
	struct fb_job j = {.f = f, .idem = idem_key, .idem_hash = idem_hash, .now = now};
	int rc = db_write(db, fb_fn, &j);
	if (rc == 0) {
		if (id)
			*id = j.id;
		if (replayed)
			*replayed = j.replayed;
	}
	return rc;
}

int64_t central_db_count(central_db_t *db, const char *table)
{
	static const char *const tables[] = {"requests", "tickets", "feedback", "notices",
	                                     "kiosks"};
	char q[64];
	bool known = false;
	for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++)
		known |= strcmp(table, tables[i]) == 0;
	if (!known)
		return -EINVAL;
	snprintf(q, sizeof q, "SELECT COUNT(*) FROM %s", table);
	struct conn *c = conn_acquire(db);
	if (!c)
		return -EIO;
	sqlite3_stmt *s = NULL;
	int64_t n = -EIO, v = 0;
	if (sqlite3_prepare_v2(c->db, q, -1, &s, NULL) == SQLITE_OK &&
	    row_one(s, read_int64, &v) == 0)
		n = v;
	sqlite3_finalize(s);
	conn_release(db, c);
	return n;
}

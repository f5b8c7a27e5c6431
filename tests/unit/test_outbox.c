/* firmware/services/outbox.c on real SQLite files in a temporary directory. */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "firmware/services/outbox.h"

#define NAME_FIRST "Gisèle"
#define NAME_LAST  "Tremblay-Ouellette"
#define EMAIL      "gisele.tremblay@example.ca"
#define PHONE      "613-555-0142"
#define DESC       "Le trottoir devant le 90 rue Sparks est glissant depuis trois jours."
#define COMMENT    "Merci pour votre patience, madame Ouellette"

struct fx {
	char dir[64];
	char db[96], wal[96], key[96];
	struct outbox_options o;
};

static int setup(void **state)
{
	struct fx *fx = calloc(1, sizeof(*fx));

	snprintf(fx->dir, sizeof(fx->dir), "/tmp/accueil-outbox-XXXXXX");
	if (mkdtemp(fx->dir) == NULL)
		return -1;
	snprintf(fx->db, sizeof(fx->db), "%s/outbox.db", fx->dir);
	snprintf(fx->wal, sizeof(fx->wal), "%s/outbox.db-wal", fx->dir);
	snprintf(fx->key, sizeof(fx->key), "%s/outbox.key", fx->dir);
	fx->o.dir = fx->dir;
	fx->o.kiosk_number = 7;
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fx *fx = *state;
	char p[128];
	const char *names[] = {"outbox.db", "outbox.db-wal", "outbox.db-shm", "outbox.key"};

	for (size_t i = 0; i < 4; i++) {
		snprintf(p, sizeof(p), "%s/%s", fx->dir, names[i]);
		unlink(p);
	}
	rmdir(fx->dir);
	free(fx);
	return 0;
}

static struct open311_submission sample(void)
{
	struct open311_submission s = {.service_code = "voirie",
	                               .description = DESC,
	                               .first_name = NAME_FIRST,
	                               .last_name = NAME_LAST,
	                               .email = EMAIL,
	                               .phone = PHONE,
	                               .lang = LANG_EN,
	                               .n_extra = 2};
	s.extra[0].code = "floor";
	s.extra[0].value = "2";
	s.extra[1].code = "when";
	s.extra[1].value = "matin";
	s.extra[1].multi = true;
	return s;
}

static bool file_contains(const char *path, const char *needle)
{
	FILE *f = fopen(path, "rb");
	size_t n, k = strlen(needle);
	char *buf;
	bool found = false;

	if (f == NULL)
		return false;
	buf = malloc(64 << 20);
	n = fread(buf, 1, 64 << 20, f);
	fclose(f);
	for (size_t i = 0; i + k <= n && !found; i++)
		found = memcmp(buf + i, needle, k) == 0;
	free(buf);
	return found;
}

static void test_add_and_read_back(void **state)
{
	struct fx *fx = *state;
	struct open311_submission s = sample();
	struct kiosk_api_feedback fb = {
	    .task = KIOSK_API_TASK_STATUS, .rating = 4, .comment = COMMENT, .lang = LANG_FR};
	struct outbox_entry a, b, due;
	struct outbox_payload p;
	outbox_t *ob = NULL;

	assert_int_equal(outbox_new(&fx->o, &ob), 0);
	assert_int_equal(outbox_add_submission(ob, &s, 1000, &a), 0);
	assert_string_equal(a.reference, "K7-1");
	assert_int_equal(a.state, OUTBOX_PENDING);
	assert_int_equal(strlen(a.request_id), 36);
	assert_int_equal(outbox_add_feedback(ob, &fb, 2000, &b), 0);
	assert_string_equal(b.reference, "K7-2");
	/* The same request id twice is refused: one id, one entry. */
	s.client_request_id = a.request_id;
	assert_int_equal(outbox_add_submission(ob, &s, 3000, NULL), -EEXIST);
	s.client_request_id = "not-a-uuid";
	assert_int_equal(outbox_add_submission(ob, &s, 3000, NULL), -EINVAL);
	outbox_free(ob);

	/* A restart finds both, in order, with their payloads. */
	assert_int_equal(outbox_new(&fx->o, &ob), 0);
	assert_int_equal(outbox_next_due(ob, 999, &due), -ENOENT);
	assert_int_equal(outbox_next_due(ob, 5000, &due), 0);
	assert_int_equal(due.seq, a.seq);
	assert_int_equal(outbox_payload(ob, &due, &p), 0);
	assert_int_equal(p.kind, OUTBOX_OPEN311);
	assert_string_equal(p.sub.service_code, "voirie");
	assert_string_equal(p.sub.description, DESC);
	assert_string_equal(p.sub.first_name, NAME_FIRST);
	assert_string_equal(p.sub.email, EMAIL);
	assert_string_equal(p.sub.phone, PHONE);
	assert_string_equal(p.sub.client_request_id, a.request_id);
	assert_int_equal(p.sub.lang, LANG_EN);
	assert_int_equal(p.sub.n_extra, 2);
	assert_string_equal(p.sub.extra[1].value, "matin");
	assert_true(p.sub.extra[1].multi);
	outbox_payload_free(&p);
	assert_int_equal(outbox_find(ob, "k7-2", &due), 0);
	assert_int_equal(outbox_payload(ob, &due, &p), 0);
	assert_int_equal(p.kind, OUTBOX_FEEDBACK);
	assert_int_equal(p.fb.rating, 4);
	assert_int_equal(p.fb.task, KIOSK_API_TASK_STATUS);
	assert_string_equal(p.fb.comment, COMMENT);
	assert_string_equal(p.fb.idempotency_key, b.request_id);
	outbox_payload_free(&p);
	outbox_free(ob);
}

static void test_no_personal_data_on_disk(void **state)
{
	struct fx *fx = *state;
	struct open311_submission s = sample();
	struct kiosk_api_feedback fb = {.rating = 2, .comment = COMMENT};
	const char *secrets[] = {NAME_FIRST, NAME_LAST, EMAIL, PHONE, "trottoir", COMMENT, "matin"};
	struct outbox_entry e;
	struct stat st;
	outbox_t *ob = NULL;

	assert_int_equal(outbox_new(&fx->o, &ob), 0);
	for (int i = 0; i < 20; i++)
		assert_int_equal(outbox_add_submission(ob, &s, 1000 + i, &e), 0);
	assert_int_equal(outbox_add_feedback(ob, &fb, 5000, NULL), 0);
	/* The WAL still holds everything written: it is scanned before any checkpoint. */
	assert_int_equal(stat(fx->wal, &st), 0);
	assert_true(st.st_size > 0);
	for (size_t i = 0; i < sizeof(secrets) / sizeof(secrets[0]); i++) {
		assert_false(file_contains(fx->db, secrets[i]));
		assert_false(file_contains(fx->wal, secrets[i]));
	}
	/* The clear columns are there (the scan can see text). */
	assert_true(file_contains(fx->wal, e.request_id) || file_contains(fx->db, e.request_id));
	outbox_free(ob);
	for (size_t i = 0; i < sizeof(secrets) / sizeof(secrets[0]); i++)
		assert_false(file_contains(fx->db, secrets[i]));

	assert_int_equal(stat(fx->db, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(stat(fx->key, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(stat(fx->dir, &st), 0);
}

static void test_wal_mode_0600(void **state)
{
	struct fx *fx = *state;
	struct open311_submission s = sample();
	struct stat st;
	outbox_t *ob = NULL;

	assert_int_equal(outbox_new(&fx->o, &ob), 0);
	assert_int_equal(outbox_add_submission(ob, &s, 1, NULL), 0);
	assert_int_equal(stat(fx->wal, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	outbox_free(ob);
}

static void test_caps(void **state)
{
	struct fx *fx = *state;
	struct open311_submission s = sample();
	struct outbox_stats stats;
	outbox_t *ob = NULL;
	char *big;

	fx->o.max_entries = 3;
	fx->o.max_entry_bytes = 2048;
	assert_int_equal(outbox_new(&fx->o, &ob), 0);
	for (int i = 0; i < 3; i++)
		assert_int_equal(outbox_add_submission(ob, &s, 100 * (i + 1), NULL), 0);
	assert_int_equal(outbox_add_submission(ob, &s, 900, NULL), -EDQUOT);
	assert_int_equal(outbox_stats(ob, &stats), 0);
	assert_int_equal(stats.entries, 3);
	assert_int_equal(stats.waiting, 3);
	assert_int_equal(stats.oldest_ms, 100);
	outbox_free(ob);

	fx->o.max_entries = 10;
	assert_int_equal(outbox_new(&fx->o, &ob), 0);
	big = malloc(3000);
	memset(big, 'a', 2999);
	big[2999] = '\0';
	s.description = big;
	assert_int_equal(outbox_add_submission(ob, &s, 1000, NULL), -E2BIG);
	free(big);
	assert_int_equal(outbox_stats(ob, &stats), 0);
	assert_int_equal(stats.entries, 3);
	outbox_free(ob);
}

static void test_states_and_receipts(void **state)
{
	struct fx *fx = *state;
	struct open311_submission s = sample();
	struct outbox_entry a, b, f;
	struct outbox_payload p;
	struct outbox_stats stats;
	int64_t t;
	outbox_t *ob = NULL;

	assert_int_equal(outbox_new(&fx->o, &ob), 0);
	assert_int_equal(outbox_add_submission(ob, &s, 1000, &a), 0);
	assert_int_equal(outbox_add_submission(ob, &s, 1000, &b), 0);
	a.state = OUTBOX_PENDING;
	a.attempts = 1;
	a.next_attempt_ms = 9000;
	assert_int_equal(outbox_update(ob, &a), 0);
	assert_int_equal(outbox_next_time(ob, &t), 0);
	assert_int_equal(t, 1000); /* b */
	b.state = OUTBOX_UNCONFIRMED;
	snprintf(b.error_text, sizeof(b.error_text), "lost answer");
	assert_int_equal(outbox_update(ob, &b), 0);
	assert_int_equal(outbox_next_time(ob, &t), 0);
	assert_int_equal(t, 9000);
	assert_int_equal(outbox_list(ob, OUTBOX_UNCONFIRMED, &f, 1), 1);
	assert_string_equal(f.reference, b.reference);
	assert_int_equal(outbox_stats(ob, &stats), 0);
	assert_int_equal(stats.waiting, 1);
	assert_int_equal(stats.attention, 1);

	/* A token: the central has it; the payload is erased. */
	a.state = OUTBOX_TOKEN;
	snprintf(a.token, sizeof(a.token), "tok-55");
	assert_int_equal(outbox_update(ob, &a), 0);
	assert_int_equal(outbox_payload(ob, &a, &p), -ENOENT);
	snprintf(a.service_request_id, sizeof(a.service_request_id), "4821935576");
	assert_int_equal(outbox_deliver(ob, &a, 20000), 0);
	assert_int_equal(outbox_deliver(ob, &a, 20000), -ENOENT);
	outbox_free(ob);

	assert_int_equal(outbox_new(&fx->o, &ob), 0);
	assert_int_equal(outbox_find(ob, a.reference, &f), 0);
	assert_int_equal(f.state, OUTBOX_DELIVERED);
	assert_string_equal(f.service_request_id, "4821935576");
	assert_int_equal(outbox_find(ob, "K7-99", &f), -ENOENT);
	/* Sequence numbers are never reused. */
	assert_int_equal(outbox_add_submission(ob, &s, 1000, &f), 0);
	assert_string_equal(f.reference, "K7-3");
	assert_int_equal(outbox_update(ob, &(struct outbox_entry){.seq = 99}), -ENOENT);
	outbox_free(ob);
}

static void test_full_disk(void **state)
{
	struct fx *fx = *state;
	struct open311_submission s = sample();
	struct outbox_entry e, list[200];
	struct outbox_payload p;
	outbox_t *ob = NULL;
	char *desc = malloc(3001);
	int rc = 0, stored = 0;

	memset(desc, 'z', 3000);
	desc[3000] = '\0';
	s.description = desc;
	/* 40 pages of 4 KiB: the database's own hard size; the disk is full for SQLite. */
	fx->o.max_pages = 40;
	assert_int_equal(outbox_new(&fx->o, &ob), 0);
	for (int i = 0; i < 200; i++) {
		rc = outbox_add_submission(ob, &s, 1000 + i, &e);
		if (rc != 0)
			break;
		stored++;
	}
	assert_int_equal(rc, -ENOSPC);
	assert_true(stored > 3);
	outbox_free(ob);
	/* Nothing stored before is lost; every payload still opens. */
	assert_int_equal(outbox_new(&fx->o, &ob), 0);
	assert_int_equal(outbox_list(ob, OUTBOX_PENDING, list, 200), stored);
	for (int i = 0; i < stored; i++) {
		assert_int_equal(outbox_payload(ob, &list[i], &p), 0);
		assert_string_equal(p.sub.description, desc);
		outbox_payload_free(&p);
	}
	/* Delivering one makes room again. */
	assert_int_equal(outbox_deliver(ob, &list[0], 5000), 0);
	assert_int_equal(outbox_add_submission(ob, &s, 6000, NULL), 0);
	outbox_free(ob);
	free(desc);
}

static void write_at(const char *path, long off, const void *bytes, size_t n)
{
	int fd = open(path, O_WRONLY);
	assert_true(fd >= 0);
	assert_int_equal(pwrite(fd, bytes, n, off), (ssize_t)n);
	close(fd);
}

static void test_corrupt_file(void **state)
{
	struct fx *fx = *state;
	struct open311_submission s = sample();
	outbox_t *ob = NULL;
	char garbage[8192];
	struct stat before, after;

	/* Garbage instead of a database: an error of its own, and the file stays as it was. */
	for (size_t i = 0; i < sizeof(garbage); i++)
		garbage[i] = (char)(i * 37 + 11);
	{
		FILE *f = fopen(fx->db, "wb");
		fwrite(garbage, 1, sizeof(garbage), f);
		fclose(f);
	}
	assert_int_equal(outbox_new(&fx->o, &ob), -EUCLEAN);
	assert_null(ob);
	assert_int_equal(stat(fx->db, &after), 0);
	assert_int_equal(after.st_size, sizeof(garbage));
	unlink(fx->db);

	/* A real outbox damaged in its middle pages. */
	assert_int_equal(outbox_new(&fx->o, &ob), 0);
	for (int i = 0; i < 30; i++)
		assert_int_equal(outbox_add_submission(ob, &s, 1000 + i, NULL), 0);
	outbox_free(ob); /* the last close checkpoints the WAL into the file */
	assert_int_equal(stat(fx->db, &before), 0);
	assert_true(before.st_size > 3 * 4096);
	write_at(fx->db, 2 * 4096, garbage, 4096);
	assert_int_equal(outbox_new(&fx->o, &ob), -EUCLEAN);
	assert_int_equal(stat(fx->db, &after), 0);
	assert_int_equal(after.st_size, before.st_size);
}

static void test_key_missing_with_entries(void **state)
{
	struct fx *fx = *state;
	struct open311_submission s = sample();
	struct outbox_entry e;
	struct outbox_payload p;
	outbox_t *ob = NULL;
	FILE *f;

	assert_int_equal(outbox_new(&fx->o, &ob), 0);
	assert_int_equal(outbox_add_submission(ob, &s, 1, &e), 0);
	outbox_free(ob);
	/* Entries and no key: never a fresh key that would orphan them. */
	assert_int_equal(unlink(fx->key), 0);
	assert_int_equal(outbox_new(&fx->o, &ob), -ENOKEY);
	assert_int_equal(access(fx->key, F_OK), -1);
	/* Another key of the right size: the entries fail authentication, never read wrongly. */
	f = fopen(fx->key, "wb");
	fwrite("0123456789abcdef0123456789abcdef", 1, 32, f);
	fclose(f);
	chmod(fx->key, 0600);
	assert_int_equal(outbox_new(&fx->o, &ob), 0);
	assert_int_equal(outbox_payload(ob, &e, &p), -EBADMSG);
	outbox_free(ob);
	/* A key file of the wrong size is an error. */
	f = fopen(fx->key, "wb");
	fwrite("short", 1, 5, f);
	fclose(f);
	assert_int_equal(outbox_new(&fx->o, &ob), -EKEYREJECTED);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_add_and_read_back, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_no_personal_data_on_disk, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_wal_mode_0600, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_caps, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_states_and_receipts, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_full_disk, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_corrupt_file, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_key_missing_with_entries, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

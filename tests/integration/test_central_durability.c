/* No acknowledged write is lost: `accueil-central serve` runs as a process while several
 * threads submit requests; it is killed with SIGKILL in the middle, and every request it had
 * answered 201 must be in the database, which a restarted server serves again. */
#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include <curl/curl.h>

#include "central/db.h"
#include "tests/support/central_harness.h"

#define WRITERS  4
#define MAX_ACKS 4000

struct writer {
	struct central_harness *target;
	int index;
	int acked;
	char ids[MAX_ACKS][11];
	volatile bool *stop;
};

static void *writer_main(void *arg)
{
	struct writer *w = arg;
	char body[256], key[96];
	const char *headers[] = {key, NULL};
	for (int n = 0; n < MAX_ACKS && !*w->stop; n++) {
		struct central_harness_response r;
		snprintf(body, sizeof body,
		         "api_key=dev-key&service_code=feedback&description=durable+%d+%d",
		         w->index, n);
		snprintf(key, sizeof key, "Idempotency-Key: dur-%d-%d", w->index, n);
		if (central_harness_http(w->target, "POST", "/open311/v2/requests.json",
		                         "application/x-www-form-urlencoded", body, strlen(body),
		                         headers, false, &r) != 0) {
			central_harness_response_free(&r);
			break;
		}
		const char *q = strstr(r.body, "\"service_request_id\":\"");
		if (r.status == 201 && q) {
			memcpy(w->ids[w->acked], q + 22, 10);
			w->ids[w->acked][10] = '\0';
			w->acked++;
		}
		central_harness_response_free(&r);
	}
	return NULL;
}

/* Starts the built server on a free port; returns its pid and fills t->base_url. */
static pid_t serve(const char *bin, const char *dir, const char *db, struct central_harness *t)
{
	char cert[320], key[320], line[256] = "";
	int fds[2];
	unsigned port = 0;
	snprintf(cert, sizeof cert, "%s/server.crt", dir);
	snprintf(key, sizeof key, "%s/server.key", dir);
	assert_int_equal(pipe(fds), 0);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		dup2(fds[1], 1);
		close(fds[0]);
		execl(bin, bin, "serve", "--db", db, "--port", "0", "--cert", cert, "--key", key,
		      "--quiet", (char *)NULL);
		_exit(127);
	}
	close(fds[1]);
	FILE *f = fdopen(fds[0], "r");
	assert_non_null(fgets(line, sizeof line, f));
	fclose(f);
	assert_int_equal(sscanf(line, "listening on https://127.0.0.1:%u", &port), 1);
	memset(t, 0, sizeof *t);
	snprintf(t->base_url, sizeof t->base_url, "https://127.0.0.1:%u", port);
	snprintf(t->ca_path, sizeof t->ca_path, "%s/ca.crt", dir);
	return pid;
}

static void test_kill_during_writes(void **state)
{
	(void)state;
	char bin[512], dir[256], db[320];
	const char *b = getenv("ACCUEIL_BUILD");
	snprintf(bin, sizeof bin, "%s/accueil-central", b && *b ? b : "build");
	if (access(bin, X_OK) != 0)
		skip();
	assert_int_equal(central_harness_make_ca(dir, sizeof dir), 0);
	snprintf(db, sizeof db, "%s/durable.sqlite", dir);
	struct central_harness target;
	pid_t pid = serve(bin, dir, db, &target);

	static struct writer w[WRITERS];
	volatile bool stop = false;
	pthread_t th[WRITERS];
	for (int i = 0; i < WRITERS; i++) {
		memset(&w[i], 0, sizeof w[i]);
		w[i].target = &target;
		w[i].index = i;
		w[i].stop = &stop;
		assert_int_equal(pthread_create(&th[i], NULL, writer_main, &w[i]), 0);
	}
	/* Writes must be under way when the server dies: wait for the first acknowledged
	 * one (at once here, seconds under qemu-user), then let them run on a little. */
	struct timespec tick = {0, 10 * 1000 * 1000}, pause = {0, 400 * 1000 * 1000};
	for (int t = 0; t < 3000; t++) {
		int seen = 0;
		for (int i = 0; i < WRITERS; i++)
			seen += __atomic_load_n(&w[i].acked, __ATOMIC_RELAXED);
		if (seen > 0)
			break;
		nanosleep(&tick, NULL);
	}
	nanosleep(&pause, NULL);
	kill(pid, SIGKILL);
	int status;
	waitpid(pid, &status, 0);
	stop = true;
	int acked = 0;
	for (int i = 0; i < WRITERS; i++) {
		pthread_join(th[i], NULL);
		acked += w[i].acked;
	}
	assert_true(acked > 0);

	central_db_t *d;
	assert_int_equal(central_db_open(db, false, &d), 0);
	for (int i = 0; i < WRITERS; i++) {
		for (int k = 0; k < w[i].acked; k++) {
			struct central_request_row row;
			assert_int_equal(central_db_request_get(d, w[i].ids[k], &row), 0);
		}
	}
	assert_true(central_db_count(d, "requests") >= acked);
	central_db_close(d);

	/* A new server on the same file answers for them. */
	pid = serve(bin, dir, db, &target);
	char path[64];
	struct central_harness_response r;
	snprintf(path, sizeof path, "/open311/v2/requests/%s.json", w[0].ids[0]);
	assert_int_equal(central_harness_http(&target, "GET", path, NULL, NULL, 0, NULL, false, &r),
	                 0);
	assert_int_equal(r.status, 200);
	central_harness_response_free(&r);
	kill(pid, SIGTERM);
	waitpid(pid, &status, 0);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	central_harness_rmtree(dir);
	print_message("%d acknowledged requests, all found after SIGKILL\n", acked);
}

int main(void)
{
	curl_global_init(CURL_GLOBAL_DEFAULT);
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_kill_during_writes),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	curl_global_cleanup();
	return rc;
}

#include "tests/support/outbox_kill.h"

#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "firmware/outbox_link.h"
#include "firmware/services/net_random.h"
#include "tests/support/central_harness.h"

static uint64_t mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static void ignore(void *ctx, const struct app_event *ev, uint64_t now)
{
	(void)now;
	if (ctx != NULL && ev->type == APP_EV_RESULT && ev->result.error == APP_RESULT_OK)
		*(bool *)ctx = true;
}

/* Steps l on the real clock until it has nothing left to send, or limit_ms passes. */
static void drain(outbox_link_t *l, bool *delivered, uint64_t limit_ms)
{
	struct participant p = outbox_link_participant(l);
	struct participant_sink sink = {.ctx = delivered, .deliver = ignore};
	struct outbox_link_health hh;
	uint64_t end = mono_ms() + limit_ms;

	while (mono_ms() < end) {
		uint64_t now = mono_ms(), d;
		p.step(p.self, now, &sink);
		outbox_link_health(l, now, &hh);
		if (hh.pending == 0 || (delivered != NULL && *delivered))
			return;
		d = p.next_deadline(p.self, mono_ms());
		now = mono_ms();
		if (d > now) {
			uint64_t w = d - now < 20 ? d - now : 20;
			if (outbox_link_wait(l, (uint32_t)w) == 0)
				usleep((useconds_t)w * 1000);
		}
	}
}

static void options(struct outbox_link_options *o, const char *dir, const char *url, const char *ca,
                    const char *key)
{
	memset(o, 0, sizeof(*o));
	o->data_dir = dir;
	o->kiosk_number = 3;
	o->net.base_url = url;
	o->net.ca_file = ca;
	o->net.timeout_ms = 5000;
	o->net.backoff_base_ms = 20;
	o->net.backoff_cap_ms = 200;
	snprintf(o->open311.path, sizeof(o->open311.path), "open311/v2/");
	snprintf(o->open311.api_key, sizeof(o->open311.api_key), "%s", key);
	snprintf(o->open311.device_id, sizeof(o->open311.device_id), "kiosk-kill-03");
	o->open311.idempotency_honoured = true;
	o->lost = OUTBOX_LINK_LOST_RETRY;
}

int outbox_kill_child_main(int argc, char **argv)
{
	struct outbox_link_options o;
	struct open311_submission sub = {.service_code = "complaint_agency",
	                                 .description = "Nid-de-poule devant l'entrée",
	                                 .first_name = "Zoé",
	                                 .lang = LANG_FR};
	struct outbox_receipt r;
	outbox_link_t *l = NULL;
	uint64_t t0;
	bool done = false;

	if (argc < 7)
		return 2;
	options(&o, argv[2], argv[3], argv[4], argv[5]);
	sub.client_request_id = argv[6];
	if (outbox_link_new(&o, mono_ms(), &l) != 0)
		return 3;
	t0 = mono_ms();
	{
		struct timespec a, b;
		clock_gettime(CLOCK_MONOTONIC, &a);
		if (outbox_link_submit(l, &sub, 1, t0, &r) != 0)
			return 4;
		clock_gettime(CLOCK_MONOTONIC, &b);
		/* The commit has returned: from here the visitor is told "received". */
		printf("stored %.3f\n",
		       (double)(b.tv_sec - a.tv_sec) * 1e3 + (double)(b.tv_nsec - a.tv_nsec) / 1e6);
		fflush(stdout);
	}
	drain(l, &done, 20000);
	outbox_link_free(l);
	return done ? 0 : 5;
}

static int count_rows(const char *db_path, const char *crid, int *out)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_open_v2(db_path, &db, SQLITE_OPEN_READONLY, NULL);

	if (rc == SQLITE_OK)
		rc = sqlite3_prepare_v2(
		    db, "SELECT count(*) FROM requests WHERE client_request_id = ?", -1, &st, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_busy_timeout(db, 2000);
		sqlite3_bind_text(st, 1, crid, -1, SQLITE_STATIC);
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW)
			*out = sqlite3_column_int(st, 0);
		rc = rc == SQLITE_ROW ? SQLITE_OK : rc;
	}
	sqlite3_finalize(st);
	sqlite3_close(db);
	return rc == SQLITE_OK ? 0 : -EIO;
}

int outbox_kill_run(struct central_harness *h, const char *self_exe, unsigned cycles,
                    unsigned max_delay_ms, struct outbox_kill_result *out)
{
	char dir[64], crid[40], line[64];
	struct outbox_link_options o;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	snprintf(dir, sizeof(dir), "/tmp/accueil-kill-XXXXXX");
	if (mkdtemp(dir) == NULL)
		return -errno;
	for (unsigned c = 0; c < cycles && rc == 0; c++) {
		int fds[2], status, rows = -1;
		uint64_t delay = 0;
		pid_t pid;
		FILE *f;
		bool committed = false;

		if (net_random_uuid_v4(crid, sizeof(crid)) != 0 || pipe(fds) != 0)
			return -EIO;
		pid = fork();
		if (pid < 0)
			return -errno;
		if (pid == 0) {
			char *args[] = {(char *)self_exe,
			                (char *)OUTBOX_KILL_CHILD,
			                dir,
			                h->base_url,
			                h->ca_path,
			                h->api_key,
			                crid,
			                NULL};
			dup2(fds[1], 1);
			close(fds[0]);
			close(fds[1]);
			/* Under a cross build's emulator (tests/run.sh's ACCUEIL_RUNNER) the child
			 * runs through it too: binfmt_misc is not assumed. exec keeps the pid
			 * killed. */
			const char *runner = getenv("ACCUEIL_RUNNER");
			if (runner && *runner) {
				char cmd[4096];
				if ((size_t)snprintf(cmd, sizeof(cmd),
				                     "exec %s '%s' %s '%s' '%s' '%s' '%s' '%s'",
				                     runner, self_exe, OUTBOX_KILL_CHILD, dir,
				                     h->base_url, h->ca_path, h->api_key,
				                     crid) < sizeof(cmd))
					execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
				_exit(127);
			}
			execv(self_exe, args);
			_exit(127);
		}
		close(fds[1]);
		net_random_below(max_delay_ms + 1, &delay);
		usleep((useconds_t)delay * 1000);
		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
		if (WIFSIGNALED(status))
			out->killed++;
		f = fdopen(fds[0], "r");
		if (f != NULL && fgets(line, sizeof(line), f) != NULL &&
		    strncmp(line, "stored ", 7) == 0) {
			committed = true;
			if (out->n_commit < sizeof(out->commit_ms) / sizeof(out->commit_ms[0]))
				out->commit_ms[out->n_commit++] = strtod(line + 7, NULL);
		}
		if (f != NULL)
			fclose(f);
		else
			close(fds[0]);
		out->committed += committed;

		/* The kiosk comes back: a fresh link on the same files delivers what is left. */
		{
			outbox_link_t *l = NULL;
			options(&o, dir, h->base_url, h->ca_path, h->api_key);
			rc = outbox_link_new(&o, mono_ms(), &l);
			if (rc != 0)
				break;
			drain(l, NULL, 20000);
			outbox_link_free(l);
		}
		rc = count_rows(h->db_path, crid, &rows);
		if (rc != 0)
			break;
		if (rows > 1)
			out->doubled++;
		if (committed && rows != 1)
			out->lost++;
		out->cycles++;
	}
	{
		const char *names[] = {"outbox.db", "outbox.db-wal", "outbox.db-shm", "outbox.key"};
		char p[128];
		for (size_t i = 0; i < 4; i++) {
			snprintf(p, sizeof(p), "%s/%s", dir, names[i]);
			unlink(p);
		}
		rmdir(dir);
	}
	return rc;
}

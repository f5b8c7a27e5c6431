/* accueil-central command line. See cli.h and central/README.md. */
#include "central/cli.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stddef.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "central/config.h"
#include "central/db.h"
#include "central/devca.h"
#include "central/parse.h"
#include "central/server.h"
#include "firmware/core/calendar.h"
#include "firmware/core/reference.h"

#define MAX_POSITIONAL   4
#define MAX_API_KEYS_CLI 8

struct opts {
	const char *db, *addr, *port, *cert, *key, *client_ca, *config, *threads, *fake_now;
	const char *max_connections, *per_ip_limit;
	const char *notes, *agency, *severity, *reason_fr, *reason_en, *until, *alt_fr, *alt_en,
	    *site;
	const char *api_keys[MAX_API_KEYS_CLI];
	int api_key_count;
	bool quiet;
	int npos;
	const char *pos[MAX_POSITIONAL];
};

static const char usage[] =
    "usage: accueil-central COMMAND [options]\n"
    "  serve --db FILE --cert F --key F [--addr 127.0.0.1] [--port N] [--client-ca F]\n"
    "        [--config F] [--api-key K] [--threads N] [--quiet]\n"
    "        [--max-connections N] [--per-ip-limit N]\n"
    "  dev-ca DIR\n"
    "  call-next --db F SERVICE COUNTER\n"
    "  ticket-served --db F TICKET | ticket-missed --db F TICKET\n"
    "  set-status --db F ID open|closed [--notes TEXT] [--agency TEXT]\n"
    "  notice-add --db F --severity info|warning|closure --reason-fr T --reason-en T\n"
    "             [--until ISO8601] [--alternatives-fr T] [--alternatives-en T] [--site S]\n"
    "  notice-clear --db F ID|all\n"
    "  list --db F requests|tickets|kiosks|notices\n";

static int parse_opts(int argc, char **argv, struct opts *o, FILE *err)
{
	static const struct {
		const char *name;
		size_t offset;
	} table[] = {
#define O(n, f) {n, offsetof(struct opts, f)}
	    O("--db", db),
	    O("--addr", addr),
	    O("--port", port),
	    O("--cert", cert),
	    O("--key", key),
	    O("--client-ca", client_ca),
	    O("--config", config),
	    O("--threads", threads),
	    O("--max-connections", max_connections),
	    O("--per-ip-limit", per_ip_limit),
	    O("--fake-now", fake_now),
	    O("--notes", notes),
	    O("--agency", agency),
	    O("--severity", severity),
	    O("--reason-fr", reason_fr),
	    O("--reason-en", reason_en),
	    O("--until", until),
	    O("--alternatives-fr", alt_fr),
	    O("--alternatives-en", alt_en),
	    O("--site", site),
#undef O
	};
	memset(o, 0, sizeof *o);
	for (int i = 2; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--quiet")) {
			o->quiet = true;
			continue;
		}
		if (!strcmp(a, "--api-key")) {
			if (i + 1 >= argc || o->api_key_count == MAX_API_KEYS_CLI) {
				fprintf(err, "--api-key needs a value (at most %d)\n",
				        MAX_API_KEYS_CLI);
				return -EINVAL;
			}
			o->api_keys[o->api_key_count++] = argv[++i];
			continue;
		}
		if (!strncmp(a, "--", 2)) {
			bool found = false;
			for (size_t k = 0; k < sizeof table / sizeof table[0]; k++) {
				if (strcmp(a, table[k].name))
					continue;
				if (i + 1 >= argc) {
					fprintf(err, "%s needs a value\n", a);
					return -EINVAL;
				}
				*(const char **)((char *)o + table[k].offset) = argv[++i];
				found = true;
			}
			if (!found) {
				fprintf(err, "unknown option %s\n", a);
				return -EINVAL;
			}
			continue;
		}
		if (o->npos == MAX_POSITIONAL) {
			fprintf(err, "too many arguments\n");
			return -EINVAL;
		}
		o->pos[o->npos++] = a;
	}
	if (!o->fake_now) {
		const char *env = getenv("ACCUEIL_CENTRAL_FAKE_NOW");
		if (env && *env)
			o->fake_now = env;
	}
	return 0;
}

static int clock_now(const struct opts *o, int64_t *now, FILE *err)
{
	if (o->fake_now) {
		if (calendar_parse_iso8601(o->fake_now, strlen(o->fake_now), now, NULL) != 0) {
			fprintf(err, "--fake-now must be ISO 8601\n");
			return -EINVAL;
		}
		return 0;
	}
	*now = (int64_t)time(NULL);
	return 0;
}

/* The configured zone becomes the site's local time once per process and stays until exit:
 * server threads read it, and so does a server a test runs in-process while it calls these
 * commands. A zone that cannot be read is reported and the coded Toronto rules stay in force. */
static void site_zone_load(const char *name, FILE *err)
{
	const char *dir = getenv("TZDIR");
	calendar_zone_t *z = NULL;
	if (calendar_site_zone())
		return;
	int rc = calendar_zone_load(dir && *dir ? dir : NULL, name, &z);
	if (rc < 0) {
		fprintf(err, "time zone %s: %s; using the built-in America/Toronto rules\n", name,
		        calendar_zone_error(rc));
		return;
	}
	calendar_site_zone_set(z);
}

static int load_config(const struct opts *o, struct central_config *c, FILE *err)
{
	char msg[160];
	central_config_defaults(c);
	if (o->config) {
		int rc = central_config_load(c, o->config, msg, sizeof msg);
		if (rc) {
			fprintf(err, "config: %s\n", msg);
			return rc;
		}
	}
	for (int i = 0; i < o->api_key_count; i++) {
		if (central_config_add_api_key(c, o->api_keys[i]) != 0) {
			fprintf(err, "--api-key is malformed or there are too many keys\n");
			return -EINVAL;
		}
	}
	site_zone_load(c->time_zone, err);
	return 0;
}

/* An optional count 1..100000; NULL leaves *out alone. */
static int count_opt(const char *text, const char *name, unsigned *out, FILE *err)
{
	char *end;
	if (!text)
		return 0;
	errno = 0;
	long v = strtol(text, &end, 10);
	if (errno || end == text || *end || v < 1 || v > 100000) {
		fprintf(err, "%s must be 1..100000\n", name);
		return -EINVAL;
	}
	*out = (unsigned)v;
	return 0;
}

static int cmd_serve(const struct opts *o, FILE *out, FILE *err)
{
	struct central_config *cfg = malloc(sizeof *cfg);
	struct central_server_options so;
	struct central_server *s = NULL;
	char msg[160];
	int64_t now;
	sigset_t set;
	int rc = 1, sig;
	if (!cfg)
		return 1;
	if (!o->db || !o->cert || !o->key) {
		fprintf(err, "serve needs --db, --cert and --key\n%s", usage);
		free(cfg);
		return 2;
	}
	if (load_config(o, cfg, err) != 0)
		goto out_free;
	memset(&so, 0, sizeof so);
	so.db_path = o->db;
	so.addr = o->addr ? o->addr : "127.0.0.1";
	so.cert_path = o->cert;
	so.key_path = o->key;
	so.client_ca_path = o->client_ca;
	so.config = cfg;
	so.log = o->quiet ? NULL : err;
	if (o->port) {
		char *end;
		long p = strtol(o->port, &end, 10);
		if (*end || p < 0 || p > 65535) {
			fprintf(err, "--port must be 0..65535\n");
			rc = 2;
			goto out_free;
		}
		so.port = (uint16_t)p;
	} else {
		so.port = 8443;
	}
	if (o->threads) {
		char *end;
		long t = strtol(o->threads, &end, 10);
		if (*end || t < 1 || t > 64) {
			fprintf(err, "--threads must be 1..64\n");
			rc = 2;
			goto out_free;
		}
		so.threads = (int)t;
	}
	if (count_opt(o->max_connections, "--max-connections", &so.max_connections, err) ||
	    count_opt(o->per_ip_limit, "--per-ip-limit", &so.per_ip_limit, err)) {
		rc = 2;
		goto out_free;
	}
	if (o->fake_now) {
		if (clock_now(o, &now, err) != 0) {
			rc = 2;
			goto out_free;
		}
		so.has_fake_now = true;
		so.fake_now = now;
	}
	/* Signals are taken synchronously by this thread; the server's threads inherit the mask. */
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	if (central_server_start(&so, &s, msg, sizeof msg) != 0) {
		fprintf(err, "serve: %s\n", msg);
		goto out_free;
	}
	fprintf(out, "listening on https://%s:%u\n", so.addr, (unsigned)central_server_port(s));
	fflush(out);
	sigwait(&set, &sig);
	central_server_stop(s);
	if (!o->quiet)
		fprintf(err, "stopped\n");
	rc = 0;
out_free:
	free(cfg);
	return rc;
}

static int open_db(const struct opts *o, central_db_t **db, FILE *err)
{
	if (!o->db) {
		fprintf(err, "--db FILE is required\n");
		return -EINVAL;
	}
	if (central_db_open(o->db, false, db) != 0) {
		fprintf(err, "cannot open the database\n");
		return -EIO;
	}
	return 0;
}

static const struct central_queue *queue_of(const struct central_config *c, const char *label)
{
	char id[2] = {label ? label[0] : 0, 0};
	return central_config_queue(c, id);
}

static int cmd_queue(const char *cmd, const struct opts *o, FILE *out, FILE *err)
{
	struct central_config *cfg = malloc(sizeof *cfg);
	central_db_t *db = NULL;
	int64_t now;
	char day[11];
	int rc = 1;
	bool call = !strcmp(cmd, "call-next");
	if (!cfg)
		return 1;
	if (o->npos != (call ? 2 : 1)) {
		fprintf(err, "%s", usage);
		free(cfg);
		return 2;
	}
	if (load_config(o, cfg, err) != 0 || clock_now(o, &now, err) != 0)
		goto out_free;
	const struct central_queue *q = queue_of(cfg, o->pos[0]);
	if (!q || (call && strlen(o->pos[0]) != 1)) {
		fprintf(err, "unknown service\n");
		goto out_free;
	}
	if (call && (!central_key_valid(o->pos[1]) || strlen(o->pos[1]) > 32)) {
		fprintf(err, "COUNTER must be a short word\n");
		rc = 2;
		goto out_free;
	}
	if (open_db(o, &db, err) != 0)
		goto out_free;
	calendar_format_date(calendar_local_date(now), day, sizeof day);
	if (call) {
		struct central_ticket_row t;
		int r = central_db_ticket_call_next(db, q->id, o->pos[1], day, now,
		                                    q->service_min * 60.0, &t);
		if (r == -ENOENT) {
			fprintf(err, "nobody is waiting for %s\n", q->id);
			rc = 3;
		} else if (r) {
			fprintf(err, "call-next failed\n");
		} else {
			fprintf(out, "%s -> counter %s\n", t.label, t.counter);
			rc = 0;
		}
	} else {
		int r = central_db_ticket_finish(db, day, o->pos[0], !strcmp(cmd, "ticket-served"),
		                                 now, q->service_min * 60.0);
		if (r == -ENOENT)
			fprintf(err, "no ticket %s today\n", o->pos[0]);
		else if (r == -EALREADY)
			fprintf(err, "ticket %s has not been called\n", o->pos[0]);
		else if (r)
			fprintf(err, "%s failed\n", cmd);
		else {
			fprintf(out, "%s %s\n", o->pos[0],
			        !strcmp(cmd, "ticket-served") ? "served" : "missed");
			rc = 0;
		}
	}
out_free:
	central_db_close(db);
	free(cfg);
	return rc;
}

static int cmd_set_status(const struct opts *o, FILE *out, FILE *err)
{
	struct reference_check chk;
	central_db_t *db = NULL;
	int64_t now;
	if (o->npos != 2 || (strcmp(o->pos[1], "open") && strcmp(o->pos[1], "closed"))) {
		fprintf(err, "%s", usage);
		return 2;
	}
	if (reference_validate(o->pos[0], strlen(o->pos[0]), &chk) != REFERENCE_OK) {
		fprintf(err, "ID is not a valid reference (10 digits with a check digit)\n");
		return 1;
	}
	if ((o->notes &&
	     (!central_utf8_valid(o->notes, strlen(o->notes)) || strlen(o->notes) > 1024)) ||
	    (o->agency &&
	     (!central_utf8_valid(o->agency, strlen(o->agency)) || strlen(o->agency) > 256))) {
		fprintf(err,
		        "--notes (1024 bytes) or --agency (256 bytes) too long or not UTF-8\n");
		return 2;
	}
	if (clock_now(o, &now, err) != 0 || open_db(o, &db, err) != 0)
		return 1;
	int r =
	    central_db_request_set_status(db, chk.normalized, o->pos[1], o->notes, o->agency, now);
	central_db_close(db);
	if (r == -ENOENT) {
		fprintf(err, "no request %s\n", chk.normalized);
		return 1;
	}
	if (r) {
		fprintf(err, "set-status failed\n");
		return 1;
	}
	fprintf(out, "%s %s\n", chk.normalized, o->pos[1]);
	return 0;
}

static bool text_arg(const char *s, size_t max)
{
	return s && strlen(s) <= max && central_text_valid(s, (long)max, true);
}

static int cmd_notice_add(const struct opts *o, FILE *out, FILE *err)
{
	struct central_notice_row *n = calloc(1, sizeof *n);
	central_db_t *db = NULL;
	int64_t now, id;
	int rc = 2;
	if (!n)
		return 1;
	if (o->npos || !o->severity ||
	    (strcmp(o->severity, "info") && strcmp(o->severity, "warning") &&
	     strcmp(o->severity, "closure")) ||
	    !text_arg(o->reason_fr, 1024) || !text_arg(o->reason_en, 1024) ||
	    (o->alt_fr && !text_arg(o->alt_fr, 1024)) ||
	    (o->alt_en && !text_arg(o->alt_en, 1024)) || (o->site && !central_key_valid(o->site))) {
		fprintf(err, "notice-add needs --severity info|warning|closure, --reason-fr and "
		             "--reason-en (each at most 1024 bytes of UTF-8, no control "
		             "characters)\n");
		goto out_free;
	}
	if (o->until) {
		if (calendar_parse_iso8601(o->until, strlen(o->until), &n->until, NULL) != 0) {
			fprintf(err, "--until must be ISO 8601\n");
			goto out_free;
		}
		n->has_until = true;
	}
	snprintf(n->severity, sizeof n->severity, "%s", o->severity);
	snprintf(n->reason_fr, sizeof n->reason_fr, "%s", o->reason_fr);
	snprintf(n->reason_en, sizeof n->reason_en, "%s", o->reason_en);
	snprintf(n->alt_fr, sizeof n->alt_fr, "%s", o->alt_fr ? o->alt_fr : "");
	snprintf(n->alt_en, sizeof n->alt_en, "%s", o->alt_en ? o->alt_en : "");
	snprintf(n->site, sizeof n->site, "%s", o->site ? o->site : "");
	rc = 1;
	if (clock_now(o, &now, err) != 0 || open_db(o, &db, err) != 0)
		goto out_free;
	if (central_db_notice_add(db, n, now, &id) != 0) {
		fprintf(err, "notice-add failed\n");
		goto out_close;
	}
	fprintf(out, "%lld\n", (long long)id);
	rc = 0;
out_close:
	central_db_close(db);
out_free:
	free(n);
	return rc;
}

static int cmd_notice_clear(const struct opts *o, FILE *out, FILE *err)
{
	central_db_t *db = NULL;
	long long id = 0;
	int count = 0;
	if (o->npos != 1) {
		fprintf(err, "%s", usage);
		return 2;
	}
	if (strcmp(o->pos[0], "all") != 0) {
		char *end;
		id = strtoll(o->pos[0], &end, 10);
		if (*end || id <= 0) {
			fprintf(err, "ID must be a notice number or all\n");
			return 2;
		}
	}
	if (open_db(o, &db, err) != 0)
		return 1;
	int r = central_db_notice_clear(db, id, &count);
	central_db_close(db);
	if (r == -ENOENT) {
		fprintf(err, "no active notice %lld\n", id);
		return 1;
	}
	if (r) {
		fprintf(err, "notice-clear failed\n");
		return 1;
	}
	fprintf(out, "cleared %d\n", count);
	return 0;
}

static void fmt_time(int64_t t, char *buf, size_t cap)
{
	if (t <= 0)
		snprintf(buf, cap, "-");
	else
		calendar_format_local(t, buf, cap);
}

/* Text from the database as the staff's terminal shows it: control characters escaped, so
 * that nothing a kiosk sent can move the cursor, recolour the screen or forge a column. */
#define ESC_CAP 4200
struct esc {
	char b[5][ESC_CAP];
};

static const char *esc(struct esc *e, int slot, const char *text)
{
	central_escape(text, e->b[slot], sizeof e->b[slot]);
	return e->b[slot];
}

static int print_request(const struct central_request_row *r, void *arg)
{
	char a[40], b[40];
	struct esc e;
	fmt_time(r->requested, a, sizeof a);
	fmt_time(r->updated, b, sizeof b);
	fprintf(arg, "%s\t%s\t%s\t%s\t%s\t%s\n", esc(&e, 0, r->id), esc(&e, 1, r->service_code),
	        esc(&e, 2, r->status), a, b, r->device_id[0] ? esc(&e, 3, r->device_id) : "-");
	return 0;
}

static int print_ticket(const struct central_ticket_row *t, void *arg)
{
	char a[40];
	struct esc e;
	fmt_time(t->issued, a, sizeof a);
	fprintf(arg, "%s\t%s\t%s\t%s\t%s\t%s\t%lld\t%s\n", esc(&e, 0, t->day), esc(&e, 1, t->label),
	        esc(&e, 2, t->service), t->priority ? "priority" : "-", esc(&e, 3, t->state),
	        t->counter[0] ? esc(&e, 4, t->counter) : "-", (long long)t->ahead, a);
	return 0;
}

static int print_kiosk(const struct central_kiosk_row *k, void *arg)
{
	char a[40], last[40] = "-";
	struct esc e;
	fmt_time(k->last_seen, a, sizeof a);
	if (k->last_assistance)
		fmt_time(k->last_assistance, last, sizeof last);
	fprintf(arg, "%s\t%s\t%s\t%lld\t%lld\t%lld\t%lld\t%s\n", esc(&e, 0, k->kiosk),
	        k->version[0] ? esc(&e, 1, k->version) : "-", a, (long long)k->uptime_s,
	        (long long)k->outbox_pending, (long long)k->outbox_oldest_s,
	        (long long)k->assistance_calls, last);
	return 0;
}

static int print_notice(const struct central_notice_row *n, void *arg)
{
	char a[40];
	struct esc e;
	fmt_time(n->has_until ? n->until : 0, a, sizeof a);
	fprintf(arg, "%lld\t%s\t%s\t%s\t%s\t%s\n", (long long)n->id, esc(&e, 0, n->severity),
	        n->cleared ? "cleared" : "active", a, n->site[0] ? esc(&e, 1, n->site) : "*",
	        esc(&e, 2, n->reason_en));
	return 0;
}

static int cmd_list(const struct opts *o, FILE *out, FILE *err)
{
	central_db_t *db = NULL;
	int64_t now;
	int r;
	if (o->npos != 1) {
		fprintf(err, "%s", usage);
		return 2;
	}
	const char *what = o->pos[0];
	if (strcmp(what, "requests") && strcmp(what, "tickets") && strcmp(what, "kiosks") &&
	    strcmp(what, "notices")) {
		fprintf(err, "list requests|tickets|kiosks|notices\n");
		return 2;
	}
	if (clock_now(o, &now, err) != 0 || open_db(o, &db, err) != 0)
		return 1;
	if (!strcmp(what, "requests")) {
		struct central_request_filter f = {.limit = 1000};
		fprintf(out, "id\tservice\tstatus\tcreated\tupdated\tdevice\n");
		r = central_db_request_list(db, &f, print_request, out);
	} else if (!strcmp(what, "tickets")) {
		fprintf(out, "day\tticket\tservice\tpriority\tstate\tcounter\tahead\tissued\n");
		r = central_db_ticket_list(db, NULL, print_ticket, out);
	} else if (!strcmp(what, "kiosks")) {
		fprintf(out, "kiosk\tversion\tlast_heartbeat\tuptime_s\toutbox_pending\t"
		             "outbox_oldest_s\tassistance_calls\tlast_assistance\n");
		r = central_db_kiosk_list(db, print_kiosk, out);
	} else {
		fprintf(out, "id\tseverity\tstate\tuntil\tsite\treason_en\n");
		r = central_db_notice_list(db, NULL, false, now, print_notice, out);
	}
	central_db_close(db);
	if (r) {
		fprintf(err, "list failed\n");
		return 1;
	}
	return 0;
}

int central_cli_main(int argc, char **argv, FILE *out, FILE *err)
{
	struct opts o;
	char msg[160];
	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		fprintf(argc < 2 ? err : out, "%s", usage);
		return argc < 2 ? 2 : 0;
	}
	const char *cmd = argv[1];
	if (parse_opts(argc, argv, &o, err) != 0)
		return 2;
	if (!strcmp(cmd, "serve"))
		return o.npos ? (fprintf(err, "%s", usage), 2) : cmd_serve(&o, out, err);
	if (!strcmp(cmd, "dev-ca")) {
		if (o.npos != 1) {
			fprintf(err, "%s", usage);
			return 2;
		}
		int rc = central_devca_create(o.pos[0], msg, sizeof msg);
		if (rc) {
			fprintf(err, "dev-ca: %s\n", msg);
			return 1;
		}
		fprintf(out, "development CA written to %s\n", o.pos[0]);
		return 0;
	}
	if (!strcmp(cmd, "call-next") || !strcmp(cmd, "ticket-served") ||
	    !strcmp(cmd, "ticket-missed"))
		return cmd_queue(cmd, &o, out, err);
	if (!strcmp(cmd, "set-status"))
		return cmd_set_status(&o, out, err);
	if (!strcmp(cmd, "notice-add"))
		return cmd_notice_add(&o, out, err);
	if (!strcmp(cmd, "notice-clear"))
		return cmd_notice_clear(&o, out, err);
	if (!strcmp(cmd, "list"))
		return cmd_list(&o, out, err);
	fprintf(err, "unknown command %s\n%s", cmd, usage);
	return 2;
}

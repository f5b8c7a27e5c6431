/* libFuzzer target: every Open311 reply parser on the same arbitrary reply, plus the submission
 * builder on arbitrary field texts. Input format: see fuzz_reply.h; when byte 0 is 0xff, the
 * rest is NUL-separated texts for open311_build_submit instead. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "firmware/services/open311.h"
#include "tests/fuzz/fuzz_reply.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_request(const struct open311_request *r)
{
	FUZZ_TEXT(r->service_request_id);
	FUZZ_TEXT(r->status_raw);
	FUZZ_TEXT(r->status_notes);
	FUZZ_TEXT(r->service_name);
	FUZZ_TEXT(r->service_code);
	FUZZ_TEXT(r->agency_responsible);
	FUZZ_TEXT(r->service_notice);
	(void)open311_progress_of(r, NULL, 0);
}

static void check_submit(const struct open311_submit_result *s)
{
	FUZZ_TEXT(s->service_request_id);
	FUZZ_TEXT(s->token);
	FUZZ_TEXT(s->service_notice);
	FUZZ_TEXT(s->account_id);
}

static void fuzz_parsers(const struct net_result *r)
{
	struct open311_services *sv = NULL;
	struct open311_definition *d = NULL;
	struct open311_submit_result sub;
	struct open311_request req;
	struct open311_discovery disc;
	struct net_api_status st;
	char id[OPEN311_ID_MAX];
	size_t i, j;
	int rc;

	rc = open311_parse_services(r, &sv, &st);
	fuzz_check_status(&st, rc);
	if (rc == NET_API_OK) {
		if (sv->count > OPEN311_SERVICES_MAX)
			__builtin_trap();
		for (i = 0; i < sv->count; i++) {
			FUZZ_TEXT(sv->items[i].code);
			FUZZ_TEXT(sv->items[i].name);
			FUZZ_TEXT(sv->items[i].description);
			FUZZ_TEXT(sv->items[i].group);
			FUZZ_TEXT(sv->items[i].standard);
		}
		open311_services_free(sv);
	}
	rc = open311_parse_definition(r, &d, &st);
	fuzz_check_status(&st, rc);
	if (rc == NET_API_OK) {
		for (i = 0; i < d->count; i++) {
			FUZZ_TEXT(d->attrs[i].code);
			FUZZ_TEXT(d->attrs[i].description);
			for (j = 0; j < d->attrs[i].n_values; j++) {
				FUZZ_TEXT(d->attrs[i].values[j].key);
				FUZZ_TEXT(d->attrs[i].values[j].name);
			}
		}
		open311_definition_free(d);
	}
	rc = open311_parse_submit(r, &sub, &st);
	fuzz_check_status(&st, rc);
	if (rc == NET_API_OK) {
		check_submit(&sub);
		if (sub.service_request_id[0] == '\0' && sub.token[0] == '\0')
			__builtin_trap(); /* success means something to hold on to */
	}
	rc = open311_parse_token(r, &sub, &st);
	fuzz_check_status(&st, rc);
	if (rc == NET_API_OK)
		check_submit(&sub);
	rc = open311_parse_status(r, NULL, &req, &st);
	fuzz_check_status(&st, rc);
	if (rc == NET_API_OK)
		check_request(&req);
	rc = open311_parse_status(r, "1", &req, NULL);
	if (rc == NET_API_OK)
		check_request(&req);
	rc = open311_parse_lookup(r, "11111111-2222-4333-8444-555555555555", id, sizeof(id), &st);
	fuzz_check_status(&st, rc);
	if (rc == NET_API_OK)
		FUZZ_TEXT(id);
	rc = open311_parse_discovery(r, &disc, &st);
	fuzz_check_status(&st, rc);
}

static void fuzz_builder(const uint8_t *data, size_t size)
{
	const char *f[8] = {0};
	char *copy = malloc(size + 1);
	struct open311_config cfg;
	struct open311_submission sub;
	struct net_request req;
	size_t i, n = 0, start = 0;

	if (copy == NULL)
		return;
	memcpy(copy, data, size);
	copy[size] = '\0';
	for (i = 0; i <= size && n < 8; i++) {
		if (copy[i] == '\0') {
			f[n++] = copy + start;
			start = i + 1;
		}
	}
	memset(&cfg, 0, sizeof(cfg));
	memcpy(cfg.path, "open311/v2/", 12);
	memset(&sub, 0, sizeof(sub));
	sub.service_code = f[0];
	sub.description = f[1];
	sub.first_name = f[2];
	sub.email = f[3];
	sub.client_request_id = "11111111-2222-4333-8444-555555555555";
	if (f[4] != NULL && f[5] != NULL) {
		sub.n_extra = 1;
		sub.extra[0].code = f[4];
		sub.extra[0].value = f[5];
	}
	if (open311_build_submit(&cfg, &sub, &req) == 0) {
		/* The body is form-encoded: only unreserved bytes, '%', '=' and '&'. */
		for (i = 0; i < req.body_len; i++) {
			char c = req.body[i];
			if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
			      (c >= '0' && c <= '9') || strchr("-._~%=&", c) != NULL))
				__builtin_trap();
		}
		net_request_release(&req);
	}
	if (f[0] != NULL && open311_build_status(&cfg, f[0], LANG_FR, &req) == 0) {
		if (strpbrk(req.path, " ?#\r\n") != NULL)
			__builtin_trap();
		net_request_release(&req);
	}
	free(copy);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct net_result r;

	if (size >= 1 && data[0] == 0xff) {
		fuzz_builder(data + 1, size - 1);
		return 0;
	}
	if (fuzz_reply(data, size, &r) != 0)
		return 0;
	fuzz_parsers(&r);
	free(r.body);
	return 0;
}

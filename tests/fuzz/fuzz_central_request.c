/* libFuzzer target over the reference central's request parsing: form-urlencoded Open311 bodies,
 * JSON bodies (tickets, heartbeats, feedback), Accept-Language and the config file. Pulls in only
 * central/parse.c and central/config.c (plus cJSON and the calendar/standards core): no server,
 * no SQLite, no TLS. The first input byte picks the parser. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "central/config.h"
#include "central/parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fuzz_form(const char *body, size_t len)
{
	struct central_form f;
	struct central_submission s;
	char err[160];
	if (central_form_parse(body, len, &f) != 0)
		return;
	/* Every field that parsed is NUL-terminated valid UTF-8. */
	for (size_t i = 0; i < f.count; i++)
		if (!central_utf8_valid(f.values[i], strlen(f.values[i])))
			abort();
	if (central_submission_parse(&f, &s, err, sizeof err) == 0) {
		if (s.description && central_utf8_chars(s.description, strlen(s.description)) >
		                         CENTRAL_MAX_DESCRIPTION)
			abort();
		for (size_t i = 0; i < s.attr_count; i++)
			if (!s.attr_codes[i][0])
				abort();
	}
	central_form_free(&f);
}

static void fuzz_json(const char *body, size_t len, uint8_t which)
{
	cJSON *j = NULL;
	char err[160];
	if (central_json_parse(body, len, &j) != 0)
		return;
	switch (which % 3) {
	case 0: {
		struct central_ticket_request t;
		central_ticket_request_parse(j, &t, err, sizeof err);
		break;
	}
	case 1: {
		struct central_heartbeat *h = malloc(sizeof *h);
		if (h)
			central_heartbeat_parse(j, h, err, sizeof err);
		free(h);
		break;
	}
	default: {
		struct central_feedback *f = malloc(sizeof *f);
		if (f)
			central_feedback_parse(j, f, err, sizeof err);
		free(f);
		break;
	}
	}
	cJSON_Delete(j);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	uint8_t mode = data[0];
	const char *body = (const char *)data + 1;
	size_t len = size - 1;
	switch (mode % 4) {
	case 0:
		fuzz_form(body, len);
		break;
	case 1:
		fuzz_json(body, len, (uint8_t)(mode >> 2));
		break;
	case 2: {
		char *s = malloc(len + 1);
		if (!s)
			return 0;
		memcpy(s, body, len);
		s[len] = '\0';
		central_accept_language(s);
		central_key_valid(s);
		central_json_depth(s, len, CENTRAL_MAX_JSON_DEPTH);
		free(s);
		break;
	}
	default: {
		struct central_config *c = malloc(sizeof *c);
		char err[160];
		int line;
		if (!c)
			return 0;
		central_config_defaults(c);
		central_config_parse(c, body, len, &line, err, sizeof err);
		free(c);
		break;
	}
	}
	return 0;
}

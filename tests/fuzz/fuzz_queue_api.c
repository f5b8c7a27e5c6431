/* libFuzzer target: every queue API reply parser on the same arbitrary reply (fuzz_reply.h). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "firmware/services/queue_api.h"
#include "tests/fuzz/fuzz_reply.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct queue_api_services sv;
	struct queue_api_ticket t;
	struct queue_api_ticket_status ts;
	struct net_api_time next;
	struct net_api_status st;
	struct net_result r;
	size_t i, j;
	int rc;

	if (fuzz_reply(data, size, &r) != 0)
		return 0;
	rc = queue_api_parse_services(&r, &sv, &st);
	fuzz_check_status(&st, rc);
	if (rc == NET_API_OK) {
		if (sv.count > QUEUE_API_SERVICES_MAX)
			__builtin_trap();
		for (i = 0; i < sv.count; i++) {
			FUZZ_TEXT(sv.items[i].id);
			FUZZ_TEXT(sv.items[i].name_fr);
			FUZZ_TEXT(sv.items[i].name_en);
			if (sv.items[i].wait_min_s > sv.items[i].wait_max_s)
				__builtin_trap();
			for (j = 0; j < sv.items[i].n_best; j++)
				FUZZ_TEXT(sv.items[i].best_hours[j]);
		}
	}
	rc = queue_api_parse_ticket(&r, &t, &next, &st);
	fuzz_check_status(&st, rc);
	if (rc == NET_API_OK) {
		FUZZ_TEXT(t.ticket);
		FUZZ_TEXT(t.service);
		FUZZ_TEXT(t.where_fr);
		FUZZ_TEXT(t.where_en);
		if (t.ticket[0] == '\0')
			__builtin_trap();
	}
	rc = queue_api_parse_ticket_status(&r, &ts, &st);
	fuzz_check_status(&st, rc);
	if (rc == NET_API_OK) {
		FUZZ_TEXT(ts.ticket);
		FUZZ_TEXT(ts.service);
		FUZZ_TEXT(ts.counter);
	}
	free(r.body);
	return 0;
}

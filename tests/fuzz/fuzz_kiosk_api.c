/* libFuzzer target: every kiosk API reply parser on the same arbitrary reply (fuzz_reply.h). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "firmware/services/kiosk_api.h"
#include "tests/fuzz/fuzz_reply.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kiosk_api_notices n;
	struct net_api_status st;
	struct net_result r;
	char id[KIOSK_API_ID_MAX];
	size_t i;
	int rc;

	if (fuzz_reply(data, size, &r) != 0)
		return 0;
	rc = kiosk_api_parse_notices(&r, &n, &st);
	fuzz_check_status(&st, rc);
	if (rc == NET_API_OK) {
		if (n.count > KIOSK_API_NOTICES_MAX)
			__builtin_trap();
		for (i = 0; i < n.count; i++) {
			FUZZ_TEXT(n.items[i].id);
			FUZZ_TEXT(n.items[i].reason_fr);
			FUZZ_TEXT(n.items[i].reason_en);
			FUZZ_TEXT(n.items[i].alternatives_fr);
			FUZZ_TEXT(n.items[i].alternatives_en);
			if (n.items[i].reason_fr[0] == '\0' || n.items[i].reason_en[0] == '\0')
				__builtin_trap(); /* a notice always has words in both languages */
		}
	}
	rc = kiosk_api_parse_heartbeat(&r, &st);
	fuzz_check_status(&st, rc);
	rc = kiosk_api_parse_feedback(&r, id, sizeof(id), &st);
	fuzz_check_status(&st, rc);
	if (rc == NET_API_OK)
		FUZZ_TEXT(id);
	free(r.body);
	return 0;
}

/* libFuzzer target: calendar_zone_parse on arbitrary bytes; a zone it accepts must answer every
 * question (offsets, breakdowns, wall times) within the RFC's offset bounds, including instants
 * past the last transition (the footer rules) and at the ends of the calendar. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "firmware/core/calendar.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const int64_t at[] = {
	    INT64_MIN,  -62135596801LL, -2147483648LL,  -1,       0, 1710054000,
	    2147483647, 4102444800LL,   253402300800LL, INT64_MAX};
	calendar_zone_t *z = NULL;
	if (size > CALENDAR_ZONE_FILE_MAX || calendar_zone_parse(data, size, &z) != 0)
		return 0;
	for (size_t i = 0; i < sizeof at / sizeof at[0]; i++) {
		int off = calendar_zone_offset(z, at[i]);
		/* TZif offsets lie in (-25 h, 26 h). */
		if (off <= -25 * 60 || off >= 26 * 60)
			abort();
	}
	for (int64_t t = 1577836800; t < 1893456000; t += 86400 * 29 + 3599) {
		struct calendar_local l = calendar_zone_to_local(z, t);
		int64_t back;
		if (!calendar_date_valid(l.date) ||
		    calendar_zone_from_local(z, l.date, l.hour, l.minute, l.second, &back) != 0)
			abort();
	}
	calendar_zone_free(z);
	return 0;
}

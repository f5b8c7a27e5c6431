/* Opening hours and waits. See hours.h. */
#include "central/hours.h"

#include <math.h>

#include "firmware/core/calendar.h"

static bool open_day(const struct central_hours *h, struct calendar_date d)
{
	if (!(h->days & (1u << calendar_weekday(d))))
		return false;
	return !h->holidays_closed || calendar_holiday_on(d, NULL) == CALENDAR_HOLIDAY_NONE;
}

static void window(const struct central_hours *h, struct calendar_date d, int64_t *open,
                   int64_t *close)
{
	calendar_from_local(d, h->open_min / 60, h->open_min % 60, 0, open);
	if (h->close_min >= 24 * 60) {
		calendar_from_local(calendar_add_days(d, 1), 0, 0, 0, close);
	} else {
		calendar_from_local(d, h->close_min / 60, h->close_min % 60, 0, close);
	}
}

void central_hours_status(const struct central_hours *h, int64_t now,
                          struct central_hours_status *out)
{
	struct calendar_date today = calendar_local_date(now);
	int64_t open, close;
	out->state = CENTRAL_HOURS_CLOSED;
	out->accepting = false;
	out->opens_at = out->closes_at = out->next_opening = 0;
	if (open_day(h, today)) {
		window(h, today, &open, &close);
		int64_t cutoff = close - (int64_t)h->cutoff_min * 60;
		if (now < open) {
			out->opens_at = out->next_opening = open;
			out->closes_at = close;
			return;
		}
		if (now < cutoff) {
			out->accepting = true;
			out->state = now >= cutoff - (int64_t)h->closing_min * 60
			                 ? CENTRAL_HOURS_CLOSING
			                 : CENTRAL_HOURS_OPEN;
			out->opens_at = out->next_opening = open;
			out->closes_at = close;
			return;
		}
	}
	for (int i = 1; i <= 60; i++) {
		struct calendar_date d = calendar_add_days(today, i);
		if (open_day(h, d)) {
			window(h, d, &open, &close);
			out->opens_at = out->next_opening = open;
			out->closes_at = close;
			return;
		}
	}
}

const char *central_hours_state_name(enum central_hours_state s)
{
	switch (s) {
	case CENTRAL_HOURS_OPEN:
		return "open";
	case CENTRAL_HOURS_CLOSING:
		return "closing";
	default:
		return "closed";
	}
}

void central_hours_wait(int64_t ahead, int counters, double mean_s, int64_t *min_s, int64_t *max_s)
{
	if (counters < 1)
		counters = 1;
	if (ahead <= 0 || !(mean_s > 0)) {
		*min_s = *max_s = 0;
		return;
	}
	double expected = (double)ahead / counters * mean_s;
	*min_s = (int64_t)floor(expected * 0.75 / 60.0) * 60;
	*max_s = (int64_t)ceil(expected * 1.25 / 60.0) * 60;
}

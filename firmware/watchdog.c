#include "firmware/watchdog.h"

#include <stdio.h>
#include <systemd/sd-daemon.h>

int watchdog_init(struct watchdog *w, uint64_t now_ms)
{
	uint64_t usec = 0;
	int rc = sd_watchdog_enabled(0, &usec);

	w->enabled = rc > 0 && usec >= 2000;
	w->interval_ms = w->enabled ? usec / 2000 : 0;
	w->next_ms = now_ms;
	return rc < 0 ? rc : 0;
}

void watchdog_ready(const struct watchdog *w, const char *status)
{
	(void)w;
	sd_notifyf(0, "READY=1\nSTATUS=%s", status);
}

void watchdog_feed(struct watchdog *w, uint64_t now_ms)
{
	if (!w->enabled || now_ms < w->next_ms)
		return;
	sd_notify(0, "WATCHDOG=1");
	w->next_ms = now_ms + w->interval_ms;
}

uint64_t watchdog_next(const struct watchdog *w)
{
	return w->enabled ? w->next_ms : UINT64_MAX;
}

void watchdog_stopping(const struct watchdog *w)
{
	(void)w;
	sd_notify(0, "STOPPING=1");
}

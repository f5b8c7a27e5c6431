/* systemd supervision (board/systemd/accueil.service, Type=notify, WatchdogSec=): READY=1
 * once the first frame is on screen, then WATCHDOG=1 from the UI loop after each completed
 * iteration, at half the watchdog period. A renderer or loop that hangs stops the pings and
 * systemd restarts the kiosk. Uses libsystemd's sd_notify; outside systemd (no
 * NOTIFY_SOCKET) every call does nothing. Program layer. */
#ifndef ACCUEIL_WATCHDOG_H
#define ACCUEIL_WATCHDOG_H

#include <stdbool.h>
#include <stdint.h>

struct watchdog {
	bool enabled;         /* systemd asked for pings (WATCHDOG_USEC for this process) */
	uint64_t interval_ms; /* half the watchdog period */
	uint64_t next_ms;     /* the next ping is due at this time on the loop's clock */
};

/* Reads the watchdog period systemd gave this process. Returns 0 (enabled or not), or a
 * negative errno when the environment is malformed (then the watchdog is off). */
int watchdog_init(struct watchdog *w, uint64_t now_ms);
/* Tells systemd the kiosk is up (READY=1 with a status line). */
void watchdog_ready(const struct watchdog *w, const char *status);
/* Called by the loop after each completed iteration: pings when a ping is due. */
void watchdog_feed(struct watchdog *w, uint64_t now_ms);
/* When the loop must have come round to feed again (UINT64_MAX when disabled): the loop's
 * wait never sleeps past it, so an idle kiosk keeps pinging. */
uint64_t watchdog_next(const struct watchdog *w);
/* Tells systemd the kiosk is stopping on purpose (STOPPING=1). */
void watchdog_stopping(const struct watchdog *w);

#endif

#include "firmware/core/log.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static log_sink_fn sink_fn;
static void *sink_ctx;
static enum log_level min_level = LOG_INFO;
static char recent[LOG_RECENT_MAX][LOG_RECENT_LINE_MAX];
static int recent_next, recent_count;

void log_set_sink(log_sink_fn fn, void *ctx)
{
	sink_fn = fn;
	sink_ctx = ctx;
}

void log_set_level(enum log_level min)
{
	min_level = min;
}

void log_msg(enum log_level level, const char *module, const char *fmt, ...)
{
	static const char *const names[] = {"debug", "info", "warn", "error"};
	char msg[1024];
	va_list ap;

	if (level < min_level)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	/* Cut to the line's size (the log sink still gets the whole message). */
	snprintf(recent[recent_next], sizeof(recent[0]), "%s %.24s: %.120s", names[level], module,
	         msg);
	recent_next = (recent_next + 1) % LOG_RECENT_MAX;
	if (recent_count < LOG_RECENT_MAX)
		recent_count++;
	if (sink_fn)
		sink_fn(sink_ctx, level, module, msg);
	else
		fprintf(stderr, "accueil: %s: %s: %s\n", names[level], module, msg);
}

int log_recent(char *lines, int max, size_t cap)
{
	int n = recent_count < max ? recent_count : max;
	for (int i = 0; i < n && cap > 0; i++) {
		int at = (recent_next - n + i + LOG_RECENT_MAX) % LOG_RECENT_MAX;
		snprintf(lines + (size_t)i * cap, cap, "%s", recent[at]);
	}
	return cap > 0 ? n : 0;
}

void log_recent_clear(void)
{
	memset(recent, 0, sizeof(recent));
	recent_next = recent_count = 0;
}

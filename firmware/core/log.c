#include "firmware/core/log.h"

#include <stdarg.h>
#include <stdio.h>

static log_sink_fn sink_fn;
static void *sink_ctx;
static enum log_level min_level = LOG_INFO;

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
	if (sink_fn)
		sink_fn(sink_ctx, level, module, msg);
	else
		fprintf(stderr, "accueil: %s: %s: %s\n", names[level], module, msg);
}

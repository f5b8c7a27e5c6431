/* The one log sink. Modules return errors; the program layer logs them here once.
 * Never log personal data: names, contact details, request text, references typed. */
#ifndef ACCUEIL_LOG_H
#define ACCUEIL_LOG_H

#include <stddef.h>

enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR };

typedef void (*log_sink_fn)(void *ctx, enum log_level level, const char *module, const char *msg);

/* Replaces the sink (NULL: back to stderr). Tests capture logs this way. */
void log_set_sink(log_sink_fn fn, void *ctx);
void log_set_level(enum log_level min);

/* printf-style; the message is cut at 1 KiB. */
void log_msg(enum log_level level, const char *module, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* The last lines logged, kept in memory for technician mode (which shows them on the device):
 * "warn outbox: request not stored (-28)". They hold what the log holds: no personal data. */
#define LOG_RECENT_MAX      16
#define LOG_RECENT_LINE_MAX 160

/* Copies up to max of the most recent lines, oldest first, each cut to cap bytes, into
 * lines (max rows of cap bytes). Returns how many. */
int log_recent(char *lines, int max, size_t cap);
/* Forgets the recent lines (tests). */
void log_recent_clear(void);

#endif

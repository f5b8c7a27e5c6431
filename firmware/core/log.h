/* The one log sink. Modules return errors; the program layer logs them here once.
 * Never log personal data: names, contact details, request text, references typed. */
#ifndef ACCUEIL_LOG_H
#define ACCUEIL_LOG_H

enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR };

typedef void (*log_sink_fn)(void *ctx, enum log_level level, const char *module, const char *msg);

/* Replaces the sink (NULL: back to stderr). Tests capture logs this way. */
void log_set_sink(log_sink_fn fn, void *ctx);
void log_set_level(enum log_level min);

/* printf-style; the message is cut at 1 KiB. */
void log_msg(enum log_level level, const char *module, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif

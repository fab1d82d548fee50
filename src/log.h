/* log.h: the responder's log lines on stderr, where every web server
 * collects them. Each line is "slugserve: LEVEL: message", LEVEL one of
 * error (a request or the service failed), warning (a fault slugserve
 * survives, e.g. a bad index refused while the previous one serves) and
 * notice (expected in some set-ups, nothing to fix). The same message
 * (the same text after formatting) is written at most once a minute per
 * process; the next one written says how many repeats were held back.
 * Every message is documented in docs/troubleshooting.md (t/log-messages.sh
 * checks). */
#ifndef SLUG_LOG_H
#define SLUG_LOG_H

#include <time.h>

enum log_level {
	SLOG_ERROR,
	SLOG_WARNING,
	SLOG_NOTICE,
	SLOG__MAX
};

extern const char *const log_level_names[SLOG__MAX];

/* How long the same message is held back after it was written, and how
 * many distinct messages are remembered for that (the one written longest
 * ago is forgotten first). */
#define LOG_REPEAT_SECONDS 60
#define LOG_SLOTS 32

void log_msg(enum log_level level, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* log_set_program: the name that starts each line ("slugserve" unless
 * set): slugindex, which shares the rules and index readers, sets its
 * own, so that its messages do not claim to come from the server. */
void log_set_program(const char *name);

/* log_set_clock: the clock, in seconds, that the repeat limit counts on
 * (NULL: CLOCK_MONOTONIC). For tests, which move it. */
void log_set_clock(time_t (*now)(void));
#define log_error(...) log_msg(SLOG_ERROR, __VA_ARGS__)
#define log_warning(...) log_msg(SLOG_WARNING, __VA_ARGS__)
#define log_notice(...) log_msg(SLOG_NOTICE, __VA_ARGS__)

/* log_defer: format a message but hold it (one slot; a later call
 * replaces it). log_defer_flush writes it (rate-limited as log_msg) and
 * log_defer_drop forgets it. For a fault that matters only if a request
 * meets it: the index holder defers "no usable index" and the responder
 * flushes it when it answers 503 for want of an index, drops it when it
 * has one (so a process start without an index logs nothing by itself). */
void log_defer(enum log_level level, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void log_defer_flush(void);
void log_defer_drop(void);

#endif

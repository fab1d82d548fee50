/* log.c: "slugserve: LEVEL: message" lines on stderr, the same message at
 * most once per LOG_REPEAT_SECONDS (see log.h). The repeats are told
 * apart by a hash of the formatted text in a small table; when the table
 * is full the entry written longest ago makes room, so a flood of
 * distinct messages is written, not lost. */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "xxhash.h"

const char *const log_level_names[SLOG__MAX] = {
	[SLOG_ERROR] = "error",
	[SLOG_WARNING] = "warning",
	[SLOG_NOTICE] = "notice",
};

#define LOG_LINE 1024

struct seen {
	uint64_t hash;
	time_t last;		/* monotonic seconds; 0: a free slot */
	unsigned long held;	/* repeats not written since last */
};

static struct seen seen[LOG_SLOTS];
static pid_t seen_pid;	/* whose table: a forked worker starts afresh */

static struct {
	int pending;
	enum log_level level;
	char text[LOG_LINE];
} deferred;

static time_t monotonic_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}

static time_t (*clock_s)(void) = monotonic_s;

void log_set_clock(time_t (*now)(void))
{
	clock_s = now != NULL ? now : monotonic_s;
}

static time_t now_s(void)
{
	return clock_s() + 1;	/* never 0, the free mark */
}

/* slot_for: the entry of hash, or the one written longest ago. */
static struct seen *slot_for(uint64_t hash)
{
	struct seen *old = &seen[0];

	if (seen_pid != getpid()) {
		memset(seen, 0, sizeof(seen));
		seen_pid = getpid();
	}

	for (int i = 0; i < LOG_SLOTS; i++) {
		if (seen[i].last != 0 && seen[i].hash == hash)
			return &seen[i];
		if (seen[i].last < old->last)
			old = &seen[i];
	}
	old->hash = hash;
	old->last = 0;
	old->held = 0;
	return old;
}

static const char *program = "slugserve";

void log_set_program(const char *name)
{
	program = name;
}

static void emit(enum log_level level, const char *text)
{
	struct seen *s;
	time_t now = now_s();

	if ((unsigned)level >= SLOG__MAX)
		level = SLOG_ERROR;
	s = slot_for(xxh64(text, strlen(text), level));
	if (s->last != 0 && now - s->last < LOG_REPEAT_SECONDS) {
		s->held++;
		return;
	}
	if (s->held > 0)
		fprintf(stderr, "%s: %s: %s (and %lu times more in %ld s)\n",
			program, log_level_names[level], text, s->held,
			(long)(now - s->last));
	else
		fprintf(stderr, "%s: %s: %s\n", program,
			log_level_names[level], text);
	s->last = now;
	s->held = 0;
}

void log_msg(enum log_level level, const char *fmt, ...)
{
	char text[LOG_LINE];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	emit(level, text);
}

void log_defer(enum log_level level, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(deferred.text, sizeof(deferred.text), fmt, ap);
	va_end(ap);
	deferred.level = level;
	deferred.pending = 1;
}

void log_defer_flush(void)
{
	if (!deferred.pending)
		return;
	deferred.pending = 0;
	emit(deferred.level, deferred.text);
}

void log_defer_drop(void)
{
	deferred.pending = 0;
}

/* t/unit-log.c: the log module (src/log.c, linked from libslug, on a
 * clock the test moves): the line format, the repeat limit and its count,
 * deferred messages. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"
#include "../src/log.h"

static char out[8192];
static time_t fake_now = 1000;

static time_t fake_clock(void)
{
	return fake_now;
}

/* captured: what was written to stderr since the last call. */
static const char *captured(FILE *f)
{
	size_t n;

	fflush(stderr);
	rewind(f);
	n = fread(out, 1, sizeof(out) - 1, f);
	out[n] = '\0';
	if (ftruncate(fileno(f), 0) != 0)
		out[0] = '\0';
	rewind(f);
	return out;
}

int main(void)
{
	FILE *f = tmpfile();

	if (f == NULL || dup2(fileno(f), 2) < 0) {
		ok(0, "stderr captured");
		return tap_done();
	}
	setvbuf(stderr, NULL, _IONBF, 0);
	log_set_clock(fake_clock);
	log_error("listen on %s: %s", "x:1", "Address already in use");
	is_str(captured(f), "slugserve: error: listen on x:1: Address already in use\n",
	       "error: prefix, level, formatted text, one line");
	log_warning("w");
	log_notice("n");
	is_str(captured(f), "slugserve: warning: w\nslugserve: notice: n\n",
	       "warning and notice levels");

	for (int i = 0; i < 100; i++)
		log_warning("refusing new index %s", "/a");
	is_str(captured(f), "slugserve: warning: refusing new index /a\n",
	       "100 repeats within a minute: written once");
	log_warning("refusing new index %s", "/b");
	is_str(captured(f), "slugserve: warning: refusing new index /b\n",
	       "another text is another message");
	log_error("refusing new index %s", "/a");
	is_str(captured(f), "slugserve: error: refusing new index /a\n",
	       "the same text at another level is another message");

	/* a minute later: the count of repeats */
	fake_now += LOG_REPEAT_SECONDS;
	log_warning("refusing new index %s", "/a");
	ok(strncmp(captured(f), "slugserve: warning: refusing new index /a "
		   "(and 99 times more in 6", 60) == 0,
	   "after a minute: written again with the count held back");
	diag("%s", out);

	for (int i = 0; i < 3 * LOG_SLOTS; i++)
		log_notice("distinct %d", i);
	ok(strstr(captured(f), "distinct 95\n") != NULL,
	   "a flood of distinct messages is written, not lost");

	log_defer(SLOG_ERROR, "no usable index %s", "/x");
	is_str(captured(f), "", "deferred: nothing written yet");
	log_defer_flush();
	is_str(captured(f), "slugserve: error: no usable index /x\n",
	       "deferred: written on flush");
	log_defer_flush();
	is_str(captured(f), "", "deferred: flushed once");
	log_defer(SLOG_ERROR, "no usable index %s", "/y");
	log_defer_drop();
	log_defer_flush();
	is_str(captured(f), "", "deferred, then dropped: never written");
	log_set_program("slugindex");
	log_warning("rule %u does not compile", 7u);
	is_str(captured(f), "slugindex: warning: rule 7 does not compile\n",
	       "log_set_program: slugindex's lines name slugindex");
	return tap_done();
}

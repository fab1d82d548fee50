/* diag.h: slugindex's one error vocabulary. Every problem found in a config,
 * a content file or a layout is printed at once to stderr as
 * "file:line:column: error|warning: message" and counted, so that `check`
 * lists all of them and `build` refuses to write when any is an error.
 *
 * Work done on another thread reports into a struct diag of its own that
 * holds its messages (diag_hold); the caller replays them in a set order
 * (diag_replay), so that stderr reads the same whatever the threads did. */
#ifndef SLUG_DIAG_H
#define SLUG_DIAG_H

#include <stdarg.h>
#include <stddef.h>

enum diag_level {
	DIAG_WARNING,
	DIAG_ERROR,
	DIAG__MAX
};

struct diag {
	unsigned errors;
	unsigned warnings;
	int quiet_warnings;	/* build does not repeat what check lists */
	int hold;		/* keep messages in held instead of printing */
	char *held;		/* owned: held messages, whole lines, or NULL */
	size_t held_len, held_cap;
	int held_lost;		/* memory ran out: some messages are missing */
};

/* diag_at: report one problem. line and column count from 1; 0 leaves the
 * part out ("file: error: ..." or "file:line: error: ..."). */
void diag_at(struct diag *d, enum diag_level level, const char *file,
	     unsigned long line, unsigned long col, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

/* diag_vat: diag_at with the arguments in ap, and prefix ("" for none)
 * before the message: for the modules that report through a function of
 * their own. */
void diag_vat(struct diag *d, enum diag_level level, const char *file,
	      unsigned long line, unsigned long col, const char *prefix,
	      const char *fmt, va_list ap) __attribute__((format(printf, 7, 0)));

/* diag_hold: make *d an empty counter that holds its messages, quiet about
 * warnings when like is. Release with diag_replay() or diag_free(). */
void diag_hold(struct diag *d, const struct diag *like);

/* diag_replay: add from's counts to to's and print its held messages (or
 * hold them, when to holds too), as if they had been reported to to; from
 * is left as diag_free leaves it. */
void diag_replay(struct diag *to, struct diag *from);

/* diag_free: drop held messages unprinted and zero the counts; d holds
 * (or not) as before. Safe to call twice. */
void diag_free(struct diag *d);

#endif

/* diag.h: slugindex's one error vocabulary. Every problem found in a config,
 * a content file or a layout is printed at once to stderr as
 * "file:line:column: error|warning: message" and counted, so that `check`
 * lists all of them and `build` refuses to write when any is an error. */
#ifndef SLUG_DIAG_H
#define SLUG_DIAG_H

enum diag_level {
	DIAG_WARNING,
	DIAG_ERROR,
	DIAG__MAX
};

struct diag {
	unsigned errors;
	unsigned warnings;
	int quiet_warnings;	/* build does not repeat what check lists */
};

/* diag_at: report one problem. line and column count from 1; 0 leaves the
 * part out ("file: error: ..." or "file:line: error: ..."). */
void diag_at(struct diag *d, enum diag_level level, const char *file,
	     unsigned long line, unsigned long col, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

#endif

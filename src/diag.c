/* diag.c: print and count diagnostics (see diag.h). */
#include <stdarg.h>
#include <stdio.h>

#include "diag.h"

static const char *const level_names[DIAG__MAX] = {
	[DIAG_WARNING] = "warning",
	[DIAG_ERROR] = "error",
};

void diag_at(struct diag *d, enum diag_level level, const char *file,
	     unsigned long line, unsigned long col, const char *fmt, ...)
{
	va_list ap;

	if (level == DIAG_ERROR)
		d->errors++;
	else
		d->warnings++;
	if (level == DIAG_WARNING && d->quiet_warnings)
		return;
	fprintf(stderr, "%s:", file);
	if (line > 0)
		fprintf(stderr, "%lu:", line);
	if (line > 0 && col > 0)
		fprintf(stderr, "%lu:", col);
	fprintf(stderr, " %s: ", level_names[level]);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

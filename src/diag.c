/* diag.c: print and count diagnostics, or hold them for later (see
 * diag.h). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"

static const char *const level_names[DIAG__MAX] = {
	[DIAG_WARNING] = "warning",
	[DIAG_ERROR] = "error",
};

/* Make room for n more bytes (and a NUL) in d->held. */
static int held_reserve(struct diag *d, size_t n)
{
	size_t cap = d->held_cap ? d->held_cap : 128;
	char *p;

	if (n < d->held_cap - d->held_len)
		return 0;
	while (cap - d->held_len <= n) {
		if (cap > (size_t)-1 / 2)
			return -1;
		cap *= 2;
	}
	p = realloc(d->held, cap);
	if (p == NULL)
		return -1;
	d->held = p;
	d->held_cap = cap;
	return 0;
}

/* Print to stderr, or append to d->held when d holds. */
static void vemit(struct diag *d, const char *fmt, va_list ap)
{
	va_list again;
	int n;

	if (!d->hold) {
		vfprintf(stderr, fmt, ap);
		return;
	}
	va_copy(again, ap);
	n = vsnprintf(NULL, 0, fmt, again);
	va_end(again);
	if (n < 0 || held_reserve(d, (size_t)n) < 0) {
		d->held_lost = 1;
		return;
	}
	vsnprintf(d->held + d->held_len, (size_t)n + 1, fmt, ap);
	d->held_len += (size_t)n;
}

/* Append n bytes to d->held, or print them when d does not hold. */
static void emit_bytes(struct diag *d, const char *s, size_t n)
{
	if (n == 0)
		return;
	if (!d->hold) {
		fwrite(s, 1, n, stderr);
	} else if (held_reserve(d, n) < 0) {
		d->held_lost = 1;
	} else {
		memcpy(d->held + d->held_len, s, n);
		d->held_len += n;
		d->held[d->held_len] = '\0';
	}
}

static void emit(struct diag *d, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void emit(struct diag *d, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vemit(d, fmt, ap);
	va_end(ap);
}

void diag_at(struct diag *d, enum diag_level level, const char *file,
	     unsigned long line, unsigned long col, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_vat(d, level, file, line, col, "", fmt, ap);
	va_end(ap);
}

void diag_vat(struct diag *d, enum diag_level level, const char *file,
	      unsigned long line, unsigned long col, const char *prefix,
	      const char *fmt, va_list ap)
{
	if (level == DIAG_ERROR)
		d->errors++;
	else
		d->warnings++;
	if (level == DIAG_WARNING && d->quiet_warnings)
		return;
	emit(d, "%s:", file);
	if (line > 0)
		emit(d, "%lu:", line);
	if (line > 0 && col > 0)
		emit(d, "%lu:", col);
	emit(d, " %s: %s", level_names[level], prefix);
	vemit(d, fmt, ap);
	emit(d, "\n");
}

void diag_hold(struct diag *d, const struct diag *like)
{
	memset(d, 0, sizeof *d);
	d->quiet_warnings = like->quiet_warnings;
	d->hold = 1;
}

void diag_replay(struct diag *to, struct diag *from)
{
	to->errors += from->errors;
	to->warnings += from->warnings;
	emit_bytes(to, from->held ? from->held : "", from->held_len);
	if (from->held_lost)
		emit(to, "slugindex: out of memory: messages were lost\n");
	diag_free(from);
}

void diag_free(struct diag *d)
{
	int quiet = d->quiet_warnings, hold = d->hold;

	free(d->held);
	memset(d, 0, sizeof *d);
	d->quiet_warnings = quiet;
	d->hold = hold;
}

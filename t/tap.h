/* tap.h: a minimal TAP producer for the C unit tests (Automake's TAP driver reads it).
 *
 * Each check prints "ok N - name" or "not ok N - name" with a diagnostic;
 * tap_done() prints the plan and returns the exit status. Header-only, so a
 * test can #include the .c file it tests and reach its static functions. */
#ifndef SLUG_TAP_H
#define SLUG_TAP_H

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int tap_count;
static int tap_failed;

static void tap_vresult(int pass, const char *fmt, va_list ap)
{
	tap_count++;
	if (!pass)
		tap_failed++;
	printf("%sok %d - ", pass ? "" : "not ", tap_count);
	vprintf(fmt, ap);
	putchar('\n');
	fflush(stdout);
}

/* ok(): record one test; returns pass so callers can add diagnostics. */
static int ok(int pass, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int ok(int pass, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	tap_vresult(pass, fmt, ap);
	va_end(ap);
	return pass;
}

/* is_str(): compare two byte strings, print both on failure. */
__attribute__((unused)) static int is_mem(const char *got, size_t gotlen, const char *want, size_t wantlen,
		  const char *name)
{
	int pass = gotlen == wantlen && memcmp(got, want, gotlen) == 0;

	ok(pass, "%s", name);
	if (!pass)
		printf("#   got:  '%.*s'\n#   want: '%.*s'\n", (int)gotlen, got,
		       (int)wantlen, want);
	return pass;
}

__attribute__((unused)) static int is_str(const char *got, const char *want, const char *name)
{
	if (got == NULL)
		got = "(null)";
	return is_mem(got, strlen(got), want, strlen(want), name);
}

__attribute__((unused)) static int is_int(long long got, long long want, const char *name)
{
	int pass = got == want;

	ok(pass, "%s", name);
	if (!pass)
		printf("#   got:  %lld\n#   want: %lld\n", got, want);
	return pass;
}

static void diag(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
__attribute__((unused)) static void diag(const char *fmt, ...)
{
	va_list ap;

	printf("# ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

static int tap_done(void)
{
	printf("1..%d\n", tap_count);
	return tap_failed ? 1 : 0;
}

#endif

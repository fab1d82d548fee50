/* t/respond.c: unit test of src/respond.c through a fake request
 * environment and a memory writer, against an index that $SLUGINDEX builds
 * from $top_srcdir/data at the start; prints TAP. The routing cases are
 * t/routing.spec's (run in-process by t/spec-run); this feeds respond()
 * no index, hostile requests, and (without AddressSanitizer, which owns
 * malloc) counts allocations over 10,000 requests: there must be none. */
#include "../src/respond.c"
#include "rules.h"
#include "tap.h"

#include <stdlib.h>
#include <unistd.h>

#ifndef __SANITIZE_ADDRESS__
/* Count every allocation made by this program (glibc's own entry points do
 * the work). respond() must never get here. */
void *__libc_malloc(size_t n);
void *__libc_calloc(size_t n, size_t m);
void *__libc_realloc(void *p, size_t n);
static unsigned long allocs;

void *malloc(size_t n)
{
	allocs++;
	return __libc_malloc(n);
}

void *calloc(size_t n, size_t m)
{
	allocs++;
	return __libc_calloc(n, m);
}

void *realloc(void *p, size_t n)
{
	allocs++;
	return __libc_realloc(p, n);
}
#endif

#define MAXVARS 8

struct fake_env {
	const char *names[MAXVARS], *values[MAXVARS];
	int n;
};

static const char *fake_get(void *ctx, const char *name)
{
	struct fake_env *e = ctx;
	int i;

	for (i = 0; i < e->n; i++)
		if (strcmp(e->names[i], name) == 0)
			return e->values[i];
	return NULL;
}

static char out[1 << 20];
static size_t outlen;

static int fake_write(void *ctx, const char *buf, size_t len)
{
	(void)ctx;
	if (len > sizeof(out) - outlen)
		return -1;
	memcpy(out + outlen, buf, len);
	outlen += len;
	return 0;
}

static struct index *idx;
static struct ruleset *rules;

/* run: answer "NAME=value" strings (NULL-terminated); returns the status. */
static int run(const char *const *vars)
{
	static char copy[MAXVARS][16384];
	struct fake_env e = { { 0 }, { 0 }, 0 };
	struct respond_io io = { fake_get, &e, fake_write, NULL };
	const char *eq;

	for (; *vars && e.n < MAXVARS; vars++, e.n++) {
		eq = strchr(*vars, '=');
		snprintf(copy[e.n], sizeof(copy[e.n]), "%.*s",
			 (int)(eq - *vars), *vars);
		e.names[e.n] = copy[e.n];
		e.values[e.n] = eq + 1;
	}
	outlen = 0;
	return respond(idx, rules, &io);
}

/* header: the value of name in the last response, or "" */
static const char *header(const char *name)
{
	static char val[4096];
	size_t n = strlen(name);
	const char *p = out, *end, *stop = out + outlen;

	while (p < stop && (end = memchr(p, '\n', (size_t)(stop - p))) && end - p > 1) {
		if ((size_t)(end - p) > n + 2 && strncasecmp(p, name, n) == 0 &&
		    p[n] == ':') {
			snprintf(val, sizeof(val), "%.*s", (int)(end - p - n - 3),
				 p + n + 2);
			return val;
		}
		p = end + 1;
	}
	return "";
}

static void test_unavailable(void)
{
	const char *get[] = { "REQUEST_METHOD=POST", "REQUEST_URI=/about/", NULL };
	struct index *keep = idx;

	idx = NULL;
	is_int(run(get), 503, "no index: 503 before anything else");
	is_str(header("Retry-After"), "10", "503: Retry-After");
	idx = keep;
}

/* Hostile requests: random bytes in every variable; no crash, always a
 * status from the table, a head that ends, no raw CR or LF in it. */
static void test_hostile(void)
{
	static char uri[20000], inm[300], ims[100], meth[32];
	const char *vars[] = { meth, uri, inm, ims, NULL };
	int i, j, bad = 0, st;
	unsigned int seed = 12345;

	for (i = 0; i < 20000; i++) {
		int len = rand_r(&seed) % (i % 10 == 0 ? 10000 : 64);

		memcpy(uri, "REQUEST_URI=/", 13);
		for (j = 13; j < 13 + len; j++) {
			static const char pick[] = "/.%a2FfE0\r\n ?#\x80\xc3\xbf";

			uri[j] = rand_r(&seed) % 3 ? pick[rand_r(&seed) % (sizeof(pick) - 1)]
						  : (char)(rand_r(&seed) % 255 + 1);
		}
		uri[j] = '\0';
		snprintf(meth, sizeof(meth), "%s", i % 7 ? "REQUEST_METHOD=GET" : "X=");
		snprintf(inm, sizeof(inm), "HTTP_IF_NONE_MATCH=%s", i % 3 ? "W/\"" : "\"a\",,*");
		snprintf(ims, sizeof(ims), "HTTP_IF_MODIFIED_SINCE=Sun, %02d Nov 1994 08:49:37 GMT", i % 40);
		st = run(vars);
		if (st < 200 || st > 599 || memmem(out, outlen, "\r\n\r\n", 4) == NULL)
			bad++;
	}
	is_int(bad, 0, "20,000 hostile requests answered sanely");
}

static void test_allocations(void)
{
#ifndef __SANITIZE_ADDRESS__
	const char *a[] = { "REQUEST_METHOD=GET", "REQUEST_URI=/blog/", NULL };
	const char *b[] = { "REQUEST_METHOD=GET", "REQUEST_URI=/about?q=1", NULL };
	const char *c[] = { "REQUEST_METHOD=GET", "REQUEST_URI=/missing/", NULL };
	const char *d[] = { "REQUEST_METHOD=HEAD", "REQUEST_URI=/about-us/", NULL };
	unsigned long before = allocs;
	int i;

	diag("%lu allocations before the loop (index_open among them)", allocs);

	for (i = 0; i < 2500; i++) {
		run(a);
		run(b);
		run(c);
		run(d);
	}
	is_int((long long)(allocs - before), 0, "no allocation in 10,000 requests");
#else
	ok(1, "# SKIP allocation count: AddressSanitizer owns malloc");
#endif
}

static int build(char *dir, char *file, size_t cap)
{
	const char *si = getenv("SLUGINDEX"), *top = getenv("top_srcdir");
	char cmd[3000];

	if (si == NULL)
		si = access("../src/slugindex", X_OK) == 0 ? "../src/slugindex"
							    : "src/slugindex";
	if (top == NULL)
		top = access("data/site.yml", R_OK) == 0 ? "." : "..";
	if (mkdtemp(dir) == NULL)
		return -1;
	snprintf(file, cap, "%s/site.idx", dir);
	snprintf(cmd, sizeof(cmd), "'%s' build -c '%s/data/site.yml' -o '%s' >/dev/null 2>&1",
		 si, top, file);
	return system(cmd) == 0 ? 0 : -1;
}

int main(void)
{
	char dir[] = "/tmp/slugserve-respond.XXXXXX", file[200], cmd[300];
	enum index_err err;

	if (build(dir, file, sizeof(file)) != 0) {
		printf("1..0 # SKIP cannot build an index (set SLUGINDEX, top_srcdir)\n");
		return 0;
	}
	if ((err = index_open(file, INDEX_VERIFY_FULL, &idx)) != INDEX_OK) {
		printf("Bail out! %s: %s\n", file, index_strerror(err));
		return 1;
	}
	diag("index %s", file);
	rules = ruleset_new(idx);
	test_unavailable();
	test_hostile();
	test_allocations();
	ruleset_free(rules);
	index_close(idx);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		diag("could not remove %s", dir);
	return tap_done();
}

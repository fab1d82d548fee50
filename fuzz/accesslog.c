/* fuzz/accesslog.c: libFuzzer harness for access-log lines: any bytes as
 * one line through accesslog_parse, and a request it finds through
 * accesslog_target and route_decide on the sample site's index (what
 * slugindex replay does with it). Aborts when a contract is broken: a view
 * outside the line and the scratch, a method that is not a token, a path
 * with a '?', or a target that is not path?query. */
#include <stdlib.h>
#include <string.h>

#include "accesslog.h"
#include "route.h"
#include "sample_index.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

static const struct index *idx;
static struct accesslog_scratch scratch;
static struct route_scratch rs;
static char target[ACCESSLOG_TARGET_MAX + 1];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_quiet();
	idx = sample_index();
	return 0;
}

/* inside: v lies within [base, base + n). */
static int inside(struct slug_view v, const char *base, size_t n)
{
	return v.len == 0 || (v.ptr >= base && v.ptr + v.len <= base + n);
}

static void check(struct slug_view v, const char *line, size_t size)
{
	if (!inside(v, line, size) &&
	    !inside(v, scratch.target, sizeof scratch.target))
		abort();
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	const char *line = (const char *)data;
	struct access_request a;
	struct route_request rq;
	struct route rt;
	size_t n;

	if (accesslog_parse(line, size, &scratch, &a) != ACCESSLOG_OK)
		return 0;
	check(a.method, line, size);
	check(a.path, line, size);
	check(a.query, line, size);
	if (a.method.len == 0 || memchr(a.method.ptr, ' ', a.method.len) ||
	    memchr(a.method.ptr, '"', a.method.len) ||
	    memchr(a.path.ptr, '?', a.path.len) != NULL)
		abort();
	n = accesslog_target(&a, target);
	if (n != a.path.len + (a.query.len ? a.query.len + 1 : 0) ||
	    n > ACCESSLOG_TARGET_MAX)
		abort();
	rq = (struct route_request){ "GET", a.path, a.query };
	route_decide(idx, NULL, &rq, &rs, &rt);
	if (rt.status >= HTTP__MAX)
		abort();
	return 0;
}

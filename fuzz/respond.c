/* fuzz/respond.c: libFuzzer harness for the request handler as a whole:
 * the input is a CGI environment, "NAME=VALUE" records separated by NUL
 * bytes (a NUL cannot occur in a real variable, so every other byte, CR
 * and LF included, can be in a value), answered by respond() from the
 * sample site's index through a memory writer. The first record of a
 * name wins, as with FCGX_GetParam. Each response must be well framed
 * (response_check.h), never a 5xx (the index is good), carry only the
 * headers respond() is known to send (so no request byte became a
 * header), and a HEAD must have no body. Each environment is answered
 * from the index opened FULL (as FastCGI workers do) and LAZY (as CGI
 * does), which must give the same response. The index's legacy rules are
 * used as slugserve uses them. The same environment is also
 * answered with no index (503). */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "respond.h"
#include "rules.h"
#include "response_check.h"
#include "sample_index.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

#define MAXVARS 32

struct fake_env {
	const char *name[MAXVARS];
	size_t namelen[MAXVARS];
	const char *value[MAXVARS];
	int n;
};

static const struct index *idx, *idx_lazy;
static struct ruleset *rules, *rules_lazy;
static struct response resp, resp_lazy;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_quiet();
	idx = sample_index();
	idx_lazy = sample_index_lazy();
	rules = ruleset_new(idx);
	rules_lazy = ruleset_new(idx_lazy);
	if (rules == NULL || rules_lazy == NULL)
		abort();
	return 0;
}

static const char *fake_get(void *ctx, const char *name)
{
	const struct fake_env *e = ctx;
	size_t len = strlen(name);

	for (int i = 0; i < e->n; i++)
		if (e->namelen[i] == len && memcmp(e->name[i], name, len) == 0)
			return e->value[i];
	return NULL;
}

/* The headers respond() sends; any other name came from somewhere else. */
static const char *const known[] = {
	"Content-Type", "Content-Length", "Content-Language", "ETag",
	"Last-Modified", "Cache-Control", "Link", "Location", "Allow",
	"Retry-After", "Vary", "Content-Encoding", NULL
};

static void only_known_headers(const struct response *r)
{
	const char *p = memchr(r->buf, '\n', r->len), *end = r->buf + r->len;

	while (p != NULL && ++p < end && *p != '\r') {
		const char *colon = memchr(p, ':', (size_t)(end - p));
		int i;

		for (i = 0; known[i] != NULL; i++)
			if (colon != NULL && (size_t)(colon - p) == strlen(known[i]) &&
			    strncasecmp(p, known[i], strlen(known[i])) == 0)
				break;
		if (known[i] == NULL)
			abort();	/* an unexpected header */
		p = memchr(p, '\n', (size_t)(end - p));
	}
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	/* a NUL-terminated copy, so that each value is a C string */
	char *text = malloc(size + 1), *p, *end, *rec, *eq;
	struct fake_env e;
	struct respond_io io = { fake_get, &e, response_write, &resp };
	const char *method;
	int code;

	if (idx == NULL)
		LLVMFuzzerInitialize(NULL, NULL);
	if (text == NULL)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	e.n = 0;
	for (p = text, end = text + size; p <= end && e.n < MAXVARS;
	     p = rec + strlen(rec) + 1) {
		rec = p;
		eq = strchr(rec, '=');
		if (eq == NULL)
			continue;
		e.name[e.n] = rec;
		e.namelen[e.n] = (size_t)(eq - rec);
		e.value[e.n] = eq + 1;
		e.n++;
	}
	method = fake_get(&e, "REQUEST_METHOD");

	resp.len = 0;
	code = respond(idx, rules, &io);
	response_check(&resp, code, method != NULL && strcmp(method, "HEAD") == 0);
	if (code >= 500)
		abort();	/* a good index never gives a 5xx */
	if (code > 0)
		only_known_headers(&resp);

	io.write_ctx = &resp_lazy;
	resp_lazy.len = 0;
	if (respond(idx_lazy, rules_lazy, &io) != code ||
	    resp_lazy.len != resp.len ||
	    memcmp(resp_lazy.buf, resp.buf, resp.len) != 0)
		abort();	/* LAZY and FULL answer differently */
	io.write_ctx = &resp;

	resp.len = 0;
	code = respond(NULL, NULL, &io);
	response_check(&resp, code, method != NULL && strcmp(method, "HEAD") == 0);
	if (code != 503)
		abort();
	free(text);
	return 0;
}

/* fuzz/index.c: libFuzzer harness for the index reader: any bytes as an
 * index file. Each input is opened with index_open_memory at each level,
 * LAZY, META and FULL: once as it is, and once with its size field and both
 * checksums
 * recomputed, so that the fuzzer gets past the checksums to the tables
 * behind them. The buffer is a copy of exactly the input's size, so
 * AddressSanitizer sees any read past the file. When a file is accepted,
 * everything the server could touch is exercised: the site settings,
 * every page (its fields, and its render, which must be exactly its
 * Content-Length), every key and its lookup, every rule, and respond()
 * answering a few requests from it, each response checked for framing.
 * LAZY checks each record when it is used, so there a page or key may be
 * refused (-1) when asked for; what it hands out must hold all the same. */
#include <stdlib.h>
#include <string.h>

#include "index.h"
#include "index_format.h"
#include "pathnorm.h"
#include "respond.h"
#include "rules.h"
#include "response_check.h"
#include "sample_index.h"
#include "xxhash.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_quiet();
	return 0;
}

static const unsigned char *file_lo, *file_hi;

/* A view handed out by the reader lies inside the file. */
static void in_file(struct slug_view v)
{
	const unsigned char *p = (const unsigned char *)v.ptr;

	if (v.len == 0)
		return;
	if (p < file_lo || p > file_hi || v.len > (size_t)(file_hi - p))
		abort();
}

/* A view that goes into a response header: printable ASCII. */
static void header_safe(struct slug_view v)
{
	in_file(v);
	for (size_t i = 0; i < v.len; i++)
		if ((unsigned char)v.ptr[i] < 0x20 || (unsigned char)v.ptr[i] > 0x7e)
			abort();
}

static int render_write(void *ctx, const char *buf, size_t len)
{
	uint64_t *total = ctx;
	struct slug_view v = { buf, len };

	in_file(v);
	*total += len;
	return 0;
}

static const char *env_method, *env_uri;

static const char *fake_env(void *ctx, const char *name)
{
	(void)ctx;
	if (strcmp(name, "REQUEST_METHOD") == 0)
		return env_method;
	if (strcmp(name, "REQUEST_URI") == 0)
		return env_uri;
	return NULL;
}

static struct response resp;

static struct ruleset *rules;

static void ask(const struct index *idx, const char *method, const char *uri)
{
	struct respond_io io = { fake_env, NULL, response_write, &resp };
	int code;

	env_method = method;
	env_uri = uri;
	resp.len = 0;
	code = respond(idx, rules, &io);
	response_check(&resp, code, strcmp(method, "HEAD") == 0);
}

static void exercise(const struct index *idx, int lazy)
{
	struct index_site site;
	struct index_page pg;
	struct index_rule rule;
	struct slug_view key;
	enum route_kind kind, kind2;
	uint32_t pno, pno2;
	char url[3 * 256 + 1];

	rules = ruleset_new(idx);
	index_site(idx, &site);
	in_file(site.title);
	header_safe(site.base_url);
	header_safe(site.cache_control);
	if ((unsigned)site.alias_mode >= ALIAS__MAX || site.page_count == 0 ||
	    index_notfound_page(idx) >= site.page_count)
		abort();
	for (uint32_t i = 0; i < site.page_count; i++) {
		uint64_t total = 0;

		if (index_page(idx, i, &pg) != 0) {
			/* LAZY refuses a bad record; then it renders nothing */
			if (!lazy || index_render(idx, i, render_write, &total) != -1 ||
			    total != 0)
				abort();
			continue;
		}
		in_file(pg.path);
		in_file(pg.title);
		header_safe(pg.url);
		header_safe(pg.lang);
		header_safe(pg.etag);
		header_safe(pg.last_modified);
		header_safe(pg.content_type);
		if (index_render(idx, i, render_write, &total) != 0 ||
		    total != pg.content_length)
			abort();
	}
	if (index_page(idx, site.page_count, &pg) != -1 ||
	    index_render(idx, site.page_count, render_write, NULL) != -1)
		abort();
	for (uint32_t i = 0; i < site.key_count; i++) {
		if (index_key(idx, i, &key, &pno, &kind) != 0) {
			if (!lazy)
				abort();
			continue;
		}
		in_file(key);
		if (pno >= site.page_count || (unsigned)kind >= ROUTE__MAX)
			abort();
		/* a foreign file may hold duplicate or unreachable keys: the
		 * lookup need not find it, but what it finds must be valid */
		if (index_lookup(idx, key.ptr, key.len, &pno2, &kind2) &&
		    (pno2 >= site.page_count || (unsigned)kind2 >= ROUTE__MAX))
			abort();
		if (i < 8 && key.len < 256) {
			path_encode(key.ptr, key.len, url, sizeof(url));
			ask(idx, i % 2 ? "HEAD" : "GET", url);
		}
	}
	if (index_key(idx, site.key_count, &key, &pno, &kind) != -1)
		abort();
	for (uint32_t i = 0; i < site.rule_count; i++) {
		if (index_rule(idx, i, &rule) != 0)
			abort();
		in_file(rule.pattern);
		in_file(rule.target);
		if ((unsigned)rule.action >= RULE__MAX)
			abort();
	}
	ask(idx, "GET", "/no/such/page/");
	ask(idx, "GET", "/");
	ask(idx, "GET", "/2019/03/some-post/?p=12");
	ruleset_free(rules);
	rules = NULL;
}

static void try_open(const unsigned char *buf, size_t size)
{
	static const enum index_verify levels[] = {
		INDEX_VERIFY_LAZY, INDEX_VERIFY_META, INDEX_VERIFY_FULL
	};
	struct index *idx;

	file_lo = buf;
	file_hi = buf + size;
	for (size_t i = 0; i < sizeof(levels) / sizeof(levels[0]); i++) {
		if (index_open_memory(buf, size, levels[i], &idx) == INDEX_OK) {
			exercise(idx, levels[i] == INDEX_VERIFY_LAZY);
			index_close(idx);
		} else if (idx != NULL) {
			abort();	/* on failure *out is NULL */
		}
	}
}

static void put64(unsigned char *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

static uint64_t get64(const unsigned char *p)
{
	uint64_t v = 0;

	for (int i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	unsigned char *copy = malloc(size ? size : 1);
	uint64_t bodies;

	if (copy == NULL)
		return 0;
	memcpy(copy, data, size);
	try_open(copy, size);
	if (size >= IDX_HEADER_SIZE) {
		bodies = get64(copy + H_BODIES_OFF);
		put64(copy + H_FILE_SIZE, size);
		if (bodies >= IDX_META_SUM_START && bodies <= size) {
			put64(copy + H_BODY_SUM,
			      xxh64(copy + bodies, size - bodies, 0));
			put64(copy + H_META_SUM,
			      xxh64(copy + IDX_META_SUM_START,
				    bodies - IDX_META_SUM_START, 0));
			try_open(copy, size);
		}
	}
	free(copy);
	return 0;
}

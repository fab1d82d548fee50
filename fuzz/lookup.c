/* fuzz/lookup.c: libFuzzer harness for request paths: any bytes as a
 * request-target ("path?query") go through path_normalize (into a buffer
 * of exactly the size pathnorm.h promises is enough), index_lookup on the
 * sample site's index, index_page and index_render of what is found, and
 * the query through http_query_encode. Aborts when a contract is broken:
 * the normal form is not normal, does not survive path_encode, a
 * canonical key names a page with another path, a page renders to other
 * than its Content-Length, or an encoded query holds a byte that could
 * split a header. */
#include <stdlib.h>
#include <string.h>

#include "http.h"
#include "index.h"
#include "pathnorm.h"
#include "sample_index.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

static const struct index *idx;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_quiet();
	idx = sample_index();
	return 0;
}

/* is_normal: k[0..n) is a normal form: "/" or '/'-separated non-empty
 * segments, none "." or "..", no control byte, no trailing '/'. */
static int is_normal(const char *k, size_t n)
{
	size_t i, seg = 0;

	if (n == 0 || k[0] != '/' || memchr(k, '\0', n) != NULL)
		return 0;
	if (n == 1)
		return 1;
	if (k[n - 1] == '/')
		return 0;
	for (i = 1; i <= n; i++) {
		if (i == n || k[i] == '/') {
			size_t len = i - seg - 1;
			const char *s = k + seg + 1;

			if (len == 0 || (len == 1 && s[0] == '.') ||
			    (len == 2 && s[0] == '.' && s[1] == '.'))
				return 0;
			seg = i;
		} else if ((unsigned char)k[i] < 0x20 || k[i] == 0x7f) {
			return 0;
		}
	}
	return 1;
}

static int count_write(void *ctx, const char *buf, size_t len)
{
	uint64_t *total = ctx;

	if (buf == NULL && len > 0)
		abort();
	*total += len;
	return 0;
}

static void check_key(const char *key, size_t keylen)
{
	size_t n = path_encode(key, keylen, NULL, 0), len2;
	char *url = malloc(n + 1), *again = malloc(n + 1);
	struct index_page pg;
	enum route_kind kind;
	uint32_t pno;
	uint64_t total = 0;

	if (url == NULL || again == NULL)
		abort();
	/* The round trip holds while the URL form fits PATHNORM_MAX; a key
	 * whose URL is longer (non-ASCII triples in size) gives 414. */
	if (path_encode(key, keylen, url, n + 1) != n || url[n] != '\0' ||
	    (n <= PATHNORM_MAX &&
	     (path_normalize(url, n, again, &len2) != PATHNORM_OK ||
	      len2 != keylen || memcmp(again, key, keylen) != 0)) ||
	    (n > PATHNORM_MAX &&
	     path_normalize(url, n, again, &len2) != PATHNORM_TOO_LONG))
		abort();	/* path_normalize(path_encode(k)) != k */
	free(again);
	free(url);
	if (!index_lookup(idx, key, keylen, &pno, &kind))
		return;
	if ((unsigned)kind >= ROUTE__MAX || index_page(idx, pno, &pg) != 0)
		abort();
	if (kind == ROUTE_CANONICAL &&
	    (pg.path.len != keylen || memcmp(pg.path.ptr, key, keylen) != 0))
		abort();	/* a canonical key names another page */
	if (index_render(idx, pno, count_write, &total) != 0 ||
	    total != pg.content_length)
		abort();
}

static void check_query(const char *q, size_t len)
{
	size_t cap = 3 * len + 1, n;
	char *out = malloc(cap);

	if (out == NULL)
		abort();
	n = query_encode(q, len, out, cap);
	if (n >= cap || out[n] != '\0')
		abort();
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)out[i] <= 0x20 || (unsigned char)out[i] >= 0x7f ||
		    strchr("\"<>\\^`{|}", out[i]) != NULL)
			abort();	/* a byte unsafe in a Location header */
	free(out);
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	const char *in = (const char *)data;
	const char *q = memchr(in, '?', size);
	size_t plen = q ? (size_t)(q - in) : size, keylen = 99;
	/* exactly what the contract says is enough: plen + 1 bytes */
	char *key = malloc(plen + 1);
	enum pathnorm_status st;
	uint32_t pno;
	enum route_kind kind;

	if (idx == NULL)
		LLVMFuzzerInitialize(NULL, NULL);
	if (key == NULL)
		return 0;
	st = path_normalize(in, plen, key, &keylen);
	if ((unsigned)st >= PATHNORM__MAX ||
	    pathnorm_strerror(st) == NULL)
		abort();
	if (st == PATHNORM_OK) {
		if (keylen > plen || key[keylen] != '\0' ||
		    !is_normal(key, keylen))
			abort();
		check_key(key, keylen);
	} else if (keylen != 0 || key[0] != '\0') {
		abort();	/* on failure out is "" and *outlen is 0 */
	}
	if (plen > PATHNORM_MAX && st != PATHNORM_TOO_LONG)
		abort();
	/* the raw bytes as a key: must simply not be found or be found */
	index_lookup(idx, in, plen, &pno, &kind);
	if (q != NULL)
		check_query(q + 1, size - plen - 1);
	free(key);
	return 0;
}

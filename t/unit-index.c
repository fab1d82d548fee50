/* t/unit-index.c: the index writer and reader together (TAP): a small site
 * is written and read back; then the reader must refuse every truncation,
 * bit flip and lie in a table, even one whose checksum was made right.
 * The stored gzip and brotli forms of a page decode to what it renders. */
#include <stdlib.h>

#include <brotli/decode.h>
#include <zlib.h>

#include "tap.h"
#include "atomic_file.h"
#include "buf.h"
#include "diag.h"
#include "frontmatter.h"
#include "index.h"
#include "index_format.h"
#include "index_write.h"
#include "layout.h"
#include "pathnorm.h"
#include "readfile.h"
#include "site.h"
#include "site_config.h"
#include "xxhash.h"

static char dir[] = "/tmp/unit-index.XXXXXX";

/* get64: a little-endian number of the file, as the format stores them
 * (docs/index-format.md); the test reads the header with it. */
static uint64_t get64(const unsigned char *p)
{
	uint64_t v = 0;

	for (int i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

static void write_text(const char *rel, const char *text)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", dir, rel);
	f = fopen(path, "w");
	fputs(text, f);
	fclose(f);
}

static int collect(void *ctx, const char *p, size_t n)
{
	buf_add(ctx, p, n);
	return 0;
}

/* Build the little site; returns the index bytes (malloc'd) and size. */
static char *build(size_t *size)
{
	char path[256], *data = NULL;
	struct diag d = {0};
	struct site_config cfg;
	struct site site;
	struct layout layout;
	struct site_opts opts = {.now = 2000000000};

	snprintf(path, sizeof path, "mkdir -p %s/c/blog", dir);
	if (system(path) != 0)
		return NULL;
	write_text("site.yml", "title: T&T\nbase_url: https://ex.org\n"
		   "layout: l.html\ncontent:\n  - dir: c\n    lang: en\n");
	write_text("l.html", "<h1>{{ title }}</h1>{{body}}<a href=\"{{canonical}}\">"
		   "{{ .Params.nope }}{{ site_title }}</a>");
	write_text("c/blog/a.html", "---\ntitle: A<b>\nlastmod: 2020-01-02\n"
		   "aliases: [/old/a/, \"/caf%C3%A9/\"]\n---\n<p>A body</p>");
	write_text("c/blog/b.md", "---\ntitle: B\n---\n*em*\n");
	write_text("c/blog/long.md", "---\ntitle: Long\n---\n"
		   "A paragraph that says the same thing again and again. "
		   "A paragraph that says the same thing again and again. "
		   "A paragraph that says the same thing again and again.\n");
	snprintf(path, sizeof path, "%s/site.yml", dir);
	config_load(path, &cfg, &d);
	layout_load(&layout, cfg.layout, &d);
	site_load(&site, &cfg, &opts, &d);
	snprintf(path, sizeof path, "%s/site.idx", dir);
	if (d.errors == 0 && index_write(&site, &layout, path, 42, &d) == 0)
		read_file(path, 1 << 20, &data, size, &d);
	site_free(&site);
	layout_free(&layout);
	config_free(&cfg);
	return data;
}

static void test_read(const char *data, size_t size)
{
	struct index *idx;
	struct index_page p;
	struct index_site s;
	uint32_t page = 99, page2;
	enum route_kind kind;
	struct buf out = {0};

	is_int(index_open_memory(data, size, INDEX_VERIFY_FULL, &idx), INDEX_OK,
	       "the written index validates");
	if (idx == NULL)
		return;
	index_site(idx, &s);
	is_mem(s.title.ptr, s.title.len, "T&T", 3, "site title");
	is_mem(s.base_url.ptr, s.base_url.len, "https://ex.org", 14, "base URL");
	is_int(s.built, 42, "build time");
	ok(index_lookup(idx, "/blog/a", 7, &page, &kind) && kind == ROUTE_CANONICAL,
	   "canonical key found");
	ok(index_lookup(idx, "/old/a", 6, &page2, &kind) && kind == ROUTE_ALIAS &&
		   page2 == page, "alias key found, same page");
	ok(index_lookup(idx, "/caf\xC3\xA9", 6, &page2, &kind) && page2 == page,
	   "escaped alias stored decoded");
	ok(!index_lookup(idx, "/blog/a/", 8, &page2, &kind), "keys have no trailing slash");
	ok(!index_lookup(idx, "/nope", 5, &page2, &kind), "unknown key");
	is_int(index_page(idx, page, &p), 0, "page record");
	is_mem(p.url.ptr, p.url.len, "/blog/a/", 8, "page url");
	is_mem(p.last_modified.ptr, p.last_modified.len,
	       "Thu, 02 Jan 2020 00:00:00 GMT", 29, "Last-Modified date");
	is_int(p.etag.len, 18, "ETag is 16 hex digits in quotes");
	index_render(idx, page, collect, &out);
	is_str(buf_cstr(&out), "<h1>A&lt;b&gt;</h1><p>A body</p><a href=\""
	       "https://ex.org/blog/a/\">T&amp;T</a>", "page rendered in the layout");
	is_int(out.len, p.content_length, "content length is what render writes");
	out.len = 0;
	ok(index_lookup(idx, "/blog/b", 7, &page, &kind), "markdown page");
	index_render(idx, page, collect, &out);
	ok(strstr(buf_cstr(&out), "<p><em>em</em></p>") != NULL, "markdown rendered by cmark");
	out.len = 0;
	index_render(idx, index_notfound_page(idx), collect, &out);
	ok(strstr(buf_cstr(&out), "Page not found") != NULL, "404 page in the layout");
	ok(index_page(idx, 1000, &p) < 0, "page number out of range refused");
	buf_free(&out);
	index_close(idx);
}

/* inflate a gzip member or decode brotli into out (cap bytes); returns
 * the length, or 0 on failure. */
static size_t decode(enum content_enc e, struct slug_view in, char *out,
		     size_t cap)
{
	z_stream z = {0};
	size_t n = cap;
	int rc;

	if (e == ENC_BR)
		return BrotliDecoderDecompress(in.len, (const uint8_t *)in.ptr,
					       &n, (uint8_t *)out) ==
			       BROTLI_DECODER_RESULT_SUCCESS ? n : 0;
	if (inflateInit2(&z, 15 + 16) != Z_OK)
		return 0;
	z.next_in = (unsigned char *)in.ptr;
	z.avail_in = (uInt)in.len;
	z.next_out = (unsigned char *)out;
	z.avail_out = (uInt)cap;
	rc = inflate(&z, Z_FINISH);
	n = z.total_out;
	inflateEnd(&z);
	return rc == Z_STREAM_END && z.avail_in == 0 ? n : 0;
}

/* Every stored encoding is smaller than the page and decodes to it; the
 * long page has both. */
static void test_encoded(const char *data, size_t size)
{
	static const char *const names[ENC__MAX] = { "identity", "gzip", "br" };
	struct index *idx;
	struct index_page p;
	struct buf out = {0};
	char dec[1 << 16];
	size_t stored = 0, good = 0;
	uint32_t page;
	enum route_kind kind;

	if (index_open_memory(data, size, INDEX_VERIFY_FULL, &idx) != INDEX_OK)
		return;
	for (uint32_t i = 0; index_page(idx, i, &p) == 0; i++) {
		out.len = 0;
		index_render(idx, i, collect, &out);
		ok(p.encoded[ENC_IDENTITY].len == 0, "page %u: no identity copy", i);
		for (int e = ENC_GZIP; e < ENC__MAX; e++) {
			size_t n;

			if (p.encoded[e].len == 0)
				continue;
			stored++;
			n = decode(e, p.encoded[e], dec, sizeof dec);
			good += p.encoded[e].len < out.len && n == out.len &&
				memcmp(dec, out.data, n) == 0;
		}
	}
	is_int(good, stored, "every stored encoding is smaller and decodes "
	       "to the page");
	ok(index_lookup(idx, "/blog/long", 10, &page, &kind) &&
	   index_page(idx, page, &p) == 0 && p.encoded[ENC_GZIP].len > 0 &&
	   p.encoded[ENC_BR].len > 0, "the long page is stored in %s and %s",
	   names[ENC_GZIP], names[ENC_BR]);
	buf_free(&out);
	index_close(idx);
}

static void put64(char *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (char)(v >> (8 * i));
}

static void reseal(char *d, size_t size)
{
	uint64_t bodies = get64((unsigned char *)d + H_BODIES_OFF);

	if (bodies > size || bodies < IDX_META_SUM_START)
		bodies = size;	/* a lie about it: seal what is there */
	put64(d + H_META_SUM, xxh64(d + IDX_META_SUM_START,
				    bodies - IDX_META_SUM_START, 0));
}

static enum index_err open_err(const char *d, size_t n, enum index_verify v)
{
	struct index *idx = NULL;
	enum index_err e = index_open_memory(d, n, v, &idx);

	index_close(idx);
	return e;
}

static int discard(void *ctx, const char *p, size_t n)
{
	volatile char sink = 0;

	(void)ctx;
	for (size_t i = 0; i < n; i++)
		sink ^= p[i];	/* touch every byte, for ASan */
	return 0;
}

/* Open d lazily and use every key, page and render: must not crash or read
 * outside (ASan watches); returns how many operations were refused. */
static size_t exercise_lazy(const char *d, size_t n)
{
	struct index *idx;
	struct index_site site;
	size_t refused = 0;

	if (index_open_memory(d, n, INDEX_VERIFY_LAZY, &idx) != INDEX_OK)
		return 0;
	index_site(idx, &site);
	for (uint32_t k = 0; k < site.key_count; k++) {
		struct slug_view key;
		uint32_t page;
		enum route_kind kind;

		if (index_key(idx, k, &key, &page, &kind) < 0) {
			refused++;
			continue;
		}
		refused += !index_lookup(idx, key.ptr, key.len, &page, &kind);
	}
	for (uint32_t p = 0; p < site.page_count; p++) {
		struct index_page pg;

		refused += index_page(idx, p, &pg) < 0;
		refused += index_render(idx, p, discard, NULL) != 0;
	}
	index_close(idx);
	return refused;
}

static void test_lazy(const char *data, size_t size)
{
	char *d = malloc(size);
	size_t opened = 0, refused = 0;

	is_int(exercise_lazy(data, size), 0, "lazy: a good index refuses nothing");
	for (size_t i = 0; i < size; i++) {
		struct index *idx;

		memcpy(d, data, size);
		d[i] ^= (char)(1 << (i % 8));
		if (index_open_memory(d, size, INDEX_VERIFY_LAZY, &idx) != INDEX_OK)
			continue;
		index_close(idx);
		opened++;
		refused += exercise_lazy(d, size) > 0;
	}
	ok(1, "lazy: %zu of %zu bit flips open; every key, page and render "
	   "used, %zu refused something, none read outside", opened, size,
	   refused);
	free(d);
}

static void test_corrupt(const char *data, size_t size)
{
	static const size_t cuts[] = {0, 1, 8, 100, 255, 256, 300};
	char *d = malloc(size);
	size_t refused = 0, flips = 0;
	const unsigned char *u = (const unsigned char *)d;
	uint64_t keys, pages, values, segs, bodies;

	for (size_t i = 0; i < sizeof cuts / sizeof cuts[0]; i++) {
		char name[64];

		snprintf(name, sizeof name, "truncated to %zu bytes: refused", cuts[i]);
		ok(open_err(data, cuts[i], INDEX_VERIFY_META) != INDEX_OK, "%s", name);
	}
	is_int(open_err(data, size - 1, INDEX_VERIFY_META), INDEX_ERR_SHORT,
	       "one byte short: truncated");
	for (size_t i = 0; i < size; i++) {
		memcpy(d, data, size);
		d[i] ^= (char)(1 << (i % 8));
		flips++;
		refused += open_err(d, size, INDEX_VERIFY_FULL) != INDEX_OK;
	}
	is_int(refused, flips, "every single-bit flip is refused (full check)");
	memcpy(d, data, size);
	d[size - 1] ^= 1;
	is_int(open_err(d, size, INDEX_VERIFY_FULL), INDEX_ERR_CHECKSUM, "body flip: checksum");
	is_int(open_err(d, size, INDEX_VERIFY_META), INDEX_OK,
	       "body flip passes the metadata check (documented)");

	memcpy(d, data, size);
	keys = get64(u + H_KEYS_OFF);
	pages = get64(u + H_PAGES_OFF);
	values = get64(u + H_VALUES_OFF);
	segs = get64(u + H_SEGS_OFF);
	bodies = get64(u + H_BODIES_OFF);
#define LIE(name, code, want) do { memcpy(d, data, size); code; reseal(d, size); \
	is_int(open_err(d, size, INDEX_VERIFY_FULL), want, name); \
	exercise_lazy(d, size); } while (0)
	LIE("table offset outside the file", put64(d + H_SLOTS_OFF, size + 8), INDEX_ERR_BOUNDS);
	LIE("table offset into the header", put64(d + H_PAGES_OFF, 8), INDEX_ERR_BOUNDS);
	LIE("key string outside the file", put64(d + keys, size), INDEX_ERR_BOUNDS);
	LIE("key length overflowing", put64(d + keys + 8, UINT64_MAX), INDEX_ERR_BOUNDS);
	LIE("key to a missing page", put64(d + keys + K_PAGE, 77), INDEX_ERR_TABLE);
	LIE("content length off by one",
	    put64(d + pages + P_CONTENT_LENGTH, get64(u + pages + P_CONTENT_LENGTH) + 1),
	    INDEX_ERR_TABLE);
	LIE("value length past the end", put64(d + values + 8, size), INDEX_ERR_BOUNDS);
	LIE("segment field out of range", put64(d + segs + G_FIELD, 1000), INDEX_ERR_TABLE);
	LIE("a table one record from its place, inside the file",
	    put64(d + H_SEGS_OFF, segs + IDX_SEG_SIZE), INDEX_ERR_BOUNDS);
	LIE("two tables at one offset",
	    put64(d + H_KEYS_OFF, get64(u + H_SLOTS_OFF)), INDEX_ERR_BOUNDS);
	LIE("strings not right after the last table",
	    put64(d + H_STRINGS_OFF, get64(u + H_STRINGS_OFF) - 1), INDEX_ERR_BOUNDS);
	LIE("a count that moves the tables after it",
	    put64(d + H_SEG_COUNT, get64(u + H_SEG_COUNT) + 1), INDEX_ERR_BOUNDS);
	LIE("slot count not a power of two",
	    put64(d + H_SLOT_COUNT, get64(u + H_SLOT_COUNT) + 1), INDEX_ERR_TABLE);
	LIE("404 page out of range", put64(d + H_NOTFOUND, 1000), INDEX_ERR_TABLE);
	LIE("alias mode out of range", put64(d + H_ALIAS_MODE, 9), INDEX_ERR_TABLE);
	LIE("bodies offset past the end", put64(d + H_BODIES_OFF, size + 1), INDEX_ERR_BOUNDS);
	LIE("ETag pointing at a body with newlines",
	    (put64(d + pages + P_ETAG, bodies), put64(d + pages + P_ETAG + 8, size - bodies)),
	    INDEX_ERR_BOUNDS);
	LIE("value table too long for the file",
	    put64(d + H_VALUE_COUNT, 4000), INDEX_ERR_BOUNDS);
	LIE("version from the future",
	    put64(d + H_VERSION, (IDX_VERSION + 1) | (uint64_t)IDX_HEADER_SIZE << 32),
	    INDEX_ERR_VERSION);
	LIE("version 1, before precompressed pages",
	    put64(d + H_VERSION, 1 | (uint64_t)IDX_HEADER_SIZE << 32), INDEX_ERR_OLD);
	LIE("gzip form outside the file",
	    put64(d + pages + P_ENCODED, size + 1), INDEX_ERR_BOUNDS);
	LIE("brotli form longer than the file",
	    put64(d + pages + P_ENCODED + 16 + 8, size + 1), INDEX_ERR_BOUNDS);
	LIE("ETag without its closing quote",
	    put64(d + pages + P_ETAG + 8, get64(u + pages + P_ETAG + 8) - 1),
	    INDEX_ERR_TABLE);
	memcpy(d, data, size);
	d[0] = 'X';
	is_int(open_err(d, size, INDEX_VERIFY_FULL), INDEX_ERR_MAGIC, "foreign magic");
	free(d);
}

/* Random bytes behind a valid magic: never accepted, never a crash. */
static void test_garbage(void)
{
	unsigned seed = 1;
	size_t accepted = 0;

	for (int i = 0; i < 2000; i++) {
		size_t n = IDX_HEADER_SIZE + (size_t)(rand_r(&seed) % 4096);
		char *d = malloc(n);

		for (size_t k = 0; k < n; k++)
			d[k] = (char)rand_r(&seed);
		memcpy(d, IDX_MAGIC, IDX_MAGIC_LEN);
		put64(d + H_VERSION, IDX_VERSION | (uint64_t)IDX_HEADER_SIZE << 32);
		put64(d + H_FILE_SIZE, n);
		put64(d + H_BODIES_OFF, IDX_HEADER_SIZE + (size_t)rand_r(&seed) % (n - IDX_HEADER_SIZE + 1));
		reseal(d, n);
		accepted += open_err(d, n, INDEX_VERIFY_FULL) == INDEX_OK;
		free(d);
	}
	is_int(accepted, 0, "2000 random sealed files are all refused");
}

int main(void)
{
	size_t size = 0;
	char *data, cmd[64];

	if (mkdtemp(dir) == NULL)
		return 1;
	data = build(&size);
	ok(data != NULL && size > IDX_HEADER_SIZE, "small site written (%zu bytes)", size);
	if (data != NULL) {
		test_read(data, size);
		test_encoded(data, size);
		test_corrupt(data, size);
		test_lazy(data, size);
	}
	test_garbage();
	free(data);
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	if (system(cmd) != 0)
		diag("could not remove %s", dir);
	return tap_done();
}

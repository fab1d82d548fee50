/* index_read.c: open, validate and look up an index file (see index.h and
 * index_format.h). Everything is checked once in index_open(), offsets and
 * lengths by subtraction against the file size, so that the lookup and the
 * rendering below read only memory inside the file. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "http.h"
#include "index.h"
#include "index_format.h"
#include "xxhash.h"

const char *const route_kind_names[ROUTE__MAX] = {
	[ROUTE_CANONICAL] = "canonical",
	[ROUTE_ALIAS] = "alias",
};

const char *const alias_mode_names[ALIAS__MAX] = {
	[ALIAS_SERVE] = "serve",
	[ALIAS_301] = "301",
	[ALIAS_308] = "308",
};

const char *const rule_action_names[RULE__MAX] = {
	[RULE_SERVE] = "serve",
	[RULE_301] = "301",
	[RULE_302] = "302",
	[RULE_307] = "307",
	[RULE_308] = "308",
	[RULE_410] = "410",
};

static const char *const index_err_names[INDEX_ERR__MAX] = {
	[INDEX_OK] = "ok",
	[INDEX_ERR_OPEN] = "cannot open or map the file",
	[INDEX_ERR_SHORT] = "truncated file",
	[INDEX_ERR_MAGIC] = "not a slugserve index (bad magic number)",
	[INDEX_ERR_VERSION] = "unsupported index format version",
	[INDEX_ERR_OLD] = "an index of an older format version (before "
			  "precompressed pages): rebuild it with this "
			  "release's slugindex build",
	[INDEX_ERR_SIZE] = "size field does not match the file size",
	[INDEX_ERR_CHECKSUM] = "checksum mismatch (corrupt file)",
	[INDEX_ERR_BOUNDS] = "a table or string points outside the file",
	[INDEX_ERR_TABLE] = "inconsistent tables",
	[INDEX_ERR_NOMEM] = "out of memory",
	[INDEX_ERR_NOTREG] = "not a regular file",
	[INDEX_ERR_CHANGED] = "the file changed while it was read",
};


struct index {
	const unsigned char *base;
	size_t size;
	int mapped;
	int owned;		/* base was malloc'ed by index_open_copy */
	int lazy;		/* records are checked when used */
	struct stat st;		/* of the file it was opened from */
	uint32_t page_count, key_count, slot_count, notfound;
	uint32_t seg_count, value_count, rule_count;
	const unsigned char *slots, *keys, *pages, *values, *segs, *rules;
	uint64_t bodies_off;
	struct index_site site;
};

const char *index_strerror(enum index_err err)
{
	if ((unsigned)err >= INDEX_ERR__MAX)
		return "unknown error";
	return index_err_names[err];
}

/* A ref at p, as a view; the caller has checked it with ref_ok(). */
static struct slug_view ref_view(const struct index *x, const unsigned char *p)
{
	struct slug_view v = {(const char *)x->base + idx_get64(p),
			      (size_t)idx_get64(p + IDX_REF_LEN)};

	return v;
}

static uint64_t ref_len(const unsigned char *p)
{
	return idx_get64(p + IDX_REF_LEN);
}

static int ref_ok(const struct index *x, const unsigned char *p)
{
	uint64_t off = idx_get64(p), len = idx_get64(p + IDX_REF_LEN);

	return off <= x->size && len <= x->size - off;
}

/* A ref whose bytes go into a response header: printable ASCII only. */
static int hdr_ref_ok(const struct index *x, const unsigned char *p)
{
	struct slug_view v;

	if (!ref_ok(x, p))
		return 0;
	v = ref_view(x, p);
	return http_value_safe(v.ptr, v.len);
}

/* Find every table where idx_table_offsets() puts it, all of them before
 * the strings, and the strings before the bodies. */
static enum index_err find_tables(struct index *x)
{
	const unsigned char *h = x->base;
	const unsigned char **at[IDX_TABLE__MAX] = {
		[IDX_T_SLOTS] = &x->slots, [IDX_T_KEYS] = &x->keys,
		[IDX_T_PAGES] = &x->pages, [IDX_T_VALUES] = &x->values,
		[IDX_T_SEGS] = &x->segs, [IDX_T_RULES] = &x->rules,
	};
	uint64_t off[IDX_TABLE__MAX + 1];

	if (idx_table_offsets(h, off) < 0 || off[IDX_TABLE__MAX] > x->bodies_off ||
	    idx_get64(h + H_STRINGS_OFF) != off[IDX_TABLE__MAX])
		return INDEX_ERR_BOUNDS;
	for (int t = 0; t < IDX_TABLE__MAX; t++) {
		if (idx_get64(h + idx_tables[t].off_field) != off[t])
			return INDEX_ERR_BOUNDS;
		*at[t] = h + off[t];
	}
	return INDEX_OK;
}

static enum index_err check_header(struct index *x, enum index_verify verify)
{
	const unsigned char *h = x->base;

	if (x->size < IDX_HEADER_SIZE)
		return INDEX_ERR_SHORT;
	if (memcmp(h, IDX_MAGIC, IDX_MAGIC_LEN) != 0)
		return INDEX_ERR_MAGIC;
	if (idx_get32(h + H_VERSION) >= IDX_VERSION_OLDEST &&
	    idx_get32(h + H_VERSION) < IDX_VERSION)
		return INDEX_ERR_OLD;
	if (idx_get32(h + H_VERSION) != IDX_VERSION ||
	    idx_get32(h + H_HEADER_SIZE) != IDX_HEADER_SIZE)
		return INDEX_ERR_VERSION;
	if (idx_get64(h + H_FILE_SIZE) > x->size)
		return INDEX_ERR_SHORT;
	if (idx_get64(h + H_FILE_SIZE) != x->size)
		return INDEX_ERR_SIZE;
	x->bodies_off = idx_get64(h + H_BODIES_OFF);
	if (x->bodies_off < IDX_HEADER_SIZE || x->bodies_off > x->size)
		return INDEX_ERR_BOUNDS;
	if (verify != INDEX_VERIFY_LAZY &&
	    xxh64(h + IDX_META_SUM_START, x->bodies_off - IDX_META_SUM_START,
		  0) != idx_get64(h + H_META_SUM))
		return INDEX_ERR_CHECKSUM;
	if (verify == INDEX_VERIFY_FULL &&
	    xxh64(h + x->bodies_off, x->size - x->bodies_off, 0) !=
		    idx_get64(h + H_BODY_SUM))
		return INDEX_ERR_CHECKSUM;
	x->page_count = idx_get32(h + H_PAGE_COUNT);
	x->key_count = idx_get32(h + H_KEY_COUNT);
	x->slot_count = idx_get32(h + H_SLOT_COUNT);
	x->notfound = idx_get32(h + H_NOTFOUND);
	x->seg_count = idx_get32(h + H_SEG_COUNT);
	x->value_count = idx_get32(h + H_VALUE_COUNT);
	x->rule_count = idx_get32(h + H_RULE_COUNT);
	if (x->page_count == 0 || x->notfound >= x->page_count ||
	    x->value_count > IDX_MAX_FIELDS || x->slot_count == 0 ||
	    (x->slot_count & (x->slot_count - 1)) != 0 ||
	    x->key_count >= x->slot_count ||
	    idx_get32(h + H_ALIAS_MODE) >= ALIAS__MAX)
		return INDEX_ERR_TABLE;
	return INDEX_OK;
}

static enum index_err check_key(const struct index *x, const unsigned char *k)
{
	if (!ref_ok(x, k))
		return INDEX_ERR_BOUNDS;
	if (idx_get32(k + K_PAGE) >= x->page_count ||
	    idx_get32(k + K_KIND) >= ROUTE__MAX)
		return INDEX_ERR_TABLE;
	return INDEX_OK;
}

static enum index_err check_tables(struct index *x)
{
	const unsigned char *h = x->base;
	enum index_err err = find_tables(x);

	if (err != INDEX_OK)
		return err;
	if (!ref_ok(x, h + H_SITE_TITLE) || !hdr_ref_ok(x, h + H_BASE_URL) ||
	    !hdr_ref_ok(x, h + H_CACHE_CONTROL))
		return INDEX_ERR_BOUNDS;
	for (uint32_t i = 0; !x->lazy && i < x->slot_count; i++)
		if (idx_get32(x->slots + (size_t)i * IDX_SLOT_SIZE + S_KEY) >
		    x->key_count)
			return INDEX_ERR_TABLE;
	for (uint32_t i = 0; !x->lazy && i < x->key_count; i++)
		if ((err = check_key(x, x->keys + (size_t)i * IDX_KEY_SIZE)) !=
		    INDEX_OK)
			return err;
	for (uint32_t i = 0; i < x->seg_count; i++) {
		const unsigned char *s = x->segs + (size_t)i * IDX_SEG_SIZE;
		uint32_t field = idx_get32(s + G_FIELD);

		if (!ref_ok(x, s))
			return INDEX_ERR_BOUNDS;
		if (field != IDX_NO_FIELD && field >= x->value_count)
			return INDEX_ERR_TABLE;
	}
	for (uint32_t i = 0; i < x->rule_count; i++) {
		const unsigned char *r = x->rules + (size_t)i * IDX_RULE_SIZE;

		if (!ref_ok(x, r + R_PATTERN) || !ref_ok(x, r + R_TARGET))
			return INDEX_ERR_BOUNDS;
		if (idx_get32(r + R_ACTION) >= RULE__MAX ||
		    idx_get32(r + R_FLAGS) > IDX_RULE_QUERY)
			return INDEX_ERR_TABLE;
	}
	return INDEX_OK;
}

/* A page's refs are in the file, its header fields are header-safe, its
 * values are its own, and its content length is what rendering writes. */
static enum index_err check_page(const struct index *x, uint32_t i)
{
	const unsigned char *p = x->pages + (size_t)i * IDX_PAGE_SIZE;
	uint64_t first = idx_get64(p + P_FIRST_VALUE), total = 0;

	if (!ref_ok(x, p + P_PATH) || !ref_ok(x, p + P_TITLE) ||
	    !ref_ok(x, p + P_BODY) || !hdr_ref_ok(x, p + P_CONTENT_TYPE) ||
	    !hdr_ref_ok(x, p + P_URL) || !hdr_ref_ok(x, p + P_LANG) ||
	    !hdr_ref_ok(x, p + P_ETAG) || !hdr_ref_ok(x, p + P_LAST_MODIFIED))
		return INDEX_ERR_BOUNDS;
	for (int e = ENC_IDENTITY + 1; e < ENC__MAX; e++)
		if (!ref_ok(x, p + P_ENCODED + (size_t)(e - 1) * IDX_REF_SIZE))
			return INDEX_ERR_BOUNDS;
	/* the ETag gets a suffix per coding: it must end in its quote */
	if (ref_len(p + P_ETAG) < 2 ||
	    x->base[idx_get64(p + P_ETAG) + ref_len(p + P_ETAG) - 1] != '"')
		return INDEX_ERR_TABLE;
	if (first != (uint64_t)i * x->value_count ||
	    (idx_get32(p + P_FLAGS) & ~IDX_PAGE_FLAGS) != 0)
		return INDEX_ERR_TABLE;
	if (idx_get32(p + P_FLAGS) & IDX_PAGE_RAW)
		return ref_len(p + P_BODY) == idx_get64(p + P_CONTENT_LENGTH)
			       ? INDEX_OK : INDEX_ERR_TABLE;
	for (uint32_t f = 0; f < x->value_count; f++)
		if (!ref_ok(x, x->values + (first + f) * IDX_REF_SIZE))
			return INDEX_ERR_BOUNDS;
	for (uint32_t s = 0; s < x->seg_count; s++) {
		const unsigned char *seg = x->segs + (size_t)s * IDX_SEG_SIZE;
		uint32_t field = idx_get32(seg + G_FIELD);
		uint64_t lit = ref_len(seg + G_LITERAL), val = 0;

		if (field != IDX_NO_FIELD)
			val = ref_len(x->values + (first + field) * IDX_REF_SIZE);
		if (__builtin_add_overflow(total, lit, &total) ||
		    __builtin_add_overflow(total, val, &total))
			return INDEX_ERR_TABLE;
	}
	return total == idx_get64(p + P_CONTENT_LENGTH) ? INDEX_OK : INDEX_ERR_TABLE;
}

static enum index_err validate(struct index *x, enum index_verify verify)
{
	const unsigned char *h = x->base;
	enum index_err err;

	x->lazy = verify == INDEX_VERIFY_LAZY;
	if ((err = check_header(x, verify)) != INDEX_OK ||
	    (err = check_tables(x)) != INDEX_OK)
		return err;
	for (uint32_t i = 0; !x->lazy && i < x->page_count; i++)
		if ((err = check_page(x, i)) != INDEX_OK)
			return err;
	x->site.title = ref_view(x, h + H_SITE_TITLE);
	x->site.base_url = ref_view(x, h + H_BASE_URL);
	x->site.cache_control = ref_view(x, h + H_CACHE_CONTROL);
	x->site.alias_mode = (enum alias_mode)idx_get32(h + H_ALIAS_MODE);
	x->site.page_count = x->page_count;
	x->site.key_count = x->key_count;
	x->site.rule_count = x->rule_count;
	x->site.built = idx_get64(h + H_BUILT);
	return INDEX_OK;
}

enum index_err index_open_memory(const void *buf, size_t len,
				 enum index_verify verify, struct index **out)
{
	struct index *x = calloc(1, sizeof *x);
	enum index_err err;

	*out = NULL;
	if (x == NULL)
		return INDEX_ERR_NOMEM;
	x->base = buf;
	x->size = len;
	err = validate(x, verify);
	if (err != INDEX_OK) {
		free(x);
		return err;
	}
	*out = x;
	return INDEX_OK;
}

/* open_regular: open path without blocking (a FIFO renamed over the
 * index must not hang open()) and keep it only if it is a regular file
 * of at least a header's size; *st is its status. Returns the fd or -1
 * with *err set (errno kept for INDEX_ERR_OPEN). */
static int open_regular(const char *path, struct stat *st,
			enum index_err *err)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	int saved;

	*err = INDEX_ERR_OPEN;
	if (fd < 0)
		return -1;
	if (fstat(fd, st) < 0) {
		saved = errno;
		close(fd);
		errno = saved;
		return -1;
	}
	if (!S_ISREG(st->st_mode))
		*err = INDEX_ERR_NOTREG;
	else if ((uintmax_t)st->st_size < IDX_HEADER_SIZE ||
		 (uintmax_t)st->st_size > SIZE_MAX)
		*err = INDEX_ERR_SHORT;
	else
		return fd;
	close(fd);
	return -1;
}

enum index_err index_open(const char *path, enum index_verify verify,
			  struct index **out)
{
	struct stat st;
	void *map;
	enum index_err err;
	int fd = open_regular(path, &st, &err), saved;

	*out = NULL;
	if (fd < 0)
		return err;
	map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_SHARED, fd, 0);
	saved = errno;
	close(fd);
	if (map == MAP_FAILED) {
		errno = saved;
		return INDEX_ERR_OPEN;
	}
	err = index_open_memory(map, (size_t)st.st_size, verify, out);
	if (err != INDEX_OK) {
		munmap(map, (size_t)st.st_size);
		return err;
	}
	(*out)->mapped = 1;
	(*out)->st = st;
	return INDEX_OK;
}

static int same_stat(const struct stat *a, const struct stat *b)
{
	return a->st_size == b->st_size &&
	       a->st_mtim.tv_sec == b->st_mtim.tv_sec &&
	       a->st_mtim.tv_nsec == b->st_mtim.tv_nsec &&
	       a->st_ctim.tv_sec == b->st_ctim.tv_sec &&
	       a->st_ctim.tv_nsec == b->st_ctim.tv_nsec;
}

/* read_all: read len bytes of fd into buf; 0, or -1 when the file ended
 * sooner (it shrank under us) or read failed. */
static int read_all(int fd, unsigned char *buf, size_t len)
{
	size_t got = 0;

	while (got < len) {
		ssize_t n = read(fd, buf + got, len - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		got += (size_t)n;
	}
	return 0;
}

enum index_err index_open_copy(const char *path, enum index_verify verify,
			       struct index **out)
{
	struct stat st, after;
	unsigned char *buf;
	enum index_err err;
	int fd = open_regular(path, &st, &err), rc;

	*out = NULL;
	if (fd < 0)
		return err;
	buf = malloc((size_t)st.st_size);
	if (buf == NULL) {
		close(fd);
		return INDEX_ERR_NOMEM;
	}
	rc = read_all(fd, buf, (size_t)st.st_size);
	if (rc == 0 && (fstat(fd, &after) != 0 || !same_stat(&st, &after)))
		rc = -1;
	close(fd);
	if (rc != 0) {
		free(buf);
		return INDEX_ERR_CHANGED;
	}
	err = index_open_memory(buf, (size_t)st.st_size, verify, out);
	if (err != INDEX_OK) {
		free(buf);
		return err;
	}
	(*out)->owned = 1;
	(*out)->st = st;
	return INDEX_OK;
}

void index_close(struct index *x)
{
	if (x == NULL)
		return;
	if (x->mapped)
		munmap((void *)x->base, x->size);
	if (x->owned)
		free((void *)x->base);
	free(x);
}

void index_file_id(const struct index *x, dev_t *dev, ino_t *ino)
{
	*dev = x->st.st_dev;
	*ino = x->st.st_ino;
}

const struct stat *index_file_stat(const struct index *x)
{
	return &x->st;
}

void index_site(const struct index *x, struct index_site *out)
{
	*out = x->site;
}

int index_lookup(const struct index *x, const char *key, size_t keylen,
		 uint32_t *page, enum route_kind *kind)
{
	uint64_t h = xxh64(key, keylen, IDX_HASH_SEED);
	uint32_t mask = x->slot_count - 1, tag = (uint32_t)(h >> 32);
	uint32_t s = (uint32_t)h & mask;

	for (uint32_t n = 0; n < x->slot_count; n++, s = (s + 1) & mask) {
		const unsigned char *slot = x->slots + (size_t)s * IDX_SLOT_SIZE;
		uint32_t k = idx_get32(slot + S_KEY);
		const unsigned char *entry;
		struct slug_view kv;

		if (k == 0)
			return 0;
		if (idx_get32(slot + S_TAG) != tag)
			continue;
		if (k > x->key_count)
			return 0;	/* LAZY: a bad slot ends the probe */
		entry = x->keys + (size_t)(k - 1) * IDX_KEY_SIZE;
		if (x->lazy && check_key(x, entry) != INDEX_OK)
			return 0;
		kv = ref_view(x, entry + K_KEY);
		if (kv.len == keylen && memcmp(kv.ptr, key, keylen) == 0) {
			*page = idx_get32(entry + K_PAGE);
			*kind = (enum route_kind)idx_get32(entry + K_KIND);
			return 1;
		}
	}
	return 0;
}

int index_page(const struct index *x, uint32_t i, struct index_page *out)
{
	const unsigned char *p;

	if (i >= x->page_count || (x->lazy && check_page(x, i) != INDEX_OK))
		return -1;
	p = x->pages + (size_t)i * IDX_PAGE_SIZE;
	out->path = ref_view(x, p + P_PATH);
	out->url = ref_view(x, p + P_URL);
	out->title = ref_view(x, p + P_TITLE);
	out->lang = ref_view(x, p + P_LANG);
	out->etag = ref_view(x, p + P_ETAG);
	out->last_modified = ref_view(x, p + P_LAST_MODIFIED);
	out->mtime = (int64_t)idx_get64(p + P_MTIME);
	out->content_length = idx_get64(p + P_CONTENT_LENGTH);
	out->content_type = ref_view(x, p + P_CONTENT_TYPE);
	out->raw = (idx_get32(p + P_FLAGS) & IDX_PAGE_RAW) != 0;
	out->generated = (idx_get32(p + P_FLAGS) & IDX_PAGE_GENERATED) != 0;
	out->encoded[ENC_IDENTITY] = (struct slug_view){ "", 0 };
	for (int e = ENC_IDENTITY + 1; e < ENC__MAX; e++)
		out->encoded[e] = ref_view(x, p + P_ENCODED +
					   (size_t)(e - 1) * IDX_REF_SIZE);
	return 0;
}

uint32_t index_notfound_page(const struct index *x)
{
	return x->notfound;
}

int index_render(const struct index *x, uint32_t i, index_write_fn write,
		 void *ctx)
{
	const unsigned char *values, *page;
	int rc;

	if (i >= x->page_count || (x->lazy && check_page(x, i) != INDEX_OK))
		return -1;
	page = x->pages + (size_t)i * IDX_PAGE_SIZE;
	if (idx_get32(page + P_FLAGS) & IDX_PAGE_RAW) {
		struct slug_view body = ref_view(x, page + P_BODY);

		return body.len > 0 ? write(ctx, body.ptr, body.len) : 0;
	}
	values = x->values + (size_t)i * x->value_count * IDX_REF_SIZE;
	for (uint32_t s = 0; s < x->seg_count; s++) {
		const unsigned char *seg = x->segs + (size_t)s * IDX_SEG_SIZE;
		uint32_t field = idx_get32(seg + G_FIELD);
		struct slug_view v = ref_view(x, seg + G_LITERAL);

		if (v.len > 0 && (rc = write(ctx, v.ptr, v.len)) != 0)
			return rc;
		if (field == IDX_NO_FIELD)
			continue;
		v = ref_view(x, values + (size_t)field * IDX_REF_SIZE);
		if (v.len > 0 && (rc = write(ctx, v.ptr, v.len)) != 0)
			return rc;
	}
	return 0;
}

int index_key(const struct index *x, uint32_t n, struct slug_view *key,
	      uint32_t *page, enum route_kind *kind)
{
	const unsigned char *entry;

	if (n >= x->key_count)
		return -1;
	entry = x->keys + (size_t)n * IDX_KEY_SIZE;
	if (x->lazy && check_key(x, entry) != INDEX_OK)
		return -1;
	*key = ref_view(x, entry + K_KEY);
	*page = idx_get32(entry + K_PAGE);
	*kind = (enum route_kind)idx_get32(entry + K_KIND);
	return 0;
}

int index_rule(const struct index *x, uint32_t n, struct index_rule *out)
{
	const unsigned char *r;

	if (n >= x->rule_count)
		return -1;
	r = x->rules + (size_t)n * IDX_RULE_SIZE;
	out->pattern = ref_view(x, r + R_PATTERN);
	out->target = ref_view(x, r + R_TARGET);
	out->action = (enum rule_action)idx_get32(r + R_ACTION);
	out->with_query = (idx_get32(r + R_FLAGS) & IDX_RULE_QUERY) != 0;
	return 0;
}

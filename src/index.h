/* index.h: the precompiled index file, read side (shared by slugserve and
 * `slugindex lookup|dump`). The writer lives in index_write.c.
 *
 * The file is mapped read-only and every structure is validated once when it
 * is opened (offsets and lengths checked against the file size by
 * subtraction, checksums compared), so that lookups and rendering afterwards
 * touch only memory that is known to be inside the file. All strings handed
 * out are views {ptr, len} into the mapping: never copied, never freed, valid
 * until index_close(). The byte layout is in docs/index-format.md. */
#ifndef SLUG_INDEX_H
#define SLUG_INDEX_H

#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "accept_enc.h"

struct slug_view {
	const char *ptr;
	size_t len;
};

enum index_err {
	INDEX_OK,
	INDEX_ERR_OPEN,		/* open/fstat/mmap failed: see errno */
	INDEX_ERR_SHORT,	/* shorter than a header, or than its size field */
	INDEX_ERR_MAGIC,	/* not an index file */
	INDEX_ERR_VERSION,	/* an index of a format version we do not read */
	INDEX_ERR_OLD,		/* an older format version: rebuild the index */
	INDEX_ERR_SIZE,		/* size field disagrees with the file size */
	INDEX_ERR_CHECKSUM,	/* metadata or bodies do not match their checksum */
	INDEX_ERR_BOUNDS,	/* a table or string points outside the file */
	INDEX_ERR_TABLE,	/* a table is inconsistent (bad page number, slot) */
	INDEX_ERR_NOMEM,
	INDEX_ERR_NOTREG,	/* a FIFO, a folder, a device: not a regular file */
	INDEX_ERR_CHANGED,	/* written to while index_open_copy read it */
	INDEX_ERR__MAX
};

const char *index_strerror(enum index_err err);

/* How much to check at open:
 * LAZY checks the header, the counts and where every table lies, and then
 *   each record when it is used (the slots and keys a lookup probes, the
 *   page it serves): opening costs the same whatever the size of the site,
 *   which is what a CGI process wants; no checksum is compared.
 * META checks the header, every table and record, and the metadata
 *   checksum (cost grows with the number of pages, not the bodies).
 * FULL also checksums every body (the daemon does this once per deploy).
 * At every level no read ever leaves the file. */
enum index_verify {
	INDEX_VERIFY_LAZY,
	INDEX_VERIFY_META,
	INDEX_VERIFY_FULL,
};

/* What a key in the index is. */
enum route_kind {
	ROUTE_CANONICAL,	/* the page's own path */
	ROUTE_ALIAS,		/* an alias from front matter */
	ROUTE__MAX
};

extern const char *const route_kind_names[ROUTE__MAX];

/* Site-wide settings from the config, as stored in the index. */
enum alias_mode {
	ALIAS_SERVE,		/* 200 with rel=canonical (default) */
	ALIAS_301,
	ALIAS_308,
	ALIAS__MAX
};

extern const char *const alias_mode_names[ALIAS__MAX];

/* What a legacy rule does with a path it matches (see docs/rules.md). */
enum rule_action {
	RULE_SERVE,		/* serve the target page in place */
	RULE_301,
	RULE_302,
	RULE_307,
	RULE_308,
	RULE_410,		/* gone */
	RULE__MAX
};

extern const char *const rule_action_names[RULE__MAX];

struct index_rule {
	struct slug_view pattern;	/* PCRE2 source */
	struct slug_view target;	/* replacement: $1, ${name} */
	enum rule_action action;
	int with_query;		/* matched against "path?query" */
};

struct index_site {
	struct slug_view title;
	struct slug_view base_url;	/* without a trailing '/' */
	struct slug_view cache_control;	/* may be empty: no header */
	enum alias_mode alias_mode;
	uint32_t page_count;
	uint32_t key_count;
	uint32_t rule_count;
	uint64_t built;		/* unix time of the build */
};

/* One page as the responder needs it. */
struct index_page {
	struct slug_view path;		/* canonical key: decoded, normalised */
	struct slug_view url;		/* canonical path, percent-encoded, as sent in Location */
	struct slug_view title;
	struct slug_view lang;		/* may be empty */
	struct slug_view etag;		/* with its quotes: "\"0123abcd...\"" */
	struct slug_view last_modified;	/* IMF-fixdate, or empty when undated */
	int64_t mtime;			/* the same as unix time, 0 when undated */
	uint64_t content_length;	/* bytes of the page rendered in the layout */
	struct slug_view content_type;	/* e.g. "text/html; charset=utf-8" */
	int raw;			/* a feed or sitemap: no layout */
	int generated;			/* an archive, feed or sitemap of slugindex's */
	/* the page rendered whole in each coding, stored when smaller than
	 * content_length; len 0: not stored (always so for identity, which
	 * index_render writes) */
	struct slug_view encoded[ENC__MAX];
};

struct index;

/* index_open: map and validate the file at path. On success *out owns the
 * mapping (release with index_close) and INDEX_OK is returned; on failure
 * *out is NULL, nothing is held, and errno is kept for INDEX_ERR_OPEN. */
enum index_err index_open(const char *path, enum index_verify verify,
			  struct index **out);

/* index_open_copy: as index_open, but the file is read into memory the
 * index owns (read(), not mmap) and its status is compared before and
 * after: writes to the file in place (cp, truncate, dd) cannot reach an
 * index once opened, nor fault it. INDEX_ERR_CHANGED: the file changed
 * (size or times) while it was read. Both open with O_NONBLOCK and refuse
 * anything but a regular file (INDEX_ERR_NOTREG). */
enum index_err index_open_copy(const char *path, enum index_verify verify,
			       struct index **out);

/* index_open_memory: the same over a caller's buffer (tests, fuzzing). The
 * buffer must outlive the index; index_close does not free it. */
enum index_err index_open_memory(const void *buf, size_t len,
				 enum index_verify verify, struct index **out);

/* index_close: unmap and free; NULL is fine. */
void index_close(struct index *idx);

/* Device and inode of the file the index was opened from (0 for memory),
 * so that a reloader can tell when a new file was renamed over it. */
void index_file_id(const struct index *idx, dev_t *dev, ino_t *ino);

/* The file's status when it was opened (all zero for memory): device,
 * inode, size and modification time tell a rewrite in place. */
const struct stat *index_file_stat(const struct index *idx);

void index_site(const struct index *idx, struct index_site *out);

/* index_lookup: find a normalised key. Returns 1 and fills *page and *kind
 * when found, 0 when not. O(1) expected; no allocation. */
int index_lookup(const struct index *idx, const char *key, size_t keylen,
		 uint32_t *page, enum route_kind *kind);

/* index_page: fill *out for page number i (< page_count). Returns 0, or -1
 * when i is out of range or (LAZY) the page's record is inconsistent. */
int index_page(const struct index *idx, uint32_t i, struct index_page *out);

/* The page number of the site's 404 page (always present). */
uint32_t index_notfound_page(const struct index *idx);

/* index_render: write page i inside the layout as a sequence of calls to
 * write (literal layout segments and page values, straight from the
 * mapping). Stops at and returns the first non-zero value write returns;
 * 0 when all was written. The total is index_page().content_length. */
typedef int (*index_write_fn)(void *ctx, const char *buf, size_t len);
int index_render(const struct index *idx, uint32_t i, index_write_fn write,
		 void *ctx);

/* index_rule: the n-th legacy rule (n < rule_count), in config order.
 * Returns 0, or -1 when n is out of range. */
int index_rule(const struct index *idx, uint32_t n, struct index_rule *out);

/* index_key: the n-th key of the index (n < key_count), in table order,
 * for `slugindex dump`. Returns 0, or -1 when n is out of range. */
int index_key(const struct index *idx, uint32_t n, struct slug_view *key,
	      uint32_t *page, enum route_kind *kind);

#endif

/* index_format.h: the byte layout of an index file, shared by the reader
 * (index_read.c) and the writer (index_write.c). docs/index-format.md is the
 * full description; in short, all integers are little-endian and:
 *
 *   header   IDX_HEADER_SIZE bytes: magic, version, sizes, checksums, counts,
 *            the offset of every table, site settings
 *   slots    slot_count x 8:  u32 hash tag, u32 key number + 1 (0 = empty)
 *   keys     key_count x 24:  ref key, u32 page, u32 route kind
 *   pages    page_count x 192: refs path, url, title, lang, etag,
 *            last_modified; i64 mtime; u64 content_length; u64 first value;
 *            ref body, ref content_type; u32 flags, u32 0; refs of the
 *            page rendered whole in gzip and in brotli (length 0: none)
 *   rules    rule_count x 40: refs pattern, target; u32 action, u32 flags
 *   values   page_count x value_count refs: each page's layout fields
 *   segments seg_count x 24: ref literal, u32 field (IDX_NO_FIELD), u32 0
 *   strings  bytes referred to by refs
 *   bodies   page bodies (also referred to by refs), then the encoded
 *            pages, last in the file
 *
 * A ref is u64 offset from the start of the file, u64 length. The metadata
 * checksum is XXH64 of bytes [IDX_META_SUM_START, bodies_off); the body
 * checksum is XXH64 of [bodies_off, file_size). */
#ifndef SLUG_INDEX_FORMAT_H
#define SLUG_INDEX_FORMAT_H

#include <stdint.h>

#define IDX_MAGIC "\x7fSLUGIDX"
#define IDX_MAGIC_LEN 8
#define IDX_VERSION 2		/* 2: encoded pages in the page record */
#define IDX_VERSION_OLDEST 1	/* older ones are refused as "rebuild" */
#define IDX_HEADER_SIZE 256
#define IDX_META_SUM_START 32
#define IDX_NO_FIELD 0xFFFFFFFFu
#define IDX_MAX_FIELDS 4096	/* distinct layout fields a reader accepts */

#define IDX_SLOT_SIZE 8
#define IDX_REF_SIZE 16		/* u64 offset, then u64 length: */
#define IDX_REF_LEN 8		/* where a ref's length is */
#define IDX_KEY_SIZE 24
#define IDX_PAGE_SIZE 192
#define IDX_RECORD_MAX IDX_PAGE_SIZE	/* the largest record */
#define IDX_RULE_SIZE 40
#define IDX_PAGE_RAW 1u		/* page flag: the body alone, no layout */
#define IDX_PAGE_GENERATED 2u	/* page flag: an archive, feed or sitemap */
#define IDX_PAGE_FLAGS (IDX_PAGE_RAW | IDX_PAGE_GENERATED)
#define IDX_RULE_QUERY 1u	/* rule flag: match path?query */
#define IDX_SEG_SIZE 24

/* Header field offsets. */
enum idx_header {
	H_MAGIC = 0,
	H_VERSION = 8,
	H_HEADER_SIZE = 12,
	H_FILE_SIZE = 16,
	H_META_SUM = 24,
	H_BODY_SUM = 32,
	H_BUILT = 40,
	H_PAGE_COUNT = 48,
	H_KEY_COUNT = 52,
	H_SLOT_COUNT = 56,
	H_NOTFOUND = 60,
	H_SEG_COUNT = 64,
	H_VALUE_COUNT = 68,	/* values per page */
	H_SLOTS_OFF = 72,
	H_KEYS_OFF = 80,
	H_PAGES_OFF = 88,
	H_VALUES_OFF = 96,
	H_SEGS_OFF = 104,
	H_STRINGS_OFF = 112,
	H_BODIES_OFF = 120,
	H_ALIAS_MODE = 128,
	H_FLAGS = 132,
	H_SITE_TITLE = 136,	/* ref */
	H_BASE_URL = 152,	/* ref */
	H_CACHE_CONTROL = 168,	/* ref */
	H_RULE_COUNT = 184,
	H_RULES_OFF = 192,
	H__END = 200		/* the rest of the header is zero */
};

/* Page record field offsets. */
enum idx_page {
	P_PATH = 0,
	P_URL = 16,
	P_TITLE = 32,
	P_LANG = 48,
	P_ETAG = 64,
	P_LAST_MODIFIED = 80,
	P_MTIME = 96,
	P_CONTENT_LENGTH = 104,
	P_FIRST_VALUE = 112,
	P_BODY = 120,
	P_CONTENT_TYPE = 136,
	P_FLAGS = 152,
	P_ENCODED = 160,	/* ENC__MAX - 1 refs: gzip, br (accept_enc.h) */
};

/* Slot record field offsets. */
enum idx_slot {
	S_TAG = 0,		/* u32: the high 32 bits of the key's hash */
	S_KEY = 4,		/* u32: key number + 1, 0 for an empty slot */
};

/* Key record field offsets. */
enum idx_key {
	K_KEY = 0,		/* ref */
	K_PAGE = 16,		/* u32 */
	K_KIND = 20,		/* u32: enum route_kind */
};

/* Rule record field offsets. */
enum idx_rule {
	R_PATTERN = 0,		/* ref */
	R_TARGET = 16,		/* ref */
	R_ACTION = 32,		/* u32: enum rule_action */
	R_FLAGS = 36,		/* u32: IDX_RULE_QUERY */
};

/* Layout segment record field offsets. */
enum idx_seg {
	G_LITERAL = 0,		/* ref */
	G_FIELD = 16,		/* u32: value number, or IDX_NO_FIELD */
	G_ZERO = 20,		/* u32 0 */
};

/* The tables, in the order they follow the header; the strings follow the
 * last one. */
enum idx_table_id {
	IDX_T_SLOTS,
	IDX_T_KEYS,
	IDX_T_PAGES,
	IDX_T_VALUES,
	IDX_T_SEGS,
	IDX_T_RULES,
	IDX_TABLE__MAX
};

/* A table: the header field of its offset, the header fields whose product
 * is its record count (count2 is 0 when one field gives it), and the size
 * of a record. The writer places the tables with idx_table_offsets() and
 * the reader accepts only the offsets that gives, so the two cannot
 * drift. */
struct idx_table {
	const char *name;
	unsigned off_field, count_field, count2_field;
	unsigned record_size;
};

extern const struct idx_table idx_tables[IDX_TABLE__MAX];

/* idx_table_count (index_tables.c): the records of table t, from the
 * counts in header h. */
uint64_t idx_table_count(const unsigned char *h, enum idx_table_id t);

/* idx_table_offsets (index_tables.c): from the counts in header h, where
 * each table starts, one after the other from the end of the header, and in
 * off[IDX_TABLE__MAX] where the strings start. Returns 0, or -1 when the
 * sizes do not fit in 64 bits. */
int idx_table_offsets(const unsigned char *h, uint64_t off[IDX_TABLE__MAX + 1]);

/* Little-endian loads and stores, for every field of the file. */
static inline uint32_t idx_get32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static inline uint64_t idx_get64(const unsigned char *p)
{
	return (uint64_t)idx_get32(p) | (uint64_t)idx_get32(p + 4) << 32;
}

static inline void idx_put32(unsigned char *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (unsigned char)(v >> 8 * i);
}

static inline void idx_put64(unsigned char *p, uint64_t v)
{
	idx_put32(p, (uint32_t)v);
	idx_put32(p + 4, (uint32_t)(v >> 32));
}

/* The hash of a key: XXH64 with this seed; the slot is its low bits, the
 * tag its high 32 bits. */
#define IDX_HASH_SEED 0x736c7567ULL	/* "slug" */

#endif

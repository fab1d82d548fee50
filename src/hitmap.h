/* hitmap.h: distinct request targets and how often each was asked for,
 * with a value the caller keeps beside each (slugindex replay keeps the
 * routing decision, so that it is taken once per distinct target). The
 * table stops growing at HITMAP_MAX_ENTRIES targets or HITMAP_MAX_BYTES of
 * text: a full table refuses new targets (the caller counts those), so a
 * log of any size is read in bounded memory. */
#ifndef SLUG_HITMAP_H
#define SLUG_HITMAP_H

#include <stddef.h>
#include <stdint.h>

#define HITMAP_MAX_ENTRIES (1u << 21)
#define HITMAP_MAX_BYTES ((size_t)256 << 20)

struct hit {
	uint64_t hits;
	uint64_t hash;
	uint32_t off, len;	/* the target's bytes in the map's text */
	uint32_t value;		/* the caller's */
	uint16_t status;	/* the caller's */
	uint16_t flags;		/* the caller's */
};

struct hitmap {
	struct hit *hits;	/* in order of first appearance */
	uint32_t count, cap;
	uint32_t *slots;	/* 0: empty, else index into hits + 1 */
	uint32_t nslots;	/* a power of two */
	char *text;
	size_t textlen, textcap;
	int failed;		/* ran out of memory */
};

/* hitmap_add: count one more hit for target s[0..n). Returns the entry and
 * sets *is_new when it was not there; NULL when the map is full or memory
 * ran out (nothing counted). Entries move when the map grows: use the
 * pointer only until the next call. */
struct hit *hitmap_add(struct hitmap *m, const char *s, size_t n,
		       uint64_t weight, int *is_new);

/* hitmap_find: the entry for s[0..n), or NULL. */
struct hit *hitmap_find(const struct hitmap *m, const char *s, size_t n);

/* The target's text (not NUL-terminated; length e->len). */
const char *hitmap_text(const struct hitmap *m, const struct hit *e);

/* hitmap_sorted: the entries' indexes by hits, most first, then by text;
 * NULL when memory ran out. The caller frees it. */
uint32_t *hitmap_sorted(const struct hitmap *m);

void hitmap_free(struct hitmap *m);

#endif

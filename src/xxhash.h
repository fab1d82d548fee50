/* xxhash.h: XXH64, the 64-bit non-cryptographic hash used for index keys,
 * checksums and ETags (format described by its author, Yann Collet; this is
 * an independent implementation of the published algorithm). */
#ifndef SLUG_XXHASH_H
#define SLUG_XXHASH_H

#include <stddef.h>
#include <stdint.h>

uint64_t xxh64(const void *data, size_t len, uint64_t seed);

/* Streaming form, for data that is never in memory at once: the result of
 * init, any number of updates, and digest equals xxh64 over the whole. */
struct xxh64_state {
	uint64_t v[4];
	uint64_t total;
	unsigned char tail[32];
	size_t tail_len;
	uint64_t seed;
};

void xxh64_init(struct xxh64_state *st, uint64_t seed);
void xxh64_update(struct xxh64_state *st, const void *data, size_t len);
uint64_t xxh64_digest(const struct xxh64_state *st);

#endif

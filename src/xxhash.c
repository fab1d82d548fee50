/* xxhash.c: XXH64 over a byte buffer (see xxhash.h). Reads are done with
 * memcpy so that unaligned input is fine; the result is the little-endian
 * definition on any host. */
#include <string.h>

#include "xxhash.h"

static const uint64_t P1 = 11400714785074694791ULL;
static const uint64_t P2 = 14029467366897019727ULL;
static const uint64_t P3 = 1609587929392839161ULL;
static const uint64_t P4 = 9650029242287828579ULL;
static const uint64_t P5 = 2870177450012600261ULL;

static uint64_t rotl(uint64_t x, int r)
{
	return (x << r) | (x >> (64 - r));
}

/* Little-endian loads; memcpy compiles to one unaligned load. */
static uint64_t read64(const unsigned char *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof v);
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	v = __builtin_bswap64(v);
#endif
	return v;
}

static uint32_t read32(const unsigned char *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof v);
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	v = __builtin_bswap32(v);
#endif
	return v;
}

static uint64_t round64(uint64_t acc, uint64_t input)
{
	acc += input * P2;
	acc = rotl(acc, 31);
	return acc * P1;
}

static uint64_t merge64(uint64_t acc, uint64_t val)
{
	acc ^= round64(0, val);
	return acc * P1 + P4;
}

/* The last 0..31 bytes and the final mix, shared by both forms. */
static uint64_t finish(uint64_t h, const unsigned char *p,
		       const unsigned char *end)
{
	for (; end - p >= 8; p += 8)
		h = rotl(h ^ round64(0, read64(p)), 27) * P1 + P4;
	if (end - p >= 4) {
		h = rotl(h ^ (uint64_t)read32(p) * P1, 23) * P2 + P3;
		p += 4;
	}
	for (; p < end; p++)
		h = rotl(h ^ (uint64_t)*p * P5, 11) * P1;
	h ^= h >> 33;
	h *= P2;
	h ^= h >> 29;
	h *= P3;
	h ^= h >> 32;
	return h;
}

static uint64_t converge(const uint64_t v[4])
{
	uint64_t h = rotl(v[0], 1) + rotl(v[1], 7) + rotl(v[2], 12) +
		     rotl(v[3], 18);

	for (int i = 0; i < 4; i++)
		h = merge64(h, v[i]);
	return h;
}

/* Consume whole 32-byte stripes from p; returns where it stopped. */
static const unsigned char *stripes(uint64_t v[4], const unsigned char *p,
				    const unsigned char *end)
{
	for (; end - p >= 32; p += 32)
		for (int i = 0; i < 4; i++)
			v[i] = round64(v[i], read64(p + 8 * i));
	return p;
}

static void init_lanes(uint64_t v[4], uint64_t seed)
{
	v[0] = seed + P1 + P2;
	v[1] = seed + P2;
	v[2] = seed;
	v[3] = seed - P1;
}

uint64_t xxh64(const void *data, size_t len, uint64_t seed)
{
	const unsigned char *p = data, *end = p + len;
	uint64_t h, v[4];

	if (len >= 32) {
		init_lanes(v, seed);
		p = stripes(v, p, end);
		h = converge(v);
	} else {
		h = seed + P5;
	}
	return finish(h + (uint64_t)len, p, end);
}

void xxh64_init(struct xxh64_state *st, uint64_t seed)
{
	memset(st, 0, sizeof *st);
	st->seed = seed;
	init_lanes(st->v, seed);
}

void xxh64_update(struct xxh64_state *st, const void *data, size_t len)
{
	const unsigned char *p = data, *end = p + len;

	st->total += len;
	if (st->tail_len > 0) {
		size_t take = 32 - st->tail_len;

		if (take > len)
			take = len;
		memcpy(st->tail + st->tail_len, p, take);
		st->tail_len += take;
		p += take;
		if (st->tail_len < 32)
			return;
		stripes(st->v, st->tail, st->tail + 32);
		st->tail_len = 0;
	}
	p = stripes(st->v, p, end);
	memcpy(st->tail, p, (size_t)(end - p));
	st->tail_len = (size_t)(end - p);
}

uint64_t xxh64_digest(const struct xxh64_state *st)
{
	uint64_t h = st->total >= 32 ? converge(st->v) : st->seed + P5;

	return finish(h + st->total, st->tail, st->tail + st->tail_len);
}

/* hitmap.c: an open-addressing hash table (xxh64, linear probing, kept at
 * most half full) over an array of entries and one block of text. */
#include <stdlib.h>
#include <string.h>

#include "hitmap.h"
#include "xxhash.h"

/* grow_slots: twice the slots, every entry placed again. */
static int grow_slots(struct hitmap *m)
{
	uint32_t n = m->nslots ? m->nslots * 2 : 1024;
	uint32_t *slots = calloc(n, sizeof *slots);

	if (slots == NULL)
		return -1;
	for (uint32_t i = 0; i < m->count; i++) {
		uint32_t j = (uint32_t)m->hits[i].hash & (n - 1);

		while (slots[j] != 0)
			j = (j + 1) & (n - 1);
		slots[j] = i + 1;
	}
	free(m->slots);
	m->slots = slots;
	m->nslots = n;
	return 0;
}

/* room: space for one more entry and n more bytes of text. */
static int room(struct hitmap *m, size_t n)
{
	if (m->count == m->cap) {
		uint32_t cap = m->cap ? m->cap * 2 : 512;
		struct hit *h = realloc(m->hits, cap * sizeof *h);

		if (h == NULL)
			return -1;
		m->hits = h;
		m->cap = cap;
	}
	if (m->textlen + n > m->textcap) {
		size_t cap = m->textcap ? m->textcap : 65536;
		char *t;

		while (cap < m->textlen + n)
			cap *= 2;
		if ((t = realloc(m->text, cap)) == NULL)
			return -1;
		m->text = t;
		m->textcap = cap;
	}
	if ((m->count + 1) * 2 > m->nslots && grow_slots(m) < 0)
		return -1;
	return 0;
}

/* slot_of: the slot holding s (*found) or the empty one it would take. */
static uint32_t slot_of(const struct hitmap *m, const char *s, size_t n,
			uint64_t h, int *found)
{
	uint32_t j = (uint32_t)h & (m->nslots - 1);

	for (; m->slots[j] != 0; j = (j + 1) & (m->nslots - 1)) {
		const struct hit *e = &m->hits[m->slots[j] - 1];

		if (e->hash == h && e->len == n &&
		    memcmp(m->text + e->off, s, n) == 0) {
			*found = 1;
			return j;
		}
	}
	*found = 0;
	return j;
}

struct hit *hitmap_find(const struct hitmap *m, const char *s, size_t n)
{
	int found;
	uint32_t j;

	if (m->nslots == 0)
		return NULL;
	j = slot_of(m, s, n, xxh64(s, n, 0), &found);
	return found ? &m->hits[m->slots[j] - 1] : NULL;
}

struct hit *hitmap_add(struct hitmap *m, const char *s, size_t n,
		       uint64_t weight, int *is_new)
{
	uint64_t h = xxh64(s, n, 0);
	struct hit *e;
	int found = 0;
	uint32_t j = 0;

	*is_new = 0;
	if (m->nslots > 0)
		j = slot_of(m, s, n, h, &found);
	if (found) {
		e = &m->hits[m->slots[j] - 1];
		e->hits += weight;
		return e;
	}
	if (m->failed || m->count >= HITMAP_MAX_ENTRIES ||
	    m->textlen + n > HITMAP_MAX_BYTES || n > UINT32_MAX)
		return NULL;
	if (room(m, n) < 0) {
		m->failed = 1;
		return NULL;
	}
	j = slot_of(m, s, n, h, &found);	/* the slots may have grown */
	e = &m->hits[m->count];
	memset(e, 0, sizeof *e);
	e->hits = weight;
	e->hash = h;
	e->off = (uint32_t)m->textlen;
	e->len = (uint32_t)n;
	memcpy(m->text + m->textlen, s, n);
	m->textlen += n;
	m->slots[j] = ++m->count;
	*is_new = 1;
	return e;
}

const char *hitmap_text(const struct hitmap *m, const struct hit *e)
{
	return m->text + e->off;
}

static int by_hits(const void *a, const void *b, void *ctx)
{
	const struct hitmap *m = ctx;
	const struct hit *x = &m->hits[*(const uint32_t *)a];
	const struct hit *y = &m->hits[*(const uint32_t *)b];
	size_t n = x->len < y->len ? x->len : y->len;
	int c;

	if (x->hits != y->hits)
		return x->hits > y->hits ? -1 : 1;
	c = memcmp(m->text + x->off, m->text + y->off, n);
	return c ? c : (x->len > y->len) - (x->len < y->len);
}

uint32_t *hitmap_sorted(const struct hitmap *m)
{
	uint32_t *order = malloc((m->count + 1) * sizeof *order);

	if (order == NULL)
		return NULL;
	for (uint32_t i = 0; i < m->count; i++)
		order[i] = i;
	qsort_r(order, m->count, sizeof *order, by_hits, (void *)m);
	return order;
}

void hitmap_free(struct hitmap *m)
{
	free(m->hits);
	free(m->slots);
	free(m->text);
	memset(m, 0, sizeof *m);
}

/* index_tables.c: the one list of an index file's tables (index_format.h)
 * and where they go. index_write.c writes each table where
 * idx_table_offsets() says; index_read.c refuses a file whose header puts
 * one anywhere else. */
#include "accept_enc.h"
#include "index_format.h"

const struct idx_table idx_tables[IDX_TABLE__MAX] = {
	[IDX_T_SLOTS] = {"slots", H_SLOTS_OFF, H_SLOT_COUNT, 0, IDX_SLOT_SIZE},
	[IDX_T_KEYS] = {"keys", H_KEYS_OFF, H_KEY_COUNT, 0, IDX_KEY_SIZE},
	[IDX_T_PAGES] = {"pages", H_PAGES_OFF, H_PAGE_COUNT, 0, IDX_PAGE_SIZE},
	[IDX_T_VALUES] = {"values", H_VALUES_OFF, H_PAGE_COUNT, H_VALUE_COUNT,
			  IDX_REF_SIZE},
	[IDX_T_SEGS] = {"segments", H_SEGS_OFF, H_SEG_COUNT, 0, IDX_SEG_SIZE},
	[IDX_T_RULES] = {"rules", H_RULES_OFF, H_RULE_COUNT, 0, IDX_RULE_SIZE},
};

/* Each record's last field ends where the record does. */
_Static_assert(S_KEY + 4 == IDX_SLOT_SIZE, "slot record");
_Static_assert(K_KIND + 4 == IDX_KEY_SIZE, "key record");
_Static_assert(P_ENCODED + (ENC__MAX - 1) * IDX_REF_SIZE == IDX_PAGE_SIZE,
	       "page record");
_Static_assert(R_FLAGS + 4 == IDX_RULE_SIZE, "rule record");
_Static_assert(G_ZERO + 4 == IDX_SEG_SIZE, "segment record");
_Static_assert(H__END <= IDX_HEADER_SIZE, "header");
_Static_assert(IDX_SLOT_SIZE <= IDX_RECORD_MAX && IDX_KEY_SIZE <= IDX_RECORD_MAX &&
	       IDX_REF_SIZE <= IDX_RECORD_MAX && IDX_SEG_SIZE <= IDX_RECORD_MAX &&
	       IDX_RULE_SIZE <= IDX_RECORD_MAX, "the largest record");

uint64_t idx_table_count(const unsigned char *h, enum idx_table_id t)
{
	const struct idx_table *d = &idx_tables[t];
	uint64_t n = idx_get32(h + d->count_field);

	return d->count2_field ? n * idx_get32(h + d->count2_field) : n;
}

int idx_table_offsets(const unsigned char *h, uint64_t off[IDX_TABLE__MAX + 1])
{
	off[0] = IDX_HEADER_SIZE;
	for (int t = 0; t < IDX_TABLE__MAX; t++) {
		uint64_t bytes;

		if (__builtin_mul_overflow(idx_table_count(h, t),
					   (uint64_t)idx_tables[t].record_size,
					   &bytes) ||
		    __builtin_add_overflow(off[t], bytes, &off[t + 1]))
			return -1;
	}
	return 0;
}

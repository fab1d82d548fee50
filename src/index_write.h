/* index_write.h: turn a loaded site and its layout into an index file,
 * atomically: a temporary file in the target's folder, written, flushed and
 * renamed over the old index, so that a reader sees the old file or the new
 * one and never a part of either. The format is in index_format.h. */
#ifndef SLUG_INDEX_WRITE_H
#define SLUG_INDEX_WRITE_H

#include <stdint.h>

#include "diag.h"
#include "layout.h"
#include "site.h"

/* index_write: write the index for s to path. built is the build time
 * stored in the header. Returns 0, or -1 after reporting why; on failure
 * the file at path is untouched and no temporary file is left. */
int index_write(const struct site *s, const struct layout *l,
		const char *path, int64_t built, struct diag *d);

#endif

/* readfile.h: read a whole file into memory, with a size limit, for
 * slugindex (content files, config, layout). */
#ifndef SLUG_READFILE_H
#define SLUG_READFILE_H

#include <stddef.h>

#include "diag.h"

/* read_file: read path into a new NUL-terminated buffer (*out, owned by the
 * caller, free()), *len its length. Returns 0, or -1 after reporting why
 * (missing, unreadable, a folder, larger than max bytes). */
int read_file(const char *path, size_t max, char **out, size_t *len,
	      struct diag *d);

#endif

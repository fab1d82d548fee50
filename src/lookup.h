/* lookup.h: slugindex lookup: what the server answers to one path, printed
 * as one tab-separated line through the same decision (route.h). */
#ifndef SLUG_LOOKUP_H
#define SLUG_LOOKUP_H

#include <stdio.h>

#include "index.h"

struct ruleset;

/* lookup_print: the line for request path (which may hold "?query") and
 * method (GET when NULL): status, canonical path or Location, title, how.
 * Returns the status code. */
int lookup_print(const struct index *idx, struct ruleset *rules,
		 const char *method, const char *path, FILE *out);

#endif

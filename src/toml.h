/* toml.h: a TOML 1.0.0 parser that builds a libyaml document, so that the
 * front-matter and config readers, which walk libyaml nodes, read TOML,
 * YAML and JSON with one code path.
 *
 * The tree: a TOML table is a YAML mapping (keys in document order, each
 * key a double-quoted scalar), an array a sequence, every other value a
 * scalar whose tag says its TOML type and whose text is canonical:
 *   string            TOML_TAG_STR, double-quoted style, the decoded text
 *   integer           TOML_TAG_INT, plain, decimal ("-17", no '_', 0x/0o/0b
 *                     converted), always within int64
 *   float             TOML_TAG_FLOAT, plain, a C "%.17g" round-trip form,
 *                     or "inf", "-inf", "nan"
 *   boolean           TOML_TAG_BOOL, plain, "true" or "false"
 *   offset date-time  TOML_TAG_DATETIME, plain, RFC 3339 with 'T' and the
 *                     offset as written ("1979-05-27T07:32:00Z",
 *                     "1979-05-27T00:32:00.999-07:00")
 *   local date-time   TOML_TAG_DATETIME_LOCAL, "1979-05-27T07:32:00"
 *   local date        TOML_TAG_DATE_LOCAL, "1979-05-27"
 *   local time        TOML_TAG_TIME_LOCAL, "07:32:00"
 * (a date-time written with ' ' for 'T' or with a lower-case 't'/'z' is
 * given in this form; the fraction is kept as written).
 * Every node's start_mark is the line and column (0-based, as libyaml's)
 * where the value (for a table: its header or first key) starts, with
 * line_base added as yaml_load does. */
#ifndef SLUG_TOML_H
#define SLUG_TOML_H

#include <stddef.h>
#include <yaml.h>

#include "diag.h"

#define TOML_TAG_STR "tag:yaml.org,2002:str"
#define TOML_TAG_INT "tag:yaml.org,2002:int"
#define TOML_TAG_FLOAT "tag:yaml.org,2002:float"
#define TOML_TAG_BOOL "tag:yaml.org,2002:bool"
#define TOML_TAG_DATETIME "tag:yaml.org,2002:timestamp"
#define TOML_TAG_DATETIME_LOCAL "tag:toml.io,2021:datetime-local"
#define TOML_TAG_DATE_LOCAL "tag:toml.io,2021:date-local"
#define TOML_TAG_TIME_LOCAL "tag:toml.io,2021:time-local"

/* toml_load: parse buf[0..len) as one TOML document into *doc (a mapping
 * root, empty for an empty document). line_base is the file line of the
 * buffer's first line (1 for a whole file). Returns 0, or -1 after
 * reporting "file:line:col: error: ..." through d (1-based line and
 * column of the offending byte); *doc then holds nothing to free. Never
 * reads outside buf, recurses no deeper than a fixed limit, and takes
 * time linear in len. */
int toml_load(yaml_document_t *doc, const char *buf, size_t len,
	      const char *file, unsigned long line_base, struct diag *d);

#endif

/* yamlutil.h: small helpers over libyaml's document API, shared by the site
 * config and the front-matter parsers: load a document from memory with a
 * precise error position, and read scalars with the position of each node. */
#ifndef SLUG_YAMLUTIL_H
#define SLUG_YAMLUTIL_H

#include <stddef.h>
#include <yaml.h>

#include "diag.h"

/* yaml_load: parse buf[0..len) as one YAML document into *doc. line_base is
 * the file line of the buffer's first line (1 for a whole file), so that
 * positions name lines of the file. Returns 0, or -1 after reporting
 * "file:line:col: error: ..." (then *doc holds nothing to free). An empty
 * document gives a document with no root node (yaml_document_get_root_node
 * returns NULL). */
int yaml_load(yaml_document_t *doc, const char *buf, size_t len,
	      const char *file, unsigned long line_base, struct diag *d);

/* yaml_scalar: the node's scalar text (NUL-terminated by libyaml), or NULL
 * when the node is not a scalar. */
const char *yaml_scalar(const yaml_node_t *node);

/* yaml_is_null: a scalar that YAML reads as null ("", "~", "null") and is
 * not quoted. */
int yaml_is_null(const yaml_node_t *node);

/* yaml_report: report a problem at a node's position. */
void yaml_report(struct diag *d, enum diag_level level, const char *file,
		 unsigned long line_base, const yaml_node_t *node,
		 const char *fmt, ...) __attribute__((format(printf, 6, 7)));

/* yaml_bool: parse a YAML 1.1/1.2 boolean (true/false/yes/no/on/off, any
 * case). Returns 0 and sets *out, or -1 when the scalar is not one. */
int yaml_bool(const yaml_node_t *node, int *out);

#endif

/* toml_parse.h: the TOML parser's state, shared by toml.c (tables, keys,
 * arrays: the structure) and toml_value.c (strings, numbers, booleans and
 * dates: the scalars). Internal to those two files; callers use toml.h. */
#ifndef SLUG_TOML_PARSE_H
#define SLUG_TOML_PARSE_H

#include <stddef.h>
#include <yaml.h>

#include "diag.h"

/* Nesting of arrays and inline tables deeper than this is refused. */
#define TOML_MAX_DEPTH 64

struct toml_slot;

struct toml_p {
	const char *buf;	/* borrowed: the document */
	size_t len, pos;	/* pos: the next byte to read */
	const char *file;
	unsigned long line_base;
	struct diag *d;
	yaml_document_t *doc;
	size_t mpos;		/* mark cursor: mpos is at line mline */
	unsigned long mline, mcol;	/* (0-based), column mcol */
	char *sb;		/* owned: scratch text of the last string */
	size_t sb_len, sb_cap;
	unsigned char *flags;	/* owned: per node id, enum toml_flag bits */
	size_t nflags;
	struct toml_slot *slots;	/* owned: (table, key) -> value */
	size_t nslots, nused;
	int depth;
};

/* toml_error: report "file:line:col: error: malformed TOML: ..." at byte
 * at of the document. Returns -1. */
int toml_error(struct toml_p *p, size_t at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* toml_mark: set node id's start and end marks to byte at (node ids are
 * made in document order, so the cursor only moves forward). */
void toml_mark(struct toml_p *p, int id, size_t at);

/* toml_sb_put: append s[0..n) to p->sb. 0, or -1 (reported). */
int toml_sb_put(struct toml_p *p, const char *s, size_t n);

/* toml_string: read the string (basic or literal; multi-line when multi)
 * at p->pos into p->sb/sb_len, and move past it. Returns 0 or -1. */
int toml_string(struct toml_p *p, int multi);

/* toml_scalar: read the scalar value at p->pos (string, number, boolean,
 * date or time) into a new scalar node. Returns its id, or 0 after an
 * error. */
int toml_scalar(struct toml_p *p);

/* toml_add_str: a new string scalar (double-quoted style) holding
 * s[0..n), marked at byte at; 0 when memory ran out (reported). */
int toml_add_str(struct toml_p *p, const char *s, size_t n, size_t at);

#endif

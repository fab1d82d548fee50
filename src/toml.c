/* toml.c: TOML 1.0.0 documents into libyaml documents (see toml.h): the
 * structure, that is tables, [headers], [[arrays of tables]], dotted and
 * quoted keys, arrays and inline tables, with every redefinition rule of
 * the spec. Scalars are read by toml_value.c.
 *
 * Each table and array node carries flags saying how it came to be (an
 * implicit parent of a header, a [header] of its own, dotted keys, an
 * inline value that is closed for good); the rules are checks on those
 * flags. Keys are found through one hash table of (table, key) -> value,
 * so a document takes time linear in its length. */
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "toml.h"
#include "toml_parse.h"
#include "utf8.h"

enum toml_flag {
	TF_IMPLICIT = 1,	/* made as the parent in a [a.b] header */
	TF_DEFINED = 2,		/* a [header] of its own, or a [[header]] entry */
	TF_DOTTED = 4,		/* made or extended by a dotted key */
	TF_FROZEN = 8,		/* an inline table or a static array */
	TF_AOT = 16,		/* the array of an [[array of tables]] */
};

struct toml_slot {
	int table, key, value;	/* node ids; table 0: an empty slot */
};

/* How much of the key in p->sb an error message shows. */
static int shown(const struct toml_p *p)
{
	return p->sb_len > 60 ? 60 : (int)p->sb_len;
}

int toml_error(struct toml_p *p, size_t at, const char *fmt, ...)
{
	char msg[256];
	unsigned long line = 0, col = 0;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	for (char *c = msg; *c; c++)	/* a key may hold any character */
		if ((unsigned char)*c < 0x20 || *c == 0x7f)
			*c = '?';
	for (size_t i = 0; i < at && i < p->len; i++) {
		if (p->buf[i] == '\n') {
			line++;
			col = 0;
		} else if (((unsigned char)p->buf[i] & 0xC0) != 0x80) {
			col++;
		}
	}
	diag_at(p->d, DIAG_ERROR, p->file, line + p->line_base, col + 1,
		"malformed TOML: %s", msg);
	return -1;
}

void toml_mark(struct toml_p *p, int id, size_t at)
{
	yaml_node_t *n = yaml_document_get_node(p->doc, id);

	if (at < p->mpos)
		p->mpos = p->mline = p->mcol = 0;
	for (; p->mpos < at && p->mpos < p->len; p->mpos++) {
		if (p->buf[p->mpos] == '\n') {
			p->mline++;
			p->mcol = 0;
		} else if (((unsigned char)p->buf[p->mpos] & 0xC0) != 0x80) {
			p->mcol++;
		}
	}
	n->start_mark.index = at;
	n->start_mark.line = p->mline;
	n->start_mark.column = p->mcol;
	n->end_mark = n->start_mark;
}

static int set_flags(struct toml_p *p, int id, unsigned char f)
{
	if ((size_t)id >= p->nflags) {
		size_t n = p->nflags ? p->nflags * 2 : 64;
		unsigned char *nf;

		while (n <= (size_t)id)
			n *= 2;
		nf = realloc(p->flags, n);
		if (nf == NULL)
			return toml_error(p, p->pos, "out of memory");
		memset(nf + p->nflags, 0, n - p->nflags);
		p->flags = nf;
		p->nflags = n;
	}
	p->flags[id] = f;
	return 0;
}

static unsigned flags_of(const struct toml_p *p, int id)
{
	return (size_t)id < p->nflags ? p->flags[id] : 0;
}

static yaml_node_type_t type_of(struct toml_p *p, int id)
{
	return yaml_document_get_node(p->doc, id)->type;
}

static size_t slot_hash(int table, const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ULL ^ (uint64_t)table;

	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
	return (size_t)h;
}

static int slot_is(struct toml_p *p, const struct toml_slot *sl, int table,
		   const char *s, size_t n)
{
	yaml_node_t *k = yaml_document_get_node(p->doc, sl->key);

	return sl->table == table && k->data.scalar.length == n &&
	       memcmp(k->data.scalar.value, s, n) == 0;
}

/* The value of key s[0..n) in table, or 0. */
static int lookup(struct toml_p *p, int table, const char *s, size_t n)
{
	size_t i;

	if (p->nslots == 0)
		return 0;
	for (i = slot_hash(table, s, n) & (p->nslots - 1); p->slots[i].table;
	     i = (i + 1) & (p->nslots - 1))
		if (slot_is(p, &p->slots[i], table, s, n))
			return p->slots[i].value;
	return 0;
}

static void slot_put(struct toml_p *p, struct toml_slot sl)
{
	yaml_node_t *k = yaml_document_get_node(p->doc, sl.key);
	size_t i = slot_hash(sl.table, (const char *)k->data.scalar.value,
			     k->data.scalar.length) & (p->nslots - 1);

	while (p->slots[i].table)
		i = (i + 1) & (p->nslots - 1);
	p->slots[i] = sl;
}

/* Add key -> value to table: the mapping pair and the hash slot. */
static int add_pair(struct toml_p *p, int table, int key, int value)
{
	if (2 * (p->nused + 1) > p->nslots) {
		size_t old = p->nslots, n = old ? old * 2 : 64;
		struct toml_slot *os = p->slots;

		p->slots = calloc(n, sizeof *p->slots);
		if (p->slots == NULL) {
			p->slots = os;
			return toml_error(p, p->pos, "out of memory");
		}
		p->nslots = n;
		for (size_t i = 0; i < old; i++)
			if (os[i].table)
				slot_put(p, os[i]);
		free(os);
	}
	if (!yaml_document_append_mapping_pair(p->doc, table, key, value))
		return toml_error(p, p->pos, "out of memory");
	slot_put(p, (struct toml_slot){table, key, value});
	p->nused++;
	return 0;
}

static int new_mapping(struct toml_p *p, size_t at, yaml_mapping_style_t st,
		       unsigned char flags)
{
	int id = yaml_document_add_mapping(p->doc, NULL, st);

	if (id == 0) {
		toml_error(p, at, "out of memory");
		return 0;
	}
	toml_mark(p, id, at);
	return set_flags(p, id, flags) < 0 ? 0 : id;
}

/* A new table under the key in p->sb, in table parent. Returns its id. */
static int new_table(struct toml_p *p, int parent, size_t at,
		     unsigned char flags)
{
	int key = toml_add_str(p, p->sb, p->sb_len, at), t;

	if (key == 0 || (t = new_mapping(p, at, YAML_BLOCK_MAPPING_STYLE,
					 flags)) == 0)
		return 0;
	return add_pair(p, parent, key, t) < 0 ? 0 : t;
}

static void skip_blank(struct toml_p *p)
{
	while (p->pos < p->len && (p->buf[p->pos] == ' ' ||
				   p->buf[p->pos] == '\t'))
		p->pos++;
}

static int peek(const struct toml_p *p)
{
	return p->pos < p->len ? (unsigned char)p->buf[p->pos] : -1;
}

/* A comment at p->pos ('#'): up to the end of its line, no control
 * characters (a tab aside). */
static int comment(struct toml_p *p)
{
	for (; p->pos < p->len && p->buf[p->pos] != '\n'; p->pos++) {
		unsigned char c = (unsigned char)p->buf[p->pos];

		if (c == '\r' && p->pos + 1 < p->len && p->buf[p->pos + 1] == '\n')
			continue;
		if ((c < 0x20 && c != '\t') || c == 0x7f)
			return toml_error(p, p->pos, "control character U+%04X "
					  "in a comment", c);
	}
	return 0;
}

/* A newline at p->pos (LF or CRLF): 1 after moving past it, else 0. */
static int newline(struct toml_p *p)
{
	if (peek(p) == '\n') {
		p->pos++;
		return 1;
	}
	if (peek(p) == '\r' && p->pos + 1 < p->len && p->buf[p->pos + 1] == '\n') {
		p->pos += 2;
		return 1;
	}
	return 0;
}

/* Blanks, newlines and comments, as arrays allow between values. */
static int skip_space(struct toml_p *p)
{
	for (;;) {
		skip_blank(p);
		if (peek(p) == '#' && comment(p) < 0)
			return -1;
		if (!newline(p))
			return 0;
	}
}

static int bare_char(int c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	       (c >= '0' && c <= '9') || c == '_' || c == '-';
}

/* One part of a key (bare or quoted) into p->sb; *at is where it starts.
 * Blanks around it are skipped. */
static int key_part(struct toml_p *p, size_t *at)
{
	skip_blank(p);
	*at = p->pos;
	if (peek(p) == '"' || peek(p) == '\'') {
		if (toml_string(p, 0) < 0)
			return -1;
	} else {
		while (bare_char(peek(p)))
			p->pos++;
		if (p->pos == *at)
			return toml_error(p, *at, "a key is expected here");
		p->sb_len = 0;
		if (toml_sb_put(p, p->buf + *at, p->pos - *at) < 0)
			return -1;
	}
	skip_blank(p);
	return 0;
}

/* Step through the dotted key part in p->sb from table t: an existing
 * table made by dotted keys or as a header's parent, or a new one. */
static int dotted_step(struct toml_p *p, int t, size_t at)
{
	int v = lookup(p, t, p->sb, p->sb_len);
	unsigned f;

	if (v == 0)
		return new_table(p, t, at, TF_DOTTED);
	f = flags_of(p, v);
	if (type_of(p, v) != YAML_MAPPING_NODE || (f & (TF_DEFINED | TF_FROZEN)))
		return toml_error(p, at, "key '%.*s' is already defined: dotted "
				  "keys cannot add to it", shown(p),
				  p->sb), 0;
	return set_flags(p, v, (unsigned char)(f | TF_DOTTED)) < 0 ? 0 : v;
}

static int value(struct toml_p *p);

/* key = value at p->pos, into table t. */
static int keyval(struct toml_p *p, int t)
{
	size_t at;
	int key, v;

	for (;;) {
		if (key_part(p, &at) < 0)
			return -1;
		if (peek(p) != '.')
			break;
		p->pos++;
		if ((t = dotted_step(p, t, at)) == 0)
			return -1;
	}
	if (lookup(p, t, p->sb, p->sb_len) != 0)
		return toml_error(p, at, "key '%.*s' is defined twice",
				  shown(p), p->sb);
	if ((key = toml_add_str(p, p->sb, p->sb_len, at)) == 0)
		return -1;
	if (peek(p) != '=')
		return toml_error(p, p->pos, "'=' is expected after a key");
	p->pos++;
	skip_blank(p);
	if ((v = value(p)) == 0)
		return -1;
	return add_pair(p, t, key, v);
}

static int array(struct toml_p *p)
{
	size_t at = p->pos;
	int seq = yaml_document_add_sequence(p->doc, NULL,
					     YAML_FLOW_SEQUENCE_STYLE), v;

	if (seq == 0)
		return toml_error(p, at, "out of memory"), 0;
	toml_mark(p, seq, at);
	if (set_flags(p, seq, TF_FROZEN) < 0)
		return 0;
	p->pos++;
	for (;;) {
		if (skip_space(p) < 0)
			return 0;
		if (peek(p) == ']')
			break;
		if ((v = value(p)) == 0 || skip_space(p) < 0)
			return 0;
		if (!yaml_document_append_sequence_item(p->doc, seq, v))
			return toml_error(p, at, "out of memory"), 0;
		if (peek(p) == ',') {
			p->pos++;
			continue;
		}
		if (peek(p) != ']')
			return toml_error(p, p->pos, "',' or ']' is expected in "
					  "an array"), 0;
		break;
	}
	p->pos++;
	return seq;
}

static int inline_table(struct toml_p *p)
{
	size_t at = p->pos;
	int t = new_mapping(p, at, YAML_FLOW_MAPPING_STYLE, 0);

	if (t == 0)
		return 0;
	p->pos++;
	skip_blank(p);
	while (peek(p) != '}') {
		if (keyval(p, t) < 0)
			return 0;
		skip_blank(p);
		if (peek(p) == '}')
			break;
		if (peek(p) != ',')
			return toml_error(p, p->pos, "',' or '}' is expected in "
					  "an inline table (on one line)"), 0;
		p->pos++;
		skip_blank(p);
		if (peek(p) == '}')
			return toml_error(p, p->pos, "a trailing comma in an "
					  "inline table"), 0;
	}
	p->pos++;
	return set_flags(p, t, TF_FROZEN) < 0 ? 0 : t;
}

static int value(struct toml_p *p)
{
	int v;

	if (peek(p) != '[' && peek(p) != '{')
		return toml_scalar(p);
	if (++p->depth > TOML_MAX_DEPTH)
		return toml_error(p, p->pos, "arrays and inline tables nested "
				  "deeper than %d", TOML_MAX_DEPTH), 0;
	v = peek(p) == '[' ? array(p) : inline_table(p);
	p->depth--;
	return v;
}

/* One step of a header's path from table t: an existing table that is not
 * inline, the last table of an array of tables, or a new implicit one. */
static int header_step(struct toml_p *p, int t, size_t at)
{
	int v = lookup(p, t, p->sb, p->sb_len);
	yaml_node_t *n;

	if (v == 0)
		return new_table(p, t, at, TF_IMPLICIT);
	n = yaml_document_get_node(p->doc, v);
	if (n->type == YAML_MAPPING_NODE && !(flags_of(p, v) & TF_FROZEN))
		return v;
	if (n->type == YAML_SEQUENCE_NODE && (flags_of(p, v) & TF_AOT))
		return n->data.sequence.items.top[-1];
	return toml_error(p, at, "key '%.*s' is already defined as a value, "
			  "not a table", shown(p), p->sb), 0;
}

/* The last part of a [header]: a new table, or an implicit one made
 * explicit. */
static int header_table(struct toml_p *p, int t, size_t at)
{
	int v = lookup(p, t, p->sb, p->sb_len);

	if (v == 0)
		return new_table(p, t, at, TF_DEFINED);
	if (type_of(p, v) != YAML_MAPPING_NODE || flags_of(p, v) != TF_IMPLICIT)
		return toml_error(p, at, "table '%.*s' is already defined",
				  shown(p), p->sb), 0;
	return set_flags(p, v, TF_DEFINED) < 0 ? 0 : v;
}

/* The last part of a [[header]]: a new entry in its array of tables. */
static int header_aot(struct toml_p *p, int t, size_t at)
{
	int seq = lookup(p, t, p->sb, p->sb_len), key, e;

	if (seq == 0) {
		key = toml_add_str(p, p->sb, p->sb_len, at);
		seq = key ? yaml_document_add_sequence(p->doc, NULL,
				YAML_BLOCK_SEQUENCE_STYLE) : 0;
		if (seq == 0)
			return toml_error(p, at, "out of memory"), 0;
		toml_mark(p, seq, at);
		if (set_flags(p, seq, TF_AOT) < 0 || add_pair(p, t, key, seq) < 0)
			return 0;
	} else if (type_of(p, seq) != YAML_SEQUENCE_NODE ||
		   !(flags_of(p, seq) & TF_AOT)) {
		return toml_error(p, at, "key '%.*s' is already defined, not as "
				  "an array of tables", shown(p), p->sb), 0;
	}
	if ((e = new_mapping(p, at, YAML_BLOCK_MAPPING_STYLE, TF_DEFINED)) == 0)
		return 0;
	if (!yaml_document_append_sequence_item(p->doc, seq, e))
		return toml_error(p, at, "out of memory"), 0;
	return e;
}

/* A [header] or [[header]] at p->pos: the table that follows. */
static int header(struct toml_p *p, int root)
{
	size_t at;
	int aot = p->pos + 1 < p->len && p->buf[p->pos + 1] == '[', t = root;

	p->pos += aot ? 2 : 1;
	for (;;) {
		if (key_part(p, &at) < 0)
			return 0;
		if (peek(p) != '.')
			break;
		p->pos++;
		if ((t = header_step(p, t, at)) == 0)
			return 0;
	}
	if (peek(p) != ']' || (aot && (p->pos + 1 >= p->len ||
				       p->buf[p->pos + 1] != ']')))
		return toml_error(p, p->pos, "a %s header is not closed with "
				  "'%s' (one key per header, no value)",
				  aot ? "[[...]]" : "[...]", aot ? "]]" : "]"), 0;
	p->pos += aot ? 2 : 1;
	return aot ? header_aot(p, t, at) : header_table(p, t, at);
}

/* What may follow a key/value or a header on its line. */
static int end_of_line(struct toml_p *p)
{
	skip_blank(p);
	if (peek(p) == '#' && comment(p) < 0)
		return -1;
	if (p->pos < p->len && !newline(p))
		return toml_error(p, p->pos, "the line goes on after a value "
				  "or header (one per line)");
	return 0;
}

static int document(struct toml_p *p)
{
	int root = new_mapping(p, p->pos, YAML_BLOCK_MAPPING_STYLE, TF_DEFINED);
	int t = root;

	if (root == 0)
		return -1;
	while (p->pos < p->len) {
		skip_blank(p);
		if (peek(p) == '[') {
			if ((t = header(p, root)) == 0)
				return -1;
		} else if (peek(p) != '#' && peek(p) != '\n' && peek(p) != '\r' &&
			   peek(p) != -1 && keyval(p, t) < 0) {
			return -1;
		}
		if (end_of_line(p) < 0)
			return -1;
	}
	return 0;
}

int toml_load(yaml_document_t *doc, const char *buf, size_t len,
	      const char *file, unsigned long line_base, struct diag *d)
{
	struct toml_p p = {.buf = buf, .len = len, .file = file,
			   .line_base = line_base, .d = d, .doc = doc};
	size_t good = utf8_valid_len(buf, len);
	int rc = -1;

	/* p.sb is never NULL, so an empty key is an empty buffer */
	p.sb = malloc(p.sb_cap = 64);
	if (p.sb == NULL ||
	    !yaml_document_initialize(doc, NULL, NULL, NULL, 1, 1)) {
		free(p.sb);
		diag_at(d, DIAG_ERROR, file, 0, 0, "out of memory");
		return -1;
	}
	if (len > INT_MAX / 2) {	/* libyaml's lengths are ints */
		toml_error(&p, 0, "a TOML document over 1 GiB");
	} else if (good != len) {
		toml_error(&p, good, "not valid UTF-8 (byte 0x%02x)",
			   (unsigned char)buf[good]);
	} else {
		if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
			p.pos = 3;	/* a byte-order mark */
		rc = document(&p);
	}
	free(p.sb);
	free(p.flags);
	free(p.slots);
	if (rc < 0)
		yaml_document_delete(doc);
	return rc;
}

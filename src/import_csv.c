/* import_csv.c: the WordPress Redirection plugin's CSV export (columns
 * source, target, regex, code, type, hits, title, status, as its
 * fileio/csv.php writes them; ',', ';' or '|' between fields, as its
 * import accepts). Fields are RFC 4180: quoted with "" for a quote, line
 * breaks inside quotes allowed. A first row naming the columns is read as
 * their order; without one the order is the plugin's. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "import.h"

enum { COL_SOURCE, COL_TARGET, COL_REGEX, COL_CODE, COL_STATUS, COL__MAX };
static const char *const col_names[COL__MAX] = {
	"source", "target", "regex", "code", "status",
};

#define MAX_FIELDS 32

struct csv {
	const char *t;
	size_t n, i;
	unsigned long line;
	char sep;
	struct buf field[MAX_FIELDS];
	int nfields;
};

/* record: the next row into c->field; 0 at the end. */
static int record(struct csv *c)
{
	int quoted = 0;

	if (c->i >= c->n)
		return 0;
	c->nfields = 1;
	c->field[0].len = 0;
	for (; c->i < c->n; c->i++) {
		char ch = c->t[c->i];
		struct buf *f = &c->field[c->nfields - 1];

		if (quoted) {
			if (ch == '"' && c->i + 1 < c->n && c->t[c->i + 1] == '"')
				buf_addc(f, '"'), c->i++;
			else if (ch == '"')
				quoted = 0;
			else {
				c->line += ch == '\n';
				buf_addc(f, ch);
			}
		} else if (ch == '"' && f->len == 0)
			quoted = 1;
		else if (ch == c->sep && c->nfields < MAX_FIELDS)
			c->field[c->nfields++].len = 0;
		else if (ch == '\n') {
			c->i++;
			break;
		} else if (ch != '\r')
			buf_addc(f, ch);
	}
	for (int k = 0; k < c->nfields; k++)
		buf_cstr(&c->field[k]);
	return 1;
}

/* separator: the one of ",;|" that splits the first line most. */
static char separator(const char *t, size_t n)
{
	const char *nl = memchr(t, '\n', n);
	size_t len = nl ? (size_t)(nl - t) : n, best = 0;
	char sep = ',';

	for (const char *s = ",;|"; *s; s++) {
		size_t k = 0;

		for (size_t i = 0; i < len; i++)
			k += t[i] == *s;
		if (k > best)
			best = k, sep = *s;
	}
	return sep;
}

static const char *col(struct csv *c, const int *at, int which)
{
	return at[which] >= 0 && at[which] < c->nfields
		       ? c->field[at[which]].data ? c->field[at[which]].data : ""
		       : "";
}

static void row(struct import *im, struct csv *c, const int *at,
		const char *file, unsigned long line)
{
	const char *source = col(c, at, COL_SOURCE), *why;
	const char *code_s = col(c, at, COL_CODE);
	long code = 301;
	int regex = strcmp(col(c, at, COL_REGEX), "1") == 0;
	enum rule_action action;
	struct buf to = {0};

	if (*source == '\0')
		return;
	if (*code_s && import_number(code_s, &code) < 0) {
		import_skip(im, file, line, "'%s': code '%s' is not a number",
			    source, code_s);
		return;
	}
	if (strcasecmp(col(c, at, COL_STATUS), "disabled") == 0) {
		import_skip(im, file, line, "'%s' is disabled in Redirection",
			    source);
		return;
	}
	if (import_code(code, &action) < 0) {
		import_skip(im, file, line, "'%s': status %ld is not one "
			    "slugserve sends (301, 302, 307, 308, 410)",
			    source, code);
		return;
	}
	if (action != RULE_410 &&
	    import_target(im, col(c, at, COL_TARGET), regex, &to, &why) < 0) {
		import_skip(im, file, line, "'%s': target '%s' %s", source,
			    col(c, at, COL_TARGET), why);
		buf_free(&to);
		return;
	}
	if (regex)
		import_regex(im, source, 0, 0, 1, buf_cstr(&to), action, file,
			     line);
	else
		import_exact(im, source, buf_cstr(&to), action, file, line);
	buf_free(&to);
}

int import_redirection_csv(struct import *im, const char *file,
			   const char *text, size_t len)
{
	struct csv c = { text, len, 0, 1, separator(text, len), {{0}}, 0 };
	int at[COL__MAX] = { 0, 1, 2, 3, 7 }, first = 1;
	unsigned long line;

	while ((line = c.line, record(&c))) {
		c.line++;
		if (first && strcasecmp(c.field[0].data ? c.field[0].data : "",
					"source") == 0) {
			for (int k = 0; k < COL__MAX; k++) {
				at[k] = -1;
				for (int f = 0; f < c.nfields; f++)
					if (strcasecmp(c.field[f].data,
						       col_names[k]) == 0)
						at[k] = f;
			}
		} else
			row(im, &c, at, file, line);
		first = 0;
	}
	for (int k = 0; k < MAX_FIELDS; k++)
		buf_free(&c.field[k]);
	return 0;
}

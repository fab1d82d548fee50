/* layout.c: split a layout into literal segments and {{ field }}
 * placeholders (see layout.h). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "index_format.h"
#include "layout.h"
#include "readfile.h"
#include "utf8.h"

#define LAYOUT_MAX (1 << 20)

static const char default_layout[] =
	"<!DOCTYPE html>\n"
	"<html lang=\"{{ lang }}\">\n<head>\n<meta charset=\"utf-8\">\n"
	"<meta name=\"viewport\" content=\"width=device-width, "
	"initial-scale=1\">\n"
	"<title>{{ title }} - {{ site_title }}</title>\n"
	"<meta name=\"description\" content=\"{{ description }}\">\n"
	"{{ canonical_link }}{{ prev_link }}{{ next_link }}\n"
	"{{ alternates }}</head>\n<body>\n"
	"<header><a href=\"/\">{{ site_title }}</a></header>\n"
	"<main>\n<h1>{{ title }}</h1>\n"
	"<p class=\"meta\">{{ author }} {{ date }}</p>\n"
	"{{ body }}\n</main>\n</body>\n</html>\n";

/* Position of p in text as line and column, for messages. */
static void position(const char *text, const char *p, unsigned long *line,
		     unsigned long *col)
{
	const char *bol = text;

	*line = 1;
	for (const char *s = text; s < p; s++)
		if (*s == '\n') {
			(*line)++;
			bol = s + 1;
		}
	*col = (unsigned long)(p - bol) + 1;
}

static uint32_t field_id(struct layout *l, const char *name, size_t n)
{
	char **fields;

	for (size_t i = 0; i < l->nfields; i++)
		if (strlen(l->fields[i]) == n && memcmp(l->fields[i], name, n) == 0)
			return (uint32_t)i;
	if (l->nfields >= IDX_MAX_FIELDS)
		return LAYOUT_NO_FIELD;
	fields = realloc(l->fields, (l->nfields + 1) * sizeof *fields);
	if (fields == NULL)
		return LAYOUT_NO_FIELD;
	l->fields = fields;
	fields[l->nfields] = strndup(name, n);
	if (fields[l->nfields] == NULL)
		return LAYOUT_NO_FIELD;
	for (size_t i = 0; i < n; i++)
		fields[l->nfields][i] = (char)tolower(
			(unsigned char)fields[l->nfields][i]);
	return (uint32_t)l->nfields++;
}

static int add_seg(struct layout *l, const char *lit, size_t n, uint32_t field)
{
	struct layout_seg *segs = realloc(l->segs, (l->nsegs + 1) * sizeof *segs);

	if (segs == NULL)
		return -1;
	l->segs = segs;
	segs[l->nsegs++] = (struct layout_seg){lit, n, field};
	return 0;
}

/* Read one placeholder at p ("{{"), set *end past it. Returns the field
 * name's bounds, or -1 when it is not closed or not a name. */
static int placeholder(const char *p, const char **name, size_t *n,
		       const char **end)
{
	const char *s = p + 2, *close = strstr(s, "}}");

	if (close == NULL)
		return -1;
	while (s < close && *s == ' ')
		s++;
	*name = s;
	while (s < close && (isalnum((unsigned char)*s) || *s == '_' ||
			     *s == '.'))
		s++;
	*n = (size_t)(s - *name);
	while (s < close && *s == ' ')
		s++;
	*end = close + 2;
	return s == close && *n > 0 ? 0 : -1;
}

static int split(struct layout *l, const char *file, struct diag *d)
{
	const char *lit = l->text, *p = l->text;
	unsigned long line, col;

	while ((p = strstr(p, "{{")) != NULL) {
		const char *name, *end;
		size_t n;

		if (placeholder(p, &name, &n, &end) < 0) {
			position(l->text, p, &line, &col);
			diag_at(d, DIAG_ERROR, file, line, col,
				"layout: '{{' must open a placeholder such as "
				"{{ title }} closed by '}}'");
			return -1;
		}
		if (*name == '.')	/* Hugo habit: {{ .Title }} */
			name++, n--;
		if (add_seg(l, lit, (size_t)(p - lit), field_id(l, name, n)) < 0)
			return -1;
		if (l->segs[l->nsegs - 1].field == LAYOUT_NO_FIELD) {
			position(l->text, p, &line, &col);
			diag_at(d, DIAG_ERROR, file, line, col, "layout: more "
				"than %d different fields, or out of memory",
				IDX_MAX_FIELDS);
			return -1;
		}
		lit = p = end;
	}
	return add_seg(l, lit, strlen(lit), LAYOUT_NO_FIELD);
}

int layout_load(struct layout *l, const char *path, struct diag *d)
{
	size_t len;

	memset(l, 0, sizeof *l);
	if (path == NULL) {
		l->text = strdup(default_layout);
		len = strlen(default_layout);
	} else if (read_file(path, LAYOUT_MAX, &l->text, &len, d) < 0) {
		return -1;
	}
	if (l->text == NULL)
		return -1;
	if (strlen(l->text) != len || utf8_valid_len(l->text, len) != len) {
		diag_at(d, DIAG_ERROR, path ? path : "(built-in layout)", 0, 0,
			"layout: not UTF-8 text (NUL or invalid bytes)");
		return -1;
	}
	if (split(l, path ? path : "(built-in layout)", d) < 0) {
		if (d->errors == 0)
			diag_at(d, DIAG_ERROR, "layout", 0, 0, "out of memory");
		return -1;
	}
	return 0;
}

void layout_free(struct layout *l)
{
	for (size_t i = 0; i < l->nfields; i++)
		free(l->fields[i]);
	free(l->fields);
	free(l->segs);
	free(l->text);
	memset(l, 0, sizeof *l);
}

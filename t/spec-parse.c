/* t/spec-parse.c: reads t/routing.spec into cases (spec.h), and expands
 * the escapes and saved $names of its strings. The format is described at
 * the top of t/routing.spec. */
#include "spec.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const directives[] = {
	"index", "var", "raw", "<", "->", "is", "isnt", "has", "not", "body",
	"length", "save", "within", NULL,
};

static int is_directive(const char *word, size_t n)
{
	const char *const *d;

	for (d = directives; *d; d++)
		if (strlen(*d) == n && memcmp(*d, word, n) == 0)
			return 1;
	return 0;
}

static int add(char **list, size_t *n, char *s, const char *path, int line)
{
	if (*n == SPEC_MAX_LINES) {
		fprintf(stderr, "%s:%d: more than %d lines of one kind\n", path,
			line, SPEC_MAX_LINES);
		return -1;
	}
	list[(*n)++] = s;
	return 0;
}

/* request_line: "METHOD TARGET" */
static int request_line(struct spec_case *c, char *s, const char *path, int line)
{
	char *sp = strchr(s, ' ');

	if (c->method || c->nvars || sp == NULL || sp[1] == '\0') {
		fprintf(stderr, "%s:%d: not a directive, and not one request "
			"\"METHOD TARGET\": %s\n", path, line, s);
		return -1;
	}
	*sp = '\0';
	c->method = s;
	c->target = sp + 1;
	return 0;
}

static int case_line(struct spec_case *c, char *s, const char *path, int line)
{
	size_t w = strcspn(s, " ");
	char *arg = s[w] ? s + w + 1 : s + w;

	if (!is_directive(s, w))
		return request_line(c, s, path, line);
	if (w == 5 && memcmp(s, "index", 5) == 0)
		c->index = arg;
	else if (w == 3 && memcmp(s, "raw", 3) == 0)
		c->raw = 1;
	else if (w == 3 && memcmp(s, "var", 3) == 0) {
		c->raw = 1;
		if (c->method) {
			fprintf(stderr, "%s:%d: var after a request line\n", path, line);
			return -1;
		}
		return add(c->vars, &c->nvars, arg, path, line);
	} else if (w == 1 && s[0] == '<')
		return add(c->headers, &c->nheaders, arg, path, line);
	else
		return add(c->checks, &c->nchecks, s, path, line);
	return 0;
}

static int new_case(struct spec *s, size_t *cap, char *name, int line)
{
	struct spec_case *c;

	if (s->ncases == *cap) {
		*cap = *cap ? *cap * 2 : 64;
		c = realloc(s->cases, *cap * sizeof(*c));
		if (c == NULL)
			return -1;
		s->cases = c;
	}
	c = &s->cases[s->ncases++];
	memset(c, 0, sizeof(*c));
	c->name = name;
	c->line = line;
	c->index = "";
	return 0;
}

static int finish(const struct spec_case *c, const char *path)
{
	if (c->method == NULL && c->nvars == 0) {
		fprintf(stderr, "%s:%d: case \"%s\" sends no request\n", path,
			c->line, c->name);
		return -1;
	}
	if (c->nchecks == 0) {
		fprintf(stderr, "%s:%d: case \"%s\" checks nothing\n", path,
			c->line, c->name);
		return -1;
	}
	return 0;
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t len = 0, cap = 0, n;

	if (f == NULL)
		return NULL;
	do {
		if (cap - len < 4096) {
			char *nb = realloc(buf, cap = cap * 2 + 8192);

			if (nb == NULL) {
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = nb;
		}
		n = fread(buf + len, 1, cap - len - 1, f);
		len += n;
	} while (n > 0);
	fclose(f);
	buf[len] = '\0';
	return buf;
}

int spec_load(const char *path, struct spec *s)
{
	size_t cap = 0;
	char *p, *nl;
	int line = 0;

	memset(s, 0, sizeof(*s));
	if ((s->text = slurp(path)) == NULL) {
		perror(path);
		return -1;
	}
	for (p = s->text; *p; p = nl) {
		line++;
		nl = p + strcspn(p, "\n");
		if (*nl)
			*nl++ = '\0';
		if (*p == '#' || *p == '\0')
			continue;
		if (strncmp(p, "== ", 3) == 0) {
			if (s->ncases && finish(&s->cases[s->ncases - 1], path))
				return -1;
			if (new_case(s, &cap, p + 3, line))
				return -1;
		} else if (s->ncases == 0) {
			fprintf(stderr, "%s:%d: a line before the first case\n", path, line);
			return -1;
		} else if (case_line(&s->cases[s->ncases - 1], p, path, line))
			return -1;
	}
	return s->ncases ? finish(&s->cases[s->ncases - 1], path) : 0;
}

void spec_free(struct spec *s)
{
	free(s->cases);
	free(s->text);
}

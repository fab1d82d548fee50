/* import_nginx.c: redirects in an nginx config, in their common shapes:
 *   location = /old { return 301 /new; }	exact
 *   location /old { return 301 /new; }	a prefix (nginx's: any path that
 *					starts with it)
 *   location ~ regex { return 301 /new$1; }	(~* without case)
 *   rewrite regex replacement permanent;	(or redirect; anywhere)
 *   return 410; in a location		gone
 * "$scheme://$host" (or $server_name, $http_host) before a target is the
 * site itself. A return outside any location, a rewrite ending in last or
 * break (internal), anything inside if { }, and a target with other
 * variables are reported with their line, not imported. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "import.h"
#include "import_words.h"

#define DEPTH_MAX 32

struct block {
	int kind;		/* 0: other, 1: location, 2: if */
	char mod[4];		/* "", "=", "~", "~*", "^~" */
	char uri[1024];
};

struct nginx {
	struct import *im;
	const char *file;
	struct block stack[DEPTH_MAX];
	int depth;
	unsigned long over;	/* blocks open beyond DEPTH_MAX */
};

/* location: the innermost location block, or NULL; *in_if set when an if
 * block is inside it (or anywhere). */
static const struct block *location(const struct nginx *x, int *in_if)
{
	*in_if = 0;
	for (int i = x->depth - 1; i >= 0; i--) {
		if (x->stack[i].kind == 2)
			*in_if = 1;
		if (x->stack[i].kind == 1)
			return &x->stack[i];
	}
	return NULL;
}

/* site_target: the target with a leading "$scheme://$host" dropped. */
static const char *site_target(const char *t)
{
	static const char *const hosts[] = {"$host", "$server_name",
					    "$http_host"};
	const char *p = t;

	if (strncmp(p, "$scheme://", 10) == 0)
		p += 10;
	else if (strncasecmp(p, "https://", 8) == 0)
		p += 8;
	else if (strncasecmp(p, "http://", 7) == 0)
		p += 7;
	else
		return t;
	for (size_t i = 0; i < sizeof hosts / sizeof *hosts; i++)
		if (strncmp(p, hosts[i], strlen(hosts[i])) == 0 &&
		    (p[strlen(hosts[i])] == '/' || p[strlen(hosts[i])] == '\0'))
			return p[strlen(hosts[i])] ? p + strlen(hosts[i]) : "/";
	return t;
}

static int target(struct nginx *x, unsigned long line, const char *src,
		  const char *url, int regex, struct buf *to)
{
	const char *why, *t = site_target(url);

	for (const char *p = strchr(t, '$'); p; p = strchr(p + 1, '$'))
		if ((p[1] >= 'a' && p[1] <= 'z') || (p[1] >= 'A' && p[1] <= 'Z')
		    || p[1] == '_' || p[1] == '{') {
			import_skip(x->im, x->file, line, "'%s': target '%s' "
				    "uses nginx's variables", src, url);
			return -1;
		}
	if (import_target(x->im, t, regex, to, &why) == 0)
		return 0;
	import_skip(x->im, x->file, line, "'%s': target '%s' %s", src, url,
		    why);
	return -1;
}

static void ret(struct nginx *x, const struct words *w, unsigned long line)
{
	int in_if;
	const struct block *loc = location(x, &in_if);
	long code = 0;
	const char *url = w->n > 2 ? w->w[2] : NULL;
	enum rule_action act;
	struct buf to = {0}, m = {0};

	if (import_number(w->w[1], &code) < 0)	/* "return URL;": a 302 */
		code = 302, url = w->w[1];
	if (loc == NULL || in_if) {
		import_skip(x->im, x->file, line, "return %s", in_if ? "inside "
			    "an if block" : "outside a location: it would "
			    "answer every request");
		return;
	}
	if (import_code(code, &act) < 0) {
		import_skip(x->im, x->file, line, "return %ld in location '%s' "
			    "is not a status slugserve sends", code, loc->uri);
		return;
	}
	if (act != RULE_410 && url == NULL) {
		import_skip(x->im, x->file, line, "return %ld in location '%s' "
			    "has no URL", code, loc->uri);
		goto out;
	}
	if (act != RULE_410 &&
	    target(x, line, loc->uri, url, loc->mod[0] == '~', &to) < 0)
		goto out;
	if (strcmp(loc->mod, "=") == 0)
		import_exact(x->im, loc->uri, buf_cstr(&to), act, x->file, line);
	else if (loc->mod[0] == '~')
		import_regex(x->im, loc->uri, loc->mod[1] == '*', 0, 1,
			     buf_cstr(&to), act, x->file, line);
	else {	/* a prefix, as nginx compares it: the bytes it starts with */
		buf_addc(&m, '^');
		for (const char *p = loc->uri; *p; p++) {
			if (strchr("\\^$.|?*+()[]{}", *p))
				buf_addc(&m, '\\');
			buf_addc(&m, *p);
		}
		import_regex(x->im, buf_cstr(&m), 0, 0, 0, buf_cstr(&to), act,
			     x->file, line);
	}
out:
	buf_free(&to);
	buf_free(&m);
}

static void rewrite(struct nginx *x, const struct words *w,
		    unsigned long line)
{
	int in_if, n = w->n;
	const char *flag = n > 3 ? w->w[3] : "";
	long code;
	enum rule_action act;
	struct buf to = {0};

	location(x, &in_if);
	if (n < 3) {
		import_skip(x->im, x->file, line, "rewrite needs a regex and "
			    "a replacement");
		return;
	}
	if (strcmp(flag, "permanent") == 0)
		code = 301;
	else if (strcmp(flag, "redirect") == 0 ||
		 strncmp(w->w[2], "http://", 7) == 0 ||
		 strncmp(w->w[2], "https://", 8) == 0 ||
		 strncmp(w->w[2], "$scheme", 7) == 0)
		code = 302;
	else {
		import_skip(x->im, x->file, line, "rewrite '%s' %s is not a "
			    "redirect", w->w[1], *flag ? flag : "(no flag)");
		return;
	}
	if (in_if) {
		import_skip(x->im, x->file, line, "rewrite '%s' inside an if "
			    "block", w->w[1]);
		return;
	}
	import_code(code, &act);
	if (target(x, line, w->w[1], w->w[2], 1, &to) == 0)
		import_regex(x->im, w->w[1], 0, 0, 1, buf_cstr(&to), act, x->file,
			     line);
	buf_free(&to);
}

/* open_block: "NAME ARGS {": push what it is. */
static void open_block(struct nginx *x, const struct words *w)
{
	struct block *b;
	const char *uri;

	if (x->depth == DEPTH_MAX) {
		x->over++;	/* deeper than we follow: counted, so that
				   its '}' closes nothing of ours */
		return;
	}
	b = &x->stack[x->depth++];
	memset(b, 0, sizeof *b);
	if (w->n == 0)
		return;
	if (strcmp(w->w[0], "if") == 0)
		b->kind = 2;
	if (strcmp(w->w[0], "location") != 0 || w->n < 2)
		return;
	if (w->n >= 3 && strlen(w->w[1]) < sizeof b->mod)
		strcpy(b->mod, w->w[1]);
	uri = w->n >= 3 ? w->w[2] : w->w[1];
	if (uri[0] == '@' || strlen(uri) >= sizeof b->uri) {
		import_skip(x->im, x->file, w->line[0], "location '%.60s%s' %s",
			    uri, strlen(uri) > 60 ? "..." : "", uri[0] == '@'
			    ? "is named: no request reaches it by its path"
			    : "is too long");
		return;	/* an ordinary block: what is inside is not read */
	}
	b->kind = 1;
	snprintf(b->uri, sizeof b->uri, "%s", uri);
}

int import_nginx(struct import *im, const char *file, const char *text,
		 size_t len)
{
	struct nginx *x = calloc(1, sizeof *x);
	struct words *w = malloc(sizeof *w);
	unsigned long line = 1;
	size_t i = 0, used;

	if (x == NULL || w == NULL) {
		free(x);
		free(w);
		return -1;
	}
	x->im = im;
	x->file = file;
	while (i < len && words_split(w, text + i, len - i, ";{}", &used,
				      &line) >= 0) {
		i += used;
		if (w->n == 0 && used == 0)
			break;
		if (w->stop == '}') {
			if (x->over > 0)
				x->over--;
			else if (x->depth > 0)
				x->depth--;
			if (w->n > 0)	/* words before a '}' with no ';' */
				import_skip(im, file, w->line[0], "'%s' is not "
					    "ended by ';'", w->w[0]);
		} else if (w->truncated && w->n > 0) {
			import_skip(im, file, w->line[0], "a statement too long "
				    "to read whole (over %d words or %zu bytes)",
				    WORDS_MAX, sizeof w->text);
			if (w->stop == '{')
				w->n = 0, open_block(x, w);	/* a block all the
								   same */
		} else if (w->stop == '{')
			open_block(x, w);
		else if (w->n >= 2 && strcmp(w->w[0], "return") == 0)
			ret(x, w, w->line[0]);
		else if (w->n >= 2 && strcmp(w->w[0], "rewrite") == 0)
			rewrite(x, w, w->line[0]);
	}
	free(x);
	free(w);
	return 0;
}

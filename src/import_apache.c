/* import_apache.c: redirects in an Apache config or .htaccess:
 *   Redirect [status] URL-path [URL]	(a prefix: everything under it)
 *   RedirectPermanent / RedirectTemp URL-path URL
 *   RedirectMatch [status] regex URL
 *   RewriteRule pattern substitution [flags]
 * Understood RewriteRule flags: R or R=code (redirect=code), G (gone: 410),
 * L (last), NC (nocase), NE (noescape), QSA (qsappend: a redirect keeps
 * the query anyway). Any other flag, a rule without R or G (an internal
 * rewrite), a rule after RewriteCond conditions, a negated pattern, and a
 * substitution with %{...} variables are reported with their line, not
 * imported. RewriteBase is applied to relative substitutions. Lines ending
 * in '\' continue on the next. Other directives are not redirects and are
 * passed over in silence. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "import.h"
#include "import_words.h"

struct apache {
	struct import *im;
	const char *file;
	unsigned long line;
	unsigned long cond_line;	/* a RewriteCond waits for its rule */
	char base[512];			/* RewriteBase */
};

/* status: Redirect's optional status word; *used: whether it was one. */
static int status(const char *s, long *code, int *used)
{
	static const struct { const char *w; long code; } words[] = {
		{"permanent", 301}, {"temp", 302}, {"seeother", 303},
		{"gone", 410},
	};
	*used = 1;
	for (size_t i = 0; i < sizeof words / sizeof *words; i++)
		if (strcasecmp(s, words[i].w) == 0) {
			*code = words[i].code;
			return 0;
		}
	if (import_number(s, code) == 0)
		return 0;
	*used = 0;
	*code = 302;	/* Apache's default */
	return 0;
}

/* target: URL as a site path (captures kept when regex); -1 reported. */
static int target(struct apache *a, const char *src, const char *url,
		  int regex, struct buf *to)
{
	const char *why;

	if (import_target(a->im, url, regex, to, &why) == 0)
		return 0;
	import_skip(a->im, a->file, a->line, "'%s': target '%s' %s", src, url,
		    why);
	return -1;
}

static void redirect(struct apache *a, struct words *w, long dflt, int match)
{
	int at = 1, used = 0;
	long code = dflt;
	enum rule_action act;
	struct buf to = {0};

	if (dflt == 0 && w->n > 1) {
		status(w->w[1], &code, &used);
		at += used;
	} else if (dflt == 0)
		code = 302;
	if (w->n <= at) {
		import_skip(a->im, a->file, a->line, "%s without a path",
			    w->w[0]);
		return;
	}
	if (import_code(code, &act) < 0) {
		import_skip(a->im, a->file, a->line, "'%s': status %ld is not "
			    "one slugserve sends", w->w[at], code);
		return;
	}
	if (act != RULE_410 && (w->n <= at + 1 ||
	    target(a, w->w[at], w->w[at + 1], match, &to) < 0)) {
		if (w->n <= at + 1)
			import_skip(a->im, a->file, a->line, "'%s': no target",
				    w->w[at]);
		buf_free(&to);
		return;
	}
	if (match)
		import_regex(a->im, w->w[at], 0, 0, 1, buf_cstr(&to), act,
			     a->file, a->line);
	else
		import_prefix(a->im, w->w[at], buf_cstr(&to), act, a->file,
			      a->line);
	buf_free(&to);
}

/* flags: RewriteRule's [flags]; -1 after reporting one not understood. */
static int flags(struct apache *a, const char *f, long *code, int *nocase)
{
	char list[256], *save = NULL;

	*code = 0;
	*nocase = 0;
	if (f == NULL)
		return 0;
	if (f[0] != '[' || f[strlen(f) - 1] != ']' ||
	    strlen(f) - 2 >= sizeof list) {
		import_skip(a->im, a->file, a->line, "flags '%s' are not "
			    "[FLAG,...]", f);
		return -1;
	}
	memcpy(list, f + 1, strlen(f) - 2);
	list[strlen(f) - 2] = '\0';
	for (char *t = strtok_r(list, ",", &save); t;
	     t = strtok_r(NULL, ",", &save)) {
		if (strcasecmp(t, "R") == 0 || strcasecmp(t, "redirect") == 0)
			*code = 302;
		else if (strncasecmp(t, "R=", 2) == 0 ||
			 strncasecmp(t, "redirect=", 9) == 0) {
			int used;

			status(strchr(t, '=') + 1, code, &used);
			if (!used) {	/* permanent, temp, seeother or NNN */
				import_skip(a->im, a->file, a->line,
					    "RewriteRule flag '%s': not a "
					    "status", t);
				return -1;
			}
		}
		else if (strcasecmp(t, "G") == 0 || strcasecmp(t, "gone") == 0)
			*code = 410;
		else if (strcasecmp(t, "NC") == 0 ||
			 strcasecmp(t, "nocase") == 0)
			*nocase = 1;
		else if (strcasecmp(t, "L") && strcasecmp(t, "last") &&
			 strcasecmp(t, "NE") && strcasecmp(t, "noescape") &&
			 strcasecmp(t, "QSA") && strcasecmp(t, "qsappend")) {
			import_skip(a->im, a->file, a->line, "RewriteRule flag "
				    "'%s' is not understood", t);
			return -1;
		}
	}
	return 0;
}

/* absolute_pattern: a RewriteRule pattern written for the server config,
 * which sees the path with its first '/' ("^/x", "^(/x)"); in .htaccess
 * it is matched without it ("^x"). */
static int absolute_pattern(const char *p)
{
	return p[0] == '/' || (p[0] == '^' && (p[1] == '/' ||
					       (p[1] == '(' && p[2] == '/')));
}

static void rewrite_rule(struct apache *a, struct words *w)
{
	long code;
	int nocase;
	enum rule_action act;
	struct buf sub = {0}, to = {0};

	if (a->cond_line) {
		import_skip(a->im, a->file, a->line, "RewriteRule depends on "
			    "the RewriteCond of line %lu", a->cond_line);
		a->cond_line = 0;
		return;
	}
	if (w->n < 3 || flags(a, w->n > 3 ? w->w[3] : NULL, &code, &nocase) < 0) {
		if (w->n < 3)
			import_skip(a->im, a->file, a->line, "RewriteRule "
				    "needs a pattern and a substitution");
		return;
	}
	if (code == 0 || w->w[1][0] == '!' ||
	    (strcmp(w->w[2], "-") == 0 && code != 410)) {
		import_skip(a->im, a->file, a->line, "RewriteRule '%s' %s",
			    w->w[1], w->w[1][0] == '!' ? "is negated"
			    : "is not a redirect (no R or G flag)");
		return;
	}
	if (import_code(code, &act) < 0) {
		import_skip(a->im, a->file, a->line, "RewriteRule '%s': status "
			    "%ld is not one slugserve sends", w->w[1], code);
		return;
	}
	if (strstr(w->w[2], "%{") != NULL) {
		import_skip(a->im, a->file, a->line, "RewriteRule '%s': target "
			    "'%s' uses the server's variables (%%{...})",
			    w->w[1], w->w[2]);
		return;
	}
	if (w->w[2][0] != '/' && strncasecmp(w->w[2], "http", 4) != 0)
		buf_adds(&sub, a->base);	/* relative to RewriteBase */
	buf_adds(&sub, w->w[2]);
	if (act == RULE_410 ||
	    target(a, w->w[1], buf_cstr(&sub), 1, &to) == 0)
		import_regex(a->im, w->w[1], nocase,
			     !absolute_pattern(w->w[1]), 1, buf_cstr(&to), act,
			     a->file, a->line);
	buf_free(&sub);
	buf_free(&to);
}

static void directive(struct apache *a, struct words *w)
{
	const char *d = w->w[0];

	if (strcasecmp(d, "Redirect") == 0)
		redirect(a, w, 0, 0);
	else if (strcasecmp(d, "RedirectPermanent") == 0)
		redirect(a, w, 301, 0);
	else if (strcasecmp(d, "RedirectTemp") == 0)
		redirect(a, w, 302, 0);
	else if (strcasecmp(d, "RedirectMatch") == 0)
		redirect(a, w, 0, 1);
	else if (strcasecmp(d, "RewriteCond") == 0)
		a->cond_line = a->cond_line ? a->cond_line : a->line;
	else if (strcasecmp(d, "RewriteRule") == 0)
		rewrite_rule(a, w);
	else if (strcasecmp(d, "RewriteBase") == 0 && w->n > 1) {
		size_t n = strlen(w->w[1]);

		if (n + 2 < sizeof a->base)
			snprintf(a->base, sizeof a->base, "%s%s", w->w[1],
				 n && w->w[1][n - 1] == '/' ? "" : "/");
	}
}

int import_apache(struct import *im, const char *file, const char *text,
		  size_t len)
{
	struct apache a = { im, file, 1, 0, "/" };
	struct words *w = malloc(sizeof *w);
	struct buf line = {0};
	unsigned long at = 1;

	if (w == NULL)
		return -1;
	for (size_t i = 0; i < len;) {
		const char *nl = memchr(text + i, '\n', len - i);
		size_t n = nl ? (size_t)(nl - (text + i)) : len - i, used;
		unsigned long ignored = 0;

		if (line.len == 0)
			a.line = at;
		buf_add(&line, text + i, n);
		i += n + (nl != NULL);
		at++;
		while (line.len && (line.data[line.len - 1] == '\r' ||
				    line.data[line.len - 1] == ' '))
			line.len--;
		if (line.len && line.data[line.len - 1] == '\\') {
			line.data[--line.len] = ' ';	/* continued */
			line.len++;
			continue;
		}
		if (words_split(w, line.data ? line.data : "", line.len, "",
				&used, &ignored) > 0 && w->truncated)
			import_skip(im, file, a.line, "a directive too long to "
				    "read whole (over %d words or %zu bytes)",
				    WORDS_MAX, sizeof w->text);
		else if (w->n > 0)
			directive(&a, w);
		line.len = 0;
	}
	buf_free(&line);
	free(w);
	return 0;
}

/* import.c: what every import reader shares (see import.h): targets made
 * site paths, sources made rules that match what slugserve's rules see
 * (the normalised path with its trailing '/', docs/rules.md), the check
 * that no address is sent to two places, and the YAML that is written. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "import.h"
#include "pathnorm.h"
#include "rules.h"

int import_number(const char *s, long *out)
{
	size_t n = strspn(s, "0123456789");

	if (n == 0 || n > 18 || s[n] != '\0')
		return -1;
	*out = strtol(s, NULL, 10);
	return 0;
}

int import_code(long code, enum rule_action *out)
{
	switch (code) {
	case 301: *out = RULE_301; return 0;
	case 302: *out = RULE_302; return 0;
	case 307: *out = RULE_307; return 0;
	case 308: *out = RULE_308; return 0;
	case 410: *out = RULE_410; return 0;
	default: return -1;
	}
}

/* site_path: the path of url when it is on the site's host (or a path);
 * NULL with *why otherwise. */
static const char *site_path(const struct import *im, const char *url,
			     const char **why)
{
	const char *p = url, *host, *end;

	if (strncasecmp(p, "http://", 7) == 0)
		host = p + 7;
	else if (strncasecmp(p, "https://", 8) == 0)
		host = p + 8;
	else if (p[0] == '/' && p[1] == '/')
		host = p + 2;
	else if (p[0] == '/')
		return p;
	else {
		*why = "not a path or an http(s) URL";
		return NULL;
	}
	end = host + strcspn(host, "/?#");
	if (im->host[0] == '\0') {
		*why = "a full URL: give the site config (-c) so that the "
		       "site's own host is known";
		return NULL;
	}
	if ((size_t)(end - host) != strlen(im->host) ||
	    strncasecmp(host, im->host, (size_t)(end - host)) != 0) {
		*why = "on another host (slugserve redirects only to its own "
		       "pages)";
		return NULL;
	}
	return *end == '/' ? end : "/";
}

/* has_control: s[0..n) holds a byte below 0x20 or 0x7f, which no
 * address has and which would break the YAML written. */
static int has_control(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return 1;
	return 0;
}

int import_target(const struct import *im, const char *url, int captures,
		  struct buf *out, const char **why)
{
	const char *p = site_path(im, url, why);
	size_t n;

	out->len = 0;
	if (p == NULL)
		return -1;
	n = strcspn(p, "#");
	if (has_control(p, n)) {
		*why = "holds a control byte";
		return -1;
	}
	if (memchr(p, '?', n) != NULL) {
		*why = "has a query string (a redirect keeps the request's own)";
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		char c = p[i], next = i + 1 < n ? p[i + 1] : '\0';

		if (c == '%' && next == '{') {
			*why = "uses the server's variables (%{...})";
			return -1;
		}
		if (c == '$' && captures && next >= '0' && next <= '9') {
			buf_addc(out, c);
			continue;
		}
		if (c == '$' && captures && (next == '{' ||
		    (next >= 'a' && next <= 'z') || (next >= 'A' && next <= 'Z') ||
		    next == '_')) {
			*why = "uses the server's variables ($name)";
			return -1;
		}
		if (c == '$')
			buf_addc(out, '$');	/* a literal '$' is "$$" */
		buf_addc(out, c);
	}
	buf_cstr(out);
	return out->failed ? (*why = "out of memory", -1) : 0;
}

/* quote: s[0..n) as a PCRE2 literal. */
static void quote(struct buf *b, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (strchr("\\^$.|?*+()[]{}", s[i]) != NULL && s[i] != '\0')
			buf_addc(b, '\\');
		buf_addc(b, s[i]);
	}
}

void import_skip(struct import *im, const char *file, unsigned long line,
		 const char *fmt, ...)
{
	va_list ap;

	im->skipped++;
	va_start(ap, fmt);
	diag_vat(im->d, DIAG_WARNING, file, line, 0, "not imported: ", fmt, ap);
	va_end(ap);
}

/* seen_before: an address old already has: the same redirect again is
 * dropped, another is an error naming both lines. */
static void seen_before(struct import *im, const struct import_rule *old,
			const char *alias, const char *match, const char *to,
			enum rule_action action, const char *file,
			unsigned long line)
{
	if (strcmp(old->to, to) == 0 && old->action == action)
		diag_at(im->d, DIAG_WARNING, file, line, 0, "the same redirect "
			"as %s:%lu: imported once", old->file, old->line);
	else
		diag_at(im->d, DIAG_ERROR, file, line, 0, "'%s' is also sent "
			"to '%s' by %s:%lu", alias ? alias : match,
			old->to[0] ? old->to : "410", old->file, old->line);
}

static void free_rule(struct import_rule *r)
{
	free(r->alias);
	free(r->match);
	free(r->to);
	free(r->note);
}

/* add: one rule, unless one with the same match already sends that
 * address elsewhere (an error) or to the same place (dropped). The rule
 * is made whole before the table learns its match, so that running out
 * of memory leaves nothing half-added. */
static void add(struct import *im, const char *alias, struct buf *match,
		const char *to, enum rule_action action, int query,
		const char *file, unsigned long line, const char *note)
{
	struct import_rule *r;
	struct hit *e;
	int is_new;

	buf_cstr(match);	/* its NUL, for the strdup below */
	if (im->nrules == im->cap) {
		size_t cap = im->cap ? im->cap * 2 : 64;
		struct import_rule *rules = realloc(im->rules, cap * sizeof *r);

		if (rules == NULL)
			goto nomem;
		im->rules = rules;
		im->cap = cap;
	}
	r = &im->rules[im->nrules];
	*r = (struct import_rule){ alias ? strdup(alias) : NULL,
				   strdup(match->data), strdup(to), action,
				   query, file, line,
				   note ? strdup(note) : NULL };
	if (r->match == NULL || r->to == NULL || (alias && !r->alias) ||
	    (note && !r->note)) {
		free_rule(r);
		goto nomem;
	}
	buf_addc(match, query ? '?' : '/');	/* the key: match + flag */
	e = hitmap_add(&im->seen, match->data, match->len, 1, &is_new);
	match->len--;
	buf_cstr(match);
	if (e == NULL || !is_new) {
		free_rule(r);
		if (e == NULL)
			goto nomem;
		seen_before(im, &im->rules[e->value], alias, match->data, to,
			    action, file, line);
		return;
	}
	e->value = (uint32_t)im->nrules++;
	return;
nomem:
	diag_at(im->d, DIAG_ERROR, file, line, 0, "out of memory");
}

static void check_and_add_alias(struct import *im, const char *alias,
				struct buf *match, const char *to,
				enum rule_action action, int query,
				const char *file, unsigned long line,
				const char *note)
{
	char why[320];

	if (match->failed) {
		diag_at(im->d, DIAG_ERROR, file, line, 0, "out of memory");
		return;
	}
	if (alias == NULL &&	/* an alias's target is a path, not a rule's */
	    rule_check(buf_cstr(match), to, why, sizeof why) < 0) {
		import_skip(im, file, line, "'%s' -> '%s': %s", match->data,
			    to, why);
		return;
	}
	add(im, alias, match, to, action, query, file, line, note);
}

static void check_and_add(struct import *im, struct buf *match,
			  const char *to, enum rule_action action, int query,
			  const char *file, unsigned long line, const char *note)
{
	check_and_add_alias(im, NULL, match, to, action, query, file, line,
			    note);
}


/* source_key: the normal form of source's path (a path or a URL on the
 * site), in key; its raw query in *query. -1 after import_skip. */
static int source_key(struct import *im, const char *source, char *key,
		      size_t *klen, const char **query, const char *file,
		      unsigned long line)
{
	const char *why = NULL, *p = site_path(im, source, &why);
	size_t n;
	enum pathnorm_status st;

	if (p == NULL) {
		import_skip(im, file, line, "source '%s': %s", source, why);
		return -1;
	}
	n = strcspn(p, "?#");
	*query = p[n] == '?' ? p + n + 1 : NULL;
	if (has_control(p, strcspn(p, "#"))) {
		import_skip(im, file, line, "source '%s': holds a control byte",
			    source);
		return -1;
	}
	if (n > PATHNORM_MAX ||
	    (st = path_normalize(p, n, key, klen)) != PATHNORM_OK) {
		import_skip(im, file, line, "source '%s': %s", source,
			    n > PATHNORM_MAX ? "too long"
					     : pathnorm_strerror(st));
		return -1;
	}
	return 0;
}

void import_exact(struct import *im, const char *source, const char *target,
		  enum rule_action action, const char *file,
		  unsigned long line)
{
	char key[PATHNORM_MAX + 1], subject[PATHNORM_MAX + 2];
	struct buf m = {0};
	const char *query;
	size_t klen, slen;

	im->entries++;
	if (source_key(im, source, key, &klen, &query, file, line) < 0)
		return;
	slen = rules_subject(key, klen, subject, sizeof subject);
	buf_addc(&m, '^');
	quote(&m, subject, slen);
	if (query != NULL) {
		size_t qn = strcspn(query, "#");

		buf_adds(&m, "\\?");
		quote(&m, query, qn);
	}
	buf_addc(&m, '$');
	if (action == RULE_301 || action == RULE_308) {
		const char *why, *p = site_path(im, source, &why);
		struct buf a = {0}, to = {0};

		buf_add(&a, p, strcspn(p, "#"));
		for (const char *t = target; *t; t++)	/* an alias's "to" is a */
			if (!(t[0] == '$' && t[1] == '$'))	/* path: no $$ */
				buf_addc(&to, *t);
		check_and_add_alias(im, buf_cstr(&a), &m, buf_cstr(&to), action,
				    query != NULL, file, line, NULL);
		buf_free(&a);
		buf_free(&to);
	} else
		check_and_add(im, &m, target, action, query != NULL, file,
			      line, NULL);
	buf_free(&m);
}

void import_prefix(struct import *im, const char *source, const char *target,
		   enum rule_action action, const char *file,
		   unsigned long line)
{
	char key[PATHNORM_MAX + 1];
	struct buf m = {0}, to = {0};
	const char *query;
	size_t klen, tn = strlen(target);

	im->entries++;
	if (source_key(im, source, key, &klen, &query, file, line) < 0)
		return;
	if (query != NULL) {
		import_skip(im, file, line, "source '%s': a prefix with a "
			    "query", source);
		return;
	}
	buf_addc(&m, '^');
	if (!(klen == 1 && key[0] == '/'))
		quote(&m, key, klen);
	buf_adds(&m, "(/.*)?$");
	while (tn > 1 && target[tn - 1] == '/')
		tn--;	/* $1 brings its own '/' */
	buf_add(&to, target, tn == 1 && target[0] == '/' ? 0 : tn);
	buf_adds(&to, "$1");
	check_and_add(im, &m, buf_cstr(&to), action, 0, file, line,
		      "and every path under it");
	buf_free(&m);
	buf_free(&to);
}

void import_regex(struct import *im, const char *pattern, int nocase,
		  int relative, int slash_optional, const char *target,
		  enum rule_action action, const char *file,
		  unsigned long line)
{
	struct buf m = {0};
	size_t n = strlen(pattern);

	im->entries++;
	if (nocase)
		buf_adds(&m, "(?i)");
	if (relative && pattern[0] == '^' && pattern[1] != '/') {
		/* matched without the first '/' (an .htaccess RewriteRule) */
		buf_adds(&m, "^/");
		pattern++, n--;
	}
	if (slash_optional && n >= 1 && pattern[n - 1] == '$' &&
	    !(n >= 2 && (pattern[n - 2] == '/' || pattern[n - 2] == '\\')) &&
	    !(n >= 3 && pattern[n - 3] == '/' && pattern[n - 2] == '?')) {
		/* slugserve's subject ends in '/': "^/old$" must match it */
		buf_add(&m, pattern, n - 1);
		buf_adds(&m, "/?$");
	} else
		buf_add(&m, pattern, n);
	check_and_add(im, &m, target, action, 0, file, line, "a pattern: "
		      "check it with slugindex lookup");
	buf_free(&m);
}

/* yaml_quoted: s as a single-quoted YAML scalar. */
static void yaml_quoted(struct buf *b, const char *s)
{
	buf_addc(b, '\'');
	for (; *s; s++) {
		if (*s == '\'')
			buf_addc(b, '\'');
		buf_addc(b, *s);
	}
	buf_addc(b, '\'');
}

void import_write(const struct import *im, struct buf *out)
{
	buf_addf(out, "# Written by slugindex import: %zu rules and aliases. "
		 "The site config\n# includes it among its rules (docs/rules.md), "
		 "usually first:\n#   rules:\n#     - include: THIS-FILE\n"
		 "# Import again rather than edit by hand.\n", im->nrules);
	for (size_t i = 0; i < im->nrules; i++) {
		const struct import_rule *r = &im->rules[i];

		if (r->alias != NULL) {
			buf_addf(out, "# %s:%lu: %s, an alias (answered as the "
				 "site's alias_mode says)\n- alias: ", r->file,
				 r->line, rule_action_names[r->action]);
			yaml_quoted(out, r->alias);
			buf_adds(out, "\n  to: ");
			yaml_quoted(out, r->to);
			buf_addc(out, '\n');
			continue;
		}
		buf_addf(out, "# %s:%lu%s%s\n- match: ", r->file, r->line,
			 r->note ? ": " : "", r->note ? r->note : "");
		yaml_quoted(out, r->match);
		if (r->action != RULE_410) {
			buf_adds(out, "\n  to: ");
			yaml_quoted(out, r->to);
		}
		buf_addf(out, "\n  action: %s\n", rule_action_names[r->action]);
		if (r->query)
			buf_adds(out, "  query: true\n");
	}
}

void import_free(struct import *im)
{
	for (size_t i = 0; i < im->nrules; i++)
		free_rule(&im->rules[i]);
	free(im->rules);
	hitmap_free(&im->seen);
	memset(im, 0, sizeof *im);
}

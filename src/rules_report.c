/* rules_report.c: what `slugindex check` says about the legacy rules of a
 * site: for each rule, how many of the site's aliases (its known legacy
 * URLs) it catches and how many of those it leads to the alias's own page;
 * and a warning for a rule whose target no page path can ever have. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "pathnorm.h"
#include "rules.h"
#include "site.h"

static const struct route *find_route(const struct site *s, const char *key)
{
	size_t lo = 0, hi = s->nsorted;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(key, s->routes[mid].key);

		if (c == 0)
			return &s->routes[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

/* The target as a pattern: literal parts quoted, each $N or ${name} ".*". */
static void target_shape(const char *t, struct buf *re)
{
	buf_adds(re, "^");
	for (; *t; t++) {
		if (*t == '$' && t[1] == '$') {
			buf_adds(re, "\\$");
			t++;
		} else if (*t == '$' && t[1] == '{') {
			const char *close = strchr(t, '}');

			buf_adds(re, ".*");
			t = close ? close : t + strlen(t) - 1;
		} else if (*t == '$') {
			buf_adds(re, ".*");
			while (t[1] >= '0' && t[1] <= '9')
				t++;
		} else {
			if (strchr("\\^$.|?*+()[]{}", *t))
				buf_addc(re, '\\');
			buf_addc(re, *t);
		}
	}
	buf_adds(re, "/?$");
}

/* Whether some key of the site has the shape of rule r's target. */
static int target_possible(const struct site *s, const struct rule_config *r)
{
	struct buf re = {0}, to = {0};
	int err, found = 0;
	PCRE2_SIZE off;
	pcre2_code *code;
	pcre2_match_data *md;

	buf_adds(&to, r->to);
	while (to.len > 1 && to.data[to.len - 1] == '/')
		to.len--;	/* keys have no trailing '/' */
	target_shape(buf_cstr(&to), &re);
	buf_free(&to);
	code = pcre2_compile((PCRE2_SPTR)buf_cstr(&re), re.len, PCRE2_UTF, &err,
			     &off, NULL);
	buf_free(&re);
	if (code == NULL)
		return 1;	/* cannot tell: say nothing */
	md = pcre2_match_data_create_from_pattern(code, NULL);
	for (size_t i = 0; md && i < s->nroutes && !found; i++)
		found = pcre2_match(code, (PCRE2_SPTR)s->routes[i].key,
				    PCRE2_ZERO_TERMINATED, 0, 0, md, NULL) >= 0;
	pcre2_match_data_free(md);
	pcre2_code_free(code);
	return found || md == NULL;
}

/* Count the aliases rule n catches, and those it leads to their page. */
static void catches(const struct site *s, struct ruleset *rs, unsigned n,
		    size_t *caught, size_t *right, size_t *aliases)
{
	char subject[PATHNORM_MAX + 2], target[PATHNORM_MAX + 1];
	char key[PATHNORM_MAX + 1];

	*caught = *right = *aliases = 0;
	for (size_t i = 0; i < s->nroutes; i++) {
		const struct route *a = &s->routes[i], *t;
		size_t klen = strlen(a->key), slen, tlen, keylen;

		if (a->kind != ROUTE_ALIAS || strchr(a->key, '?') ||
		    s->pages[a->page].generated || klen > PATHNORM_MAX)
			continue;
		(*aliases)++;
		slen = rules_subject(a->key, klen, subject, sizeof subject);
		if (!ruleset_match_rule(rs, n, subject, slen, target,
					sizeof target, &tlen))
			continue;
		(*caught)++;
		if (path_normalize(target, tlen, key, &keylen) == PATHNORM_OK &&
		    (t = find_route(s, key)) != NULL && t->page == a->page)
			(*right)++;
	}
}

void rules_report(const struct site *s, struct diag *d, FILE *out)
{
	const struct site_config *c = s->cfg;
	struct rule_src *src = calloc(c->nrules + 1, sizeof *src);
	struct ruleset *rs;

	if (src == NULL)
		return;
	for (size_t k = 0; k < c->nrules; k++)
		src[k] = (struct rule_src){c->rules[k].match,
					   strlen(c->rules[k].match),
					   c->rules[k].to, strlen(c->rules[k].to),
					   c->rules[k].action, c->rules[k].query};
	for (size_t k = 0; k < c->nrules; k++)
		if (c->rules[k].action != RULE_410 &&
		    !target_possible(s, &c->rules[k]))
			diag_at(d, DIAG_WARNING, c->rules[k].file, c->rules[k].line,
				c->rules[k].col, "rules[%zu]: no page path has "
				"the shape of its target '%s'", k + 1,
				c->rules[k].to);
	rs = ruleset_new_list(src, (unsigned)c->nrules);
	for (size_t k = 0; rs && k < c->nrules; k++) {
		const struct rule_config *r = &c->rules[k];
		size_t caught, right, aliases;

		catches(s, rs, (unsigned)k, &caught, &right, &aliases);
		fprintf(out, "rules[%zu] %s -> %s (%s): catches %zu of %zu "
			"aliases", k + 1, r->match, r->to,
			rule_action_names[r->action], caught, aliases);
		if (r->action != RULE_410)
			fprintf(out, "; %zu lead to the alias's own page", right);
		fputc('\n', out);
	}
	fflush(out);
	ruleset_free(rs);
	free(src);
}

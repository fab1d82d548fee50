/* rules.c: compile, check and match legacy rules with PCRE2 (see rules.h).
 * The replacement is done by pcre2_substitute with
 * PCRE2_SUBSTITUTE_MATCHED | PCRE2_SUBSTITUTE_REPLACEMENT_ONLY, which writes
 * into our buffer from the match already made. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "rules.h"

struct rule {
	pcre2_code *code;	/* NULL: did not compile, skipped */
	PCRE2_SPTR target;
	size_t target_len;
	enum rule_action action;
	int with_query;
};

struct ruleset {
	const struct index *idx;	/* rules from an index, or ... */
	const struct rule_src *list;	/* ... from a list */
	unsigned list_len;
	int compiled;		/* rules are compiled at the first match */
	struct rule *rules;
	unsigned count;
	pcre2_match_data *md;
	pcre2_match_context *mctx;
	pcre2_jit_stack *jit;
	char subject[RULES_SUBJECT_MAX];
};

static pcre2_code *compile(const char *p, size_t n, int *err, size_t *off)
{
	PCRE2_SIZE eoff = 0;
	pcre2_code *code = pcre2_compile((PCRE2_SPTR)p, n,
					 PCRE2_UTF | PCRE2_NEVER_BACKSLASH_C,
					 err, &eoff, NULL);

	*off = eoff;
	return code;
}

/* Check that every $N and ${name} in target exists in code. */
static int check_target(const pcre2_code *code, const char *t, char *why,
			size_t whylen)
{
	uint32_t groups = 0;

	pcre2_pattern_info(code, PCRE2_INFO_CAPTURECOUNT, &groups);
	for (const char *p = t; (p = strchr(p, '$')) != NULL;) {
		const char *s = p + 1;
		char name[64];
		size_t n;

		if (*s == '$') {
			p = s + 1;
			continue;
		}
		if (*s >= '0' && *s <= '9') {
			unsigned long g = strtoul(s, (char **)&p, 10);

			if (g > groups) {
				snprintf(why, whylen, "target names group $%lu "
					 "but the pattern has %u", g, groups);
				return -1;
			}
			continue;
		}
		n = *s == '{' ? strcspn(s + 1, "}") : 0;
		if (*s != '{' || s[1 + n] != '}' || n == 0 || n >= sizeof name) {
			snprintf(why, whylen, "target: '$' at offset %zu must "
				 "be followed by a group number, {name} or $",
				 (size_t)(p - t));
			return -1;
		}
		memcpy(name, s + 1, n);
		name[n] = '\0';
		if (name[0] < '0' || name[0] > '9') {
			if (pcre2_substring_number_from_name(
				    code, (PCRE2_SPTR)name) < 0) {
				snprintf(why, whylen, "target names group "
					 "${%s}, which the pattern lacks", name);
				return -1;
			}
		} else if (strtoul(name, NULL, 10) > groups) {
			snprintf(why, whylen, "target names group ${%s} but "
				 "the pattern has %u", name, groups);
			return -1;
		}
		p = s + n + 2;
	}
	return 0;
}

int rule_check(const char *pattern, const char *target, char *why,
	       size_t whylen)
{
	int err, rc;
	size_t off;
	pcre2_code *code = compile(pattern, strlen(pattern), &err, &off);

	if (code == NULL) {
		char msg[256];

		pcre2_get_error_message(err, (PCRE2_UCHAR *)msg, sizeof msg);
		snprintf(why, whylen, "pattern error at offset %zu: %s", off,
			 msg);
		return -1;
	}
	rc = check_target(code, target, why, whylen);
	pcre2_code_free(code);
	return rc;
}

size_t rules_subject(const char *key, size_t keylen, char *out, size_t cap)
{
	const char *last = memrchr(key, '/', keylen);
	size_t n = keylen;
	int file = last != NULL && memchr(last, '.', keylen - (size_t)(last - key));

	if (cap < keylen + 2)
		return 0;
	memcpy(out, key, keylen);
	if (!file && !(keylen == 1 && key[0] == '/'))
		out[n++] = '/';
	out[n] = '\0';
	return n;
}

static struct ruleset *ruleset_alloc(void)
{
	struct ruleset *rs = calloc(1, sizeof *rs);

	if (rs == NULL)
		return NULL;
	rs->mctx = pcre2_match_context_create(NULL);
	rs->jit = pcre2_jit_stack_create(32 * 1024, 512 * 1024, NULL);
	/* one match data for all rules: enough pairs for any sane rule */
	rs->md = pcre2_match_data_create(64, NULL);
	if (rs->mctx == NULL || rs->jit == NULL || rs->md == NULL) {
		ruleset_free(rs);
		return NULL;
	}
	pcre2_set_match_limit(rs->mctx, RULES_MATCH_LIMIT);
	pcre2_set_depth_limit(rs->mctx, RULES_DEPTH_LIMIT);
	pcre2_jit_stack_assign(rs->mctx, NULL, rs->jit);
	return rs;
}

struct ruleset *ruleset_new(const struct index *idx)
{
	struct ruleset *rs = ruleset_alloc();

	if (rs != NULL)
		rs->idx = idx;
	return rs;
}

struct ruleset *ruleset_new_list(const struct rule_src *list, unsigned n)
{
	struct ruleset *rs = ruleset_alloc();

	if (rs != NULL) {
		rs->list = list;
		rs->list_len = n;
	}
	return rs;
}

/* Rule n of the set's source. */
static void rule_source(const struct ruleset *rs, uint32_t n,
			struct rule_src *out)
{
	struct index_rule ir;

	if (rs->list != NULL) {
		*out = rs->list[n];
		return;
	}
	index_rule(rs->idx, n, &ir);
	*out = (struct rule_src){ir.pattern.ptr, ir.pattern.len, ir.target.ptr,
				 ir.target.len, ir.action, ir.with_query};
}

/* Compile every rule of the index, once, with the JIT. A rule that does
 * not compile (only a foreign writer makes one: slugindex checks them) is
 * logged and skipped. */
static void compile_all(struct ruleset *rs)
{
	struct index_site site;
	uint32_t count;

	rs->compiled = 1;
	if (rs->idx != NULL)
		index_site(rs->idx, &site);
	count = rs->idx != NULL ? site.rule_count : rs->list_len;
	rs->rules = calloc(count + 1, sizeof *rs->rules);
	if (rs->rules == NULL)
		return;
	for (uint32_t n = 0; n < count; n++) {
		struct rule_src src;
		struct rule *r = &rs->rules[rs->count++];
		int err;
		size_t off;

		rule_source(rs, n, &src);
		r->code = compile(src.pattern, src.pattern_len, &err, &off);
		r->target = (PCRE2_SPTR)src.target;
		r->target_len = src.target_len;
		r->action = src.action;
		r->with_query = src.with_query;
		if (r->code == NULL)
			log_warning("rule %u does not compile (error %d at "
				    "offset %zu): skipped", n + 1, err, off);
		else
			pcre2_jit_compile(r->code, PCRE2_JIT_COMPLETE);
	}
}

void ruleset_free(struct ruleset *rs)
{
	if (rs == NULL)
		return;
	for (unsigned i = 0; i < rs->count; i++)
		pcre2_code_free(rs->rules[i].code);
	free(rs->rules);
	pcre2_match_data_free(rs->md);
	pcre2_match_context_free(rs->mctx);
	pcre2_jit_stack_free(rs->jit);
	free(rs);
}

/* Append group g of the match (empty when unset) to out at *n. */
static int add_group(const char *subject, pcre2_match_data *md, int pairs,
		     long g, char *out, size_t cap, size_t *n)
{
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
	size_t len;

	if (g < 0 || g >= pairs || ov[2 * g] == PCRE2_UNSET)
		return 0;
	len = ov[2 * g + 1] - ov[2 * g];
	if (len >= cap - *n)
		return -1;
	memcpy(out + *n, subject + ov[2 * g], len);
	*n += len;
	return 0;
}

/* expand: write r's target with $N, ${N}, ${name} and $$ replaced, from
 * the match in md (pairs: pcre2_match's result), NUL-terminated. Returns 1,
 * or 0 when it does not fit. Done here rather than by pcre2_substitute,
 * which allocates on every call. */
static int expand(const struct rule *r, const char *subject,
		  pcre2_match_data *md, int pairs, char *out, size_t cap,
		  size_t *outlen)
{
	const char *t = (const char *)r->target, *end = t + r->target_len;
	size_t n = 0;

	if (pairs == 0)
		pairs = (int)pcre2_get_ovector_count(md);
	while (t < end) {
		long g = -1;

		if (*t != '$' || t + 1 == end || t[1] == '$') {
			if (n + 1 >= cap)
				return 0;
			out[n++] = *t;
			t += *t == '$' ? 2 : 1;
			continue;
		}
		if (t[1] >= '0' && t[1] <= '9') {
			for (g = 0, t++; t < end && *t >= '0' && *t <= '9' && g < 1000; t++)
				g = g * 10 + (*t - '0');
		} else if (t[1] == '{') {
			const char *close = memchr(t, '}', (size_t)(end - t));
			char name[64];
			size_t len = close ? (size_t)(close - t - 2) : 0;

			if (close == NULL || len == 0 || len >= sizeof name)
				return 0;
			memcpy(name, t + 2, len);
			name[len] = '\0';
			g = (name[0] >= '0' && name[0] <= '9')
				    ? strtol(name, NULL, 10)
				    : pcre2_substring_number_from_name(
					      r->code, (PCRE2_SPTR)name);
			t = close + 1;
		} else {
			return 0;
		}
		if (add_group(subject, md, pairs, g, out, cap, &n) < 0)
			return 0;
	}
	if (n >= cap)
		return 0;
	out[n] = '\0';
	*outlen = n;
	return 1;
}

/* Match rule r against subject; on success expand its target into out.
 * trusted: the subject is a normalised path, known to be valid UTF-8 (a
 * query string is not, and pcre2 must check it). */
static int match_one(struct ruleset *rs, const struct rule *r,
		     const char *subject, size_t len, int trusted, char *out,
		     size_t cap, size_t *outlen)
{
	uint32_t utf = trusted ? PCRE2_NO_UTF_CHECK : 0;
	int rc;

	if (r->code == NULL)
		return 0;
	rc = pcre2_match(r->code, (PCRE2_SPTR)subject, len, 0, utf, rs->md,
			 rs->mctx);
	if (rc < 0)
		return 0;	/* no match, or a limit: never spin */
	return expand(r, subject, rs->md, rc, out, cap, outlen);
}

int ruleset_match(struct ruleset *rs, const char *path, size_t len,
		  const char *query, size_t qlen, enum rule_action *action,
		  unsigned *which, char *out, size_t cap, size_t *outlen)
{
	size_t slen = 0;

	if (!rs->compiled)
		compile_all(rs);
	if (len + 1 + qlen <= sizeof rs->subject) {
		memcpy(rs->subject, path, len);
		slen = len;
		if (qlen > 0) {
			rs->subject[slen++] = '?';
			memcpy(rs->subject + slen, query, qlen);
			slen += qlen;
		}
	}
	for (unsigned i = 0; i < rs->count; i++) {
		const struct rule *r = &rs->rules[i];
		int hit = r->with_query
				  ? slen > 0 && match_one(rs, r, rs->subject, slen,
							  qlen == 0, out, cap, outlen)
				  : match_one(rs, r, path, len, 1, out, cap, outlen);

		if (hit) {
			*action = r->action;
			if (which != NULL)
				*which = i;
			return 1;
		}
	}
	return 0;
}

int ruleset_match_rule(struct ruleset *rs, unsigned n, const char *path,
		       size_t len, char *out, size_t cap, size_t *outlen)
{
	if (!rs->compiled)
		compile_all(rs);
	if (n >= rs->count)
		return 0;
	return match_one(rs, &rs->rules[n], path, len, 1, out, cap, outlen);
}

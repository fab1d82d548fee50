/* rules.c: compile, check and match legacy rules with PCRE2 (see rules.h).
 * A target's grammar ($N, ${N}, ${name}, $$) is read by one function,
 * target_next, for both the check at build time and the expansion of a
 * match, which is done here into the caller's buffer (pcre2_substitute
 * would allocate on every call). */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "rules.h"

struct rule {
	pcre2_code *code;	/* NULL: did not compile, skipped */
	uint32_t groups;	/* its capture count */
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

/* One piece of a target. */
enum tpart { TP_TEXT, TP_NUMBER, TP_NAME, TP_BAD };

struct target_part {
	enum tpart kind;
	const char *text;	/* TP_TEXT: bytes to copy; TP_NAME: the name */
	size_t len;
	unsigned long number;	/* TP_NUMBER */
};

/* target_next: the piece of target at *t (before end), *t moved past it.
 * "$$" is the text "$"; "$" then digits a group by number; "${...}" a
 * group by number or name (1 to 63 bytes); any other '$', and a '$' at the
 * end, is TP_BAD. */
static enum tpart target_next(const char **t, const char *end,
			      struct target_part *out)
{
	const char *p = *t, *close;

	if (*p != '$') {
		const char *d = memchr(p, '$', (size_t)(end - p));

		*out = (struct target_part){ TP_TEXT, p,
					     (size_t)((d ? d : end) - p), 0 };
		*t = d ? d : end;
	} else if (p + 1 < end && p[1] == '$') {
		*out = (struct target_part){ TP_TEXT, p, 1, 0 };
		*t = p + 2;
	} else if (p + 1 < end && p[1] >= '0' && p[1] <= '9') {
		unsigned long g = 0;

		for (p++; p < end && *p >= '0' && *p <= '9'; p++)
			g = g < 100000 ? g * 10 + (unsigned long)(*p - '0') : g;
		*out = (struct target_part){ TP_NUMBER, NULL, 0, g };
		*t = p;
	} else if (p + 1 < end && p[1] == '{' &&
		   (close = memchr(p + 2, '}', (size_t)(end - p - 2))) != NULL &&
		   close > p + 2 && close - (p + 2) < 64) {
		size_t n = (size_t)(close - (p + 2));

		*out = (struct target_part){ TP_NAME, p + 2, n, 0 };
		if (p[2] >= '0' && p[2] <= '9' && strspn(p + 2, "0123456789") >= n)
			*out = (struct target_part){ TP_NUMBER, NULL, 0,
						     strtoul(p + 2, NULL, 10) };
		*t = close + 1;
	} else {
		*out = (struct target_part){ TP_BAD, p, 0, 0 };
		*t = end;
	}
	return out->kind;
}

/* group_number: the number of a TP_NUMBER or TP_NAME piece in code, or
 * -1 for a name the pattern lacks. */
static long group_number(const pcre2_code *code, const struct target_part *tp)
{
	char name[64];

	if (tp->kind == TP_NUMBER)
		return tp->number > 100000 ? 100000 : (long)tp->number;
	memcpy(name, tp->text, tp->len);
	name[tp->len] = '\0';
	return pcre2_substring_number_from_name(code, (PCRE2_SPTR)name);
}

/* Check that every $N and ${name} in target exists in code. */
static int check_target(const pcre2_code *code, const char *t, char *why,
			size_t whylen)
{
	const char *p = t, *end = t + strlen(t);
	uint32_t groups = 0;
	struct target_part tp;

	pcre2_pattern_info(code, PCRE2_INFO_CAPTURECOUNT, &groups);
	while (p < end) {
		const char *at = p;
		long g;

		switch (target_next(&p, end, &tp)) {
		case TP_TEXT:
			break;
		case TP_BAD:
			snprintf(why, whylen, "target: '$' at offset %zu must "
				 "be followed by a group number, {name} or $",
				 (size_t)(at - t));
			return -1;
		case TP_NUMBER:
		case TP_NAME:
			g = group_number(code, &tp);
			if (tp.kind == TP_NAME && g < 0) {
				snprintf(why, whylen, "target names group "
					 "${%.*s}, which the pattern lacks",
					 (int)tp.len, tp.text);
				return -1;
			}
			if (g > (long)groups) {
				snprintf(why, whylen, "target names group $%ld "
					 "but the pattern has %u", g, groups);
				return -1;
			}
			break;
		}
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
		else {
			pcre2_pattern_info(r->code, PCRE2_INFO_CAPTURECOUNT,
					   &r->groups);
			pcre2_jit_compile(r->code, PCRE2_JIT_COMPLETE);
		}
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

/* expand: write r's target with its groups replaced (a group that took
 * no part in the match is empty), from the match in md (pairs:
 * pcre2_match's result), NUL-terminated. Returns 1, or 0 when it does not
 * fit, or when the target does not read or names a group the pattern
 * lacks (which rule_check refuses at build time: only a hand-made index
 * has one). */
static int expand(const struct rule *r, const char *subject,
		  pcre2_match_data *md, int pairs, char *out, size_t cap,
		  size_t *outlen)
{
	const char *t = (const char *)r->target, *end = t + r->target_len;
	struct target_part tp;
	size_t n = 0;
	long g;

	if (pairs == 0)
		pairs = (int)pcre2_get_ovector_count(md);
	while (t < end) {
		switch (target_next(&t, end, &tp)) {
		case TP_BAD:
			return 0;
		case TP_TEXT:
			if (tp.len >= cap - n)
				return 0;
			memcpy(out + n, tp.text, tp.len);
			n += tp.len;
			break;
		case TP_NUMBER:
		case TP_NAME:
			g = group_number(r->code, &tp);
			if (g < 0 || g > (long)r->groups ||
			    add_group(subject, md, pairs, g, out, cap, &n) < 0)
				return 0;	/* no such group, as the check says */
			break;
		}
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

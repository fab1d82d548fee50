/* rules.c: compile, check and match legacy rules with PCRE2 (see rules.h).
 * The replacement is done by pcre2_substitute with
 * PCRE2_SUBSTITUTE_MATCHED | PCRE2_SUBSTITUTE_REPLACEMENT_ONLY, which writes
 * into our buffer from the match already made. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules.h"

struct rule {
	pcre2_code *code;	/* NULL: did not compile, skipped */
	PCRE2_SPTR target;
	size_t target_len;
	enum rule_action action;
	int with_query;
};

struct ruleset {
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
					 PCRE2_UTF | PCRE2_NO_UTF_CHECK |
						 PCRE2_NEVER_BACKSLASH_C,
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

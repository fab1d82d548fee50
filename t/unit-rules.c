/* t/unit-rules.c: the one grammar of rule targets (src/rules.c's
 * target_next), as the build's check and the server's expansion read it:
 * they must accept and refuse the same targets. Before the two shared it,
 * a target ending in '$' was refused by the check and expanded as a
 * literal '$' by the server. */
#include <string.h>

#include "tap.h"
#include "rules.h"

/* expanded: what a rule ^/(?<slug>[a-z]+)/(\d+)/$ with target t gives for
 * /abc/42/, or NULL when it gives nothing. */
static const char *expanded(const char *t)
{
	static char out[256];
	struct rule_src src = { "^/(?<slug>[a-z]+)/(\\d+)/$", 0, t, strlen(t),
				RULE_301, 0 };
	struct ruleset *rs;
	enum rule_action action;
	size_t n = 0;
	int hit;

	src.pattern_len = strlen(src.pattern);
	rs = ruleset_new_list(&src, 1);
	hit = rs && ruleset_match(rs, "/abc/42/", 8, NULL, 0, &action, NULL,
				  out, sizeof out, &n);
	ruleset_free(rs);
	return hit ? out : NULL;
}

static int checks(const char *t)
{
	char why[320];

	return rule_check("^/(?<slug>[a-z]+)/(\\d+)/$", t, why, sizeof why) == 0;
}

/* agree: check and expansion take t alike; expansion gives want. */
static void agree(const char *t, const char *want, const char *name)
{
	const char *got = expanded(t);

	ok(checks(t) == (want != NULL), "%s: the check %s it", name,
	   want ? "accepts" : "refuses");
	if (want == NULL)
		ok(got == NULL, "%s: the server does not expand it", name);
	else
		ok(got != NULL && strcmp(got, want) == 0, "%s: expands to %s "
		   "(got %s)", name, want, got ? got : "nothing");
}

int main(void)
{
	agree("/blog/$1/", "/blog/abc/", "$1");
	agree("/blog/${1}-$2/", "/blog/abc-42/", "${1} and $2");
	agree("/blog/${slug}/", "/blog/abc/", "${name}");
	agree("/cost/$$5/", "/cost/$5/", "$$ is a '$'");
	agree("/a/$2$1", "/a/42abc", "groups side by side");
	agree("/blog/$", NULL, "a '$' at the end");
	agree("/blog/$x/", NULL, "'$' and a letter");
	agree("/blog/${}/", NULL, "an empty ${}");
	agree("/blog/${slug", NULL, "an unclosed ${");
	agree("/blog/${nope}/", NULL, "a name the pattern lacks");
	agree("/blog/$3/", NULL, "a group the pattern lacks");
	return tap_done();
}

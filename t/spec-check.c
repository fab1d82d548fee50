/* t/spec-check.c: the checks of a routing spec case, judged against the
 * response it got:
 *   -> STATUS [LOCATION]   the status, and the Location of a redirect
 *   is NAME: VALUE         the header NAME is exactly VALUE
 *   isnt NAME: VALUE       the header NAME is there, and not VALUE
 *   has NAME / not NAME    the header is there / is not
 *   body has TEXT / body lacks TEXT / body empty / body nonempty
 *   body xml               the body is well-formed XML (xmllint, when found)
 *   body gzip has TEXT     the body gunzips (once) to one that has TEXT
 *   body under N           the body is shorter than N bytes
 *   length                 Content-Length is the body's length
 *   save NAME VAR          keep the header's value as $VAR (NAME
 *                          body-length: the body's length)
 *   within SECONDS         the answer took at most that long
 * Through lookup only the status and the Location are judged. */
#include "spec.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

static int via_server;

/* header: the value of name as a string ("" when absent), a Location
 * that a web server made absolute cut back to its path */
static const char *header(const struct spec_resp *r, const char *name, int *found)
{
	static char v[8192];
	size_t n;
	const char *h = resp_header(r, name, &n), *slash;

	*found = h != NULL;
	if (h == NULL || n >= sizeof(v))
		return "";
	memcpy(v, h, n);
	v[n] = '\0';
	if (via_server && strcasecmp(name, "Location") == 0 &&
	    (strncmp(v, "http://", 7) == 0 || strncmp(v, "https://", 8) == 0) &&
	    (slash = strchr(v + 8, '/')) != NULL)
		memmove(v, slash, strlen(slash) + 1);
	return v;
}

static int fail(const char *check, const char *got)
{
	printf("#   failed: %s\n#   got:    %s\n", check, got);
	return 1;
}

static int check_status(const struct spec_resp *r, const char *arg)
{
	char want[16], loc[4096] = "", got[64];
	int found, st;
	const char *l;

	if (sscanf(arg, "%15s %4095[^\n]", want, loc) < 1)
		return fail(arg, "(a malformed check)");
	st = atoi(want);
	if (r->decision_only && st == 304)
		st = 200;
	snprintf(got, sizeof(got), "%d", r->status);
	if (r->status != st)
		return fail(arg, got);
	if (loc[0] == '\0')
		return 0;
	l = spec_expand(loc, &(size_t){ 0 });
	return l && strcmp(header(r, "Location", &found), l) == 0 ? 0
		: fail(arg, header(r, "Location", &found));
}

static int check_is(const struct spec_resp *r, const char *arg, int same)
{
	char name[128];
	size_t n = strcspn(arg, ":");
	const char *want, *got;
	int found;

	if (n >= sizeof(name) || arg[n] != ':')
		return fail(arg, "(a malformed check)");
	memcpy(name, arg, n);
	name[n] = '\0';
	if (r->decision_only && strcasecmp(name, "Location"))
		return 0;
	want = arg + n + 1 + (arg[n + 1] == ' ');
	if ((want = spec_expand(want, &n)) == NULL)
		return fail(arg, "(does not expand)");
	got = header(r, name, &found);
	if (found && (strcmp(got, want) == 0) == same)
		return 0;
	return fail(arg, found ? got : "(absent)");
}

static int check_has(const struct spec_resp *r, const char *name, int want)
{
	int found;

	if (r->decision_only && strcasecmp(name, "Location"))
		return 0;
	header(r, name, &found);
	return found == want ? 0 : fail(name, found ? "present" : "absent");
}

static int xml_ok(const char *body, size_t n)
{
	FILE *p;

	if (system("command -v xmllint >/dev/null 2>&1") != 0) {
		printf("# xmllint not found: XML not checked\n");
		return 1;
	}
	if ((p = popen("xmllint --noout - >/dev/null 2>&1", "w")) == NULL)
		return 0;
	fwrite(body, 1, n, p);
	return pclose(p) == 0;
}

/* gunzip_has: body, through gzip -dc once, has text */
static int gunzip_has(const char *body, size_t n, const char *text)
{
	char path[] = "/tmp/spec-gz.XXXXXX", cmd[128];
	struct spec_resp out = { 0 };
	const char *want;
	size_t wn;
	FILE *p;
	int fd = mkstemp(path), found = 0;

	if (fd < 0 || write(fd, body, n) != (ssize_t)n) {
		if (fd >= 0)
			close(fd);
		unlink(path);
		return 0;
	}
	close(fd);
	snprintf(cmd, sizeof(cmd), "gzip -dc <'%s' 2>/dev/null", path);
	if ((p = popen(cmd, "r")) != NULL) {
		char buf[65536];
		size_t got;

		while ((got = fread(buf, 1, sizeof(buf), p)) > 0)
			resp_append(&out, buf, got);
		found = pclose(p) == 0 && out.data &&
			(want = spec_expand(text, &wn)) != NULL &&
			memmem(out.data, out.len, want, wn) != NULL;
	}
	unlink(path);
	free(out.data);
	return found;
}

static int check_body(const struct spec_resp *r, const char *arg)
{
	const char *body = r->data + r->head_len, *text;
	size_t n = r->len - r->head_len, tn;
	char got[32];

	snprintf(got, sizeof(got), "a body of %zu bytes", n);
	if (strcmp(arg, "empty") == 0)
		return n == 0 ? 0 : fail("body empty", got);
	if (strcmp(arg, "nonempty") == 0)
		return n > 0 ? 0 : fail("body nonempty", got);
	if (strcmp(arg, "xml") == 0)
		return xml_ok(body, n) ? 0 : fail("body xml", "not well-formed");
	if (strncmp(arg, "under ", 6) == 0) {
		text = spec_expand(arg + 6, &tn);
		return text && n < strtoul(text, NULL, 10) ? 0 : fail(arg, got);
	}
	if (strncmp(arg, "gzip has ", 9) == 0)
		return gunzip_has(body, n, arg + 9) ? 0 : fail(arg, "not so");
	if (strncmp(arg, "has ", 4) && strncmp(arg, "lacks ", 6))
		return fail(arg, "(a malformed check)");
	if ((text = spec_expand(arg + (arg[0] == 'h' ? 4 : 6), &tn)) == NULL)
		return fail(arg, "(does not expand)");
	if ((memmem(body, n, text, tn) != NULL) == (arg[0] == 'h'))
		return 0;
	return fail(arg, got);
}

static int check_length(const struct spec_resp *r)
{
	int found;
	const char *cl = header(r, "Content-Length", &found);
	char want[32];

	snprintf(want, sizeof(want), "%zu", r->len - r->head_len);
	if (!found)
		return via_server ? 0 : fail("length", "no Content-Length");
	return strcmp(cl, want) == 0 ? 0 : fail("length", cl);
}

static int check_save(const struct spec_resp *r, const char *arg)
{
	char name[128], var[32];
	int found;
	const char *v;

	if (sscanf(arg, "%127s %31s", name, var) != 2)
		return fail(arg, "(a malformed check)");
	if (strcmp(name, "body-length") == 0) {
		char n[32];

		snprintf(n, sizeof(n), "%zu", r->len - r->head_len);
		spec_save(var, n);
		return 0;
	}
	v = header(r, name, &found);
	spec_save(var, found ? v : "(absent)");
	return 0;
}

static int check_one(const struct spec_resp *r, const char *c, double secs)
{
	if (strncmp(c, "-> ", 3) == 0)
		return check_status(r, c + 3);
	if (strncmp(c, "is ", 3) == 0)
		return check_is(r, c + 3, 1);
	if (strncmp(c, "isnt ", 5) == 0)
		return check_is(r, c + 5, 0);
	if (strncmp(c, "has ", 4) == 0)
		return check_has(r, c + 4, 1);
	if (strncmp(c, "not ", 4) == 0)
		return check_has(r, c + 4, 0);
	if (strncmp(c, "save ", 5) == 0)
		return check_save(r, c + 5);
	if (r->decision_only)
		return 0;
	if (strncmp(c, "body ", 5) == 0)
		return check_body(r, c + 5);
	if (strcmp(c, "length") == 0)
		return check_length(r);
	if (strncmp(c, "within ", 7) == 0)
		return secs <= atof(c + 7) ? 0 : fail(c, "took longer");
	return fail(c, "(no such check)");
}

int check_all(const struct spec_case *c, const struct spec_resp *r,
	      double secs, int server)
{
	size_t i;
	int bad = 0;

	via_server = server;
	for (i = 0; i < c->nchecks; i++)
		bad += check_one(r, c->checks[i], secs);
	return bad;
}

void check_show(const struct spec_resp *r)
{
	size_t i, shown = r->head_len + 200 < r->len ? r->head_len + 200 : r->len;
	int col = 0;

	printf("#   response:\n#     ");
	for (i = 0; i < shown; i++) {
		unsigned char ch = (unsigned char)r->data[i];

		if (ch == '\n' || col > 100) {
			printf("\n#     ");
			col = 0;
			if (ch == '\n')
				continue;
		}
		col += ch >= 0x20 && ch < 0x7f ? putchar(ch) != EOF
					       : printf("\\x%02x", ch);
	}
	putchar('\n');
}

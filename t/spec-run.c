/* t/spec-run.c: runs the routing spec (t/routing.spec) through one
 * transport and prints TAP, one line per case.
 *
 *   spec-run -t inproc|cgi|fcgi|http|lookup -w WHERE [-I NAME=WHERE]...
 *            [-n LABEL] SPEC
 *
 * WHERE is what the transport reaches: an index file (inproc, cgi,
 * lookup), a socket (fcgi: a path or HOST:PORT), or a web server (http:
 * HOST:PORT). A case with "index NAME" uses the -I of that name, and is
 * skipped, with the reason, when there is none. A case that sets CGI
 * variables itself (var, raw) is skipped through a web server, which
 * makes its own; lookup answers status and Location only, so only those
 * are checked through it (a 304 is lookup's 200). */
#include "spec.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const struct {
	const char *name;
	spec_send_fn send;
} transports[] = {
	{ "inproc", spec_send_inproc }, { "cgi", spec_send_cgi },
	{ "fcgi", spec_send_fcgi }, { "http", spec_send_http },
	{ "lookup", spec_send_lookup },
};

static const char *transport, *label;
static spec_send_fn send_fn;
static const char *where, *named[16];
static size_t nnamed;
static int tap_n, tap_failed, tap_skipped;

static const char *where_of(const struct spec_case *c)
{
	size_t i, n = strlen(c->index);

	if (n == 0)
		return where;
	for (i = 0; i < nnamed; i++)
		if (strncmp(named[i], c->index, n) == 0 && named[i][n] == '=')
			return named[i] + n + 1;
	return NULL;
}

/* skip_reason: why this transport cannot send c, or NULL */
static const char *skip_reason(const struct spec_case *c, const char **to)
{
	static char why[200];

	if ((*to = where_of(c)) == NULL) {
		snprintf(why, sizeof(why), "needs index %s, not given to this transport",
			 c->index);
		return why;
	}
	if (c->nvars && strcmp(transport, "http") == 0)
		return "sets CGI variables, which a web server makes itself";
	if (c->raw && strcmp(transport, "http") == 0)
		return "raw: a web server answers or changes it (the spec says how)";
	if (c->nvars && strcmp(transport, "lookup") == 0)
		return "lookup takes a method and a target, not CGI variables";
	return NULL;
}

static void run_case(const struct spec_case *c)
{
	struct spec_resp resp = { 0 };
	struct spec_req req;
	const char *to, *why = skip_reason(c, &to);
	struct timespec t0, t1;
	int bad;

	tap_n++;
	if (why) {
		tap_skipped++;
		printf("ok %d - %s: %s # SKIP %s\n", tap_n, label, c->name, why);
		return;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	bad = spec_request(c, &req);
	if (!bad && (send_fn(to, &req, &resp) != 0 || resp_parse(&resp) != 0)) {
		printf("# no response (%zu bytes)\n", resp.len);
		bad = 1;
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (!bad)
		bad = check_all(c, &resp, (double)(t1.tv_sec - t0.tv_sec) +
				(t1.tv_nsec - t0.tv_nsec) / 1e9,
				strcmp(transport, "http") == 0);
	printf("%sok %d - %s: %s\n", bad ? "not " : "", tap_n, label, c->name);
	if (bad) {
		tap_failed++;
		check_show(&resp);
	}
	spec_request_free(&req);
	free(resp.data);
}

int main(int argc, char **argv)
{
	struct spec s;
	size_t i;
	int opt;

	while ((opt = getopt(argc, argv, "t:w:I:n:")) != -1) {
		switch (opt) {
		case 't': transport = optarg; break;
		case 'w': where = optarg; break;
		case 'n': label = optarg; break;
		case 'I':
			if (nnamed < 16 && strchr(optarg, '='))
				named[nnamed++] = optarg;
			break;
		default: goto usage;
		}
	}
	for (i = 0; transport && i < sizeof(transports) / sizeof(transports[0]); i++)
		if (strcmp(transport, transports[i].name) == 0)
			send_fn = transports[i].send;
	if (send_fn == NULL || where == NULL || optind != argc - 1)
		goto usage;
	if (label == NULL)
		label = transport;
	if (spec_load(argv[optind], &s) != 0) {
		printf("Bail out! %s cannot be read\n", argv[optind]);
		return 1;
	}
	for (i = 0; i < s.ncases; i++)
		run_case(&s.cases[i]);
	printf("1..%d\n# %s: %d cases, %d failed, %d skipped\n", tap_n, label,
	       tap_n, tap_failed, tap_skipped);
	spec_free(&s);
	return tap_failed ? 1 : 0;
usage:
	fprintf(stderr, "usage: spec-run -t inproc|cgi|fcgi|http|lookup -w WHERE "
		"[-I NAME=WHERE]... [-n LABEL] SPEC\n");
	return 2;
}

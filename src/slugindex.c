/* slugindex.c: the command line of slugindex: build, check, lookup, dump.
 * Each subcommand is one function of the table below; the work is done by
 * site_config.c, site.c, layout.c, index_write.c and index_read.c. */
#include "config.h"	/* autoconf's: PACKAGE_VERSION */

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "site_config.h"
#include "index.h"
#include "index_write.h"
#include "layout.h"
#include "lookup.h"
#include "pathnorm.h"
#include "rules.h"
#include "site.h"

static const char usage_text[] =
	"usage: slugindex build -c SITE.yml -o FILE.idx [--drafts] [DIR...]\n"
	"       slugindex check -c SITE.yml [--drafts] [DIR...]\n"
	"       slugindex lookup -i FILE.idx [-m METHOD] PATH[?QUERY]...\n"
	"       slugindex dump -i FILE.idx\n"
	"       slugindex help [COMMAND] | COMMAND --help | --version\n"
	"\n"
	"build   compile the content folders named by the config (or DIR...)\n"
	"        into one index file, replaced atomically; nothing is written\n"
	"        when any error is found\n"
	"check   report every problem without writing; exit 1 on any error\n"
	"lookup  print, for each PATH, what the server answers: status<TAB>\n"
	"        canonical path or Location<TAB>title<TAB>how (page, alias,\n"
	"        spelling, rule N, archive, feed, gone, none)\n"
	"dump    print every key of the index and its canonical path, sorted\n"
	"\n"
	"See slugindex(1) and docs/config.md. slugserve reads, by default,\n"
	"the index " SLUGSERVE_DEFAULT_INDEX ".\n";

/* Each subcommand's own help: slugindex COMMAND --help, slugindex help
 * COMMAND. */
static const char help_build[] =
	"usage: slugindex build -c SITE.yml -o FILE.idx [--drafts] [DIR...]\n"
	"Compile the site into one index file, replaced atomically: nothing is\n"
	"written when any error is found, and the old index stays.\n"
	"  -c, --config SITE.yml  the site config (docs/config.md)\n"
	"  -o, --output FILE.idx  the index to write (slugserve's default:\n"
	"                         " SLUGSERVE_DEFAULT_INDEX ")\n"
	"  --drafts               include drafts\n"
	"  DIR...                 content folders instead of the config's\n";
static const char help_check[] =
	"usage: slugindex check -c SITE.yml [--drafts] [DIR...]\n"
	"Report every problem as file:line:column without writing anything;\n"
	"exit 1 on any error. Options as for build, without -o.\n";
static const char help_lookup[] =
	"usage: slugindex lookup -i FILE.idx [-m METHOD] PATH[?QUERY]...\n"
	"For each PATH print what slugserve answers, through the same decision:\n"
	"status<TAB>canonical path or Location<TAB>title<TAB>how (page, alias,\n"
	"spelling, rule N, archive, feed, gone, none). -m: the method (GET).\n";
static const char help_dump[] =
	"usage: slugindex dump -i FILE.idx\n"
	"Print every key of the index and its canonical path, sorted.\n";

struct cli {
	const char *config, *output, *index, *method;
	int drafts, help;
	char **args;
	int nargs;
};

static int parse_args(int argc, char **argv, struct cli *c)
{
	static const struct option opts[] = {
		{"config", required_argument, NULL, 'c'},
		{"output", required_argument, NULL, 'o'},
		{"index", required_argument, NULL, 'i'},
		{"drafts", no_argument, NULL, 'D'},
		{"help", no_argument, NULL, 'h'},
		{"method", required_argument, NULL, 'm'},
		{NULL, 0, NULL, 0},
	};
	int ch;

	optind = 1;
	while ((ch = getopt_long(argc, argv, "c:o:i:Dhm:", opts, NULL)) != -1) {
		switch (ch) {
		case 'c': c->config = optarg; break;
		case 'o': c->output = optarg; break;
		case 'i': c->index = optarg; break;
		case 'D': c->drafts = 1; break;
		case 'h': c->help = 1; break;
		case 'm': c->method = optarg; break;
		default: return -1;
		}
	}
	c->args = argv + optind;
	c->nargs = argc - optind;
	return 0;
}

/* env_number: the number in environment variable name, in *out; 0 when
 * it is unset or empty (*out untouched), -1 after saying it is not a
 * number from min to max. */
static int env_number(const char *name, long long min, long long max,
		      long long *out)
{
	const char *v = getenv(name);
	char *end;
	long long n;

	if (v == NULL || *v == '\0')
		return 0;
	errno = 0;
	n = strtoll(v, &end, 10);
	if (errno != 0 || *end != '\0' || n < min || n > max) {
		fprintf(stderr, "slugindex: %s=%s: not a number from %lld to "
			"%lld\n", name, v, min, max);
		return -1;
	}
	*out = n;
	return 0;
}

/* The environment's say on a build (see slugindex(1), ENVIRONMENT):
 * SLUGINDEX_NOW, the time taken as now, for reproducible builds (up to
 * 9999-12-31), and SLUGINDEX_JOBS, the threads reading files. Returns 0,
 * or -1 after reporting a bad value. */
static int env_opts(struct site_opts *o)
{
	long long now = o->now, jobs = o->threads;

	if (env_number("SLUGINDEX_NOW", 0, 253402300799LL, &now) < 0 ||
	    env_number("SLUGINDEX_JOBS", 1, SITE_THREADS_MAX, &jobs) < 0)
		return -1;
	o->now = now;
	o->threads = (unsigned)jobs;
	return 0;
}

/* Load config, site and layout; write the index when out is not NULL. */
static int compile(const struct cli *c, const char *out)
{
	struct diag d = {0};
	struct site_config cfg;
	struct site site = {0};
	struct layout layout = {0};
	struct site_opts opts = {.drafts = c->drafts, .now = time(NULL)};
	int rc = 1;

	if (c->config == NULL || (out == NULL && c->output != NULL)) {
		fputs(usage_text, stderr);
		return 2;
	}
	if (env_opts(&opts) < 0)
		return 2;
	if (config_load(c->config, &cfg, &d) < 0)
		goto out;
	for (int i = 0; i < c->nargs; i++)
		config_add_dir(&cfg, c->args[i], i == 0);
	layout_load(&layout, cfg.layout, &d);
	site_load(&site, &cfg, &opts, &d);
	if (d.errors == 0 && out == NULL && cfg.nrules > 0)
		rules_report(&site, &d, stdout);
	if (d.errors == 0 && out != NULL)
		index_write(&site, &layout, out, opts.now, &d);
	if (d.errors == 0) {
		fprintf(stderr, "slugindex: %zu pages, %zu paths, %zu left out "
			"(drafts, future, expired), %u warnings%s%s\n",
			site.npages - 1, site.nroutes, site.skipped, d.warnings,
			out ? ": wrote " : "", out ? out : "");
		rc = 0;
	} else {
		fprintf(stderr, "slugindex: %u errors, %u warnings%s\n",
			d.errors, d.warnings,
			out ? ": nothing written, the old index is untouched" : "");
	}
out:
	site_free(&site);
	layout_free(&layout);
	config_free(&cfg);
	return rc;
}

static int cmd_build(struct cli *c)
{
	if (c->output == NULL) {
		fputs("slugindex build: -o FILE.idx is required\n", stderr);
		return 2;
	}
	return compile(c, c->output);
}

static int cmd_check(struct cli *c)
{
	return compile(c, NULL);
}

static struct index *open_index(const struct cli *c)
{
	struct index *idx;
	enum index_err err;

	if (c->index == NULL) {
		fputs("slugindex: -i FILE.idx is required\n", stderr);
		return NULL;
	}
	err = index_open(c->index, INDEX_VERIFY_FULL, &idx);
	if (err != INDEX_OK) {
		fprintf(stderr, "slugindex: %s: %s\n", c->index,
			index_strerror(err));
		return NULL;
	}
	return idx;
}

static int cmd_lookup(struct cli *c)
{
	struct index *idx = open_index(c);
	struct ruleset *rules;
	int rc = 0;

	if (idx == NULL)
		return 1;
	rules = ruleset_new(idx);
	for (int i = 0; i < c->nargs && rc == 0; i++)
		if (lookup_print(idx, rules, c->method, c->args[i], stdout) < 0)
			rc = 1;
	ruleset_free(rules);
	index_close(idx);
	return rc;
}

static int cmd_dump(struct cli *c)
{
	struct index *idx = open_index(c);
	struct index_site site;

	if (idx == NULL)
		return 1;
	index_site(idx, &site);
	for (uint32_t n = 0; n < site.key_count; n++) {
		struct slug_view key;
		struct index_page p;
		uint32_t page;
		enum route_kind kind;

		if (index_key(idx, n, &key, &page, &kind) == 0 &&
		    index_page(idx, page, &p) == 0)
			printf("%.*s\t%.*s\n", (int)key.len, key.ptr,
			       (int)p.url.len, p.url.ptr);
	}
	index_close(idx);
	return 0;
}

static const struct command {
	const char *name;
	int (*run)(struct cli *);
	const char *help;
} commands[] = {
	{"build", cmd_build, help_build},
	{"check", cmd_check, help_check},
	{"lookup", cmd_lookup, help_lookup},
	{"dump", cmd_dump, help_dump},
};

static const struct command *find_command(const char *name)
{
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (strcmp(name, commands[i].name) == 0)
			return &commands[i];
	return NULL;
}

/* slugindex help [COMMAND]: the usage, or COMMAND's own help. */
static int cmd_help(int argc, char **argv)
{
	const struct command *cmd;

	if (argc < 3) {
		fputs(usage_text, stdout);
		return 0;
	}
	if ((cmd = find_command(argv[2])) == NULL) {
		fprintf(stderr, "slugindex help: unknown command '%s'\n\n%s",
			argv[2], usage_text);
		return 2;
	}
	fputs(cmd->help, stdout);
	return 0;
}

int main(int argc, char **argv)
{
	struct cli c = {0};
	const struct command *cmd;

	if (argc < 2 || strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0) {
		fputs(usage_text, argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0) {
		printf("slugindex %s\n", PACKAGE_VERSION);
		return 0;
	}
	if (strcmp(argv[1], "help") == 0)
		return cmd_help(argc, argv);
	if ((cmd = find_command(argv[1])) == NULL) {
		fprintf(stderr, "slugindex: unknown command '%s'\n\n%s",
			argv[1], usage_text);
		return 2;
	}
	if (parse_args(argc - 1, argv + 1, &c) < 0) {
		fputs(cmd->help, stderr);
		return 2;
	}
	if (c.help) {
		fputs(cmd->help, stdout);
		return 0;
	}
	return cmd->run(&c);
}

/* slugindex.c: the command line of slugindex: build, check, lookup,
 * replay, diff, dump.
 * Each subcommand is one function of the table below; the work is done by
 * site_config.c, site.c, layout.c, index_write.c and index_read.c. */
#include "config.h"	/* autoconf's: PACKAGE_VERSION */

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "site_config.h"
#include "index.h"
#include "index_write.h"
#include "layout.h"
#include "log.h"
#include "linkcheck.h"
#include "atomic_file.h"
#include "buf.h"
#include "diff.h"
#include "import.h"
#include "lookup.h"
#include "pathnorm.h"
#include "readfile.h"
#include "replay.h"
#include "rules.h"
#include "site.h"

static const char usage_text[] =
	"usage: slugindex build -c SITE.yml -o FILE.idx [--drafts] [DIR...]\n"
	"       slugindex check -c SITE.yml [--drafts] [DIR...]\n"
	"       slugindex lookup -i FILE.idx [-m METHOD] PATH[?QUERY]...\n"
	"       slugindex replay -i FILE.idx [--tsv] [-n N] [LOG...]\n"
	"       slugindex diff [--log LOG]... OLD.idx NEW.idx\n"
	"       slugindex import [-c SITE.yml] [-f FORMAT] [-o FILE.yml] FILE...\n"
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
	"replay  answer access logs (common/combined, gzip or not) as the\n"
	"        server would now: shares of 200/redirect/404/410, the 404s\n"
		"diff    every path whose answer a new index changes; exit 1 when\n"
	"        one that answered no longer does (a deploy gate)\n"
	"import  turn redirect lists (Redirection CSV/JSON, Apache, nginx,\n"
	"        WordPress WXR) into a rules file the config includes\n"
	"dump    print every key of the index and its canonical path, sorted\n"
	"\n"
	"SITE.yml may also be a Hugo config (hugo.toml, config.yaml, ...) or\n"
	"a Hugo site folder. See slugindex(1) and docs/config.md.\n"
	"slugserve reads, by default, the index\n"
	"  " SLUGSERVE_DEFAULT_INDEX "\n";

/* Each subcommand's own help: slugindex COMMAND --help, slugindex help
 * COMMAND. */
static const char help_build[] =
	"usage: slugindex build -c SITE.yml -o FILE.idx [--drafts] [DIR...]\n"
	"Compile the site into one index file, replaced atomically: nothing is\n"
	"written when any error is found, and the old index stays.\n"
	"  -c, --config SITE.yml  the site config (docs/config.md): a site.yml,\n"
	"                         a Hugo config (hugo.toml, config.yaml, ...)\n"
	"                         or a Hugo site folder\n"
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
static const char help_replay[] =
	"usage: slugindex replay -i FILE.idx [--tsv] [-n N] [LOG...]\n"
	"Answer every GET and HEAD request of web-server access logs (Apache\n"
	"or nginx, common or combined format, plain or gzip; standard input\n"
	"when no LOG) through the server's own decision. Prints the shares\n"
	"answered 200, redirected, 404 and 410, weighted by hits, then the\n"
	"targets that would 404, most requested first, with the page a\n"
	"visitor most likely wanted.\n"
	"  -n, --top N  list N of the 404s (default 50; 0: all)\n"
	"  --tsv        one line per distinct target: hits, status, target,\n"
	"               canonical path or Location, how, suggestion; the\n"
	"               summary goes to standard error\n";
static const char help_diff[] =
	"usage: slugindex diff [--log LOG]... OLD.idx NEW.idx\n"
	"Print each path (every canonical path and alias of either index) whose\n"
	"answer changes: broken, added, moved or changed<TAB>path<TAB>old\n"
	"answer<TAB>new answer; then a summary on standard error. Exit 1 when\n"
	"a path that answered 200 or a redirect no longer does, so that\n"
	"  slugindex diff live.idx new.idx && mv new.idx live.idx\n"
	"deploys only an index that keeps every old URL.\n"
	"  --log LOG  also the GET and HEAD targets of this access log; the\n"
	"             changes are ranked by hits, a fifth column\n";
static const char help_import[] =
	"usage: slugindex import [-c SITE.yml] [-f FORMAT] [-o FILE.yml] FILE...\n"
	"Turn the redirect lists a site already has into one rules file, which\n"
	"the site config includes among its rules (- include: FILE.yml).\n"
	"  -f, --format F  redirection-csv, redirection-json (the WordPress\n"
	"                  Redirection plugin's exports), apache (Redirect,\n"
	"                  RedirectMatch, RewriteRule [R]), nginx (rewrite,\n"
	"                  return in location), wxr (WordPress export);\n"
	"                  default: from the file's name and first bytes\n"
	"  -c SITE.yml     the site: its base_url's host makes full URLs\n"
	"                  paths; wxr matches posts to its pages\n"
	"  -o FILE.yml     write there, atomically (default: standard output)\n"
	"What is not imported is reported with its line; two entries sending\n"
	"one address to two places are an error, and nothing is written.\n";
static const char help_dump[] =
	"usage: slugindex dump -i FILE.idx\n"
	"Print every key of the index and its canonical path, sorted.\n";

struct cli {
	const char *config, *output, *index, *method, *format;
	int drafts, help, tsv;
	unsigned long top;
	char **logs;
	int nlogs;
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
		{"tsv", no_argument, NULL, 'T'},
		{"top", required_argument, NULL, 'n'},
		{"log", required_argument, NULL, 'L'},
		{"format", required_argument, NULL, 'f'},
		{NULL, 0, NULL, 0},
	};
	char *end;
	int ch;

	c->top = 50;
	if ((c->logs = calloc((size_t)argc + 1, sizeof *c->logs)) == NULL)
		return -1;
	optind = 1;
	while ((ch = getopt_long(argc, argv, "c:o:i:Dhm:n:f:", opts, NULL)) != -1) {
		switch (ch) {
		case 'c': c->config = optarg; break;
		case 'o': c->output = optarg; break;
		case 'i': c->index = optarg; break;
		case 'D': c->drafts = 1; break;
		case 'h': c->help = 1; break;
		case 'm': c->method = optarg; break;
		case 'T': c->tsv = 1; break;
		case 'f': c->format = optarg; break;
		case 'L': c->logs[c->nlogs++] = optarg; break;
		case 'n':
			errno = 0;
			c->top = strtoul(optarg, &end, 10);
			if (errno || *end || optarg[0] == '-' || !optarg[0]) {
				fprintf(stderr, "slugindex: -n %s: not a "
					"number\n", optarg);
				return -1;
			}
			break;
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

/* check_pages: the links of every page slugindex did not make. */
static void check_pages(const struct site *site, struct link_checker *c,
			struct linkcheck_stats *st, struct diag *d)
{
	if (c == NULL) {
		diag_at(d, DIAG_ERROR, "links", 0, 0, "out of memory");
		return;
	}
	for (size_t i = 0; i + 1 < site->npages; i++) {	/* last: 404 */
		const struct page *p = &site->pages[i];
		struct link_page lp = { p->file, p->url, p->src.body,
					p->src.body_len, p->src.body_line,
					p->html != NULL };

		if (!p->generated && p->src.body != NULL)
			linkcheck_page(c, &lp);
	}
	linkcheck_done(c, st);
}

/* check_links: slugindex check's link check, on an index written to a
 * private temporary folder (the decision needs an index) and removed. */
static void check_links(const struct site *site, const struct layout *layout,
			const struct site_config *cfg, int64_t now,
			struct diag *d)
{
	const char *tmp = getenv("TMPDIR");
	char dir[4096], path[4200];
	struct linkcheck_stats st = {0};
	struct diag quiet = {0};
	struct index *idx = NULL;
	struct ruleset *rules;

	snprintf(dir, sizeof dir, "%s/slugindex-check.XXXXXX",
		 tmp && *tmp ? tmp : "/tmp");
	if (mkdtemp(dir) == NULL) {
		diag_at(d, DIAG_WARNING, dir, 0, 0, "links not checked: %s",
			strerror(errno));
		return;
	}
	snprintf(path, sizeof path, "%s/check.idx", dir);
	if (index_write(site, layout, path, now, &quiet) == 0 &&
	    index_open(path, INDEX_VERIFY_META, &idx) == INDEX_OK) {
		rules = ruleset_new(idx);
		check_pages(site, linkcheck_new(idx, rules, cfg->base_url, d),
			    &st, d);
		linkcheck_summary(&st, stderr);
		ruleset_free(rules);
		index_close(idx);
	} else
		diag_at(d, DIAG_WARNING, path, 0, 0, "links not checked: "
			"the index could not be written");
	unlink(path);
	rmdir(dir);
}

/* Load config, site and layout; write the index when out is not NULL. */
static int compile(const struct cli *c, const char *out)
{
	struct diag d = {0};
	struct site_config cfg;
	struct site site = {0};
	struct layout layout = {0};
	struct site_opts opts = {.drafts = c->drafts, .now = time(NULL),
				 .keep_source = out == NULL};
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
	if (d.errors == 0 && out == NULL)
		check_links(&site, &layout, &cfg, opts.now, &d);
	if (d.errors == 0 && out != NULL)
		index_write(&site, &layout, out, opts.now, &d);
	if (d.errors == 0) {
		fprintf(stderr, "slugindex: %zu pages, %zu paths, %zu left out "
			"(drafts, future, expired, headless), %u warnings%s%s\n",
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

static struct index *open_path(const char *path)
{
	struct index *idx;
	enum index_err err;

	if (path == NULL) {
		fputs("slugindex: -i FILE.idx is required\n", stderr);
		return NULL;
	}
	err = index_open(path, INDEX_VERIFY_FULL, &idx);
	if (err != INDEX_OK) {
		fprintf(stderr, "slugindex: %s: %s\n", path,
			index_strerror(err));
		return NULL;
	}
	return idx;
}

static struct index *open_index(const struct cli *c)
{
	return open_path(c->index);
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

/* write_output: b to path, atomically, or to standard output (NULL).
 * Returns 0, or 1 after reporting why. */
static int write_output(const char *path, struct buf *b, struct diag *d)
{
	struct atomic_file f;

	if (b->failed) {
		diag_at(d, DIAG_ERROR, path ? path : "-", 0, 0, "out of memory");
		return 1;
	}
	if (path == NULL)
		return fwrite(b->data, 1, b->len, stdout) == b->len &&
		       fflush(stdout) == 0 ? 0 : 1;
	if (atomic_open(&f, path) < 0 || atomic_write(&f, b->data, b->len) < 0 ||
	    atomic_commit(&f) < 0) {
		diag_at(d, DIAG_ERROR, path, 0, 0, "cannot write: %s",
			strerror(errno));
		atomic_abort(&f);
		return 1;
	}
	return 0;
}

static int cmd_replay(struct cli *c)
{
	struct replay_opts o = { c->tsv, c->top };
	struct index *idx = open_index(c);
	struct ruleset *rules;
	int rc;

	if (idx == NULL)
		return 2;
	rules = ruleset_new(idx);
	rc = replay_run(idx, rules, c->args, c->nargs, &o, stdout);
	ruleset_free(rules);
	index_close(idx);
	return rc;
}

static int cmd_diff(struct cli *c)
{
	struct index *a = NULL, *b = NULL;
	struct diff_side old = {0}, new = {0};
	int rc = 2;

	if (c->nargs != 2) {
		fputs(help_diff, stderr);
		return 2;
	}
	if ((a = open_path(c->args[0])) != NULL &&
	    (b = open_path(c->args[1])) != NULL) {
		old = (struct diff_side){ a, ruleset_new(a) };
		new = (struct diff_side){ b, ruleset_new(b) };
		rc = diff_run(&old, &new, c->logs, c->nlogs, stdout);
	}
	ruleset_free(old.rules);
	ruleset_free(new.rules);
	index_close(a);
	index_close(b);
	return rc;
}

/* The import formats, and how a file's name or first bytes tell one. */
static const struct import_format {
	const char *name;
	int (*read)(struct import *, const char *, const char *, size_t);
	const char *suffix;	/* of a file name */
	const char *marker;	/* in its first bytes */
} import_formats[] = {
	{"redirection-csv", import_redirection_csv, ".csv", "source,target"},
	{"redirection-json", import_redirection_json, ".json", "\"redirects\""},
	{"wxr", import_wxr, ".xml", "<rss"},
	{"nginx", import_nginx, ".conf", "location"},
	{"apache", import_apache, ".htaccess", "Redirect"},
	{"apache", import_apache, "", "RewriteRule"},
};

#define NFORMATS (sizeof import_formats / sizeof *import_formats)

static const struct import_format *import_format(const char *want,
						 const char *file,
						 const char *text, size_t len)
{
	size_t fn = strlen(file), head = len < 65536 ? len : 65536;

	for (size_t i = 0; i < NFORMATS; i++)
		if (want != NULL && strcmp(want, import_formats[i].name) == 0)
			return &import_formats[i];
	if (want != NULL)
		return NULL;
	for (size_t i = 0; i < NFORMATS; i++) {
		size_t sn = strlen(import_formats[i].suffix);

		if (sn && fn >= sn && strcmp(file + fn - sn,
					     import_formats[i].suffix) == 0)
			return &import_formats[i];
	}
	for (size_t i = 0; i < NFORMATS; i++)
		if (memmem(text, head, import_formats[i].marker,
			   strlen(import_formats[i].marker)) != NULL)
			return &import_formats[i];
	return NULL;
}

/* import_site: -c: the config (for base_url) and, for wxr, the site. */
static int import_site(struct cli *c, struct import *im,
		       struct site_config *cfg, struct site *site)
{
	struct site_opts opts = {.now = time(NULL)};
	const char *host;

	if (c->config == NULL)
		return 0;
	if (config_load(c->config, cfg, im->d) < 0)
		return -1;
	host = strstr(cfg->base_url, "://");
	if (host != NULL)
		snprintf(im->host, sizeof im->host, "%.*s",
			 (int)strcspn(host + 3, "/:"), host + 3);
	if (env_opts(&opts) < 0 || site_load(site, cfg, &opts, im->d) < 0)
		return -1;
	im->site = site;
	return 0;
}

static int import_files(struct cli *c, struct import *im)
{
	int rc = 0;

	for (int i = 0; i < c->nargs; i++) {
		const struct import_format *f;
		char *text = NULL;
		size_t len = 0;

		if (read_file(c->args[i], 256u << 20, &text, &len, im->d) < 0) {
			rc = -1;
			continue;
		}
		f = import_format(c->format, c->args[i], text, len);
		if (f == NULL) {
			diag_at(im->d, DIAG_ERROR, c->args[i], 0, 0, "%s: give "
				"it with -f (redirection-csv, redirection-json, "
				"apache, nginx, wxr)", c->format ? "unknown "
				"format" : "which format is it?");
			rc = -1;
		} else if (f->read(im, c->args[i], text, len) < 0)
			rc = -1;
		free(text);
	}
	return rc;
}

static int cmd_import(struct cli *c)
{
	struct diag d = {0};
	struct import im = {.d = &d};
	struct site_config cfg = {0};
	struct site site = {0};
	struct buf out = {0};
	int rc = 1;

	if (c->nargs == 0) {
		fputs(help_import, stderr);
		return 2;
	}
	if (import_site(c, &im, &cfg, &site) == 0 && import_files(c, &im) == 0 &&
	    d.errors == 0) {
		import_write(&im, &out);
		rc = write_output(c->output, &out, &d);
	}
	fprintf(stderr, "slugindex import: %zu rules, %lu entries not "
		"imported, %u errors%s\n", im.nrules, im.skipped, d.errors,
		rc ? ": nothing written" : "");
	buf_free(&out);
	import_free(&im);
	site_free(&site);
	config_free(&cfg);
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
	{"replay", cmd_replay, help_replay},
	{"diff", cmd_diff, help_diff},
	{"import", cmd_import, help_import},
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
	int rc;

	log_set_program("slugindex");

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
		free(c.logs);
		fputs(cmd->help, stderr);
		return 2;
	}
	if (c.help) {
		fputs(cmd->help, stdout);
		free(c.logs);
		return 0;
	}
	rc = cmd->run(&c);
	free(c.logs);
	return rc;
}

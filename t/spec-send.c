/* t/spec-send.c: the routing spec's transports that need no socket:
 * in-process (respond() on an index opened here), CGI (slugserve run
 * with the request in its environment, as a web server runs it), and
 * lookup (slugindex lookup, the decision without the response). */
#include "spec.h"
#include "../src/index.h"
#include "../src/respond.h"
#include "../src/rules.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

/* in-process */

static const char *req_env(void *ctx, const char *name)
{
	const struct spec_req *req = ctx;
	size_t i, n = strlen(name);

	for (i = 0; i < req->nvars; i++)
		if (strncmp(req->vars[i], name, n) == 0 && req->vars[i][n] == '=')
			return req->vars[i] + n + 1;
	return NULL;
}

static int resp_write(void *ctx, const char *buf, size_t len)
{
	return resp_append(ctx, buf, len);
}

static struct {
	char path[512];
	struct index *idx;
	struct ruleset *rules;
} opened[8];

static struct index *open_once(const char *path, struct ruleset **rules)
{
	size_t i;
	enum index_err err;

	for (i = 0; i < 8 && opened[i].idx; i++)
		if (strcmp(opened[i].path, path) == 0)
			break;
	if (i == 8)
		return NULL;
	if (opened[i].idx == NULL) {
		if ((err = index_open(path, INDEX_VERIFY_FULL, &opened[i].idx)) != INDEX_OK) {
			printf("# %s: %s\n", path, index_strerror(err));
			opened[i].idx = NULL;
			return NULL;
		}
		snprintf(opened[i].path, sizeof(opened[i].path), "%s", path);
		opened[i].rules = ruleset_new(opened[i].idx);
	}
	*rules = opened[i].rules;
	return opened[i].idx;
}

int spec_send_inproc(const char *where, const struct spec_req *req,
		     struct spec_resp *resp)
{
	struct ruleset *rules;
	struct index *idx = open_once(where, &rules);
	struct respond_io io = { req_env, (void *)req, resp_write, resp };

	if (idx == NULL)
		return -1;
	return respond(idx, rules, &io) < 0 ? -1 : 0;
}

/* run argv with envp, stdin from /dev/null, stdout into resp */
static int run(char *const argv[], char *const envp[], struct spec_resp *resp)
{
	int fd[2], status;
	char buf[65536];
	ssize_t n;
	pid_t pid;

	if (pipe(fd) != 0 || (pid = fork()) < 0)
		return -1;
	if (pid == 0) {
		int null = open("/dev/null", O_RDONLY);

		dup2(null, 0);
		dup2(fd[1], 1);
		close(fd[0]);
		execve(argv[0], argv, envp);
		_exit(127);
	}
	close(fd[1]);
	while ((n = read(fd[0], buf, sizeof(buf))) > 0)
		if (resp_append(resp, buf, (size_t)n))
			break;
	close(fd[0]);
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status)) {
		printf("# %s did not exit normally\n", argv[0]);
		return -1;
	}
	return 0;
}

static const char *binary(const char *var, const char *fallback)
{
	const char *v = getenv(var);

	return v && *v ? v : fallback;
}

int spec_send_cgi(const char *where, const struct spec_req *req,
		  struct spec_resp *resp)
{
	static char path_var[4096], index_var[1024];
	char *envp[SPEC_MAX_LINES * 2 + 6];	/* 3 of ours, the vars, NULL */
	char *argv[2];
	size_t i, n = 0;

	snprintf(path_var, sizeof(path_var), "PATH=%s", binary("PATH", "/usr/bin:/bin"));
	snprintf(index_var, sizeof(index_var), "SLUGSERVE_INDEX=%s", where);
	envp[n++] = path_var;
	envp[n++] = "GATEWAY_INTERFACE=CGI/1.1";
	envp[n++] = index_var;
	for (i = 0; i < req->nvars; i++)
		envp[n++] = req->vars[i];
	envp[n] = NULL;
	argv[0] = (char *)binary("SLUGSERVE", "../src/slugserve");
	argv[1] = NULL;
	return run(argv, envp, resp);
}

/* lookup: "STATUS<TAB>PATH-OR-LOCATION<TAB>..." becomes a head with a
 * Location for a redirect. */
int spec_send_lookup(const char *where, const struct spec_req *req,
		     struct spec_resp *resp)
{
	struct spec_resp out = { 0 };
	char *argv[] = { (char *)binary("SLUGINDEX", "../src/slugindex"), "lookup",
			 "-i", (char *)where, "-m", (char *)req->method, "--",
			 (char *)req->target, NULL };
	char head[8192];
	size_t st;

	resp->decision_only = 1;
	if (run(argv, (char *const[]){ NULL }, &out) || out.data == NULL) {
		free(out.data);
		return -1;
	}
	out.data[strcspn(out.data, "\n")] = '\0';
	st = strcspn(out.data, "\t");
	if (st == 3 && out.data[0] == '3' && out.data[st] == '\t')
		snprintf(head, sizeof(head), "Status: %.3s\r\nLocation: %.*s\r\n\r\n",
			 out.data, (int)strcspn(out.data + 4, "\t"), out.data + 4);
	else
		snprintf(head, sizeof(head), "Status: %.3s\r\n\r\n", out.data);
	free(out.data);
	return resp_append(resp, head, strlen(head));
}

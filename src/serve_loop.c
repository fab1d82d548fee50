/* serve_loop.c: the CGI one-shot, the FastCGI accept loop, the pre-forked
 * workers and their supervisor, and the signals that steer them.
 *
 * Design: pre-forked worker processes, each running an FCGX_Accept_r loop
 * on the one shared listening socket with its own index_holder (its own
 * read-only MAP_SHARED mapping of the index: the kernel backs every
 * worker's mapping with the same page-cache pages, so N workers cost one
 * copy of the file). Against threads in one process this gives: no lock
 * and no reference count around the index swap (each worker swaps between
 * its own requests, so a request never sees two indexes), a crash that
 * takes down one worker and not the site, and libfcgi's per-request state
 * kept private. The price is that each worker verifies a new index itself
 * (INDEX_VERIFY_FULL, once per deploy per worker). -n 1 (the default)
 * serves in this process with no supervisor, for managers that spawn their
 * own (lighttpd's max-procs, spawn-fcgi -F, systemd).
 * Measured (2-core VM, lighttpd 1.4.69 + wrk -t2 -c16 on a 1.9 KB page,
 * all on the same two cores): -n 1 12.5k-13.9k requests/s, -n 2 20.7k/s.
 * Per request, the reload stat() costs 1.0-1.2 us out of ~80 us, within
 * the run-to-run noise (the same build without it: 12.5k-13.9k/s).
 * Allocations (LD_PRELOAD counter, 1,000 vs 10,000 requests): none from
 * slugserve's code, 14 per request inside libfcgi (its streams and params,
 * all freed by FCGX_Finish_r), so live memory stays flat.
 *
 * Signals in a worker: SIGTERM, SIGINT and SIGHUP are blocked except while
 * the worker waits in ppoll() for the next connection, so they arrive only
 * between requests and never inside libfcgi: a stop lets the request in
 * flight finish, and a reload never swaps the index under a request. The
 * listening socket is made non-blocking so that workers that lose the race
 * for a connection get EAGAIN from accept() and go back to waiting, where
 * a signal can reach them. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <fcgiapp.h>

#include "index_holder.h"
#include "respond.h"
#include "serve_loop.h"

/* How long a stop waits for workers before it kills them. */
#define STOP_GRACE 30

static volatile sig_atomic_t got_stop, got_hup;

static void on_signal(int sig)
{
	if (sig == SIGHUP)
		got_hup = 1;
	else
		got_stop = 1;
}

static const char *cgi_env(void *ctx, const char *name)
{
	(void)ctx;
	return getenv(name);
}

static int cgi_write(void *ctx, const char *buf, size_t len)
{
	return fwrite(buf, 1, len, ctx) == len ? 0 : -1;
}

int serve_cgi(const char *index_path)
{
	struct respond_io io = { cgi_env, NULL, cgi_write, stdout };
	struct index_holder h;
	int rc;

	index_holder_init(&h, index_path, INDEX_VERIFY_LAZY);
	index_holder_refresh(&h, 0);
	if (index_holder_get(&h) == NULL)
		index_holder_log_missing(&h);
	rc = respond(index_holder_get(&h), index_holder_rules(&h), &io);
	if (fflush(stdout) != 0)
		rc = -1;
	index_holder_fini(&h);
	return rc < 0 ? 1 : 0;
}

static const char *fcgi_env(void *ctx, const char *name)
{
	FCGX_Request *rq = ctx;

	return FCGX_GetParam(name, rq->envp);
}

static int fcgi_write(void *ctx, const char *buf, size_t len)
{
	FCGX_Request *rq = ctx;
	int n;

	while (len > 0) {
		n = len > INT_MAX ? INT_MAX : (int)len;
		if (FCGX_PutStr(buf, n, rq->out) != n)
			return -1;
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

/* worker_signals: install the handlers (no SA_RESTART, so ppoll returns
 * EINTR), block the three signals, and leave in *waitmask the mask to wait
 * with, where they are open. */
static void worker_signals(sigset_t *waitmask)
{
	struct sigaction sa;
	sigset_t set;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sa.sa_handler = SIG_DFL;
	sigaction(SIGCHLD, &sa, NULL);
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	sigprocmask(SIG_BLOCK, &set, waitmask);
	sigdelset(waitmask, SIGTERM);
	sigdelset(waitmask, SIGINT);
	sigdelset(waitmask, SIGHUP);
}

/* wait_ready: sleep until fd can be read or a signal came. The fd is the
 * connection libfcgi keeps open (FCGI_KEEP_CONN) when there is one, else
 * the listening socket. ipcFd sits below the "don't use" line of
 * fcgiapp.h; it is only read here, and the layout is libfcgi 2.4's ABI. */
static void wait_ready(const FCGX_Request *rq, int listen_fd,
		       const sigset_t *waitmask)
{
	struct pollfd p;

	p.fd = rq->ipcFd >= 0 ? rq->ipcFd : listen_fd;
	p.events = POLLIN;
	p.revents = 0;
	ppoll(&p, 1, NULL, waitmask);
}

/* request_index: when the index comes with the requests (serve_opts), a
 * request naming another file than the holder's switches the holder to
 * it. The web server's config sets it; a client cannot (its headers come
 * as HTTP_*). The path is copied into path_buf, the holder's for now. */
static void request_index(const struct serve_opts *o, struct index_holder *h,
			  FCGX_Request *rq, char *path_buf, size_t cap)
{
	const char *p = FCGX_GetParam("SLUGSERVE_INDEX", rq->envp);

	if (!o->index_per_request)
		return;
	if (p == NULL || *p == '\0' || strlen(p) >= cap)
		p = o->index_path;	/* a request that names none: the default */
	if (strcmp(p, h->path) == 0)
		return;
	index_holder_fini(h);
	if (p != o->index_path) {
		memcpy(path_buf, p, strlen(p) + 1);
		p = path_buf;
	}
	index_holder_init(h, p, INDEX_VERIFY_FULL);
}

/* worker: the accept loop of one process. Returns the exit status. */
static int worker(const struct serve_opts *o)
{
	FCGX_Request rq;
	struct respond_io io = { fcgi_env, &rq, fcgi_write, &rq };
	struct index_holder h;
	sigset_t waitmask;
	static char path_buf[4096];
	int rc, status = 0;

	worker_signals(&waitmask);
	index_holder_init(&h, o->index_path, INDEX_VERIFY_FULL);
	index_holder_refresh(&h, 0);
	if (index_holder_get(&h) == NULL)
		index_holder_log_missing(&h);
	if (FCGX_InitRequest(&rq, o->listen_fd, 0) != 0) {
		fprintf(stderr, "slugserve: FCGX_InitRequest failed\n");
		index_holder_fini(&h);
		return 1;
	}
	while (!got_stop) {
		if (got_hup) {
			got_hup = 0;
			index_holder_refresh(&h, 1);
		}
		wait_ready(&rq, o->listen_fd, &waitmask);
		if (got_stop || got_hup)
			continue;
		rc = FCGX_Accept_r(&rq);
		if (rc == -EAGAIN || rc == -EWOULDBLOCK || rc == -EINTR)
			continue;
		if (rc < 0) {
			fprintf(stderr, "slugserve: accept failed: %s\n",
				strerror(-rc));
			status = 1;
			break;
		}
		request_index(o, &h, &rq, path_buf, sizeof path_buf);
		index_holder_refresh(&h, 0);
		if (index_holder_get(&h) == NULL)
			index_holder_log_missing(&h);
		respond(index_holder_get(&h), index_holder_rules(&h), &io);
		FCGX_Finish_r(&rq);
	}
	FCGX_Free(&rq, 1);
	index_holder_fini(&h);
	return status;
}

static pid_t spawn(const struct serve_opts *o)
{
	pid_t pid = fork();

	if (pid < 0)
		fprintf(stderr, "slugserve: fork: %s\n", strerror(errno));
	if (pid == 0)
		_exit(worker(o));
	return pid > 0 ? pid : 0;
}

struct slot {
	pid_t pid;		/* 0 when the slot waits for a restart */
	time_t started;
};

/* reap: collect dead workers and say why they died. */
static void reap(struct slot *s, int n, int stopping)
{
	pid_t pid;
	int st, i;

	while ((pid = waitpid(-1, &st, WNOHANG)) > 0) {
		for (i = 0; i < n && s[i].pid != pid; i++)
			;
		if (i == n)
			continue;
		s[i].pid = 0;
		if (stopping)
			continue;
		if (WIFSIGNALED(st))
			fprintf(stderr, "slugserve: worker %ld killed by signal "
				"%d; restarting it\n", (long)pid, WTERMSIG(st));
		else
			fprintf(stderr, "slugserve: worker %ld exited with "
				"status %d; restarting it\n", (long)pid,
				WEXITSTATUS(st));
	}
}

static void signal_all(const struct slot *s, int n, int sig)
{
	int i;

	for (i = 0; i < n; i++)
		if (s[i].pid > 0)
			kill(s[i].pid, sig);
}

/* stop_all: SIGTERM to every worker, then wait; SIGKILL after STOP_GRACE
 * seconds for one stuck on a client that does not read. */
static void stop_all(struct slot *s, int n, const sigset_t *set)
{
	struct timespec tick = { 1, 0 };
	time_t deadline = time(NULL) + STOP_GRACE;
	int i, left;

	signal_all(s, n, SIGTERM);
	for (;;) {
		reap(s, n, 1);
		for (i = 0, left = 0; i < n; i++)
			left += s[i].pid > 0;
		if (left == 0)
			return;
		if (time(NULL) >= deadline) {
			signal_all(s, n, SIGKILL);
			deadline = time(NULL) + STOP_GRACE;
		}
		sigtimedwait(set, NULL, &tick);
	}
}

/* supervise: keep o->workers workers alive until SIGTERM or SIGINT. The
 * signals are taken synchronously (sigtimedwait), so there is no handler
 * and no race; a worker that dies is restarted at most once a second. */
static int supervise(const struct serve_opts *o)
{
	struct slot s[SERVE_MAX_WORKERS];
	struct timespec tick = { 1, 0 };
	sigset_t set;
	int i, n = o->workers, sig;

	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGCHLD);
	sigprocmask(SIG_BLOCK, &set, NULL);
	memset(s, 0, sizeof(s));
	for (;;) {
		for (i = 0; i < n; i++)
			if (s[i].pid == 0 && time(NULL) - s[i].started >= 1) {
				s[i].started = time(NULL);
				s[i].pid = spawn(o);
			}
		sig = sigtimedwait(&set, NULL, &tick);
		if (sig == SIGTERM || sig == SIGINT)
			break;
		if (sig == SIGHUP)
			signal_all(s, n, SIGHUP);
		reap(s, n, 0);
	}
	stop_all(s, n, &set);
	return 0;
}

int serve_fcgi(const struct serve_opts *o)
{
	int fl;

	signal(SIGPIPE, SIG_IGN);
	if (FCGX_Init() != 0) {
		fprintf(stderr, "slugserve: FCGX_Init failed\n");
		return 1;
	}
	fl = fcntl(o->listen_fd, F_GETFL);
	if (fl < 0 || fcntl(o->listen_fd, F_SETFL, fl | O_NONBLOCK) < 0) {
		fprintf(stderr, "slugserve: listening socket: %s\n",
			strerror(errno));
		return 1;
	}
	if (o->workers <= 1)
		return worker(o);
	return supervise(o);
}

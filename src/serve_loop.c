/* serve_loop.c: the CGI one-shot, the FastCGI event loop of a worker, the
 * pre-forked workers and their supervisor, and the signals that steer them.
 *
 * Design: pre-forked worker processes, each serving the one shared
 * listening socket and all the connections it accepted at once, from a
 * poll() loop (a connection's own state machine: fcgi_conn.c), with its
 * own index_holder (its own copy of the index). Against threads in one
 * process this gives: no lock and no reference count around the index
 * swap (each worker swaps between its own requests, so a request never
 * sees two indexes), and a crash that takes down one worker and not the
 * site. The price is that each worker verifies a new index itself
 * (INDEX_VERIFY_FULL, once per deploy per worker). -n 1 (the default)
 * serves in this process with no supervisor, for managers that spawn
 * their own (lighttpd's max-procs, spawn-fcgi -F, systemd).
 *
 * Why poll() and not epoll: a worker holds at most --max-conns (64)
 * connections, so the pollfd array is rebuilt each round for about the
 * cost of one epoll_ctl, it is portable, and it needs no descriptor of its
 * own to hand down across fork. Answering is synchronous (respond() takes
 * tens of microseconds and never blocks: it writes into the connection's
 * buffer), so only reading and writing wait, and they wait in the loop.
 * Before libfcgi was replaced (issue 14), FCGX_Accept_r blocked a worker
 * on one connection: a kept connection, a silent or a non-reading client
 * held it for good.
 *
 * Signals in a worker: SIGTERM, SIGINT and SIGHUP are blocked except while
 * the worker waits in ppoll(), so they arrive only between events: a
 * reload never swaps the index under a request. A stop closes every
 * connection between requests, accepts no more, lets the requests in
 * flight finish and their answers be written for at most the write
 * timeout, then exits. The listening socket is non-blocking so that
 * workers that lose the race for a connection get EAGAIN from accept(). */
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

#include <sys/socket.h>

#include "fcgi_conn.h"
#include "index_holder.h"
#include "respond.h"
#include "serve_loop.h"
#include "web_server_addrs.h"

/* How long a stop waits for workers beyond their own limit (the write
 * timeout, see event_loop) before it kills them. */
#define STOP_GRACE 5

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

/* request_index: when the index comes with the requests (serve_opts), a
 * request naming another file than the holder's switches the holder to
 * it. The web server's config sets it; a client cannot (its headers come
 * as HTTP_*). The path is copied into path_buf, the holder's for now. */
static void request_index(const struct serve_opts *o, struct index_holder *h,
			  const struct fcgi_request *rq, char *path_buf,
			  size_t cap)
{
	const char *p = fcgi_request_param((void *)rq, "SLUGSERVE_INDEX");

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

/* The worker's own state, passed to the answer callback. */
struct worker {
	const struct serve_opts *o;
	struct index_holder h;
	char path_buf[4096];
	struct fcgi_conn_conf conf;
	struct fcgi_conn *conns;	/* owned: o->max_conns slots */
	struct pollfd *pfd;		/* owned: o->max_conns + 1 */
	int *slot;			/* owned: pfd[i]'s connection, -1 */
	int64_t listen_pause;		/* ms: the listener rests until then */
};

/* answer: one complete request (an fcgi_answer_fn): the index it names,
 * refreshed, then respond(). */
static int answer(void *ctx, struct fcgi_conn *c, const struct fcgi_request *rq)
{
	struct worker *w = ctx;
	struct respond_io io = { fcgi_request_param, (void *)rq,
				 fcgi_conn_write, c };

	request_index(w->o, &w->h, rq, w->path_buf, sizeof(w->path_buf));
	index_holder_refresh(&w->h, 0);
	if (index_holder_get(&w->h) == NULL)
		index_holder_log_missing(&w->h);
	return respond(index_holder_get(&w->h), index_holder_rules(&w->h),
		       &io) < 0 ? -1 : 0;
}

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int open_count(const struct worker *w)
{
	int i, n = 0;

	for (i = 0; i < w->o->max_conns; i++)
		n += w->conns[i].state != FCGI_CONN_FREE;
	return n;
}

/* accept_some: take up to 8 waiting connections into free slots (a few
 * at a time, so that the other workers get their share). Returns -1 when
 * the listening socket is broken. */
static int accept_some(struct worker *w, int64_t now)
{
	int k, i = 0, fd;

	for (k = 0; k < 8; k++) {
		while (i < w->o->max_conns && w->conns[i].state != FCGI_CONN_FREE)
			i++;
		if (i == w->o->max_conns)
			return 0;
		fd = accept4(w->o->listen_fd, NULL, NULL,
			     SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd < 0) {
			if (errno == EAGAIN || errno == EWOULDBLOCK ||
			    errno == EINTR || errno == ECONNABORTED ||
			    errno == EPROTO)
				return 0;
			fprintf(stderr, "slugserve: accept failed: %s\n",
				strerror(errno));
			if (errno != EMFILE && errno != ENFILE &&
			    errno != ENOBUFS && errno != ENOMEM)
				return -1;
			w->listen_pause = now + 1000;	/* out of files */
			return 0;
		}
		if (!web_server_addr_ok(fd)) {
			close(fd);
			continue;
		}
		fcgi_conn_open(&w->conns[i], fd, &w->conf, answer, w, now);
		/* the request often came with the connection: no poll round */
		fcgi_conn_ready(&w->conns[i], POLLIN, now);
	}
	return 0;
}

/* poll_set: fill w->pfd; returns the count and sets *wait_ms to the time
 * until the next deadline (-1: none). */
static int poll_set(struct worker *w, int listen, int64_t now,
		    int64_t until, int64_t *wait_ms)
{
	int i, n = 0;
	int64_t next = until, d;

	if (listen && open_count(w) < w->o->max_conns) {
		if (now >= w->listen_pause) {
			w->pfd[n] = (struct pollfd){ w->o->listen_fd, POLLIN, 0 };
			w->slot[n++] = -1;
		} else if (next < 0 || w->listen_pause < next)
			next = w->listen_pause;
	}
	for (i = 0; i < w->o->max_conns; i++) {
		if (w->conns[i].state == FCGI_CONN_FREE)
			continue;
		w->pfd[n] = (struct pollfd){ w->conns[i].fd,
					     fcgi_conn_events(&w->conns[i]), 0 };
		w->slot[n++] = i;
		d = fcgi_conn_deadline(&w->conns[i]);
		if (next < 0 || d < next)
			next = d;
	}
	*wait_ms = next < 0 ? -1 : next > now ? next - now : 0;
	return n;
}

/* expire: close the connections past their deadline. */
static void expire(struct worker *w, int64_t now)
{
	int i;

	for (i = 0; i < w->o->max_conns; i++)
		if (w->conns[i].state != FCGI_CONN_FREE &&
		    now >= fcgi_conn_deadline(&w->conns[i]))
			fcgi_conn_close(&w->conns[i]);
}

/* dispatch: hand each ready descriptor to its owner. */
static int dispatch(struct worker *w, int n, int64_t now)
{
	int i;

	for (i = 0; i < n; i++) {
		if (w->pfd[i].revents == 0)
			continue;
		if (w->slot[i] < 0) {
			if (accept_some(w, now) < 0)
				return -1;
		} else
			fcgi_conn_ready(&w->conns[w->slot[i]],
					w->pfd[i].revents, now);
	}
	return 0;
}

/* stop_conns: SIGTERM came: accept no more, close what is idle; what is
 * in flight has until the write timeout. */
static int64_t stop_conns(struct worker *w, int64_t now)
{
	int i;

	for (i = 0; i < w->o->max_conns; i++)
		fcgi_conn_stop(&w->conns[i]);
	return now + w->conf.write_ms;
}

/* event_loop: serve the listener and every connection until a stop has
 * no connection left or ran out of time. Returns the exit status. */
static int event_loop(struct worker *w, const sigset_t *waitmask)
{
	int64_t now = now_ms(), stop_at = -1, wait_ms;
	struct timespec ts;
	int n, rc;

	for (;;) {
		if (got_hup) {
			got_hup = 0;
			index_holder_refresh(&w->h, 1);
		}
		if (got_stop && stop_at < 0)
			stop_at = stop_conns(w, now);
		if (stop_at >= 0 && (open_count(w) == 0 || now >= stop_at))
			return 0;
		n = poll_set(w, stop_at < 0, now, stop_at, &wait_ms);
		ts.tv_sec = wait_ms / 1000;
		ts.tv_nsec = (long)(wait_ms % 1000) * 1000000;
		rc = ppoll(w->pfd, (nfds_t)n, wait_ms < 0 ? NULL : &ts, waitmask);
		now = now_ms();
		if (rc > 0 && dispatch(w, n, now) < 0)
			return 1;
		expire(w, now);
	}
}

static void worker_free(struct worker *w)
{
	int i;

	if (w->conns != NULL)
		for (i = 0; i < w->o->max_conns; i++)
			fcgi_conn_close(&w->conns[i]);
	free(w->conns);
	free(w->pfd);
	free(w->slot);
	w->conns = NULL;
	w->pfd = NULL;
	w->slot = NULL;
	index_holder_fini(&w->h);
}

/* worker: the event loop of one process. Returns the exit status. */
static int worker(const struct serve_opts *o)
{
	struct worker w;
	sigset_t waitmask;
	int status;

	memset(&w, 0, sizeof(w));
	w.o = o;
	w.conf.read_ms = (int64_t)o->read_timeout * 1000;
	w.conf.write_ms = (int64_t)o->write_timeout * 1000;
	w.conf.send_ms = (int64_t)o->send_timeout * 1000;
	w.conf.idle_ms = (int64_t)o->idle_timeout * 1000;
	w.conf.values.max_conns = (unsigned)o->max_conns;
	w.conf.values.max_reqs = (unsigned)o->max_conns;
	worker_signals(&waitmask);
	index_holder_init(&w.h, o->index_path, INDEX_VERIFY_FULL);
	index_holder_refresh(&w.h, 0);
	if (index_holder_get(&w.h) == NULL)
		index_holder_log_missing(&w.h);
	w.conns = calloc((size_t)o->max_conns, sizeof(*w.conns));
	w.pfd = calloc((size_t)o->max_conns + 1, sizeof(*w.pfd));
	w.slot = calloc((size_t)o->max_conns + 1, sizeof(*w.slot));
	if (w.conns == NULL || w.pfd == NULL || w.slot == NULL) {
		fprintf(stderr, "slugserve: no memory for %d connections\n",
			o->max_conns);
		worker_free(&w);
		return 1;
	}
	status = event_loop(&w, &waitmask);
	worker_free(&w);
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

/* stop_all: SIGTERM to every worker, then wait: a worker exits within
 * grace seconds (its write timeout); SIGKILL after STOP_GRACE more, for
 * one that is stuck all the same. */
static void stop_all(struct slot *s, int n, const sigset_t *set, int grace)
{
	struct timespec tick = { 1, 0 };
	time_t deadline = time(NULL) + grace + STOP_GRACE;
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
	stop_all(s, n, &set, o->write_timeout);
	return 0;
}

int serve_fcgi(const struct serve_opts *o)
{
	int fl;

	signal(SIGPIPE, SIG_IGN);
	web_server_addrs_init();
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

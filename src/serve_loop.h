/* serve_loop.h: how slugserve runs: one CGI request from the environment,
 * or a FastCGI accept loop, in this process or in pre-forked workers under
 * a supervisor that restarts them, forwards SIGHUP and stops them on
 * SIGTERM. The design and its measurements are in serve_loop.c. */
#ifndef SLUG_SERVE_LOOP_H
#define SLUG_SERVE_LOOP_H

/* Most workers -n accepts. */
#define SERVE_MAX_WORKERS 256

struct serve_opts {
	const char *index_path;	/* the one file slugserve reads */
	int workers;		/* 1: serve in this process; more: pre-fork */
	int listen_fd;		/* the FastCGI listening socket */
	int read_timeout;	/* seconds: a request's bytes, from the first */
	int write_timeout;	/* seconds without progress writing */
	int send_timeout;	/* seconds: an answer's whole write */
	int idle_timeout;	/* seconds: a kept connection between requests */
	int max_conns;		/* connections per worker */
	int index_per_request;	/* neither -i nor the environment named the
				 * index: a SLUGSERVE_INDEX request variable
				 * (Apache's SetEnv under mod_fcgid) names it */
};

/* serve_cgi: answer the one request in the environment on stdout, from
 * the index opened with INDEX_VERIFY_META. Returns the exit status: 0 when
 * a response was written (a 503 included), 1 when stdout failed. */
int serve_cgi(const char *index_path);

/* serve_fcgi: serve FastCGI requests on o->listen_fd until SIGTERM or
 * SIGINT, then let the request in flight finish. Returns the exit status:
 * 0 after a stop, 1 when accepting failed. */
int serve_fcgi(const struct serve_opts *o);

#endif

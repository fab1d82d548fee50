/* slugserve.c: main of the responder: options, the index path, the choice
 * between FastCGI and CGI, the listening socket (of -s, or passed by
 * systemd: listen_fds.c), and leaving root (privdrop.c). The serving is
 * in serve_loop.c, the answers in respond.c. See docs/slugserve.8. */
#include "config.h"	/* autoconf's: PACKAGE_VERSION, SLUGSERVE_DEFAULT_INDEX */

#include <errno.h>
#include <getopt.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "listen_fds.h"
#include "privdrop.h"
#include "log.h"
#include "sandbox.h"
#include "serve_loop.h"

static const char usage[] =
	"usage: slugserve [-i FILE] [-s ADDRESS] [-n N] [-u USER]\n"
	"       slugserve -h | -V\n"
	"Answers requests for a Hugo site from one index file built by\n"
	"slugindex: as FastCGI when started with a listening socket on fd 0\n"
	"(spawn-fcgi, a web server), a socket from systemd (LISTEN_FDS) or\n"
	"with -s, else as CGI.\n"
	"  -i, --index FILE     the index (else $SLUGSERVE_INDEX, else\n"
	"                       " SLUGSERVE_DEFAULT_INDEX ")\n"
	"  -s, --socket ADDRESS listen on HOST:PORT, [IPV6]:PORT, :PORT or a\n"
	"                       unix socket path\n"
	"  -n, --workers N      N pre-forked FastCGI workers (default 1)\n"
	"  -u, --user USER      started as root, serve as USER (else\n"
	"                       $SLUGSERVE_USER, else " SLUGSERVE_DEFAULT_USER ")\n"
	"      --read-timeout SEC  a request must arrive whole within SEC\n"
	"                       seconds of its first byte (default 10)\n"
	"      --write-timeout SEC close a connection whose answer makes no\n"
	"                       progress for SEC seconds (default 30)\n"
	"      --send-timeout SEC  close a connection whose answer is not all\n"
	"                       written within SEC seconds (default 120)\n"
	"      --idle-timeout SEC  close a kept connection idle for SEC\n"
	"                       seconds (default 60)\n"
	"      --max-conns N    connections per worker (default 64)\n"
	"  -h, --help           this text\n"
	"  -V, --version        the version\n";

struct options {
	const char *index_path;
	const char *socket;
	const char *user;
	int workers;
	int read_timeout, write_timeout, send_timeout, idle_timeout, max_conns;
};

/* The long options without a letter. */
enum { OPT_READ_TIMEOUT = 256, OPT_WRITE_TIMEOUT, OPT_SEND_TIMEOUT,
       OPT_IDLE_TIMEOUT, OPT_MAX_CONNS };

/* number_arg: optarg as a number in min..max into *out; 0, or 2 (the
 * exit status) after saying what is wrong. */
static int number_arg(const char *flag, long min, long max, int *out)
{
	char *end;
	long n;

	errno = 0;
	n = strtol(optarg, &end, 10);
	if (errno || end == optarg || *end != '\0' || n < min || n > max) {
		log_error("%s wants %ld..%ld, not '%s'", flag, min, max, optarg);
		return 2;
	}
	*out = (int)n;
	return 0;
}

/* long_only: the options without a letter; -1 for another. */
static int long_only(int c, struct options *o)
{
	switch (c) {
	case OPT_READ_TIMEOUT:
		return number_arg("--read-timeout", 1, 3600, &o->read_timeout);
	case OPT_WRITE_TIMEOUT:
		return number_arg("--write-timeout", 1, 3600, &o->write_timeout);
	case OPT_SEND_TIMEOUT:
		return number_arg("--send-timeout", 1, 86400, &o->send_timeout);
	case OPT_IDLE_TIMEOUT:
		return number_arg("--idle-timeout", 1, 86400, &o->idle_timeout);
	case OPT_MAX_CONNS:
		return number_arg("--max-conns", 1, 4096, &o->max_conns);
	}
	return -1;
}

static int parse_options(int argc, char **argv, struct options *o)
{
	static const struct option longs[] = {
		{ "index", required_argument, NULL, 'i' },
		{ "socket", required_argument, NULL, 's' },
		{ "workers", required_argument, NULL, 'n' },
		{ "user", required_argument, NULL, 'u' },
		{ "read-timeout", required_argument, NULL, OPT_READ_TIMEOUT },
		{ "write-timeout", required_argument, NULL, OPT_WRITE_TIMEOUT },
		{ "send-timeout", required_argument, NULL, OPT_SEND_TIMEOUT },
		{ "idle-timeout", required_argument, NULL, OPT_IDLE_TIMEOUT },
		{ "max-conns", required_argument, NULL, OPT_MAX_CONNS },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	char *end;
	long n;
	int c, rc;

	while ((c = getopt_long(argc, argv, "i:s:n:u:hV", longs, NULL)) != -1) {
		if ((rc = long_only(c, o)) >= 0) {
			if (rc > 0)
				return rc;
			continue;
		}
		switch (c) {
		case 'i':
			o->index_path = optarg;
			break;
		case 's':
			o->socket = optarg;
			break;
		case 'u':
			o->user = optarg;
			break;
		case 'n':
			errno = 0;
			n = strtol(optarg, &end, 10);
			if (errno || end == optarg || *end != '\0' || n < 1 ||
			    n > SERVE_MAX_WORKERS) {
				log_error("-n wants 1..%d, not '%s'",
					  SERVE_MAX_WORKERS, optarg);
				return 2;
			}
			o->workers = (int)n;
			break;
		case 'h':
			fputs(usage, stdout);
			return 0;
		case 'V':
			printf("slugserve %s\n", PACKAGE_VERSION);
			return 0;
		default:
			fputs(usage, stderr);
			return 2;
		}
	}
	if (optind < argc) {
		log_error("unexpected argument '%s'", argv[optind]);
		fputs(usage, stderr);
		return 2;
	}
	return -1;
}

static int listen_unix(const char *path)
{
	struct sockaddr_un sa;
	struct stat st;
	int fd;

	if (strlen(path) >= sizeof(sa.sun_path)) {
		log_error("socket path too long: %s", path);
		return -1;
	}
	if (lstat(path, &st) == 0) {
		if (!S_ISSOCK(st.st_mode)) {
			log_error("%s exists and is not a socket", path);
			return -1;
		}
		unlink(path);	/* a stale socket of an earlier run */
	}
	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	memcpy(sa.sun_path, path, strlen(path) + 1);
	if ((fd = socket(AF_UNIX, SOCK_STREAM, 0)) < 0 ||
	    bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
	    listen(fd, SOMAXCONN) < 0) {
		log_error("listen on %s: %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	return fd;
}

/* listen_tcp: host NULL is every address (IPv4 and IPv6). */
static int listen_tcp(const char *host, const char *port, const char *what)
{
	struct addrinfo hints, *res = NULL, *ai;
	int fd = -1, one = 1, rc;

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
	if ((rc = getaddrinfo(host, port, &hints, &res)) != 0) {
		log_error("bad address %s: %s", what, gai_strerror(rc));
		return -1;
	}
	for (ai = res; ai != NULL; ai = ai->ai_next) {
		fd = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
		if (fd < 0)
			continue;
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
		if (bind(fd, ai->ai_addr, ai->ai_addrlen) == 0 &&
		    listen(fd, SOMAXCONN) == 0)
			break;
		close(fd);
		fd = -1;
	}
	if (fd < 0)
		log_error("listen on %s: %s", what, strerror(errno));
	freeaddrinfo(res);
	return fd;
}

/* open_socket: see -s in docs/slugserve.8 for the address forms. */
static int open_socket(const char *addr, int *is_unix)
{
	char host[256];
	const char *colon, *port;
	size_t hostlen;

	*is_unix = 0;
	if (addr[0] == '[') {
		colon = strstr(addr, "]:");
		if (colon == NULL)
			goto bad;
		hostlen = (size_t)(colon - addr - 1);
		memcpy(host, addr + 1, hostlen < sizeof(host) ? hostlen : 0);
		port = colon + 2;
	} else if (strchr(addr, '/') || !(colon = strrchr(addr, ':'))) {
		*is_unix = 1;
		return listen_unix(addr);
	} else {
		hostlen = (size_t)(colon - addr);
		memcpy(host, addr, hostlen < sizeof(host) ? hostlen : 0);
		port = colon + 1;
	}
	if (hostlen >= sizeof(host) || *port == '\0')
		goto bad;
	host[hostlen] = '\0';
	if (strcmp(host, "*") == 0)
		host[0] = '\0';
	return listen_tcp(host[0] ? host : NULL, port, addr);
bad:
	log_error("bad address '%s' (HOST:PORT, [IPV6]:PORT or a socket "
		  "path)", addr);
	return -1;
}

/* enter_sandbox: confine this process and the workers it forks before
 * serving (src/sandbox.h): afterwards only files under the index's folder
 * can be opened, for reading. SLUGSERVE_SANDBOX=off (process environment)
 * skips it, for an index that deploys reach through a symbolic link
 * flipped to another folder; SLUGSERVE_SANDBOX_SELFTEST=PATH logs what the
 * sandbox refuses (t/sandbox.sh). */
static void enter_sandbox(const char *index_path, const char *sock)
{
	const char *mode = getenv("SLUGSERVE_SANDBOX");
	const char *test = getenv("SLUGSERVE_SANDBOX_SELFTEST");
	char why[512];
	int layers;

	if (mode != NULL && strcmp(mode, "off") == 0) {
		log_notice("sandbox off (SLUGSERVE_SANDBOX=off)");
		return;
	}
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
	/* the sanitizers' leak check needs ptrace and /proc at exit */
	log_notice("sandbox not entered in a sanitizer build");
	return;
#endif
	layers = sandbox_enter(index_path, sock, why, sizeof(why));
	if (layers != (SANDBOX_LANDLOCK | SANDBOX_SECCOMP) || test != NULL)
		log_msg(test != NULL ? SLOG_NOTICE : SLOG_WARNING,
			"sandbox: %s", why);
	if (test != NULL)
		sandbox_selftest(test, index_path);
}

int main(int argc, char **argv)
{
	struct options o = { NULL, NULL, NULL, 1, 10, 30, 120, 60, 64 };
	struct serve_opts so;
	char why[512];
	int rc, is_unix = 0, passed = 0;

	if ((rc = parse_options(argc, argv, &o)) >= 0)
		return rc;
	if (o.index_path == NULL)
		o.index_path = getenv("SLUGSERVE_INDEX");
	so.index_per_request = o.index_path == NULL || o.index_path[0] == '\0';
	if (so.index_per_request)
		o.index_path = SLUGSERVE_DEFAULT_INDEX;
	so.index_path = o.index_path;
	so.workers = o.workers;
	so.read_timeout = o.read_timeout;
	so.write_timeout = o.write_timeout;
	so.send_timeout = o.send_timeout;
	so.idle_timeout = o.idle_timeout;
	so.max_conns = o.max_conns;
	so.listen_fd = 0;
	if (o.socket == NULL && (passed = listen_fds(why, sizeof(why))) != 0) {
		if (passed != 1) {
			log_error("%s", passed < 0 ? why :
				  "systemd passed more than one socket; give "
				  "the unit one ListenStream=");
			return 1;
		}
		so.listen_fd = LISTEN_FDS_START;
	} else if (o.socket != NULL) {
		if ((so.listen_fd = open_socket(o.socket, &is_unix)) < 0)
			return 1;
	} else if (!fd_is_listener(0)) {
		if (getenv("GATEWAY_INTERFACE") != NULL)
			return serve_cgi(o.index_path);
		log_error("not started by a web server (no FastCGI socket on "
			  "fd 0, no GATEWAY_INTERFACE); use -s ADDRESS");
		fputs(usage, stderr);
		return 2;
	}
	if (o.user == NULL && (o.user = getenv("SLUGSERVE_USER")) != NULL &&
	    o.user[0] == '\0')
		o.user = NULL;
	if (so.listen_fd != 0 &&
	    privdrop(o.user ? o.user : SLUGSERVE_DEFAULT_USER, o.user != NULL,
		     is_unix ? o.socket : NULL, why, sizeof(why)) < 0) {
		log_error("%s", why);
		if (is_unix)
			unlink(o.socket);
		return 1;
	}
	if (so.index_per_request)
		log_notice("sandbox not entered: the index comes with each "
			   "request (SetEnv under mod_fcgid); give -i or "
			   "SLUGSERVE_INDEX to confine slugserve");
	else
		enter_sandbox(so.index_path, is_unix ? o.socket : NULL);
	rc = serve_fcgi(&so);
	if (is_unix)
		unlink(o.socket);
	return rc;
}

#!/usr/bin/env python3
# t/fcgi-client.py: raw FastCGI clients for t/fcgi-attack.sh, one attack
# or protocol case per command; each prints "ok" or what went wrong.
#   fcgi-client.py CASE SOCKET [ARG...]
# The records are built by hand (FastCGI 1.0): header {1, type, id, clen,
# plen, 0}, content, padding.
import os, socket, struct, sys, time

BEGIN, ABORT, END, PARAMS, STDIN, STDOUT, STDERR, DATA, GETV, GETVR, UNKNOWN = range(1, 12)


def rec(t, rid, content=b"", pad=0):
    return struct.pack(">BBHHBB", 1, t, rid, len(content), pad, 0) + content + b"\0" * pad


def ln(n):
    return bytes([n]) if n < 128 else struct.pack(">I", n | 0x80000000)


def pairs(d):
    return b"".join(ln(len(k)) + ln(len(v)) + k + v for k, v in d)


def request(rid, uri, keep=True, role=1, method=b"GET"):
    p = pairs([(b"REQUEST_METHOD", method), (b"REQUEST_URI", uri),
               (b"SERVER_PROTOCOL", b"HTTP/1.1")])
    return (rec(BEGIN, rid, struct.pack(">HB5x", role, 1 if keep else 0)) +
            rec(PARAMS, rid, p) + rec(PARAMS, rid) + rec(STDIN, rid))


def connect(path, rcvbuf=None):
    """A unix socket path, or HOST:PORT over TCP."""
    tcp = not path.startswith("/") and ":" in path
    s = socket.socket(socket.AF_INET if tcp else socket.AF_UNIX, socket.SOCK_STREAM)
    if rcvbuf:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
    s.settimeout(10)
    if tcp:
        host, port = path.rsplit(":", 1)
        s.connect((host, int(port)))
    else:
        s.connect(path)
    return s


class Reader:
    """Records from a socket: read_record() -> (type, id, content) or None at EOF."""

    def __init__(self, s):
        self.s, self.buf = s, b""

    def need(self, n):
        while len(self.buf) < n:
            d = self.s.recv(65536)
            if not d:
                return False
            self.buf += d
        return True

    def read_record(self):
        if not self.need(8):
            return None
        _, t, rid, cl, pl, _ = struct.unpack(">BBHHBB", self.buf[:8])
        if not self.need(8 + cl + pl):
            return None
        c = self.buf[8:8 + cl]
        self.buf = self.buf[8 + cl + pl:]
        return t, rid, c

    def response(self):
        """One request's answer: (id, stdout, protocol status) or None."""
        out = b""
        while True:
            r = self.read_record()
            if r is None:
                return None
            t, rid, c = r
            if t == STDOUT:
                out += c
            elif t == END:
                return rid, out, c[4]


def status_of(out):
    line = out.split(b"\r\n", 1)[0]
    return line[8:11].decode() if line.startswith(b"Status: ") else "?"


def get(path, uri=b"/about/"):
    s = connect(path)
    s.sendall(request(1, uri, keep=False))
    r = Reader(s).response()
    s.close()
    return status_of(r[1]) if r else "none"


def closed_within(s, secs):
    """Seconds until the server closes s (reading and dropping), or None."""
    t0 = time.time()
    s.settimeout(0.2)
    while time.time() - t0 < secs:
        try:
            d = s.recv(1 << 20)
            if not d:
                return time.time() - t0
        except socket.timeout:
            continue
        except (ConnectionResetError, BrokenPipeError):
            return time.time() - t0
    return None


def rss_kb(pid):
    with open("/proc/%s/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return -1


def case_silent(path, timeout):
    a = connect(path)
    t0 = time.time()
    st = get(path)
    took = time.time() - t0
    if st != "200" or took > 3:
        return "second client: %s after %.1fs" % (st, took)
    c = closed_within(a, float(timeout) + 3)
    if c is None or c < float(timeout) - 2.5:
        return "silent client closed after %s s (read timeout %s)" % (c, timeout)
    return "ok"


def case_nonreading(path, timeout, pid, uri=b"/"):
    a = connect(path, rcvbuf=4096)
    a.settimeout(1)
    before = rss_kb(pid)
    burst = request(1, uri) * 200
    sent = 0
    try:
        for _ in range(20):
            sent += a.send(burst)
    except (socket.timeout, BlockingIOError):
        pass
    t0 = time.time()
    st = get(path)
    took = time.time() - t0
    if st != "200" or took > 3:
        return "second client: %s after %.1fs" % (st, took)
    grew = rss_kb(pid) - before
    if grew > 4096:
        return "worker grew by %d KiB" % grew
    time.sleep(float(timeout) + 1.5)
    c = closed_within(a, 5)
    if c is None:
        return "non-reading client still open after the write timeout"
    return "ok"


def case_drip(path, timeout, kind):
    """A connection that sends, every second, a record that is no request
    (an empty DATA record, or a GET_VALUES query): it must still be closed
    by the read timeout (no request yet) or the idle timeout (kept)."""
    a = connect(path)
    if kind == "kept":
        a.sendall(request(1, b"/about/"))
        r = Reader(a).response()
        if not r or status_of(r[1]) != "200":
            return "kept request: %r" % (r,)
    drip = rec(5, 1) if kind != "values" else rec(9, 0, pairs([(b"FCGI_MAX_CONNS", b"")]))
    t0 = time.time()
    a.settimeout(0.2)
    while time.time() - t0 < float(timeout) + 4:
        try:
            a.sendall(drip)
        except (BrokenPipeError, ConnectionResetError):
            return "ok" if time.time() - t0 >= float(timeout) - 2.5 else \
                "closed too soon: %.1f s" % (time.time() - t0)
        c = closed_within(a, 1.0)
        if c is not None:
            took = time.time() - t0
            return "ok" if took >= float(timeout) - 2.5 else \
                "closed too soon: %.1f s" % took
    return "a %s connection dripping records stayed open past %s s" % (kind, timeout)


def case_idle(path, timeout):
    a = connect(path)
    a.sendall(request(1, b"/about/"))
    r = Reader(a).response()
    if not r or status_of(r[1]) != "200":
        return "kept request: %r" % (r,)
    t0 = time.time()
    st = get(path)
    if st != "200" or time.time() - t0 > 3:
        return "second client: %s" % st
    c = closed_within(a, float(timeout) + 3)
    if c is None or c < float(timeout) - 2.5:
        return "idle kept connection closed after %s s (idle timeout %s)" % (c, timeout)
    return "ok"


def case_endless_params(path, pid):
    a = connect(path)
    a.settimeout(2)
    before = rss_kb(pid)
    junk = rec(PARAMS, 1, pairs([(b"HTTP_X", b"x" * 60000)]), 0)
    a.sendall(rec(BEGIN, 1, struct.pack(">HB5x", 1, 1)))
    sent = 0
    try:
        while sent < 50 << 20:
            a.sendall(junk)
            sent += len(junk)
    except (socket.timeout, BrokenPipeError, ConnectionResetError):
        pass
    grew = rss_kb(pid) - before
    if sent >= 50 << 20:
        return "50 MiB of params accepted"
    if grew > 2048:
        return "worker grew by %d KiB" % grew
    try:
        r = Reader(a).response()
    except (socket.timeout, ConnectionResetError):
        r = None
    if r is not None and status_of(r[1]) != "431":
        return "answer %s, not 431" % status_of(r[1])
    return "ok" if r is not None else "ok closed"


def case_big_params(path):
    a = connect(path)
    p = pairs([(b"REQUEST_METHOD", b"GET"), (b"REQUEST_URI", b"/"),
               (b"HTTP_COOKIE", b"c" * 50000), (b"HTTP_X", b"x" * 50000),
               (b"HTTP_Y", b"y" * 50000)])
    msg = rec(BEGIN, 1, struct.pack(">HB5x", 1, 0))
    for i in range(0, len(p), 65535):
        msg += rec(PARAMS, 1, p[i:i + 65535])
    a.sendall(msg + rec(PARAMS, 1) + rec(STDIN, 1))
    r = Reader(a).response()
    if r is None or status_of(r[1]) != "431":
        return "answer %r" % (r and r[1][:40],)
    return "ok"


def case_get_values(path, max_conns):
    a = connect(path)
    q = pairs([(b"FCGI_MAX_CONNS", b""), (b"FCGI_MAX_REQS", b""),
               (b"FCGI_MPXS_CONNS", b"")])
    a.sendall(rec(GETV, 0, q))
    r = Reader(a).read_record()
    if r is None or r[0] != GETVR or r[1] != 0:
        return "no GET_VALUES_RESULT: %r" % (r,)
    want = pairs([(b"FCGI_MAX_CONNS", max_conns.encode()),
                  (b"FCGI_MAX_REQS", max_conns.encode()), (b"FCGI_MPXS_CONNS", b"0")])
    if r[2] != want:
        return "result %r" % r[2]
    a.sendall(rec(99, 0, b"zz"))
    r = Reader(a).read_record()
    if r is None or r[0] != UNKNOWN or r[2][0] != 99:
        return "no UNKNOWN_TYPE: %r" % (r,)
    a.sendall(request(1, b"/about/", keep=False))
    r = Reader(a).response()
    return "ok" if r and status_of(r[1]) == "200" else "request after: %r" % (r,)


def case_role(path, role):
    a = connect(path)
    a.sendall(request(1, b"/about/", keep=False, role=int(role)))
    r = Reader(a).response()
    if r is None or r[2] != 3 or r[1] != b"":
        return "answer %r" % (r,)
    return "ok"


def case_pipelined(path):
    a = connect(path)
    uris = [b"/about/", b"/", b"/no/such/page/"]
    a.sendall(b"".join(request(i + 1, u) for i, u in enumerate(uris)))
    rd = Reader(a)
    got = [rd.response() for _ in uris]
    if None in got:
        return "answers: %r" % ([g and g[0] for g in got],)
    ids = [g[0] for g in got]
    sts = [status_of(g[1]) for g in got]
    if ids != [1, 2, 3] or sts != ["200", "200", "404"]:
        return "ids %r statuses %r" % (ids, sts)
    if b"About this site" not in got[0][1]:
        return "first answer is not /about/"
    return "ok"


def case_mpx(path):
    a = connect(path)
    p = pairs([(b"REQUEST_METHOD", b"GET"), (b"REQUEST_URI", b"/about/")])
    a.sendall(rec(BEGIN, 1, struct.pack(">HB5x", 1, 1)) + rec(PARAMS, 1, p) +
              rec(BEGIN, 2, struct.pack(">HB5x", 1, 1)))
    rd = Reader(a)
    r = rd.response()
    if r is None or r[0] != 2 or r[2] != 1:
        return "second request: %r" % (r,)
    a.sendall(rec(PARAMS, 1) + rec(STDIN, 1))
    r = rd.response()
    if r is None or r[0] != 1 or status_of(r[1]) != "200":
        return "first request: %r" % (r,)
    return "ok"


def case_refused(path):
    """The server hangs up at once, unanswered."""
    a = connect(path)
    try:
        a.sendall(request(1, b"/about/", keep=False))
        r = Reader(a).response()
    except (ConnectionResetError, BrokenPipeError):
        r = None
    return "ok" if r is None else "answered %s" % status_of(r[1])


def case_get(path):
    st = get(path)
    return "ok" if st == "200" else "answer %s" % st


def case_records(path):
    """An answer under 64 KiB comes in one STDOUT record, then the empty
    one that ends the stream, each padded to a multiple of 8 bytes."""
    s = connect(path)
    s.sendall(request(1, b"/about/", keep=False))
    rd, kinds = Reader(s), []
    while True:
        if not rd.need(8):
            break
        _, t, _, cl, pl, _ = struct.unpack(">BBHHBB", rd.buf[:8])
        if (8 + cl + pl) % 8:
            return "a record of %d bytes, padding %d" % (cl, pl)
        kinds.append((t, cl))
        if rd.read_record() is None or t == END:
            break
    s.close()
    stdout = [cl for t, cl in kinds if t == STDOUT]
    if len(stdout) != 2 or stdout[0] == 0 or stdout[1] != 0:
        return "STDOUT records of %s bytes" % stdout
    return "ok"


def case_slow_drain(path, limit):
    """A reader that takes 64 KiB every half second of one large answer:
    always progress, so the write timeout never comes; the send timeout must
    close it within limit seconds (plus what the socket buffers hold)."""
    a = connect(path)
    a.sendall(request(1, b"/big/", keep=False))
    a.settimeout(0.2)
    got, t0 = 0, time.time()
    while time.time() - t0 < float(limit) + 12:
        try:
            d = a.recv(65536)
        except socket.timeout:
            d = None
        if d == b"":
            took = time.time() - t0
            if took > float(limit) + 8:
                return "closed after %.1fs" % took
            if got >= 2 * 1024 * 1024:
                return "the whole answer (%d bytes) arrived in %.1fs" % (got, took)
            return "ok"
        if d:
            got += len(d)
        time.sleep(0.5)
    return "still open after %.0fs, %d bytes read" % (time.time() - t0, got)


def case_max_conns(path, timeout):
    """--max-conns 1: a second client waits in the queue until the silent
    first one is closed, then is served."""
    a = connect(path)
    time.sleep(0.3)
    t0 = time.time()
    st = get(path)
    took = time.time() - t0
    a.close()
    if st != "200":
        return "second client: %s" % st
    if took < float(timeout) - 1.5:
        return "second client served after %.1fs, before the first was closed" % took
    return "ok"


def case_hold_unread(path):
    """Send many kept requests, read nothing, hold until killed."""
    a = connect(path, rcvbuf=4096)
    a.settimeout(1)
    try:
        for _ in range(20):
            a.send(request(1, b"/") * 200)
    except (socket.timeout, BlockingIOError):
        pass
    sys.stdout.write("ok\n")
    sys.stdout.flush()
    time.sleep(60)
    return None


def case_connect_silent(path):
    """Connect and hold the connection until killed."""
    a = connect(path)
    sys.stdout.write("ok\n")
    sys.stdout.flush()
    time.sleep(60)
    a.close()
    return None


def main():
    cases = {"silent": case_silent, "nonreading": case_nonreading,
             "idle": case_idle, "drip": case_drip,
             "endless-params": case_endless_params,
             "big-params": case_big_params, "get-values": case_get_values,
             "role": case_role, "pipelined": case_pipelined, "mpx": case_mpx,
             "hold": case_connect_silent,
             "refused": case_refused, "get": case_get,
             "max-conns": case_max_conns, "records": case_records,
             "slow-drain": case_slow_drain,
             "hold-unread": case_hold_unread}
    try:
        r = cases[sys.argv[1]](*sys.argv[2:])
    except Exception as e:
        r = "%s: %s" % (type(e).__name__, e)
    if r is not None:
        print(r)


if __name__ == "__main__":
    main()

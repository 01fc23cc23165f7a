#!/usr/bin/python3
"""A lab backend member: answers its service's real paths (and only those: 404 elsewhere, as the real
services do, so a wrong ProxyPass mapping fails) with its name, sets the session cookies the seed's
sticky sessions use (JSESSIONID=<id>.<route> for RCS, on the RCS's own path /rcs), and logs nothing.
Usage: backend.py NAME ADDRESS PORT [ROUTE]; NAME is tN + rws|rp|rcs|sm|webdav + a number."""
import http.server
import re
import socketserver
import sys
import uuid

name, address, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
route = sys.argv[4] if len(sys.argv) > 4 else ""

# the paths each service serves at the member (the seed: ProxyPass /tN/rp/api balancer://tNrp/api)
SERVICE_PATHS = {
    "rws": ["/api", "/internal-api"],
    "rp": ["/api"],
    "rcs": ["/rcs"],
    "sm": ["/interactionreceiver"],
    "webdav": ["/recordings", "/dest2"],
}
match = re.fullmatch(r"t[0-9]+(rws|rp|rcs|sm|webdav)[0-9]+", name)
if not match:
    sys.exit(f"backend.py: {name} is not tN + rws, rp, rcs, sm or webdav + a number")
service = match.group(1)
paths = SERVICE_PATHS[service]


def serves(path):
    path = path.split("?", 1)[0]
    return any(path == p or path.startswith(p + "/") for p in paths)


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def _answer(self, body_wanted=True):
        if not serves(self.path):
            body = f"member={name}: {self.path} is not a {service} path (serves {' '.join(paths)})\n".encode()
            self.send_response(404)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("X-Member", name)
            self.end_headers()
            if body_wanted:
                self.wfile.write(body)
            return
        body = f"member={name} route={route} path={self.path}\n".encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Member", name)
        if service == "rcs" and route and "JSESSIONID" not in (self.headers.get("Cookie") or ""):
            self.send_header("Set-Cookie", f"JSESSIONID={uuid.uuid4().hex}.{route}; Path={paths[0]}")
        self.end_headers()
        if body_wanted:
            self.wfile.write(body)

    def do_GET(self):
        self._answer()

    def do_HEAD(self):
        self._answer(False)

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        self._answer()

    def log_message(self, *args):
        pass


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True


Server((address, port), Handler).serve_forever()

#!/usr/bin/python3
"""A lab backend member: answers every request with its name, sets the session cookies the seed's
sticky sessions use (JSESSIONID=<id>.<route> for RCS), and logs nothing. Usage:
backend.py NAME ADDRESS PORT [ROUTE]"""
import http.server
import socketserver
import sys
import uuid

name, address, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
route = sys.argv[4] if len(sys.argv) > 4 else ""


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def _answer(self, body_wanted=True):
        body = f"member={name} route={route} path={self.path}\n".encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Member", name)
        if route and "JSESSIONID" not in (self.headers.get("Cookie") or ""):
            self.send_header("Set-Cookie", f"JSESSIONID={uuid.uuid4().hex}.{route}; Path=/")
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

#!/usr/bin/env python3
"""Plain HTTP/1.1 server for the banwatch lab: answers every GET or HEAD with 200.

Usage: lab-http-server.py ADDRESS PORT
"""
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class AnyPath(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "banwatch-lab"
    sys_version = ""

    def _answer(self, with_body):
        body = ("banwatch lab: %s %s\n" % (self.headers.get("Host", "-"), self.path)).encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if with_body:
            self.wfile.write(body)

    def do_GET(self):
        self._answer(True)

    def do_HEAD(self):
        self._answer(False)

    def log_message(self, fmt, *args):
        pass


def main():
    if len(sys.argv) != 3:
        sys.stderr.write("usage: lab-http-server.py ADDRESS PORT\n")
        sys.exit(2)
    ThreadingHTTPServer((sys.argv[1], int(sys.argv[2])), AnyPath).serve_forever()


if __name__ == "__main__":
    main()

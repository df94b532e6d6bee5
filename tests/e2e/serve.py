"""Serve a folder on 127.0.0.1 at a free port chosen by the OS (no race).

Usage: python3 serve.py DIR PORT_FILE
Writes the port number to PORT_FILE once the socket is listening, then serves
until killed. Requests are logged to stderr.
"""

import functools
import http.server
import os
import sys


class Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".js": "text/javascript",
        ".mjs": "text/javascript",
        ".wasm": "application/wasm",
        ".json": "application/json",
        ".xml": "application/xml",
    }

    def end_headers(self):
        # Always revalidate, so a rebuilt site is never served stale.
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()


def main():
    root, port_file = sys.argv[1], sys.argv[2]
    handler = functools.partial(Handler, directory=os.path.abspath(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    tmp = port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write(str(server.server_address[1]))
    os.replace(tmp, port_file)
    server.serve_forever()


if __name__ == "__main__":
    main()

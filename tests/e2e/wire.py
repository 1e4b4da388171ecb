"""A TCP proxy in front of a server that counts the bytes the server sends, so a test can
measure what a browser really transfers: headers, compressed bodies, and the requests the
service worker makes on its own (which the page's Resource Timing does not see)."""

from __future__ import annotations

import socket
import threading
import time


class CountingProxy:
    def __init__(self, upstream_port: int):
        self.upstream_port = upstream_port
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self._lock = threading.Lock()
        self._received = 0
        self._last_byte = time.monotonic()
        self._closed = False
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def received(self) -> int:
        """Bytes the server sent to the browser so far."""
        with self._lock:
            return self._received

    def quiet_for(self) -> float:
        """Seconds since the server last sent a byte."""
        with self._lock:
            return time.monotonic() - self._last_byte

    def close(self) -> None:
        self._closed = True
        self._listener.close()

    def _accept(self) -> None:
        while not self._closed:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(("127.0.0.1", self.upstream_port))
            threading.Thread(target=self._pipe, args=(client, upstream, False), daemon=True).start()
            threading.Thread(target=self._pipe, args=(upstream, client, True), daemon=True).start()

    def _pipe(self, source: socket.socket, target: socket.socket, counted: bool) -> None:
        try:
            while chunk := source.recv(65536):
                if counted:
                    with self._lock:
                        self._received += len(chunk)
                        self._last_byte = time.monotonic()
                target.sendall(chunk)
        except OSError:
            pass
        finally:
            for end in (source, target):
                try:
                    end.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

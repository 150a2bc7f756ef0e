"""A TCP fault proxy on loopback: forwards to a real server, then misbehaves.

`FaultProxy(target_port, mode, after, direction)`:
  mode "cut"    closes both sides once `after` bytes have passed in `direction`;
  mode "stall"  stops forwarding (and keeps the sockets open) after `after` bytes;
  direction "down" counts server -> client bytes, "up" client -> server bytes.
Every connection accepted gets the same fault; `faults` counts the faults injected and
`passed` the bytes forwarded in `direction` (all connections): with a huge `after`, a byte meter.
Use as a context manager; `port` is where clients connect.
"""
from __future__ import annotations

import socket
import threading


class FaultProxy:
    injected = 0                     # faults injected by every proxy of the process

    def __init__(self, target_port: int, mode: str = "cut", after: int = 0, direction: str = "down",
                 host: str = "127.0.0.1"):
        assert mode in ("cut", "stall") and direction in ("down", "up")
        self.target = (host, target_port)
        self.mode, self.after, self.direction = mode, after, direction
        self.faults = 0
        self.passed = 0
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._socks: list[socket.socket] = []
        self._listener = socket.create_server((host, 0))
        self.port = self._listener.getsockname()[1]
        self._thread = threading.Thread(target=self._accept, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self) -> None:
        self._stop.set()
        for s in [self._listener, *self._socks]:
            try:
                s.close()
            except OSError:
                pass

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            try:
                server = socket.create_connection(self.target)
            except OSError:
                client.close()
                continue
            self._socks += [client, server]
            state = {"count": 0, "tripped": False}
            for src, dst, counted in ((client, server, self.direction == "up"),
                                      (server, client, self.direction == "down")):
                threading.Thread(target=self._pump, args=(src, dst, counted, state, client, server),
                                 daemon=True).start()

    def _trip(self, state) -> bool:
        with self._lock:
            if state["tripped"]:
                return False
            state["tripped"] = True
            self.faults += 1
            FaultProxy.injected += 1
            return True

    def _pump(self, src, dst, counted, state, client, server) -> None:
        while not self._stop.is_set():
            try:
                data = src.recv(65536)
            except OSError:
                data = b""
            if not data:
                break
            if state["tripped"]:
                if self.mode == "cut":
                    break
                continue                     # stalled: swallow everything
            if counted and state["count"] + len(data) >= self.after:
                keep = max(0, self.after - state["count"])
                state["count"] = self.after
                if keep:
                    try:
                        dst.sendall(data[:keep])
                    except OSError:
                        pass
                self._trip(state)
                if self.mode == "cut":
                    break
                continue
            if counted:
                state["count"] += len(data)
                with self._lock:
                    self.passed += len(data)
            try:
                dst.sendall(data)
            except OSError:
                break
        if self.mode == "cut" or not state["tripped"]:
            for s in (client, server):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                try:
                    s.close()
                except OSError:
                    pass

"""Imported by Python at start-up (this folder is on PYTHONPATH) before a runtime-suite app runs: every HTTP request
the app makes is recorded and answered in-process, nothing leaves the machine.

- httpx.Client.send / httpx.AsyncClient.send, the same in httpx2 (the fork openai>=3 and anthropic>=2 send through)
  and requests.Session.send (openai 0.28, LiteLLM's callbacks) are replaced: each request is appended to
  $RUNTIME_CAPTURE (one JSON object a line: method, url, headers, body) and gets a canned provider-shaped answer
  (canned.json, chosen by the path's ending; a 404 otherwise).
- Backstop: a socket connection to anything but loopback is refused and recorded as "blocked" (the suite also sets
  HTTP(S)_PROXY to a closed loopback port), which fails the suite's assertions.
"""

import errno
import json
import os
import socket
from urllib.parse import urlsplit

_CAPTURE = os.environ.get("RUNTIME_CAPTURE")
_HERE = os.path.dirname(os.path.abspath(__file__))


def _record(entry):
    with open(_CAPTURE, "a", encoding="utf-8") as f:
        f.write(json.dumps(entry) + "\n")


def _canned(url):
    with open(os.path.join(_HERE, "canned.json"), encoding="utf-8") as f:
        answers = json.load(f)
    path = urlsplit(url).path
    for suffix, body in answers.items():
        if suffix.startswith("/") and path.endswith(suffix):
            return 200, json.dumps(body).encode()
    return 404, json.dumps({"error": {"message": "runtime test preload: no canned answer for " + url, "type": "not_found"}}).encode()


def _text(body):
    if body is None:
        return None
    if isinstance(body, bytes):
        return body.decode("utf-8", "replace")
    return str(body)


def _headers(pairs):
    out = {}
    for k, v in pairs:
        k = k.lower()
        out[k] = v if k not in out else out[k] + ", " + v
    return out


_ANSWER_HEADERS = {"content-type": "application/json", "x-request-id": "req_runtime_test"}


def _patch_httpx(module_name):
    try:
        mod = __import__(module_name)
    except ImportError:
        return

    def _handle(request):
        body = request.read()
        _record({"via": module_name, "method": request.method, "url": str(request.url), "headers": _headers(request.headers.multi_items()), "body": _text(body) if body else None})
        status, content = _canned(str(request.url))
        return mod.Response(status, headers=_ANSWER_HEADERS, content=content, request=request)

    def send(self, request, *args, **kwargs):
        return _handle(request)

    async def async_send(self, request, *args, **kwargs):
        return _handle(request)

    mod.Client.send = send
    mod.AsyncClient.send = async_send


def _patch_requests():
    try:
        import requests
        from requests.structures import CaseInsensitiveDict
    except ImportError:
        return

    def send(self, request, **kwargs):
        _record({"via": "requests", "method": request.method, "url": request.url, "headers": _headers(request.headers.items()), "body": _text(request.body)})
        status, content = _canned(request.url)
        response = requests.Response()
        response.status_code = status
        response._content = content
        response.headers = CaseInsensitiveDict(_ANSWER_HEADERS)
        response.url = request.url
        response.request = request
        response.encoding = "utf-8"
        response.reason = "OK" if status == 200 else "Not Found"
        return response

    requests.Session.send = send


def _loopback(address):
    host = address[0] if isinstance(address, tuple) else None
    if host is None:  # a Unix socket path
        return True
    return host in ("localhost", "::1") or host.startswith("127.") or host.startswith("::ffff:127.")


def _patch_sockets():
    original_connect = socket.socket.connect
    original_connect_ex = socket.socket.connect_ex

    def refuse(address):
        _record({"via": "socket.connect", "blocked": "%s:%s" % (address[0], address[1])})
        return OSError(errno.ENETUNREACH, "runtime test preload: connection to %s:%s refused (no network in this test)" % (address[0], address[1]))

    def connect(self, address):
        if not _loopback(address):
            raise refuse(address)
        return original_connect(self, address)

    def connect_ex(self, address):
        if not _loopback(address):
            refuse(address)
            return errno.ENETUNREACH
        return original_connect_ex(self, address)

    socket.socket.connect = connect
    socket.socket.connect_ex = connect_ex


if _CAPTURE:
    _patch_sockets()
    _patch_httpx("httpx")
    _patch_httpx("httpx2")
    _patch_requests()

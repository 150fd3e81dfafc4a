"""The sample nginx configuration (deploy/nginx/gongkai.conf) in front of a running portal.

nginx (Debian's package) runs the sample as shipped, with only its addresses and cache folder moved into the
test's own: public pages are cached and revalidated, pages with forms and sessions are not, oversized bodies are
refused before they reach the portal. Under CI=true nginx must be installed (.ci/run installs it).
"""

import http.client
import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest
from django.urls import reverse

from tests.catalog.public_data import build

SAMPLE = Path(__file__).resolve().parent.parent / "deploy" / "nginx" / "gongkai.conf"
NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)

if NGINX is None and os.environ.get("CI") == "true":
    raise RuntimeError("nginx is missing: .ci/run installs Debian's nginx for this test")

pytestmark = [
    pytest.mark.skipif(NGINX is None, reason="nginx is not installed (apt-get install nginx)"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def nginx(live_server, tmp_path, settings):
    settings.ALLOWED_HOSTS = ["*"]
    upstream = live_server.url.removeprefix("http://")
    port = free_port()
    site = SAMPLE.read_text(encoding="utf-8")
    moved = (("server 127.0.0.1:8000;", f"server {upstream};"), ("listen 80;", f"listen 127.0.0.1:{port};"),
             ("/var/cache/nginx/gongkai", str(tmp_path / "cache")),
             ("/var/log/nginx/gongkai.access.log", str(tmp_path / "access.log")))
    for shipped, here in moved:
        assert shipped in site, f"the sample no longer says {shipped!r}: update this test"
        site = site.replace(shipped, here)
    (tmp_path / "gongkai.conf").write_text(site, encoding="utf-8")
    temp = "".join(f"{kind}_temp_path {tmp_path / kind};\n"
                   for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    (tmp_path / "nginx.conf").write_text(
        ("user root;\n" if os.geteuid() == 0 else "")
        + f"daemon off;\nworker_processes 1;\npid {tmp_path / 'nginx.pid'};\nerror_log {tmp_path / 'error.log'};\n"
        + "events { worker_connections 64; }\n"
        + f"http {{\naccess_log off;\n{temp}include {tmp_path / 'gongkai.conf'};\n}}\n",
        encoding="utf-8",
    )
    check = subprocess.run([NGINX, "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
                           capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    process = subprocess.Popen([NGINX, "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
            break
        except OSError:
            time.sleep(0.05)
    yield port
    process.terminate()
    process.wait(timeout=10)


def get(port: int, path: str, headers: dict | None = None) -> tuple[int, dict, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    connection.request("GET", path, headers=headers or {})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, {k.lower(): v for k, v in response.getheaders()}, body


def test_a_public_page_is_cached_by_the_proxy_then_revalidated(nginx, settings):
    settings.PROXY_MAX_AGE = 1
    c = build(3)
    url = reverse("catalog:division", args=[c.township.code])
    status, first, body = get(nginx, url)
    assert status == 200 and first["x-cache-status"] == "MISS"
    status, second, again = get(nginx, url)
    assert status == 200 and second["x-cache-status"] == "HIT" and again == body
    # Past s-maxage (nginx counts whole seconds: a page stored at 10.0 s with s-maxage=1 is fresh until 12.0 s),
    # nginx asks the portal again, which answers 304 for the unchanged page.
    time.sleep(2.2)
    seen = {get(nginx, url)[1]["x-cache-status"] for _ in range(3)}
    assert seen & {"STALE", "REVALIDATED", "UPDATING", "EXPIRED"}
    assert get(nginx, url)[2] == body


def test_the_display_preference_is_part_of_the_proxy_key(nginx):
    c = build(3)
    url = reverse("catalog:division", args=[c.township.code])
    get(nginx, url)
    status, headers, body = get(nginx, url, {"Cookie": "a11y=large"})
    assert headers["x-cache-status"] == "MISS" and b"a11y-large" in body


def test_pages_with_forms_and_visitors_with_a_session_are_never_served_from_the_proxy(nginx):
    c = build(3)
    with_form = reverse("catalog:publication", args=[c.policy.pk])
    statuses = [get(nginx, with_form)[1]["x-cache-status"] for _ in range(2)]
    assert "HIT" not in statuses
    division = reverse("catalog:division", args=[c.township.code])
    get(nginx, division)
    assert get(nginx, division, {"Cookie": "sessionid=abc"})[1]["x-cache-status"] == "BYPASS"


def test_a_body_larger_than_the_portal_accepts_is_refused_by_nginx(nginx):
    with socket.create_connection(("127.0.0.1", nginx), timeout=10) as raw:
        raw.sendall(b"POST /apply/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/octet-stream\r\n"
                    b"Content-Length: 40000000\r\n\r\n")
        assert raw.recv(200).split(b"\r\n")[0].endswith(b"413 Request Entity Too Large")


def test_the_access_log_keeps_no_query_string(nginx, tmp_path):
    """What a citizen searched for (or a clerk looked up in the admin) is in the query string: never in the log."""
    get(nginx, "/search/?q=13812345678")
    get(nginx, "/admin/applications/application/?q=%E5%BC%A0%E7%A7%80%E8%8B%B1")
    log = tmp_path / "access.log"
    for _ in range(40):
        if log.exists() and log.read_text(encoding="utf-8").count("\n") >= 2:
            break
        time.sleep(0.05)
    lines = log.read_text(encoding="utf-8")
    assert '"GET /search/ HTTP/1.1" 200' in lines and '"GET /admin/applications/application/ HTTP/1.1"' in lines
    assert "13812345678" not in lines and "%E5" not in lines and "?" not in lines

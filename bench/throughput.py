"""Throughput of one public page on loopback: gunicorn alone, behind the sample nginx, and nginx serving a file.

    .venv/bin/python bench/throughput.py            # part of `make bench`; needs Debian's nginx and wrk
    .venv/bin/python bench/throughput.py --duration 10 --connections 32

Uses the bench county (DATABASE_URL, default gongkai_bench, filled by bench/generate.py) and a township's
directory page, the heaviest page without forms (~300 kB). Starts gunicorn (DEBUG=0, `--workers`) on a free
loopback port and nginx with deploy/nginx/gongkai.conf as shipped, only its addresses and cache folder moved
into a temporary folder, plus one extra server block that serves the same page's bytes as a static file. Then
`wrk` (many concurrent keep-alive clients, `--connections`, for `--duration` seconds each) measures:

1. gunicorn directly (every request answered by Django from its page cache),
2. through nginx (answered from nginx's proxy cache after the first request),
3. nginx serving the page as a static file: the ceiling for this machine.

Prints requests per second and each ratio to the static file; writes bench/throughput.json. wrk runs on the same
2 cores as the servers, so the figures are a floor for a real proxy host.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import generate  # noqa: E402
from bench.loadtest import free_port, server_env, wait_until_up  # noqa: E402

SAMPLE = ROOT / "deploy" / "nginx" / "gongkai.conf"
RESULTS = ROOT / "bench" / "throughput.json"


def township_path(database_url: str) -> str:
    import psycopg

    with psycopg.connect(database_url.replace("postgres://", "postgresql://", 1)) as conn:
        code = conn.execute(
            "SELECT d.code FROM catalog_division d JOIN catalog_division county ON d.parent_id = county.id"
            " WHERE county.code = %s ORDER BY d.code LIMIT 1", [generate.COUNTY_CODE]).fetchone()[0]
    return f"/divisions/{code}/"


def nginx_config(folder: Path, gunicorn_port: int, proxy_port: int, static_port: int) -> Path:
    site = SAMPLE.read_text(encoding="utf-8")
    for shipped, here in (("server 127.0.0.1:8000;", f"server 127.0.0.1:{gunicorn_port};"),
                          ("listen 80;", f"listen 127.0.0.1:{proxy_port};"),
                          ("/var/cache/nginx/gongkai", str(folder / "cache"))):
        site = site.replace(shipped, here)
    (folder / "gongkai.conf").write_text(site, encoding="utf-8")
    temp = "".join(f"{kind}_temp_path {folder / kind};\n"
                   for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    config = folder / "nginx.conf"
    config.write_text(
        ("user root;\n" if os.geteuid() == 0 else "")
        + f"daemon off;\nworker_processes 1;\npid {folder / 'nginx.pid'};\nerror_log {folder / 'error.log'};\n"
        + "events { worker_connections 1024; }\n"
        + f"http {{\naccess_log off;\n{temp}include {folder / 'gongkai.conf'};\n"
        + f"server {{ listen 127.0.0.1:{static_port}; root {folder / 'static'}; default_type text/html; }}\n}}\n",
        encoding="utf-8",
    )
    return config


def wrk(url: str, duration: int, connections: int, threads: int) -> dict:
    done = subprocess.run(["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--latency", url],
                          capture_output=True, text=True, check=True)
    out = done.stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    median = re.search(r"50%\s+([\d.]+)(us|ms|s)", out)
    scale = {"us": 0.001, "ms": 1, "s": 1000}[median.group(2)]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {"requests_per_s": round(rate), "median_ms": round(float(median.group(1)) * scale, 2),
            "non_2xx": int(errors.group(1)) if errors else 0}


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duration", type=int, default=10, help="seconds per measurement (default 10)")
    parser.add_argument("--connections", type=int, default=32, help="concurrent clients (default 32)")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (default 2)")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers (default 3)")
    parser.add_argument("--output", default=str(RESULTS))
    args = parser.parse_args(argv)
    missing = [name for name in ("nginx", "wrk") if not (shutil.which(name) or Path(f"/usr/sbin/{name}").exists())]
    if missing:
        raise SystemExit(f"needs {' and '.join(missing)}: apt-get install nginx wrk")
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    database_url = os.environ.get("DATABASE_URL", generate.DEFAULT_URL)
    path = township_path(database_url)
    env = server_env(database_url)
    env["ALLOWED_HOSTS"] = "127.0.0.1,localhost"
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    gunicorn_port, proxy_port, static_port = free_port(), free_port(), free_port()
    with tempfile.TemporaryDirectory(prefix="gongkai-throughput-") as temp:
        folder = Path(temp)
        gunicorn = subprocess.Popen(
            [str(ROOT / ".venv" / "bin" / "gunicorn"), "portal.wsgi", "--bind", f"127.0.0.1:{gunicorn_port}",
             "--workers", str(args.workers), "--timeout", "60"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=(folder / "gunicorn.log").open("w"))
        proxy = None
        try:
            try:
                wait_until_up(gunicorn_port)
            except SystemExit:
                print((folder / "gunicorn.log").read_text(encoding="utf-8")[-3000:])
                raise
            with urllib.request.urlopen(f"http://127.0.0.1:{gunicorn_port}{path}") as response:
                page = response.read()
            target = folder / "static" / path.strip("/")
            target.mkdir(parents=True)
            (target / "index.html").write_bytes(page)
            config = nginx_config(folder, gunicorn_port, proxy_port, static_port)
            proxy = subprocess.Popen([nginx, "-p", str(folder), "-c", str(config)],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            wait_until_up(proxy_port)
            urls = {"gunicorn": f"http://127.0.0.1:{gunicorn_port}{path}",
                    "nginx_proxy_cache": f"http://127.0.0.1:{proxy_port}{path}",
                    "nginx_static_file": f"http://127.0.0.1:{static_port}{path}"}
            results = {}
            for name, url in urls.items():
                for _ in range(3):
                    urllib.request.urlopen(url).read()  # warm: the page and proxy caches hold it
                results[name] = wrk(url, args.duration, args.connections, args.threads)
                time.sleep(1)
        finally:
            if proxy is not None:
                proxy.terminate()
                proxy.wait(timeout=10)
            gunicorn.terminate()
            gunicorn.wait(timeout=30)
    ceiling = results["nginx_static_file"]["requests_per_s"]
    for row in results.values():
        row["ratio_to_static_file"] = round(row["requests_per_s"] / ceiling, 3)
    data = {"page": path, "bytes": len(page), "connections": args.connections, "duration_s": args.duration,
            "gunicorn_workers": args.workers, "results": results}
    print(f"page {path} ({len(page):,} bytes), {args.connections} connections, {args.duration} s each")
    print(f"{'server':<20} {'requests/s':>11} {'median ms':>10} {'÷ static':>9} {'non-2xx':>8}")
    for name, row in results.items():
        print(f"{name:<20} {row['requests_per_s']:>11,} {row['median_ms']:>10} {row['ratio_to_static_file']:>9}"
              f" {row['non_2xx']:>8}")
    Path(args.output).write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"written to {args.output}")


if __name__ == "__main__":
    main()

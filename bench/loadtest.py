"""Load and fault test: gunicorn on loopback under bounded load, then PostgreSQL restarted mid-run.

    make loadtest            # or: .venv/bin/python bench/loadtest.py [--duration 60] [--threads 6]

1. Prepares PostgreSQL database `gongkai_load` (created when missing, migrated, demo loaded, static collected).
2. Starts gunicorn on 127.0.0.1 (a free port, 4 workers) with DEBUG=0 and production-like settings over plain
   HTTP (SECURE_SSL_REDIRECT=0, SESSION_COOKIE_SECURE=0, CSRF_COOKIE_SECURE=0).
3. Phase "steady": a second process runs `--threads` virtual citizens for `--duration` seconds (and at most
   `--max-requests` requests): browsing (home, divisions, entries, publications, search) and form submissions
   (requests for disclosure at /apply/, ratings, messages), each form fetched first for its CSRF token and its
   submission key (portal.idempotency), each submission carrying a unique marker in its text. A submission whose
   POST fails (connection error or HTTP 5xx, or the success page after it) is sent again with the same form data
   and key after a short pause, up to `--retries` times (0.5 s, then doubling), as a citizen presses 刷新/重新提交.
4. Phase "pg-restart": the same load while PostgreSQL is restarted `--restart-after` seconds in
   (`pg_ctlcluster --skip-systemctl-redirect 15 main restart`).
5. Checks in the database, submission by submission, that each is stored at most once and that every stored one
   eventually got its success page showing the stored tracking number (none lost, none duplicated, none stored
   without a success page); reports throughput, errors, retries, and whether the portal recovered by itself
   (requests succeed again after the restart without anyone touching gunicorn: Django's CONN_HEALTH_CHECKS drops
   the dead connection). Writes bench/loadtest.json and prints a summary.

Rate limits: every form is limited per client IP, and all virtual citizens share 127.0.0.1. For this run only,
gunicorn gets RATELIMIT_IP_HEADER=HTTP_X_REAL_IP and each virtual citizen sends its own X-Real-IP, so the limits
stay on and apply per simulated citizen (no citizen exceeds them). Never set that variable in production unless
a proxy overwrites the header.

Only loopback traffic; bounded in time, requests and threads; gunicorn is stopped at the end.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import generate  # noqa: E402

PYTHON = sys.executable
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/gongkai_load"
RESULTS = ROOT / "bench" / "loadtest.json"
RESTART = ["pg_ctlcluster", "--skip-systemctl-redirect", "15", "main", "restart"]
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
KEY_INPUT = re.compile(r'name="submission_key" value="([^"]+)"')
APPLY_NUMBER = re.compile(r'class="tracking-number">(YS[0-9A-Z]+)<')
MESSAGE_NUMBER = re.compile(r"<dt>查询码</dt><dd>((?:LY|JC)\d{6}-[0-9A-Z]{6})</dd>")
SUBMISSION_KINDS = ("apply", "rating", "message")
RETRIES = 4  # resubmissions after the first POST: 0.5 + 1 + 2 + 4 s of pauses cover a PostgreSQL restart
RETRY_PAUSE = 0.5


# ---------------------------------------------------------------------------------------------- the load process
class Citizen:
    """One virtual citizen: a keep-alive connection, a cookie jar and an IP address of its own."""

    def __init__(self, host: str, port: int, ip: str):
        self.host, self.port, self.ip = host, port, ip
        self.cookies: dict[str, str] = {}
        self.conn = None

    def request(self, method: str, path: str, form: dict | None = None) -> tuple[int, dict, str]:
        body = urllib.parse.urlencode(form).encode() if form is not None else None
        headers = {"X-Real-IP": self.ip, "User-Agent": "gongkai-loadtest"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://{self.host}:{self.port}{path}"
        for attempt in (1, 2):
            try:
                if self.conn is None:
                    self.conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                text = response.read().decode("utf-8", "replace")
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError) as error:
                self.close()
                if attempt == 2 or body is not None:  # forms are resent only by submit(), with their key
                    raise error
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, dict(response.getheaders()), text

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None


def valid_resident_id(rng: random.Random) -> str:
    """An 18-digit 居民身份证号码 with a correct check digit (GB 11643)."""
    body = f"330782{rng.randint(1950, 2000)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{rng.randint(0, 999):03d}"
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return body + "10X98765432"[sum(int(d) * w for d, w in zip(body, weights, strict=True)) % 11]


def retry_pauses(retries: int, first: float) -> list[float]:
    """The pauses before each resubmission: `first`, then doubling."""
    return [first * 2**n for n in range(retries)]


def is_retryable(status: int) -> bool:
    """A citizen presses 重新提交 after a broken connection (status 0) or a server error, not after a refusal."""
    return status == 0 or status >= 500


def submit(citizen: Citizen, kind: str, marker: str, targets: dict, rng: random.Random, *, retries: int = RETRIES,
           pause: float = RETRY_PAUSE, sleep=time.sleep) -> dict:
    """Fetch the form and post it; after a failed POST (is_retryable) post the same data and key again.

    Returns {"success": the success page came back, "status", "detail" (of the last attempt), "attempts",
    "retried": [{"at", "ms", "status", "detail"} of each attempt that was followed by another], "key": the
    submission key the form carried, "tracking_number": the one the success page showed (apply, message)}.
    """
    result = {"success": False, "status": 0, "detail": "", "attempts": 0, "retried": [], "key": None,
              "tracking_number": None}
    if kind == "apply":
        form_url = "/apply/"
        form = {
            "applicant_kind": "person", "applicant_name": "压测申请人", "id_type": "resident_id",
            "id_number": valid_resident_id(rng), "phone": f"139{rng.randint(10000000, 99999999)}",
            "department": str(rng.choice(targets["recipients"])), "delivery_form": "electronic",
            "obtain_method": "online", "description": f"申请公开低保资金发放情况 {marker}",
        }
        url, expect = "/apply/", "/apply/submitted/"
    elif kind == "rating":
        publication = rng.choice(targets["publications"])
        form_url = f"/publications/{publication}/"
        form = {"target_kind": "publication", "target_id": str(publication), "channel": "website",
                "next": f"/publications/{publication}/", "level": rng.choice(["very_satisfied", "satisfied", "basic"]),
                "comment": f"信息清楚 {marker}"}
        url, expect = "/feedback/rate/", f"/publications/{publication}/"
    else:
        form_url = "/feedback/messages/new/"
        form = {"kind": "question", "department": str(rng.choice(targets["departments"])),
                "subject": "咨询低保申请条件", "body": f"请问低保申请需要哪些材料？{marker}"}
        url, expect = "/feedback/messages/new/", "/feedback/messages/"
    # A form page that fails to load is reloaded (刷新) after the same pauses as a failed submission.
    for pause_s in [*retry_pauses(retries, pause), None]:
        try:
            status, _, page = citizen.request("GET", form_url)
        except (OSError, http.client.HTTPException):
            citizen.close()
            status, page = 0, ""
        if status == 200 or pause_s is None or not is_retryable(status):
            break
        sleep(pause_s)
    if status != 200:
        return {**result, "status": status, "detail": "form page"}
    token = CSRF_INPUT.search(page)
    if not token:
        return {**result, "status": status, "detail": "no csrf token"}
    form["csrfmiddlewaretoken"] = token.group(1)
    key = KEY_INPUT.search(page)
    if key:
        form["submission_key"] = result["key"] = key.group(1)
    for pause_s in [*retry_pauses(retries, pause), None]:
        result["attempts"] += 1
        began = time.time()
        try:
            success, status, detail, number = post_once(citizen, kind, url, form, expect)
        except (OSError, http.client.HTTPException) as error:
            citizen.close()
            success, status, detail, number = False, 0, type(error).__name__, None
        result.update(success=success, status=status, detail=detail, tracking_number=number)
        if success or pause_s is None or not is_retryable(status):
            return result
        result["retried"].append({"at": began, "ms": round((time.time() - began) * 1000, 1), "status": status,
                                  "detail": detail})
        sleep(pause_s)
    return result


def post_once(citizen: Citizen, kind: str, url: str, form: dict, expect: str) -> tuple[bool, int, str, str | None]:
    """One POST of the form (and, for a request, its success page): (success, status, detail, tracking number)."""
    status, headers, _ = citizen.request("POST", url, form)
    location = headers.get("Location", "")
    if status != 302 or not location.startswith(expect):
        return False, status, "post", None
    if kind in ("apply", "message"):  # the success page proper, with the tracking number (never in the URL)
        status, _, page = citizen.request("GET", location)
        pattern = APPLY_NUMBER if kind == "apply" else MESSAGE_NUMBER
        number = pattern.search(page) if status == 200 else None
        return number is not None, status, "submitted page", number.group(1) if number else None
    return True, status, location, None


def browse_paths(targets: dict, rng: random.Random) -> str:
    choice = rng.random()
    if choice < 0.2:
        return "/"
    if choice < 0.4:
        return f"/divisions/{rng.choice(targets['divisions'])}/"
    if choice < 0.55:
        return f"/entries/{rng.choice(targets['entries'])}/"
    if choice < 0.85:
        return f"/publications/{rng.choice(targets['publications'])}/"
    return "/search/?" + urllib.parse.urlencode({"q": rng.choice(["低保", "公示", "补贴", "教育", "救助", "村务"])})


def load_process(args) -> None:
    """Run the virtual citizens; write every request's outcome to args.out as JSON."""
    targets = json.loads(Path(args.targets).read_text())
    deadline = time.monotonic() + args.duration
    started_at = time.time()
    budget = [args.max_requests]
    lock = threading.Lock()
    records: list[dict] = []
    submissions: list[dict] = []

    def take() -> bool:
        with lock:
            if budget[0] <= 0:
                return False
            budget[0] -= 1
            return True

    def citizen_loop(index: int) -> None:
        rng = random.Random(f"{args.run_id}-{index}")
        # Addresses never seen before in this hour's windows: a fresh second octet per run and phase.
        subnet = random.Random(args.run_id).randint(1, 254)
        serial = 0
        while time.monotonic() < deadline and take():
            # A new citizen (own IP, fresh cookies) every 20 steps keeps each within the forms' hourly limits.
            if serial % 20 == 0:
                citizen = Citizen("127.0.0.1", args.port, f"10.{subnet}.{index}.{serial // 20 % 250 + 1}")
            serial += 1
            began = time.time()
            kind = "browse"
            roll = rng.random()
            if roll < args.submit_share:
                kind = SUBMISSION_KINDS[serial % 3]
            try:
                if kind == "browse":
                    status, _, _ = citizen.request("GET", browse_paths(targets, rng))
                    ok, detail = status == 200, ""
                else:
                    marker = f"LT{args.run_id}-{index}-{serial}"
                    outcome = submit(citizen, kind, marker, targets, rng, retries=args.retries,
                                     pause=args.retry_pause)
                    ok, status, detail = outcome["success"], outcome["status"], outcome["detail"]
                    for failed in outcome["retried"]:  # each resubmitted attempt is a failed request of its own
                        records.append({"t": round(failed["at"] - started_at, 3), "kind": kind, "ok": False,
                                        "status": failed["status"], "ms": failed["ms"],
                                        "detail": failed["detail"]})
                    submissions.append({"kind": kind, "marker": marker, "t": round(began - started_at, 3),
                                        **{k: v for k, v in outcome.items() if k != "retried"}})
            except (OSError, http.client.HTTPException) as error:
                citizen.close()
                ok, status, detail = False, 0, type(error).__name__
            records.append({"t": round(began - started_at, 3), "kind": kind, "ok": ok, "status": status,
                            "ms": round((time.time() - began) * 1000, 1), "detail": detail})
            time.sleep(args.think)
        citizen.close()

    threads = [threading.Thread(target=citizen_loop, args=(i,)) for i in range(args.threads)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    Path(args.out).write_text(json.dumps({"started_at": started_at, "records": records,
                                          "submissions": submissions}))


# ---------------------------------------------------------------------------------------------------- the driver
def server_env(database_url: str) -> dict:
    env = dict(os.environ)
    env.update({
        "DATABASE_URL": database_url, "DEBUG": "0", "SECRET_KEY": "loadtest-only-" + "k" * 50,
        "ALLOWED_HOSTS": "127.0.0.1", "SECURE_SSL_REDIRECT": "0", "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0", "RATELIMIT_IP_HEADER": "HTTP_X_REAL_IP", "CONN_MAX_AGE": "60",
        "DJANGO_SETTINGS_MODULE": "portal.settings",
    })
    env.pop("REDIS_URL", None) if not os.environ.get("LOADTEST_REDIS") else None
    return env


def prepare_database(database_url: str, env: dict) -> None:
    generate.ensure_database(database_url)
    for command in (["migrate", "--noinput", "-v0"], ["createcachetable"], ["load_demo"],
                    ["collectstatic", "--noinput", "-v0"]):
        subprocess.run([PYTHON, "manage.py", *command], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


def connect(database_url: str):
    import psycopg

    return psycopg.connect(database_url.replace("postgres://", "postgresql://", 1), autocommit=True)


def targets_from(database_url: str) -> dict:
    with connect(database_url) as conn:
        def column(sql):
            return [row[0] for row in conn.execute(sql).fetchall()]

        return {
            "divisions": column("SELECT code FROM catalog_division ORDER BY code"),
            "entries": column("SELECT id FROM catalog_entry WHERE rght = lft + 1 ORDER BY id LIMIT 200"),
            "publications": column("SELECT id FROM catalog_publication WHERE status = 'published' ORDER BY id"),
            "departments": column("SELECT id FROM catalog_department WHERE is_active ORDER BY id"),
            # Requests go only to organs that may receive them (village committees may not, Art. 54).
            "recipients": column("SELECT id FROM catalog_department WHERE is_active AND receives_requests ORDER BY id"),
        }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(port: int, seconds: float = 30) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/")
            if conn.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise SystemExit("gunicorn did not come up")


def run_phase(name: str, args, port: int, targets_file: Path, restart_after: float | None) -> dict:
    out = ROOT / "bench" / f".loadtest-{name}.json"
    run_id = f"{int(time.time()) % 100000}{name[0]}"
    command = [PYTHON, __file__, "--load-process", "--port", str(port), "--targets", str(targets_file),
               "--duration", str(args.duration), "--threads", str(args.threads), "--max-requests",
               str(args.max_requests), "--think", str(args.think), "--submit-share", str(args.submit_share),
               "--retries", str(args.retries), "--retry-pause", str(args.retry_pause),
               "--run-id", run_id, "--out", str(out)]
    print(f"phase {name}: {args.threads} threads for {args.duration:g} s (≤{args.max_requests} requests)", flush=True)
    began = time.time()
    child = subprocess.Popen(command, cwd=ROOT)
    restart = None
    if restart_after is not None:
        time.sleep(restart_after)
        t0 = time.time()
        done = subprocess.run(RESTART, capture_output=True, text=True)
        restart = {"at": round(t0 - began, 2), "took_s": round(time.time() - t0, 2), "rc": done.returncode,
                   "stderr": done.stderr.strip()[-300:]}
        print(f"  PostgreSQL restarted at {restart['at']} s (took {restart['took_s']} s, rc {done.returncode})",
              flush=True)
    child.wait(timeout=args.duration + 120)
    data = json.loads(out.read_text())
    out.unlink()
    return summarise(name, data, restart, began)


def summarise(name: str, data: dict, restart: dict | None, began: float) -> dict:
    records = data["records"]
    offset = data["started_at"] - began
    span = max((r["t"] for r in records), default=0) or 1
    errors: dict[str, int] = {}
    for r in records:
        if not r["ok"]:
            key = f"{r['kind']}:{r['status'] or r['detail']}"
            errors[key] = errors.get(key, 0) + 1
    browse_ms = [r["ms"] for r in records if r["kind"] == "browse" and r["ok"]]
    summary = {
        "phase": name,
        "requests": len(records),
        "ok": sum(r["ok"] for r in records),
        "failed": len(records) - sum(r["ok"] for r in records),
        "errors": errors,
        "throughput_per_s": round(len(records) / span, 1),
        "browse_median_ms": round(statistics.median(browse_ms), 1) if browse_ms else None,
        "browse_p95_ms": round(sorted(browse_ms)[int(0.95 * (len(browse_ms) - 1))], 1) if browse_ms else None,
        "submissions": {kind: {"tried": sum(s["kind"] == kind for s in data["submissions"]),
                               "succeeded": sum(s["kind"] == kind and s["success"] for s in data["submissions"]),
                               "resubmitted": sum(s["kind"] == kind and s.get("attempts", 1) > 1
                                                  for s in data["submissions"])}
                        for kind in SUBMISSION_KINDS},
    }
    if restart is not None:
        restart_t = restart["at"] - offset
        after = [r for r in records if r["t"] >= restart_t]
        failed_after = [r["t"] for r in after if not r["ok"]]
        last_failure = max(failed_after, default=None)
        recovered = [r for r in after if r["ok"] and (last_failure is None or r["t"] > last_failure)]
        summary["restart"] = restart
        summary["failed_after_restart"] = len(failed_after)
        summary["last_failure_s_after_restart"] = round(last_failure - restart_t, 2) if last_failure else None
        summary["ok_after_last_failure"] = len(recovered)
        summary["recovered_by_itself"] = bool(recovered) and (last_failure is None or last_failure < span - 5)
    summary["_submissions"] = data["submissions"]
    return summary


MARKER = re.compile(r"LT\d+[a-z]-\d+-\d+")
STORED_QUERIES = {
    "apply": "SELECT description, tracking_number, submission_key FROM applications_application "
             "WHERE description LIKE %s",
    "rating": "SELECT comment, NULL, submission_key FROM feedback_rating WHERE comment LIKE %s",
    "message": "SELECT body, tracking_number, submission_key FROM feedback_message WHERE body LIKE %s",
}


def stored_by_marker(rows) -> dict[str, list[dict]]:
    """(text, tracking number, submission key) rows -> marker -> the records that carry it."""
    stored: dict[str, list[dict]] = {}
    for text, number, key in rows:
        for marker in MARKER.findall(text):
            stored.setdefault(marker, []).append({"tracking_number": number, "key": key})
    return stored


def judge(submissions: list[dict], stored: dict[str, list[dict]]) -> dict:
    """Each submission against what the database holds for its marker. Good: stored once after a success page
    showing the stored tracking number, or never stored after a failure the citizen saw (so they know to try
    again). Bad: lost (success page, nothing stored), duplicated, stored although every attempt failed, or a
    success page with another record's tracking number."""
    lost, duplicated, without_success, wrong_number, key_not_stored = [], [], [], [], []
    good, failed_not_stored = 0, 0
    for s in submissions:
        records = stored.get(s["marker"], [])
        if len(records) > 1:
            duplicated.append(s["marker"])
        elif s["success"] and not records:
            lost.append(s["marker"])
        elif not s["success"] and records:
            without_success.append(s["marker"])
        elif not s["success"]:
            failed_not_stored += 1
        else:
            good += 1
            shown, record = s.get("tracking_number"), records[0]
            if shown and shown != record["tracking_number"]:
                wrong_number.append(s["marker"])
            if s.get("key") and s["key"] != record["key"]:
                key_not_stored.append(s["marker"])
    resubmitted = [s for s in submissions if s.get("attempts", 1) > 1]
    return {
        "submissions": len(submissions),
        "successful_submissions": sum(s["success"] for s in submissions),
        "stored_once_with_success_page": good,
        "failed_and_not_stored": failed_not_stored,
        "resubmitted": len(resubmitted),
        "succeeded_after_resubmitting": sum(s["success"] for s in resubmitted),
        "without_submission_key": sum(not s.get("key") for s in submissions),
        "lost": lost,
        "duplicated": duplicated,
        "stored_but_client_saw_an_error": len(without_success),
        "stored_without_success_page": without_success,
        "wrong_tracking_number": wrong_number,
        "stored_without_its_key": key_not_stored,
    }


def integrity_ok(integrity: dict) -> bool:
    return not (integrity["lost"] or integrity["duplicated"] or integrity["stored_without_success_page"]
                or integrity["wrong_tracking_number"] or integrity["stored_without_its_key"])


def verify(database_url: str, phases: list[dict]) -> dict:
    """Judge every submission of every phase against the records that carry its marker."""
    with connect(database_url) as conn:
        rows = [row for sql in STORED_QUERIES.values() for row in conn.execute(sql, ["%LT%"]).fetchall()]
    return judge([s for p in phases for s in p["_submissions"]], stored_by_marker(rows))


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duration", type=float, default=60.0, help="seconds per phase (default 60)")
    parser.add_argument("--threads", type=int, default=6, help="virtual citizens at once (default 6)")
    parser.add_argument("--max-requests", type=int, default=6000, help="cap per phase (default 6000)")
    parser.add_argument("--think", type=float, default=0.05, help="pause between a citizen's requests (s)")
    parser.add_argument("--submit-share", type=float, default=0.15, help="share of steps that submit a form")
    parser.add_argument("--restart-after", type=float, default=20.0, help="seconds into phase 2 (default 20)")
    parser.add_argument("--retries", type=int, default=RETRIES,
                        help=f"resubmissions of a failed form, same data and key (default {RETRIES})")
    parser.add_argument("--retry-pause", type=float, default=RETRY_PAUSE,
                        help=f"pause before the first resubmission, doubling after (default {RETRY_PAUSE} s)")
    parser.add_argument("--skip-restart", action="store_true", help="run the steady phase only")
    parser.add_argument("--workers", type=int, default=4)
    # The load process's own arguments (internal).
    parser.add_argument("--load-process", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--targets", help=argparse.SUPPRESS)
    parser.add_argument("--run-id", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.load_process:
        load_process(args)
        return

    database_url = os.environ.get("LOADTEST_DATABASE_URL") or DEFAULT_URL
    env = server_env(database_url)
    print(f"preparing {database_url.rsplit('/', 1)[-1]} (migrate, demo data, static files)", flush=True)
    prepare_database(database_url, env)
    targets_file = ROOT / "bench" / ".loadtest-targets.json"
    targets_file.write_text(json.dumps(targets_from(database_url)))
    port = free_port()
    log = open(ROOT / "bench" / ".loadtest-gunicorn.log", "w")  # noqa: SIM115 - closed in finally
    server = subprocess.Popen(
        [str(Path(PYTHON).parent / "gunicorn"), "portal.wsgi", "--bind", f"127.0.0.1:{port}", "--workers",
         str(args.workers), "--timeout", "60", "--graceful-timeout", "5"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    try:
        wait_until_up(port)
        print(f"gunicorn up on 127.0.0.1:{port} with {args.workers} workers", flush=True)
        phases = [run_phase("steady", args, port, targets_file, None)]
        if not args.skip_restart:
            phases.append(run_phase("pg-restart", args, port, targets_file, args.restart_after))
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()
        targets_file.unlink(missing_ok=True)
    integrity = verify(database_url, phases)
    result = {"when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "workers": args.workers,
              "threads": args.threads, "duration_s": args.duration, "think_s": args.think,
              "phases": [{k: v for k, v in p.items() if k != "_submissions"} for p in phases],
              "integrity": integrity}
    RESULTS.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print_summary(result)
    ok = integrity_ok(integrity) and all(p.get("recovered_by_itself", True) for p in result["phases"])
    print(f"written to {RESULTS}")
    sys.exit(0 if ok else 1)


def print_summary(result: dict) -> None:
    for p in result["phases"]:
        print(f"\n[{p['phase']}] {p['requests']} requests, {p['throughput_per_s']}/s, {p['failed']} failed; "
              f"browsing median {p['browse_median_ms']} ms, p95 {p['browse_p95_ms']} ms")
        for kind, n in p["submissions"].items():
            print(f"  {kind}: {n['succeeded']}/{n['tried']} succeeded ({n['resubmitted']} resubmitted)")
        if p["errors"]:
            print("  errors: " + ", ".join(f"{k} ×{v}" for k, v in sorted(p["errors"].items())))
        if "restart" in p:
            print(f"  PostgreSQL restart at {p['restart']['at']} s took {p['restart']['took_s']} s; "
                  f"{p['failed_after_restart']} failures after it, the last {p['last_failure_s_after_restart']} s "
                  f"after; then {p['ok_after_last_failure']} requests OK; recovered by itself: "
                  f"{p['recovered_by_itself']}")
    i = result["integrity"]
    print(f"\nsubmissions: {i['submissions']}; stored once with a success page: {i['stored_once_with_success_page']}; "
          f"failed and not stored: {i['failed_and_not_stored']}; resubmitted: {i['resubmitted']} "
          f"({i['succeeded_after_resubmitting']} then succeeded)")
    print(f"lost: {len(i['lost'])}; duplicated: {len(i['duplicated'])}; stored although the client saw only "
          f"errors: {i['stored_but_client_saw_an_error']}; success page with another tracking number: "
          f"{len(i['wrong_tracking_number'])}; stored without the form's key: {len(i['stored_without_its_key'])}; "
          f"forms without a key: {i['without_submission_key']}")


if __name__ == "__main__":
    main()

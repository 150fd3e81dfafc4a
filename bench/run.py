"""Measure server time of the key pages at county scale against a bare-view baseline.

    make bench                       # generate (once) into gongkai_bench, then measure
    python bench/run.py --samples 50 # measure only; DATABASE_URL picks another database

Every page is requested in-process through Django's test Client with DEBUG off (the full middleware stack,
URL resolution, the view, templates and the database; no network), warmed up first, then timed `--samples`
times. The baseline is a bare view returning a fixed page through the same stack (bench/urls.py), so each
result is also a ratio to the baseline's median. Writes bench/results.json and prints a table.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import generate  # noqa: E402

RESULTS = ROOT / "bench" / "results.json"
PUBLIC_RATIO = 3.0
PUBLIC_P95_MS = 50.0
SEARCH_P95_MS = 100.0
REPORT_P95_MS = 2000.0


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def pages():
    """(key, label, kind, client name, list of URLs to cycle through) for every measured page."""
    from django.db.models import Count
    from django.urls import reverse

    from applications.models import Application
    from catalog.models import Division, Entry, Publication

    county = Division.objects.get(code=generate.COUNTY_CODE)
    township = Division.objects.filter(parent=county).order_by("code").first()
    heavy = (Entry.objects.items().filter(domain__code__startswith="bench-")
             .annotate(n=Count("publications")).order_by("-n").first())
    publication_ids = list(Publication.objects.public().filter(division__tree_id=county.tree_id)
                           .order_by("-published_at").values_list("pk", flat=True)[:200:10])
    busy = (Application.objects.values("department").annotate(n=Count("pk")).order_by("-n").first())["department"]
    year = int(time.strftime("%Y"))
    return county, heavy, busy, [
        ("baseline", "基准：固定页面的空视图", "baseline", "anonymous", ["/bench/baseline/"]),
        ("home", "首页", "public", "anonymous", ["/"]),
        ("division", f"乡镇目录（{township.name}）", "public", "anonymous",
         [reverse("catalog:division", args=[township.code])]),
        ("entry", f"公开事项页（{heavy.n}条信息）", "public", "anonymous", [reverse("catalog:entry", args=[heavy.pk])]),
        ("publication", "公开信息页", "public", "anonymous",
         [reverse("catalog:publication", args=[pk]) for pk in publication_ids]),
        ("publication_render", "公开信息页（已登录的用户：不走整页缓存，每次渲染）", "render", "clerk",
         [reverse("catalog:publication", args=[pk]) for pk in publication_ids]),
        ("search_common", f"检索常见词“{generate.COMMON_WORD}”", "search", "anonymous",
         [f"{reverse('catalog:search')}?q={generate.COMMON_WORD}"]),
        ("search_rare", f"检索罕见词“{generate.RARE_WORD}”", "search", "anonymous",
         [f"{reverse('catalog:search')}?q={generate.RARE_WORD}"]),
        ("search_synonym", f"检索同义词“{generate.SYNONYM_WORD}”（同时检索最低生活保障等正式说法和事项名称）", "search",
         "anonymous", [f"{reverse('catalog:search')}?q={generate.SYNONYM_WORD}"]),
        ("annual_reports", "政府信息公开年报栏目", "public", "anonymous", [reverse("annual_reports:list")]),
        ("admin_applications", "依申请公开后台列表（最忙的单位，办事员）", "admin", "clerk",
         [reverse("admin:applications_application_changelist")]),
        ("assessment", "全县季度考核表", "report", "supervisor",
         [f"{reverse('reports:assessment')}?government={county.pk}"]),
        ("annual", "全县年度报告", "report", "supervisor",
         [f"{reverse('reports:annual')}?government={county.pk}&year={year - 1}"]),
    ]


def measure(client, urls: list[str], samples: int, warmup: int) -> list[float]:
    """Server times in ms of `samples` requests cycling through `urls`, after each URL was requested at least once
    (and `warmup` requests in all): a warm server has served each page before."""
    for n in range(max(warmup, len(urls))):
        response = client.get(urls[n % len(urls)])
        if response.status_code != 200:
            raise SystemExit(f"{urls[n % len(urls)]} answered {response.status_code}")
    times = []
    for n in range(samples):
        url = urls[n % len(urls)]
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return times


def target_for(kind: str, median: float, p95: float, base: float) -> tuple[str, bool | None]:
    if kind == "public":
        return (f"≤{PUBLIC_RATIO:g}× 基准中位数且 p95<{PUBLIC_P95_MS:g} ms",
                median <= PUBLIC_RATIO * base and p95 < PUBLIC_P95_MS)
    if kind == "search":
        return f"p95<{SEARCH_P95_MS:g} ms", p95 < SEARCH_P95_MS
    if kind == "report":
        return f"p95<{REPORT_P95_MS:g} ms", p95 < REPORT_P95_MS
    return "—", None


def run(samples: int, report_samples: int, only: set[str] | None = None) -> dict:
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import override_settings

    User = get_user_model()
    clients = {"anonymous": Client(), "clerk": Client(), "supervisor": Client()}
    clients["clerk"].force_login(User.objects.get(username="benchclerk"))
    clients["supervisor"].force_login(User.objects.get(username="benchsupervisor"))
    results = []
    with override_settings(ROOT_URLCONF="bench.urls"):
        county, heavy, busy, measured = pages()
        base_median = None
        for key, label, kind, who, urls in measured:
            if only and key not in only and key != "baseline":
                continue
            heavy_page = kind in ("report", "admin")
            n = report_samples if heavy_page else samples
            times = measure(clients[who], urls, n, warmup=3 if heavy_page else 10)
            median, p95 = statistics.median(times), percentile(times, 0.95)
            if key == "baseline":
                base_median = median
            target, ok = target_for(kind, median, p95, base_median)
            results.append({"key": key, "page": label, "kind": kind, "url": urls[0], "samples": n,
                            "median_ms": round(median, 2), "p95_ms": round(p95, 2),
                            "ratio_to_baseline": round(median / base_median, 2), "target": target, "met": ok})
            print(f"  {label}: median {median:.1f} ms, p95 {p95:.1f} ms", flush=True)
    from catalog.models import Publication

    return {
        "database": connection.vendor,
        "scale": {"publications": Publication.objects.count(),
                  "entry_publications": heavy.n},
        "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "baseline_median_ms": round(base_median, 3),
        "results": results,
    }


def print_table(data: dict) -> None:
    print(f"\n{'page':<34} {'median ms':>10} {'p95 ms':>9} {'×base':>7}  target / met")
    for row in data["results"]:
        met = {True: "OK", False: "MISSED", None: ""}[row["met"]]
        print(f"{row['key']:<34} {row['median_ms']:>10.2f} {row['p95_ms']:>9.2f} {row['ratio_to_baseline']:>7.1f}"
              f"  {row['target']} {met}")
    missed = [row["key"] for row in data["results"] if row["met"] is False]
    print(f"\n{len(missed)} target(s) missed" + (f": {', '.join(missed)}" if missed else ""))


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--samples", type=int, default=100, help="timed requests per page (default 100)")
    parser.add_argument("--report-samples", type=int, default=20, help="for the reports and admin (default 20)")
    parser.add_argument("--only", nargs="*", help="measure only these keys (and the baseline)")
    parser.add_argument("--output", default=str(RESULTS))
    args = parser.parse_args(argv)
    for name in ("SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE"):
        os.environ.setdefault(name, "0")
    generate.setup_django()
    data = run(args.samples, args.report_samples, set(args.only) if args.only else None)
    print_table(data)
    Path(args.output).write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"written to {args.output}")


if __name__ == "__main__":
    main()

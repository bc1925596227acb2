#!/usr/bin/env python3
"""Summarises a bench/throughput run: python3 bench/throughput_report.py <results dir>.

Reads rows.tsv (one line per wrk run, with CPU ticks of Lodestar, HAProxy and the stubs around it),
the raw wrk outputs and lodestar-heap.log (jstat -gc plus VmRSS once a second). Prints one table per
repetition and a summary, writes results.csv (every run) and summary.json.
"""
import csv
import json
import re
import statistics
import sys
from pathlib import Path

UNITS_TIME = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}
UNITS_SIZE = {"B": 1, "KB": 1024, "MB": 1024 ** 2, "GB": 1024 ** 3, "TB": 1024 ** 4}
MIB = 1024 * 1024


def ms(text):
    m = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text)
    return float(m.group(1)) * UNITS_TIME[m.group(2)] if m else None


def size(text):
    m = re.fullmatch(r"([\d.]+)(B|KB|MB|GB|TB)", text)
    return float(m.group(1)) * UNITS_SIZE[m.group(2)] if m else None


def parse_wrk(path):
    text = path.read_text(errors="replace")
    out = {"requests": 0, "seconds": None, "bytes": None, "p50_ms": None, "p99_ms": None, "errors": 0,
           "non2xx": 0, "wrk_ok": True}
    m = re.search(r"(\d+) requests in ([\d.]+)(us|ms|s|m), ([\d.]+\w+) read", text)
    if m:
        out["requests"] = int(m.group(1))
        out["seconds"] = ms(m.group(2) + m.group(3)) / 1000.0
        out["bytes"] = size(m.group(4))
    else:
        out["wrk_ok"] = False
    for pct, key in (("50", "p50_ms"), ("99", "p99_ms")):
        m = re.search(r"^\s+" + pct + r"(?:\.000)?%\s+(\S+)", text, re.M)
        if m:
            out[key] = ms(m.group(1))
    m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    if m:
        out["errors"] = sum(int(g) for g in m.groups())
    m = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    if m:
        out["non2xx"] = int(m.group(1))
    if "wrk exit" in text:
        out["wrk_ok"] = False
    return out


def heap_samples(path):
    """[(epoch, rss_kb, used_mb, committed_mb)] from lodestar-heap.log."""
    samples, header = [], None
    if not path.exists():
        return samples
    for line in path.read_text().splitlines():
        parts = line.split()
        if len(parts) < 4:
            continue
        if parts[2] == "S0C":
            header = parts[2:]
            continue
        if header is None or len(parts) - 2 != len(header):
            continue
        try:
            # Collectors without concurrent cycles (Serial, Parallel) print '-' for CGC and CGCT.
            col = dict(zip(header, (0.0 if x == "-" else float(x) for x in parts[2:])))
            used = sum(col[k] for k in ("S0U", "S1U", "EU", "OU")) / 1024
            committed = sum(col[k] for k in ("S0C", "S1C", "EC", "OC")) / 1024
            samples.append((float(parts[0]), int(parts[1]), used, committed))
        except (KeyError, ValueError):
            continue
    return samples


def fmt(v, digits=1):
    return "–" if v is None else f"{v:.{digits}f}"


def span(values, digits=1):
    values = [v for v in values if v is not None]
    if not values:
        return "–"
    return f"{fmt(statistics.median(values), digits)} ({fmt(min(values), digits)}–{fmt(max(values), digits)})"


def main():
    out = Path(sys.argv[1])
    machine = dict(line.split(": ", 1) for line in (out / "machine.txt").read_text().splitlines() if ": " in line)
    tck = int(machine.get("clk_tck", "100"))
    samples = heap_samples(out / "lodestar-heap.log")
    rows = []
    with open(out / "rows.tsv") as f:
        for r in csv.DictReader(f, delimiter="\t"):
            start, end = float(r["start"]), float(r["end"])
            row = {k: r[k] for k in ("phase", "rep", "test", "target", "connections")}
            row["rep"], row["connections"] = int(row["rep"]), int(row["connections"])
            row["wall_s"] = end - start
            for who in ("lodestar", "haproxy", "stub"):
                row[f"{who}_cpu_s"] = int(r[f"{who}_cpu_ticks"]) / tck
            row["lodestar_rss_before_mb"] = int(r["lodestar_rss_before_kb"]) / 1024
            row["lodestar_rss_after_mb"] = int(r["lodestar_rss_after_kb"]) / 1024
            before = [s for s in samples if s[0] <= start]
            during = [s for s in samples if start <= s[0] <= end + 1]
            row["heap_committed_before_mb"] = before[-1][3] if before else None
            row["heap_used_max_mb"] = max(s[2] for s in during) if during else None
            row["heap_committed_max_mb"] = max(s[3] for s in during) if during else None
            row["lodestar_rss_max_mb"] = max(s[1] for s in during) / 1024 if during else None
            if r["wrk_file"] != "-":
                w = parse_wrk(out / r["wrk_file"])
                row.update(w)
                secs = w["seconds"] or row["wall_s"]
                row["req_per_s"] = w["requests"] / secs if secs else None
                row["mib_per_s"] = w["bytes"] / MIB / secs if w["bytes"] is not None and secs else None
                for who in ("lodestar", "haproxy", "stub"):
                    row[f"{who}_cpu_us_per_req"] = (row[f"{who}_cpu_s"] * 1e6 / w["requests"]
                                                    if w["requests"] else None)
            rows.append(row)

    fields = sorted({k for r in rows for k in r}, key=lambda k: (k not in ("phase", "rep", "test", "target",
                                                                          "connections"), k))
    with open(out / "results.csv", "w", newline="") as f:
        wr = csv.DictWriter(f, fieldnames=fields)
        wr.writeheader()
        wr.writerows(rows)

    summary = {"machine": machine, "idle": [], "tests": []}
    for r in rows:
        if r["phase"].startswith("idle"):
            summary["idle"].append({
                "phase": r["phase"],
                "seconds": r["wall_s"],
                "lodestar_cpu_percent": 100 * r["lodestar_cpu_s"] / r["wall_s"],
                "haproxy_cpu_percent": 100 * r["haproxy_cpu_s"] / r["wall_s"],
                "lodestar_rss_mb": r["lodestar_rss_after_mb"],
            })

    runs = [r for r in rows if r["phase"] == "run"]
    reps = sorted({r["rep"] for r in runs})
    tests = []
    for r in runs:
        key = (r["test"], r["connections"])
        if key not in tests:
            tests.append(key)

    def get(rep, test, conns, target):
        for r in runs:
            if (r["rep"], r["test"], r["connections"], r["target"]) == (rep, test, conns, target):
                return r
        return None

    def metric(test):
        return "mib_per_s" if test == "download" else "req_per_s"

    # One table per repetition.
    for rep in reps:
        print(f"\nRepetition {rep}")
        print(f"{'test':<12} {'conns':>5} {'target':<9} {'req/s':>9} {'MiB/s':>8} {'p50 ms':>8} {'p99 ms':>8} "
              f"{'L/H':>5} {'L/D':>5} {'cpu us/req':>10} {'errors':>6}")
        for test, conns in tests:
            m = metric(test)
            h, d = get(rep, test, conns, "haproxy"), get(rep, test, conns, "direct")
            for target in ("direct", "haproxy", "lodestar"):
                r = get(rep, test, conns, target)
                if r is None:
                    continue
                lh = ld = ""
                if target == "lodestar" and h and d and h.get(m) and d.get(m):
                    lh, ld = f"{r[m] / h[m]:.2f}", f"{r[m] / d[m]:.2f}"
                cpu = {"lodestar": r.get("lodestar_cpu_us_per_req"), "haproxy": r.get("haproxy_cpu_us_per_req"),
                       "direct": r.get("stub_cpu_us_per_req")}[target]
                print(f"{test:<12} {conns:>5} {target:<9} {fmt(r.get('req_per_s'), 0):>9} {fmt(r.get('mib_per_s')):>8} "
                      f"{fmt(r.get('p50_ms'), 2):>8} {fmt(r.get('p99_ms'), 2):>8} {lh:>5} {ld:>5} {fmt(cpu):>10} "
                      f"{r.get('errors', 0) + r.get('non2xx', 0):>6}")

    # Summary over repetitions: medians (min–max); ratios computed within each repetition.
    print(f"\nSummary over {len(reps)} repetitions: median (min–max); ratios computed within each repetition")
    head = ("| test | conns | target | req/s | MiB/s | p50 ms | p99 ms | Lodestar/HAProxy | Lodestar/direct | "
            "p99 added over direct, ms | CPU µs/req (this process) | errors |")
    print(head)
    print("|" + "---|" * (head.count("|") - 1))
    for test, conns in tests:
        m = metric(test)
        for target in ("direct", "haproxy", "lodestar"):
            rs = [get(rep, test, conns, target) for rep in reps]
            rs = [r for r in rs if r]
            ratios_h, ratios_d, added = [], [], []
            if target != "direct":
                for rep in reps:
                    r, h, d = (get(rep, test, conns, t) for t in (target, "haproxy", "direct"))
                    if r and h and d and r.get(m) and h.get(m) and d.get(m):
                        if target == "lodestar":
                            ratios_h.append(r[m] / h[m])
                        ratios_d.append(r[m] / d[m])
                        if r.get("p99_ms") is not None and d.get("p99_ms") is not None:
                            added.append(r["p99_ms"] - d["p99_ms"])
            cpu_key = {"lodestar": "lodestar_cpu_us_per_req", "haproxy": "haproxy_cpu_us_per_req",
                       "direct": "stub_cpu_us_per_req"}[target]
            entry = {
                "test": test, "connections": conns, "target": target,
                "req_per_s": [r.get("req_per_s") for r in rs], "mib_per_s": [r.get("mib_per_s") for r in rs],
                "p50_ms": [r.get("p50_ms") for r in rs], "p99_ms": [r.get("p99_ms") for r in rs],
                "ratio_lodestar_haproxy": ratios_h, "ratio_to_direct": ratios_d, "p99_added_over_direct_ms": added,
                "cpu_us_per_req": [r.get(cpu_key) for r in rs],
                "errors": sum(r.get("errors", 0) + r.get("non2xx", 0) for r in rs),
                "stub_cpu_us_per_req": [r.get("stub_cpu_us_per_req") for r in rs],
            }
            if target == "lodestar":
                entry["heap_committed_before_mb"] = [r.get("heap_committed_before_mb") for r in rs]
                entry["heap_committed_max_mb"] = [r.get("heap_committed_max_mb") for r in rs]
                entry["heap_used_max_mb"] = [r.get("heap_used_max_mb") for r in rs]
                entry["lodestar_rss_max_mb"] = [r.get("lodestar_rss_max_mb") for r in rs]
            summary["tests"].append(entry)
            print(f"| {test} | {conns} | {target} | {span(entry['req_per_s'], 0)} | "
                  f"{span(entry['mib_per_s']) if test != 'page' else '–'} | {span(entry['p50_ms'], 2)} | "
                  f"{span(entry['p99_ms'], 2)} | {span(ratios_h, 2) if target == 'lodestar' else '–'} | "
                  f"{span(ratios_d, 2) if target != 'direct' else '–'} | {span(added, 2) if added else '–'} | "
                  f"{span(entry['cpu_us_per_req'])} | {entry['errors']} |")

    # Lodestar memory: per test, heap committed before the run vs the maximum during it.
    print("\nLodestar memory during its runs: heap committed before → max committed, max used; max RSS (MiB)")
    for e in summary["tests"]:
        if e["target"] == "lodestar":
            growth = [a - b for a, b in zip(e["heap_committed_max_mb"], e["heap_committed_before_mb"])
                      if a is not None and b is not None]
            e["heap_committed_growth_mb"] = growth
            print(f"  {e['test']:<9} c{e['connections']:<3} committed {span(e['heap_committed_before_mb'], 0)} → "
                  f"{span(e['heap_committed_max_mb'], 0)} (growth {span(growth, 0)}), "
                  f"used max {span(e['heap_used_max_mb'], 0)}, RSS max {span(e['lodestar_rss_max_mb'], 0)}")
    if samples:
        summary["lodestar_rss_mb_first"] = samples[0][1] / 1024
        summary["lodestar_rss_mb_max"] = max(s[1] for s in samples) / 1024
        summary["lodestar_rss_mb_last"] = samples[-1][1] / 1024
        summary["lodestar_heap_committed_mb_max"] = max(s[3] for s in samples)
        print(f"  whole run: RSS first {summary['lodestar_rss_mb_first']:.0f}, max "
              f"{summary['lodestar_rss_mb_max']:.0f}, last {summary['lodestar_rss_mb_last']:.0f} MiB; "
              f"heap committed max {summary['lodestar_heap_committed_mb_max']:.0f} MiB")
    what = {"idle": "Idle after start-up, checks every 10 s",
            "idle-after-load": "Idle after the load, checks every 10 s",
            "idle-inter1s": "Health checks of three servers at inter 1s (second Lodestar, idle otherwise)"}
    for i in summary["idle"]:
        haproxy = (f", HAProxy CPU {i['haproxy_cpu_percent']:.2f} %" if i["phase"] != "idle-inter1s" else "")
        print(f"{what.get(i['phase'], i['phase'])}, {i['seconds']:.0f} s: Lodestar CPU "
              f"{i['lodestar_cpu_percent']:.2f} % of one core{haproxy}, Lodestar RSS {i['lodestar_rss_mb']:.0f} MiB")
    threads = out / "inter1s-threads.txt"
    if threads.exists():
        print("  per thread: " + "; ".join(line.strip() for line in threads.read_text().splitlines()[1:6]))
    growth_file = out / "heap-growth.tsv"
    if growth_file.exists():
        with open(growth_file) as f:
            g = next(csv.DictReader(f, delimiter="\t"))
        during = [float(x) for x in g["live_during_mb"].split()]
        before = float(g["live_before_mb"])
        w = parse_wrk(out / "wrk" / "heapcheck-c64-lodestar.txt")
        mib_s = w["bytes"] / MIB / w["seconds"] if w["bytes"] and w["seconds"] else None
        summary["heap_growth_64_downloads"] = {
            "live_before_mb": before, "live_during_mb": during, "live_after_mb": float(g["live_after_mb"]),
            "growth_max_mb": max(during) - before if during else None, "mib_per_s": mib_s,
            "completed": w["requests"], "errors": w["errors"] + w["non2xx"], "rss_mb": int(g["rss_kb"]) / 1024}
        h = summary["heap_growth_64_downloads"]
        print(f"64 parallel 10 MiB downloads: live heap (after full GC) {before:.1f} MiB before, during "
              f"{' '.join(f'{x:.1f}' for x in during)}, after {h['live_after_mb']:.1f}: growth max "
              f"{fmt(h['growth_max_mb'])} MiB; {h['completed']} downloads, {fmt(mib_s)} MiB/s, "
              f"{h['errors']} errors; RSS {h['rss_mb']:.0f} MiB")
    (out / "summary.json").write_text(json.dumps(summary, indent=2))


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The table of make bench, from the guests' output (bench/guest.sh).

    report.py --json OUT.json [--rst OUT.rst] [--meta KEY=VALUE]... \
        KERNEL=RAW.txt...

Prints the table (kernel, op, scenario, ns/op, spread of the repetitions,
ratio to the baseline) and the targets on stdout; writes the
same as JSON (and as reStructuredText for the admin guide).  Exit status:
0, or 1 when a guest's output has no baseline or is unreadable.
"""
import argparse
import json
import sys

OPS = ["pread", "write", "openclose", "stat", "getppid"]
TRACE_OPS = ["pread", "ssend64"]
UDS_OPS = ["ssend64", "ssend512", "ssend4k", "srecv64", "psend64", "psend4k"]
OP_TITLES = {
    "pread": "pread 1 B",
    "write": "pwrite 4 KiB",
    "openclose": "openat+close",
    "stat": "newfstatat",
    "getppid": "getppid",
    "ssend64": "stream send 64 B",
    "ssend512": "stream send 512 B",
    "ssend4k": "stream send 4 KiB",
    "srecv64": "stream recv 64 B",
    "psend64": "socketpair 64 B",
    "psend4k": "socketpair 4 KiB",
}
SCENARIOS = [
    ("baseline", "module not loaded"),
    ("noconfig", "pathstats, no config"),
    ("uds-other", "pathstats, monitoring another unix socket"),
    ("uds-count", "pathstats, counting the client's socket"),
    ("uds-capture", "pathstats, counting and capturing 512 B of sends"),
    ("uds-by-cgroup", "uds-count, by: [cgroup]"),
    ("uds-by-cgroup-process", "uds-count, by: [cgroup, process]"),
    ("nomatch1", "pathstats, 1 prefix, no match"),
    ("nomatch256", "pathstats, 256 prefixes, no match"),
    ("nomatch4096", "pathstats, 4096 prefixes, no match"),
    ("match-rw", "pathstats, monitored_paths match (ops+bytes)"),
    ("match-rw-256", "the same among 256 prefixes"),
    ("match-all", "pathstats, match, syscalls: [all]"),
    ("nomatch256-by-cgroup", "nomatch256, by: [cgroup]"),
    ("match-by-cgroup", "match-rw, by: [cgroup]"),
    ("match-by-cgroup-process", "match-rw, by: [cgroup, process]"),
    ("trace-counters", "prefix + socket counted, no trace session"),
    ("trace-other", "trace-counters, a session these calls do not fire"),
    ("trace-null", "trace-counters, 1 event, 5 context fields, null sink"),
    ("trace-device", "trace-null, device sink read by tracesink"),
    ("trace-remote", "trace-null, remote sink read by tracesink"),
    ("trace-dump", "trace-null, device sink, trace dump --follow"),
    ("baseline-end", "module removed again (rmmod)"),
    ("bpftrace-count-nomatch", "bpftrace count, parent dir no match"),
    ("bpftrace-count-match", "bpftrace count, parent dir match"),
    ("bpftrace-bytes-match", "bpftrace ops+bytes, kprobe+kretprobe"),
    ("bpftrace-trace", "bpftrace printf of the same 5 fields, fexit"),
    ("audit-watch-match", "auditd, auditctl -w on the bench directory"),
    ("audit-watch-other", "auditd, auditctl -w on another directory"),
    ("strace", "strace -f of the workload"),
]
SC_INDEX = {s: i for i, (s, _) in enumerate(SCENARIOS)}
# The ops a skipped scenario's rows show: those it would have measured.
SKIPPED_OPS = {"bpftrace-trace": TRACE_OPS}


def parse(kernel, path):
    results, counts, notes, log = {}, [], [], []
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            w = line.split()
            if len(w) == 6 and w[0] == "RESULT":
                _, sc, rep, op, n, ns = w
                r = results.setdefault((sc, op), {"n": int(n), "reps": []})
                r["reps"].append(float(ns))
            elif len(w) == 4 and w[0] == "COUNT":
                counts.append({"kernel": kernel, "scenario": w[1],
                               "name": w[2], "value": int(w[3])})
            elif len(w) >= 2 and w[0] == "NOTE":
                notes.append({"kernel": kernel, "scenario": w[1],
                              "note": line.split(None, 2)[2].strip()})
            elif line.startswith("kernel "):
                log.append(line.strip())
    return results, counts, notes, log


def targets(rows, counts):
    """The targets for path prefixes, unix sockets and traces, per kernel."""
    by = {(r["kernel"], r["scenario"], r["op"]): r for r in rows}
    count = {(c["kernel"], c["scenario"], c["name"]): c["value"]
             for c in counts}
    out = []
    for k in sorted({r["kernel"] for r in rows}, key=lambda v: [int(x) for x in v.split(".")]):
        def ratio(sc, op):
            r = by.get((k, sc, op))
            return r["ratio"] if r else None

        def add(name, value, limit, met):
            out.append({"kernel": k, "target": name,
                        "value": None if value is None else round(value, 3),
                        "limit": limit, "met": met})

        for op in OPS[:4]:
            v = ratio("noconfig", op)
            add(f"no config, {op}: ratio 1.00", v, "1.00 +/- 0.005",
                v is not None and abs(v - 1) <= 0.005)
        v = ratio("nomatch1", "getppid")
        add("getppid, a path config loaded", v, "1.00 +/- 0.005",
            v is not None and abs(v - 1) <= 0.005)
        for sc, op, limit in (("nomatch256", "pread", 1.07),
                              ("nomatch256", "write", 1.04),
                              ("match-rw", "pread", 1.20),
                              ("match-rw", "write", 1.10),
                              ("match-all", "openclose", 1.15),
                              ("match-all", "stat", 1.15)):
            v = ratio(sc, op)
            add(f"{sc}, {op}", v, f"<= {limit:.2f}",
                v is not None and v <= limit)
        for op in OPS[:4]:
            a, b = by.get((k, "nomatch1", op)), by.get((k, "nomatch4096", op))
            v = b["ns"] / a["ns"] if a and b else None
            add(f"growth 1 -> 4096 prefixes, {op}", v, "<= 1.01",
                v is not None and v <= 1.01)
        # Unix sockets: unmonitored, counting, capturing.
        for op in UDS_OPS:
            v = ratio("uds-other", op)
            add(f"uds: another socket monitored, {op}", v, "<= 1.05",
                v is not None and v <= 1.05)
        for sc in ("uds-count", "uds-capture"):
            for op in ("psend64", "psend4k"):
                v = ratio(sc, op)
                add(f"uds: {sc}, unmonitored {op}", v, "<= 1.05",
                    v is not None and v <= 1.05)
        for op in ("ssend64", "ssend512", "ssend4k", "srecv64"):
            v = ratio("uds-count", op)
            add(f"uds: counting, {op}", v, "<= 1.15",
                v is not None and v <= 1.15)
        v = ratio("uds-capture", "ssend64")
        add("uds: capturing 512 B, ssend64", v, "<= 1.35",
            v is not None and v <= 1.35)
        # Attribution: at most 0.03 on a match, nothing on a reject.
        for sc, base, ops, limit in (
                ("match-by-cgroup", "match-rw", ("pread", "write"), 0.03),
                ("match-by-cgroup-process", "match-rw", ("pread", "write"),
                 0.03),
                ("uds-by-cgroup", "uds-count", ("ssend64",), 0.03),
                ("uds-by-cgroup-process", "uds-count", ("ssend64",), 0.03),
                ("nomatch256-by-cgroup", "nomatch256", ("pread", "write"),
                 0.005)):
            for op in ops:
                a, b = ratio(base, op), ratio(sc, op)
                v = b - a if a is not None and b is not None else None
                add(f"attribution: {sc} - {base}, {op}", v,
                    f"<= +{limit}", v is not None and v <= limit)
        # Traces: a session costs nothing where its points do not fire,
        # and an event at most half what bpftrace adds for the same.
        for op in TRACE_OPS:
            a, b = ratio("trace-counters", op), ratio("trace-other", op)
            v = b - a if a is not None and b is not None else None
            add(f"trace: trace-other - trace-counters, {op}", v, "<= +0.005",
                v is not None and v <= 0.005)
            bt = ratio("bpftrace-trace", op)
            for sc in ("trace-device", "trace-remote"):
                r = ratio(sc, op)
                v = (r - 1) / (bt - 1) if r is not None and bt else None
                add(f"trace: {sc} added / bpftrace's, {op}", v, "<= 0.50",
                    v is not None and v <= 0.5)
        for sc in ("trace-device", "trace-remote"):
            v = count.get((k, sc, "dropped"))
            add(f"trace: {sc}, messages dropped", v, "= 0", v == 0)
    return out


def fmt_table(rows):
    head = f"{'kernel':<6} {'op':<9} {'scenario':<22} {'ns/op':>10} {'spread':>7} {'ratio':>6}"
    lines = [head, "-" * len(head)]
    for r in rows:
        ns = "skipped" if r["ns"] is None else f"{r['ns']:.1f}"
        sp = "" if r["spread_pct"] is None else f"{r['spread_pct']:.2f}%"
        ra = "" if r["ratio"] is None else f"{r['ratio']:.3f}"
        lines.append(f"{r['kernel']:<6} {r['op']:<9} {r['scenario']:<22} {ns:>10} {sp:>7} {ra:>6}")
    return "\n".join(lines)


def rst_table(rows, kernels):
    """Per scenario and op: ns/op and ratio on each kernel."""
    by = {(r["kernel"], r["scenario"], r["op"]): r for r in rows}
    hdr = ["scenario", "op"] + [f"{k} ns/op" for k in kernels] + [f"{k} ratio" for k in kernels]
    body = []
    for sc, _ in SCENARIOS:
        for op in OPS + UDS_OPS:
            cells = [sc, OP_TITLES[op]]
            rs = [by.get((k, sc, op)) for k in kernels]
            if not any(rs):
                continue
            cells += ["skipped" if not r or r["ns"] is None else f"{r['ns']:.1f}" for r in rs]
            cells += ["" if not r or r["ratio"] is None else f"{r['ratio']:.3f}" for r in rs]
            body.append(cells)
    width = [max(len(c[i]) for c in [hdr] + body) for i in range(len(hdr))]
    rule = "  ".join("=" * w for w in width)
    line = lambda c: "  ".join(x.ljust(w) for x, w in zip(c, width)).rstrip()
    return "\n".join([rule, line(hdr), rule] + [line(c) for c in body] + [rule])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--json", required=True)
    ap.add_argument("--rst")
    ap.add_argument("--meta", action="append", default=[])
    ap.add_argument("raw", nargs="+")
    a = ap.parse_args()

    rows, counts, notes, logs, status = [], [], [], [], 0
    kernels = []
    for spec in a.raw:
        k, path = spec.split("=", 1)
        kernels.append(k)
        try:
            res, c, n, log = parse(k, path)
        except OSError as e:
            print(f"bench: {path}: {e}", file=sys.stderr)
            status = 1
            continue
        counts += c
        notes += n
        logs += log
        skipped = {x["scenario"] for x in n}
        for sc, _ in SCENARIOS:
            for op in OPS + UDS_OPS:
                r = res.get((sc, op))
                base = res.get(("baseline", op))
                if r is None:
                    if sc in skipped and op in SKIPPED_OPS.get(sc, OPS):
                        rows.append({"kernel": k, "op": op, "scenario": sc, "ns": None,
                                     "reps": [], "n": None, "spread_pct": None, "ratio": None})
                    continue
                ns = sum(r["reps"]) / len(r["reps"])
                b = sum(base["reps"]) / len(base["reps"]) if base else None
                rows.append({
                    "kernel": k, "op": op, "scenario": sc, "n": r["n"],
                    "ns": round(ns, 2), "reps": r["reps"],
                    "spread_pct": round(100 * (max(r["reps"]) - min(r["reps"])) / ns, 3),
                    "ratio": round(ns / b, 4) if b else None,
                })
        if not res.get(("baseline", "pread")):
            print(f"bench: {path}: no baseline", file=sys.stderr)
            status = 1
    rows.sort(key=lambda r: (kernels.index(r["kernel"]), (OPS + UDS_OPS).index(r["op"]),
                             SC_INDEX[r["scenario"]]))
    tg = targets([r for r in rows if r["ns"] is not None], counts)
    meta = dict(m.split("=", 1) for m in a.meta)
    meta["guests"] = logs
    meta["scenarios"] = dict(SCENARIOS)
    with open(a.json, "w", encoding="utf-8") as f:
        json.dump({"meta": meta, "results": rows, "targets": tg,
                   "counts": counts, "notes": notes}, f, indent=1)
        f.write("\n")
    if a.rst:
        with open(a.rst, "w", encoding="utf-8") as f:
            f.write(rst_table(rows, kernels) + "\n")

    print(fmt_table(rows))
    print()
    for s, d in SCENARIOS:
        print(f"  {s:<22} {d}")
    for n in notes:
        print(f"note: {n['kernel']} {n['scenario']}: {n['note']}")
    print()
    print("targets (path prefixes, unix sockets, traces):")
    for t in tg:
        v = "n/a" if t["value"] is None else f"{t['value']:.3f}"
        print(f"  {t['kernel']:<5} {t['target']:<44} {v:>6} {t['limit']:<15} "
              f"{'met' if t['met'] else 'NOT MET'}")
    return status


if __name__ == "__main__":
    sys.exit(main())

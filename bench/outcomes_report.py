#!/usr/bin/python3
"""Prints the outcome-measures benchmark (bench/outcomes.mjs) as tables (bench/run)."""
import json
import sys

directory = sys.argv[1]
with open(f"{directory}/outcomes.json") as f:
    r = json.load(f)

goal = r["goal_ms"]


def ms(value):
    if value is None:
        return "—"
    return f"{value:,.0f}" if value >= 100 else f"{value:.1f}"


def agreement(row):
    check = row.get("check")
    if check is None:
        return "—"
    hidden = f"; {check['suppressed']} suppressed" if check["suppressed"] else ""
    if row["role"] == "coordinator":
        if check["agree"]:
            return f"yes ({check['compared']} figures{hidden})"
        if not check["differences"]:
            return f"— (nothing shown{hidden})"
        first = check["differences"][0]
        return f"NO: {first['bucket']} cshub {first['cshub']} sqlite3 {first['sqlite3']}"
    alike = "" if check["suppressed_alike"] else ", suppressed otherwise"
    text = "= coordinator's" if check["agree"] else f"NO: {check['differ']} cells differ"
    return f"{text} ({check['shown']} cells{hidden}{alike})"


d = r["data"]
print(f"\nOutcome measures: the dashboard's answers over {d['concerns']:,} concerns, {d['young_people']:,} young people, "
      f"{d['screenings']:,} screenings, {d['meetings']:,} meetings ({d['first_day']} to {d['today']})")
print(f"period {r['period']['from']} to {r['period']['to']} (the dashboard's), today {r['today']}; "
      f"timed through HTTP by a C client, one request at a time, 2 server threads\n")
header = ["measure", "by", "role", "n", "cshub p50 ms", "cshub p99 ms", f"goal {goal} ms", "met?", "sqlite3 shell ms",
          "figures agree?"]
lines = []
for row in r["rows"]:
    skipped = row.get("skipped")
    lines.append([row["code"], row["by"], row["role"], str(row.get("requests", "—")),
                  ms(row.get("p50_ms")) if not skipped else f"({skipped})", ms(row.get("p99_ms")),
                  f"{goal}", "—" if row["met"] is None else "yes" if row["met"] else "NO",
                  ms(row.get("sqlite3_ms")) if row.get("sqlite3_ms") is not None else "", agreement(row)])
widths = [max(len(h), *(len(l[i]) for l in lines)) for i, h in enumerate(header)]
print("  ".join(h.ljust(w) for h, w in zip(header, widths)))
for line in lines:
    print("  ".join(c.ljust(w) if i in (0, 1, 2, 9) else c.rjust(w) for i, (c, w) in enumerate(zip(line, widths))))

missed = [row for row in r["rows"] if row["met"] is False]
timed = [row for row in r["rows"] if row["met"] is not None]
print(f"\nmet the goal (p99 <= {goal} ms): {len(timed) - len(missed)} of {len(timed)} timed")
dash = r.get("dashboard")
if dash:
    print(f"the whole dashboard (all {len({row['code'] for row in r['rows']})} measures at once, as the page asks, "
          f"each on its own connection): last answer after {ms(dash['p50_ms'])} ms (p50 of {dash['runs']} run(s))")
    if dash.get("failed"):
        print("  requests the server dropped: " + ", ".join(f"{f['code']} ({f['error']} after {f['ms'] / 1000:.1f} s)"
                                                      for f in dash["failed"]))
    answered = sorted((a for a in dash.get("answers", []) if not a.get("error")), key=lambda a: a["ms"])
    if answered:
        print("  answered, in order: " + ", ".join(f"{a['code']} {a['ms'] / 1000:.1f} s" for a in answered))
warm = r.get("warm_seconds")
print(f"\nthe server computed every dashboard's figures (each measure, each breakdown, this period and the last) in the "
      f"background, from nothing kept, in {warm:,.0f} s; the answers above are from those figures, kept until a change "
      f"they depend on (src/analysis/outcome_cache.c)" if warm is not None else
      "\nthe server did not finish computing the dashboards' figures in time: answers above may be computed as asked")
cold = r.get("cold") or {}
if cold:
    print("\neach measure computed with nothing kept (a period no one had asked for, no breakdown): "
          "first answer, then the same question again")
    width = max(len(code) for code in cold)
    for code, c in cold.items():
        print(f"  {code.ljust(width)}  computed {ms(c.get('computed_ms')):>8} ms   kept {ms(c.get('kept_ms')):>6} ms   "
              f"sqlite3 shell {ms((r['references'].get(code) or {}).get('ms')):>8} ms")
print("n: requests timed after one warm-up (one only when the warm-up took over 10x the goal); p99 of 15 is the slowest.")
print("sqlite3 shell: bench/outcomes_reference/CODE.sql with cshub's connection settings (1 GB memory map, 32 MB cache), "
      "the monthly figures and the period's in one query, median of 3 runs (1 when over 5 s).")
print("figures agree: the coordinator's monthly overall figures and the period's, wherever shown (small counts of children "
      "are suppressed for every reader), against the sqlite3 shell's (a count; numerator and denominator; median, p90 and "
      "count), for every breakdown asked; the analyst's cells (months, period, groups) against the coordinator's.")

profiles = r.get("profiles") or {}
if profiles:
    print("\nWhere the time goes (one request each by the coordinator, no breakdown, from a server with "
          "bench/sql_profile.so: time inside sqlite3_step on the request's thread; 'open' adds the time the caller "
          "spent between rows):")
    for code, p in profiles.items():
        print(f"\n{code}: request {ms(p['request_ms'])} ms, inside SQLite {ms(p['sql_step_ms'])} ms "
              f"({100 * p['sql_step_ms'] / p['request_ms']:.0f}%), statements open {ms(p['sql_open_ms'])} ms; "
              f"the housekeeping thread meanwhile {ms(p.get('other_threads_ms'))} ms in SQLite")
        for s in p["statements"][:2]:
            sql = s["sql"] if len(s["sql"]) <= 500 else s["sql"][:500] + " ..."
            print(f"  {s['executions']} executions, {ms(s['step_ms'])} ms in SQLite ({ms(s['open_ms'])} ms open), "
                  f"{s['rows']:,} rows: {sql}")
            for plan_line in s["plan"].splitlines():
                print(f"      {plan_line}")

b, a = r["before"], r["after"]
print(f"\nmachine: {b['cpus']} x {b['cpu_model']}, {b['memory_gb']} GB; load average before "
      f"{b['load_average'][0]:.2f}, after {a['load_average'][0]:.2f}; {b['sqlite3']}; {b['cshub']} at {b['commit']} "
      f"({b['src_changed']} files in src/ changed since); {r['seconds']:.0f} s")

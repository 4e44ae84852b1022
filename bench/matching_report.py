#!/usr/bin/python3
"""Prints the matching benchmark's figures side by side (bench/run)."""
import json
import sys

with open(f"{sys.argv[1]}/matching.json") as f:
    text = f.read().strip()
m = json.loads(text.splitlines()[-1]) if text else {}


def ms(value):
    return "—" if value is None else f"{value:.1f} ms"


def seconds(value):
    if value is None:
        return "—"
    if value >= 3600:
        return f"{value / 3600:.1f} h"
    return f"{value:.1f} s"


def share(value):
    return "—" if value is None else f"{value:.3f}"


def met(value, goal):
    return "—" if value is None else ("yes" if value < goal else "NO")


per_pair_s = m.get("naive_per_pair_us", 0) / 1e6
big, small = m.get("big", 1000000), m.get("people", 100000)
naive_one = per_pair_s * big * 1000 if per_pair_s else None
naive_all = per_pair_s * small * (small - 1) / 2 if per_pair_s else None

rows = [
    ("candidates for one new record, p50", ms(m.get("candidates_p50_ms")), ms(naive_one), "", ""),
    ("candidates for one new record, p99", ms(m.get("candidates_p99_ms")), ms(naive_one), "< 20 ms",
     met(m.get("candidates_p99_ms"), 20)),
    ("candidates for one new record, max", ms(m.get("candidates_max_ms")), ms(naive_one), "", ""),
    ("saving a person's keys and pairs, p50 / p99",
     f"{ms(m.get('save_p50_ms'))} / {ms(m.get('save_p99_ms'))}", "", "", ""),
    ("all likely duplicates among the 100,000", seconds(m.get("backfill_s")), seconds(naive_all), "< 10 s",
     met(m.get("backfill_s"), 10)),
    ("pairs compared among the 100,000 (sharing a key)", f"{m.get('pairs_sharing_a_key', 0):,}",
     f"{small * (small - 1) // 2:,}", "", ""),
    ("precision, score >= 55 (likely)", share(m.get("likely_precision")), "", "", ""),
    ("recall, score >= 55 (likely)", share(m.get("likely_recall")), share(m.get("naive_recall_likely")), "", ""),
    ("precision, score >= 40 (possible)", share(m.get("possible_precision")), "", "", ""),
    ("recall, score >= 40 (possible)", share(m.get("possible_recall")), share(m.get("naive_recall_possible")), "", ""),
]
print(f"\nMatching benchmark: one new record among {big:,} people; all pairs among {small:,} "
      f"({m.get('planted', 0):,} planted variants)\n")
print(f"{'operation':<50} {'cshub':>18} {'reference':>14} {'goal':>8} {'met?':>5}")
for name, ours, reference, goal, ok in rows:
    print(f"{name:<50} {ours:>18} {reference:>14} {goal:>8} {ok:>5}")
print()
print(f"reference: no blocking keys, match_score() on every pair — {m.get('naive_per_pair_us', 0):.2f} µs a pair "
      f"(CPU time on a sample, records already in memory), times {big:,} pairs for one record and "
      f"{small * (small - 1) // 2:,} for all; its recall is every planted pair scored directly.")
print(f"one record: {m.get('mean_sharing_a_key', 0):.0f} people share a key with it on average, "
      f"{m.get('mean_scored', 0):.0f} scored (at most 200, most keys shared first), "
      f"{m.get('mean_kept', 0):.2f} kept (score >= 40); the record a near-variant was made from is among its "
      f"candidates for {m.get('originals_found')} of {m.get('variants')}.")
print(f"all pairs: {m.get('likely_pairs')} pairs >= 55 and {m.get('possible_pairs')} >= 40 found; blocking keys "
      f"bring together {m.get('naive_blocked')} of {m.get('planted')} planted pairs.")
for level in ("likely", "possible"):
    wrong = m.get(f"{level}_wrong", {})
    print(f"not the same but >= {m.get(level)}: " + ", ".join(f"{k} {v}" for k, v in wrong.items()))
print(f"timings are wall-clock, on a shared machine: the same on this thread's CPU alone — candidates p50 "
      f"{ms(m.get('candidates_cpu_p50_ms'))}, p99 {ms(m.get('candidates_cpu_p99_ms'))}; all pairs "
      f"{seconds(m.get('backfill_cpu_s'))}.")

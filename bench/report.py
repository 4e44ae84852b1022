#!/usr/bin/python3
"""Prints the network benchmark's figures side by side (bench/run)."""
import json
import sys

directory = sys.argv[1]


def load(name):
    with open(f"{directory}/{name}.json") as f:
        text = f.read().strip()
    return json.loads(text.splitlines()[-1]) if text else {}


cshub, http, igraph, networkx = load("cshub"), load("http"), load("igraph"), load("networkx")


def cell(value, unit):
    if value is None:
        return "—"
    return f"{value * 1000:.0f} ms" if unit == "s" and value < 1 else f"{value:.2f} {unit}"


rows = [
    ("graph in memory (from the database / from a list)", cshub.get("index_load_s"), "s", igraph.get("load_s"), networkx.get("load_s")),
    ("the reader's graph, as the access policy allows", cshub.get("load_s"), "s", None, None),
    ("its compact form (each node's neighbours)", cshub.get("build_s"), "s", None, None),
    ("connected groups", cshub.get("components_s"), "s", igraph.get("components_s"), networkx.get("components_s")),
    ("communities, Louvain", cshub.get("louvain_s"), "s", igraph.get("louvain_s"), networkx.get("louvain_s")),
    ("communities, Leiden", cshub.get("leiden_s"), "s", igraph.get("leiden_s"), networkx.get("leiden_s")),
    ("hotspots (>= 3 at-risk young people)", cshub.get("hotspots_s"), "s", igraph.get("hotspots_s"), networkx.get("hotspots_s")),
    ("depth-2 neighbourhood, p50", cshub.get("neighbourhood_p50_ms"), "ms", igraph.get("neighbourhood_p50_ms"), networkx.get("neighbourhood_p50_ms")),
    ("depth-2 neighbourhood, p99", cshub.get("neighbourhood_p99_ms"), "ms", igraph.get("neighbourhood_p99_ms"), networkx.get("neighbourhood_p99_ms")),
    ("depth-2 neighbourhood via HTTP, p50", http.get("http_neighbourhood_p50_ms"), "ms", None, None),
    ("depth-2 neighbourhood via HTTP, p99 (goal < 5 ms)", http.get("http_neighbourhood_p99_ms"), "ms", None, None),
    ("  the same, timed by node's HTTP client, p99", http.get("node_neighbourhood_p99_ms"), "ms", None, None),
    ("  the same, in the server (its log), p99", http.get("server_neighbourhood_p99_ms"), "ms", None, None),
]
print(f"\nNetwork benchmark: {cshub.get('nodes')} people and contexts, {cshub.get('links')} links\n")
print(f"{'operation':<52} {'cshub':>12} {'python-igraph':>14} {'networkx':>12}")
for name, ours, unit, ig, nx in rows:
    print(f"{name:<52} {cell(ours, unit):>12} {cell(ig, unit):>14} {cell(nx, unit):>12}")
print()
print(f"answers: groups {cshub.get('components')} / {igraph.get('components')} / {networkx.get('components')}; "
      f"Louvain communities {cshub.get('louvain_communities')} (modularity {cshub.get('louvain_modularity')}) / "
      f"{igraph.get('louvain_communities')} ({igraph.get('louvain_modularity', 0):.4f}) / {networkx.get('louvain_communities')}; "
      f"Leiden communities {cshub.get('leiden_communities')} (modularity {cshub.get('leiden_modularity')}) / "
      f"{igraph.get('leiden_communities')} ({igraph.get('leiden_modularity', 0):.4f}); "
      f"hotspots {cshub.get('hotspots')} / {igraph.get('hotspots')} / {networkx.get('hotspots')}")
print(f"neighbourhood size: cshub stops at 200 nodes (mean {cshub.get('neighbourhood_mean_nodes')}); "
      f"python-igraph mean {igraph.get('neighbourhood_mean_nodes')}; networkx mean {networkx.get('neighbourhood_mean_nodes')}")
print("cshub's neighbourhood includes reading the people's details, the access decision for every node and link, "
      "and one audit event listing them; the references walk a bare graph.")
print(f"through HTTP, the neighbourhood is timed by a client in C over one kept-alive connection, from the request "
      f"to the last byte of the answer (mean {http.get('http_neighbourhood_mean_bytes')} bytes); node's client adds its "
      f"own event loop and garbage collection (p50 {cell(http.get('node_neighbourhood_p50_ms'), 'ms')})")
print(f"through HTTP, whole-graph: groups {cell(http.get('http_groups_s'), 's')}, Louvain {cell(http.get('http_louvain_s'), 's')}, "
      f"Leiden {cell(http.get('http_leiden_s'), 's')}, hotspots {cell(http.get('http_hotspots_s'), 's')}; "
      f"the server loaded the network in {cell(http.get('server_index_load_s'), 's')} at start")

#!/usr/bin/python3
"""The network benchmark's references: the same operations as cshub, on the
same graph (DIR/edges.txt, nodes.txt, risk.txt, subjects.txt written by
network_bench generate), done by python3-igraph and python3-networkx from
Debian. Prints one JSON line per library. Each networkx operation stops
after a time budget (it is pure Python); a stopped one is reported as
null with "stopped": the budget."""
import json
import signal
import sys
import time

BUDGET_S = int(sys.argv[3]) if len(sys.argv) > 3 else 600


class OverBudget(Exception):
    pass


def on_alarm(signum, frame):
    raise OverBudget()


signal.signal(signal.SIGALRM, on_alarm)


def timed(fn):
    """(seconds, result) of fn(), or (None, None) past the budget."""
    signal.alarm(BUDGET_S)
    started = time.perf_counter()
    try:
        result = fn()
        return time.perf_counter() - started, result
    except OverBudget:
        return None, None
    finally:
        signal.alarm(0)


def read_graph(directory):
    with open(f"{directory}/nodes.txt") as f:
        kinds = [line.strip() for line in f]
    with open(f"{directory}/risk.txt") as f:
        at_risk = [line.strip() == "1" for line in f]
    at_risk += [False] * (len(kinds) - len(at_risk))
    with open(f"{directory}/edges.txt") as f:
        edges = [tuple(map(int, line.split())) for line in f]
    with open(f"{directory}/subjects.txt") as f:
        subjects = [int(line.split()[0]) for line in f]
    return kinds, at_risk, edges, subjects


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, (len(ordered) * p) // 100)] * 1000


def hotspots(kinds, at_risk, neighbours_of):
    """Locations linked to at least three distinct young people at risk."""
    count = 0
    for v, kind in enumerate(kinds):
        if kind == "location":
            young = {u for u in neighbours_of(v) if kinds[u] == "young" and at_risk[u]}
            count += len(young) >= 3
    return count


def with_igraph(directory):
    import igraph
    kinds, at_risk, edges, subjects = read_graph(directory)
    load_s, g = timed(lambda: igraph.Graph(n=len(kinds), edges=edges, directed=False))
    out = {"library": f"python-igraph {igraph.__version__}", "nodes": g.vcount(), "links": g.ecount(), "load_s": load_s}
    out["components_s"], parts = timed(lambda: g.connected_components())
    out["components"] = len(parts)
    out["louvain_s"], louvain = timed(lambda: g.community_multilevel())
    out["louvain_communities"], out["louvain_modularity"] = len(louvain), louvain.modularity
    out["leiden_s"], leiden = timed(lambda: g.community_leiden(objective_function="modularity", n_iterations=2))
    out["leiden_communities"], out["leiden_modularity"] = len(leiden), g.modularity(leiden.membership)
    out["hotspots_s"], out["hotspots"] = timed(lambda: hotspots(kinds, at_risk, g.neighbors))
    latencies, sizes = [], []
    for v in subjects:
        started = time.perf_counter()
        sub = g.induced_subgraph(g.neighborhood(v, order=2))
        latencies.append(time.perf_counter() - started)
        sizes.append(sub.vcount())
    out["neighbourhood_p50_ms"] = percentile(latencies, 50)
    out["neighbourhood_p99_ms"] = percentile(latencies, 99)
    out["neighbourhood_mean_nodes"] = sum(sizes) / len(sizes)
    return out


def with_networkx(directory):
    import networkx as nx
    kinds, at_risk, edges, subjects = read_graph(directory)

    def build():
        g = nx.Graph()
        g.add_nodes_from(range(len(kinds)))
        g.add_edges_from(edges)
        return g

    load_s, g = timed(build)
    out = {"library": f"networkx {nx.__version__}", "nodes": g.number_of_nodes(), "links": g.number_of_edges(),
           "load_s": load_s, "note": "a simple graph: repeated links between two nodes count once"}
    out["components_s"], parts = timed(lambda: list(nx.connected_components(g)))
    out["components"] = len(parts) if parts is not None else None
    out["louvain_s"], louvain = timed(lambda: nx.community.louvain_communities(g, seed=20261124))
    out["louvain_communities"] = len(louvain) if louvain is not None else None
    out["leiden_s"] = None  # networkx has no Leiden
    out["hotspots_s"], out["hotspots"] = timed(lambda: hotspots(kinds, at_risk, g.neighbors))
    latencies, sizes = [], []
    for v in subjects:
        started = time.perf_counter()
        sub = nx.ego_graph(g, v, radius=2)
        latencies.append(time.perf_counter() - started)
        sizes.append(sub.number_of_nodes())
    out["neighbourhood_p50_ms"] = percentile(latencies, 50)
    out["neighbourhood_p99_ms"] = percentile(latencies, 99)
    out["neighbourhood_mean_nodes"] = sum(sizes) / len(sizes)
    out["stopped_after_s"] = BUDGET_S
    return out


if __name__ == "__main__":
    directory, library = sys.argv[1], sys.argv[2]
    print(json.dumps(with_igraph(directory) if library == "igraph" else with_networkx(directory)))

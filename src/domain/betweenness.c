/* Brandes' betweenness; see betweenness.h. From each source: a
 * breadth-first search counting shortest paths (sigma) by distance, then,
 * farthest first, each node's dependency (delta) handed back to the nodes
 * one link nearer. An undirected graph sees every pair from both ends, so
 * the sums are halved. */
#include "domain/betweenness.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct search {
    int32_t *distance; /* -1: not reached */
    double *paths;     /* sigma: shortest paths from the source */
    double *dependency;
    int32_t *order;    /* nodes as reached: the queue, then read backwards */
    int32_t reached;
};

/* The breadth-first search from source, no further than cutoff links (0:
 * no limit). */
static void search_from(const struct community_graph *g, struct search *s, int32_t source, int cutoff)
{
    s->reached = 0;
    s->distance[source] = 0;
    s->paths[source] = 1;
    s->order[s->reached++] = source;
    for (int32_t head = 0; head < s->reached; head++) {
        int32_t v = s->order[head];
        if (cutoff > 0 && s->distance[v] >= cutoff)
            continue;
        for (int32_t e = g->start[v]; e < g->start[v + 1]; e++) {
            int32_t w = g->neighbours[e];
            if (w == v)
                continue;
            if (s->distance[w] < 0) {
                s->distance[w] = s->distance[v] + 1;
                s->order[s->reached++] = w;
            }
            if (s->distance[w] == s->distance[v] + 1)
                s->paths[w] += s->paths[v];
        }
    }
}

/* Hands each reached node's dependency back, farthest first, adds it to
 * its score, and clears what the search touched for the next source. */
static void accumulate(const struct community_graph *g, struct search *s, double *scores)
{
    for (int32_t i = s->reached - 1; i >= 0; i--) {
        int32_t w = s->order[i];
        for (int32_t e = g->start[w]; e < g->start[w + 1]; e++) {
            int32_t v = g->neighbours[e];
            if (v != w && s->distance[v] == s->distance[w] - 1)
                s->dependency[v] += s->paths[v] / s->paths[w] * (1 + s->dependency[w]);
        }
        if (i > 0) /* not the source */
            scores[w] += s->dependency[w];
    }
    for (int32_t i = 0; i < s->reached; i++) {
        int32_t v = s->order[i];
        s->distance[v] = -1;
        s->paths[v] = 0;
        s->dependency[v] = 0;
    }
}

bool betweenness(const struct community_graph *graph, int cutoff, double *scores)
{
    size_t n = (size_t)graph->node_count + 1;
    struct search s = {malloc(sizeof *s.distance * n), calloc(n, sizeof *s.paths), calloc(n, sizeof *s.dependency),
                       malloc(sizeof *s.order * n), 0};
    bool ok = s.distance != NULL && s.paths != NULL && s.dependency != NULL && s.order != NULL;
    if (ok) {
        memset(s.distance, 0xff, sizeof *s.distance * n); /* -1 everywhere */
        memset(scores, 0, sizeof *scores * (size_t)graph->node_count);
        for (int32_t source = 0; source < graph->node_count; source++) {
            search_from(graph, &s, source, cutoff);
            accumulate(graph, &s, scores);
        }
        for (int32_t v = 0; v < graph->node_count; v++)
            scores[v] /= 2;
    }
    free(s.distance);
    free(s.paths);
    free(s.dependency);
    free(s.order);
    return ok;
}

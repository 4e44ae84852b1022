/* Connected components, Louvain and Leiden; see community.h. The state of
 * one level of local moving is a struct moving over that level's graph:
 * each node's community and strength, each community's strength and size,
 * and scratch arrays for summing a node's links by community. Aggregation
 * turns a level's groups into the next level's nodes. Gains are kept in
 * link-weight units: moving node v (taken out of its community) into
 * community c gains  w(v, c) − γ k_v tot_c / 2m,  so comparing two
 * communities compares these, and a modularity difference is twice a
 * gain difference over 2m. */
#include "domain/community.h"

#include <math.h>
#include <string.h>

#include "util/arena.h"

#define LOUVAIN_MAX_PASSES 1000
#define LOUVAIN_MIN_PASS_GAIN 1e-7 /* of modularity: a pass gaining less ends the level */
#define MOVE_TOLERANCE 1e-12       /* × 2m: a move must gain more than this (rounding is not a gain) */

/* ---- the compact graph ------------------------------------------------ */

bool community_graph_from_links(struct arena *arena, int32_t node_count, const int32_t *ends, int32_t link_count,
                                struct community_graph *out)
{
    *out = (struct community_graph){0};
    if (node_count < 0 || link_count < 0 || link_count > (INT32_MAX - 1) / 2)
        return false;
    int32_t *start = arena_alloc(arena, sizeof *start * ((size_t)node_count + 2));
    int32_t *neighbours = arena_alloc(arena, sizeof *neighbours * (2 * (size_t)link_count + 1));
    for (int64_t i = 0; i < 2 * (int64_t)link_count; i++)
        start[ends[i] + 2]++;
    for (int32_t v = 2; v <= node_count; v++)
        start[v] += start[v - 1];
    /* start[v + 1] is now where v's neighbours begin; it is advanced past
     * each one written, and so ends where v's neighbours end. */
    for (int32_t i = 0; i < link_count; i++) {
        int32_t a = ends[2 * i], b = ends[2 * i + 1];
        neighbours[start[a + 1]++] = b;
        neighbours[start[b + 1]++] = a;
    }
    *out = (struct community_graph){.node_count = node_count, .start = start, .neighbours = neighbours};
    return true;
}

static double entry_weight(const struct community_graph *g, int32_t entry)
{
    return g->weights != NULL ? g->weights[entry] : 1.0;
}

/* The weight of v's entries, its links to itself included. */
static double node_strength(const struct community_graph *g, int32_t v)
{
    if (g->weights == NULL)
        return (double)(g->start[v + 1] - g->start[v]);
    double sum = 0;
    for (int32_t e = g->start[v]; e < g->start[v + 1]; e++)
        sum += g->weights[e];
    return sum;
}

/* ---- connected components -------------------------------------------- */

/* The root of v's tree, halving the path on the way. */
static int32_t find_root(int32_t *parent, int32_t v)
{
    while (parent[v] != v) {
        parent[v] = parent[parent[v]];
        v = parent[v];
    }
    return v;
}

int32_t community_components(int32_t node_count, const int32_t *ends, int32_t link_count, int32_t *membership)
{
    struct arena *arena = arena_new();
    int32_t *parent = arena_alloc(arena, sizeof *parent * ((size_t)node_count + 1));
    for (int32_t v = 0; v < node_count; v++)
        parent[v] = v;
    /* The lower root becomes the parent, so a root is its tree's lowest node. */
    for (int32_t i = 0; i < link_count; i++) {
        int32_t a = find_root(parent, ends[2 * i]), b = find_root(parent, ends[2 * i + 1]);
        if (a < b)
            parent[b] = a;
        else if (b < a)
            parent[a] = b;
    }
    int32_t count = 0;
    for (int32_t v = 0; v < node_count; v++) {
        int32_t root = find_root(parent, v);
        membership[v] = root == v ? count++ : membership[root]; /* root <= v: numbered already */
    }
    arena_free(arena);
    return count;
}

/* ---- numbering, and random numbers ------------------------------------- */

/* Renumbers label[0..count) (each below count) 0, 1, ... in the order
 * first seen; returns how many distinct labels there were. */
static int32_t renumber(int32_t *label, int32_t count)
{
    struct arena *arena = arena_new();
    int32_t *new_number = arena_alloc(arena, sizeof *new_number * ((size_t)count + 1));
    for (int32_t i = 0; i < count; i++)
        new_number[i] = -1;
    int32_t distinct = 0;
    for (int32_t i = 0; i < count; i++) {
        if (new_number[label[i]] < 0)
            new_number[label[i]] = distinct++;
        label[i] = new_number[label[i]];
    }
    arena_free(arena);
    return distinct;
}

/* SplitMix64 (Steele, Lea & Flood 2014): small, fast, and enough for
 * the refinement's weighted choices. */
struct random {
    uint64_t state;
};

static uint64_t random_next(struct random *r)
{
    uint64_t z = (r->state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

/* Uniform in [0, 1). */
static double random_unit(struct random *r)
{
    return (double)(random_next(r) >> 11) * 0x1.0p-53;
}

/* ---- the state of local moving on one level -------------------------- */

struct moving {
    const struct community_graph *graph;
    int32_t node_count;
    double total;              /* 2m: the weight of all entries */
    double scale;              /* γ / 2m */
    double *strength;          /* per node */
    int32_t *community;        /* per node: a label below node_count */
    double *community_strength; /* per label: tot_c */
    int32_t *community_size;   /* per label: its nodes */
    /* Scratch for one node at a time: its links' weight to each label,
     * the labels with any weight (all weights are positive) listed in
     * touched[0..touched_count); all 0 again between nodes. */
    double *link_weight;
    int32_t *touched;
    int32_t touched_count;
};

/* Starts from the partition initial[] (labels below node_count), or
 * from every node alone when initial is NULL. */
static void moving_start(struct moving *m, struct arena *arena, const struct community_graph *g, double resolution,
                         const int32_t *initial)
{
    size_t n = (size_t)g->node_count + 1;
    *m = (struct moving){.graph = g, .node_count = g->node_count};
    m->strength = arena_alloc(arena, sizeof *m->strength * n);
    m->community = arena_alloc(arena, sizeof *m->community * n);
    m->community_strength = arena_alloc(arena, sizeof *m->community_strength * n);
    m->community_size = arena_alloc(arena, sizeof *m->community_size * n);
    m->link_weight = arena_alloc(arena, sizeof *m->link_weight * n);
    m->touched = arena_alloc(arena, sizeof *m->touched * n);
    for (int32_t v = 0; v < g->node_count; v++) {
        m->strength[v] = node_strength(g, v);
        m->total += m->strength[v];
        m->community[v] = initial != NULL ? initial[v] : v;
        m->community_strength[m->community[v]] += m->strength[v];
        m->community_size[m->community[v]]++;
    }
    m->scale = m->total > 0 ? resolution / m->total : 0;
}

/* Adds a link of weight w > 0 to label c. */
static void add_link_weight(struct moving *m, int32_t c, double w)
{
    if (m->link_weight[c] == 0)
        m->touched[m->touched_count++] = c;
    m->link_weight[c] += w;
}

/* Sums v's links (not those to itself) by the community at their other
 * end. */
static void gather_links(struct moving *m, int32_t v)
{
    const struct community_graph *g = m->graph;
    const int32_t *community = m->community;
    int32_t end = g->start[v + 1];
    if (g->weights == NULL) { /* the first level: every entry weighs 1 */
        for (int32_t e = g->start[v]; e < end; e++)
            if (g->neighbours[e] != v)
                add_link_weight(m, community[g->neighbours[e]], 1.0);
        return;
    }
    for (int32_t e = g->start[v]; e < end; e++)
        if (g->neighbours[e] != v)
            add_link_weight(m, community[g->neighbours[e]], g->weights[e]);
}

/* The same for refinement: v's links to the other nodes of its community
 * `within`, summed by their subcommunity sub[]. */
static void gather_links_within(struct moving *m, int32_t v, const int32_t *sub, int32_t within)
{
    const struct community_graph *g = m->graph;
    for (int32_t e = g->start[v]; e < g->start[v + 1]; e++) {
        int32_t u = g->neighbours[e];
        if (u != v && m->community[u] == within)
            add_link_weight(m, sub[u], entry_weight(g, e));
    }
}

static void clear_links(struct moving *m)
{
    for (int32_t i = 0; i < m->touched_count; i++)
        m->link_weight[m->touched[i]] = 0;
    m->touched_count = 0;
}

/* What moving v, taken out of its community, into community c gains. */
static double gain(const struct moving *m, int32_t v, int32_t c)
{
    return m->link_weight[c] - m->scale * m->strength[v] * m->community_strength[c];
}

static void take_out(struct moving *m, int32_t v)
{
    m->community_strength[m->community[v]] -= m->strength[v];
    m->community_size[m->community[v]]--;
}

static void put_in(struct moving *m, int32_t v, int32_t c)
{
    m->community[v] = c;
    m->community_strength[c] += m->strength[v];
    m->community_size[c]++;
}

/* The best for v of its own community and those gathered (own kept on a
 * tie or a gain within rounding); *best_gain set to its gain. */
static int32_t best_community(const struct moving *m, int32_t v, int32_t own, double *best_gain)
{
    int32_t best = own;
    double own_gain = gain(m, v, own), top = own_gain + MOVE_TOLERANCE * m->total;
    for (int32_t i = 0; i < m->touched_count; i++) {
        double g = gain(m, v, m->touched[i]);
        if (g > top) {
            top = g;
            best = m->touched[i];
        }
    }
    *best_gain = best == own ? own_gain : top;
    return best;
}

/* ---- aggregation ------------------------------------------------------ */

/* The graph whose nodes are the groups label[v] (0..count-1) of g: the
 * weight between two groups is that of the links between their members,
 * and a group's links inside it become one link to itself weighing their
 * entries. Memory from arena; scratch from scratch. */
static void aggregate(struct arena *arena, struct arena *scratch, const struct community_graph *g,
                      const int32_t *label, int32_t count, struct community_graph *out)
{
    int32_t n = g->node_count;
    int32_t *first = arena_alloc(scratch, sizeof *first * ((size_t)count + 2));
    int32_t *members = arena_alloc(scratch, sizeof *members * ((size_t)n + 1));
    for (int32_t v = 0; v < n; v++)
        first[label[v] + 2]++;
    for (int32_t c = 2; c <= count; c++)
        first[c] += first[c - 1];
    for (int32_t v = 0; v < n; v++)
        members[first[label[v] + 1]++] = v;
    /* Written to scratch first (at most g's entries), then copied exactly. */
    int32_t *neighbours = arena_alloc(scratch, sizeof *neighbours * ((size_t)g->start[n] + 1));
    double *weights = arena_alloc(scratch, sizeof *weights * ((size_t)g->start[n] + 1));
    double *sum = arena_alloc(scratch, sizeof *sum * ((size_t)count + 1));
    int32_t *touched = arena_alloc(scratch, sizeof *touched * ((size_t)count + 1));
    out->node_count = count;
    out->start = arena_alloc(arena, sizeof *out->start * ((size_t)count + 1));
    int32_t written = 0;
    for (int32_t c = 0; c < count; c++) {
        int32_t touched_count = 0;
        for (int32_t i = first[c]; i < first[c + 1]; i++) {
            int32_t v = members[i];
            for (int32_t e = g->start[v]; e < g->start[v + 1]; e++) {
                int32_t d = label[g->neighbours[e]];
                if (sum[d] == 0) /* weights are positive */
                    touched[touched_count++] = d;
                sum[d] += entry_weight(g, e);
            }
        }
        for (int32_t i = 0; i < touched_count; i++) {
            int32_t d = touched[i];
            neighbours[written] = d;
            weights[written++] = sum[d];
            sum[d] = 0;
        }
        out->start[c + 1] = written;
    }
    out->neighbours = arena_alloc(arena, sizeof *out->neighbours * ((size_t)written + 1));
    out->weights = arena_alloc(arena, sizeof *out->weights * ((size_t)written + 1));
    memcpy(out->neighbours, neighbours, sizeof *neighbours * (size_t)written);
    memcpy(out->weights, weights, sizeof *weights * (size_t)written);
}

/* One level's graph, the partition to start it from (NULL: every node
 * alone), and the arena that owns both (NULL: the caller's graph). */
struct level {
    struct community_graph graph;
    int32_t *partition;
    struct arena *arena;
};

/* Replaces *level by the aggregate of its groups label[] (0..count-1),
 * with the partition next_partition[] of the groups when not NULL
 * (indexed by node of the old level: the group of v starts in
 * next_partition[v]). */
static void next_level(struct level *level, struct arena *scratch, const int32_t *label, int32_t count,
                       const int32_t *next_partition)
{
    struct level next = {.arena = arena_new()};
    aggregate(next.arena, scratch, &level->graph, label, count, &next.graph);
    if (next_partition != NULL) {
        next.partition = arena_alloc(next.arena, sizeof *next.partition * ((size_t)count + 1));
        for (int32_t v = 0; v < level->graph.node_count; v++)
            next.partition[label[v]] = next_partition[v];
    }
    arena_free(level->arena);
    *level = next;
}

/* ---- Louvain ---------------------------------------------------------- */

/* Moves v to the neighbouring community that gains most; returns the
 * gain over staying (0 when it stays). */
static double louvain_move(struct moving *m, int32_t v)
{
    int32_t own = m->community[v];
    take_out(m, v);
    gather_links(m, v);
    double own_gain = gain(m, v, own), best_gain;
    int32_t best = best_community(m, v, own, &best_gain);
    clear_links(m);
    put_in(m, v, best);
    return best_gain - own_gain;
}

/* Passes over the nodes in order until one moves none or gains less than
 * LOUVAIN_MIN_PASS_GAIN of modularity. After the first pass only the
 * nodes whose neighbour moved since their last visit are visited (the
 * others would stay where they are): almost the same answer for far
 * less work (Ozaki, Tezuka & Inaba 2016). Returns whether any node moved. */
static bool louvain_move_nodes(struct moving *m, struct arena *arena)
{
    const struct community_graph *g = m->graph;
    unsigned char *stale = arena_alloc(arena, (size_t)m->node_count + 1);
    memset(stale, 1, (size_t)m->node_count + 1);
    bool moved_any = false;
    for (int pass = 0; pass < LOUVAIN_MAX_PASSES; pass++) {
        double gained = 0;
        int32_t moves = 0;
        for (int32_t v = 0; v < m->node_count; v++) {
            if (!stale[v])
                continue;
            stale[v] = 0;
            double v_gained = louvain_move(m, v);
            if (v_gained <= 0)
                continue;
            gained += v_gained;
            moves++;
            for (int32_t e = g->start[v]; e < g->start[v + 1]; e++)
                stale[g->neighbours[e]] = 1;
        }
        moved_any |= moves > 0;
        if (moves == 0 || 2 * gained / m->total < LOUVAIN_MIN_PASS_GAIN)
            break;
    }
    return moved_any;
}

/* membership[v] = v for every node; true when the graph has links. */
static bool start_alone(const struct community_graph *graph, int32_t *membership)
{
    for (int32_t v = 0; v < graph->node_count; v++)
        membership[v] = v;
    return graph->node_count > 0 && graph->start[graph->node_count] > 0;
}

int32_t community_louvain(const struct community_graph *graph, double resolution, int32_t *membership)
{
    if (!start_alone(graph, membership))
        return graph->node_count;
    struct level level = {.graph = *graph};
    for (bool done = false; !done;) {
        struct arena *work = arena_new();
        struct moving m;
        moving_start(&m, work, &level.graph, resolution, NULL);
        done = !louvain_move_nodes(&m, work);
        int32_t count = renumber(m.community, m.node_count);
        for (int32_t v = 0; v < graph->node_count; v++)
            membership[v] = m.community[membership[v]];
        done = done || count == m.node_count;
        if (!done)
            next_level(&level, work, m.community, count, NULL);
        arena_free(work);
    }
    arena_free(level.arena);
    return renumber(membership, graph->node_count);
}

/* ---- Leiden ----------------------------------------------------------- */

/* A queue of nodes, each at most once. */
struct node_queue {
    int32_t *items;
    unsigned char *queued;
    int32_t head, count, capacity;
};

static void queue_push(struct node_queue *q, int32_t v)
{
    if (q->queued[v])
        return;
    q->queued[v] = 1;
    int32_t tail = q->head + q->count;
    q->items[tail < q->capacity ? tail : tail - q->capacity] = v;
    q->count++;
}

static int32_t queue_pop(struct node_queue *q)
{
    int32_t v = q->items[q->head];
    q->head = q->head + 1 < q->capacity ? q->head + 1 : 0;
    q->count--;
    q->queued[v] = 0;
    return v;
}

/* A queue of every node, in node order. */
static struct node_queue queue_of_all(struct arena *arena, int32_t n)
{
    struct node_queue q = {.items = arena_alloc(arena, sizeof *q.items * ((size_t)n + 1)),
                           .queued = arena_alloc(arena, (size_t)n + 1), .count = n, .capacity = n};
    for (int32_t v = 0; v < n; v++) {
        q.items[v] = v;
        q.queued[v] = 1;
    }
    return q;
}

/* The labels no node has, lowest on top. */
struct empty_labels {
    int32_t *items;
    int32_t count;
};

static struct empty_labels find_empty_labels(struct arena *arena, const struct moving *m)
{
    struct empty_labels empty = {.items = arena_alloc(arena, sizeof *empty.items * ((size_t)m->node_count + 1))};
    for (int32_t c = m->node_count - 1; c >= 0; c--)
        if (m->community_size[c] == 0)
            empty.items[empty.count++] = c;
    return empty;
}

/* Fast local moving: every node queued in node order; a node taken
 * from the queue moves to the community (or an empty one) that gains
 * most, and then its neighbours outside that community are queued
 * again. */
static void leiden_move_nodes(struct moving *m, struct arena *arena)
{
    const struct community_graph *g = m->graph;
    struct node_queue q = queue_of_all(arena, m->node_count);
    struct empty_labels empty = find_empty_labels(arena, m);
    while (q.count > 0) {
        int32_t v = queue_pop(&q), own = m->community[v];
        take_out(m, v);
        gather_links(m, v);
        double best_gain;
        int32_t best = best_community(m, v, own, &best_gain);
        clear_links(m);
        if (best_gain < -MOVE_TOLERANCE * m->total && m->community_size[own] > 0 && empty.count > 0)
            best = empty.items[--empty.count]; /* alone gains 0 */
        put_in(m, v, best);
        if (best == own)
            continue;
        if (m->community_size[own] == 0)
            empty.items[empty.count++] = own;
        for (int32_t e = g->start[v]; e < g->start[v + 1]; e++)
            if (m->community[g->neighbours[e]] != best)
                queue_push(&q, g->neighbours[e]);
    }
}

/* The refinement's state: subcommunities of the communities of m, each
 * with its strength, size, and the weight of its links to the rest of
 * its community. */
struct refinement {
    struct moving *m;
    double randomness;
    struct random *random;
    int32_t *sub;           /* per node: its subcommunity, a node label */
    double *sub_strength;
    int32_t *sub_size;
    double *sub_outward;    /* links from the subcommunity to the rest of its community */
    double *node_outward;   /* per node: links to the rest of its community */
    double *chance;         /* scratch: cumulative weights of the candidates */
};

/* Whether a set of strength k with outward links `outward` is well
 * connected to the rest of community of strength `whole`. */
static bool well_connected(const struct refinement *f, double outward, double k, double whole)
{
    return outward >= f->m->scale * k * (whole - k);
}

/* Chooses v's subcommunity among the gathered ones that are well
 * connected and gain nothing negative, and staying alone (own, gaining
 * 0), each with weight exp(gain / θ) (relative to the best, so nothing
 * overflows); the best when θ is 0. */
static int32_t choose_subcommunity(struct refinement *f, int32_t v, int32_t own, double whole)
{
    struct moving *m = f->m;
    double top = 0;
    int32_t best = own;
    for (int32_t i = 0; i < m->touched_count; i++) {
        int32_t s = m->touched[i];
        double g = m->link_weight[s] - m->scale * m->strength[v] * f->sub_strength[s];
        if (g >= 0 && well_connected(f, f->sub_outward[s], f->sub_strength[s], whole) && g > top) {
            top = g;
            best = s;
        }
    }
    if (f->randomness <= 0)
        return best;
    double staying = exp(-top / f->randomness), sum = staying;
    for (int32_t i = 0; i < m->touched_count; i++) {
        int32_t s = m->touched[i];
        double g = m->link_weight[s] - m->scale * m->strength[v] * f->sub_strength[s];
        bool candidate = g >= 0 && well_connected(f, f->sub_outward[s], f->sub_strength[s], whole);
        sum += candidate ? exp((g - top) / f->randomness) : 0;
        f->chance[i] = sum;
    }
    double pick = random_unit(f->random) * sum;
    for (int32_t i = 0; pick >= staying && i < m->touched_count; i++)
        if (pick < f->chance[i])
            return m->touched[i];
    return own;
}

/* Merges v, still alone and well connected in its community, into a
 * subcommunity of that community. */
static void refine_node(struct refinement *f, int32_t v)
{
    struct moving *m = f->m;
    int32_t own = f->sub[v], c = m->community[v];
    double whole = m->community_strength[c];
    if (f->sub_size[own] != 1 || !well_connected(f, f->node_outward[v], m->strength[v], whole))
        return;
    gather_links_within(m, v, f->sub, c);
    int32_t chosen = choose_subcommunity(f, v, own, whole);
    if (chosen != own) {
        f->sub_outward[chosen] += f->node_outward[v] - 2 * m->link_weight[chosen];
        f->sub_strength[chosen] += m->strength[v];
        f->sub_size[chosen]++;
        f->sub_size[own] = 0;
        f->sub[v] = chosen;
    }
    clear_links(m);
}

/* The refined partition of m's partition into sub[] (numbered from 0);
 * returns the number of subcommunities. Nodes are visited in node order
 * (the paper's random order costs cache misses and, measured, gains
 * nothing here); the choice of subcommunity is random. */
static int32_t leiden_refine(struct moving *m, struct arena *arena, struct random *r, double randomness,
                             int32_t *sub)
{
    const struct community_graph *g = m->graph;
    int32_t n = m->node_count;
    size_t size = (size_t)n + 1;
    struct refinement f = {.m = m, .randomness = randomness, .random = r, .sub = sub,
                           .sub_strength = arena_alloc(arena, sizeof *f.sub_strength * size),
                           .sub_size = arena_alloc(arena, sizeof *f.sub_size * size),
                           .sub_outward = arena_alloc(arena, sizeof *f.sub_outward * size),
                           .node_outward = arena_alloc(arena, sizeof *f.node_outward * size),
                           .chance = arena_alloc(arena, sizeof *f.chance * size)};
    for (int32_t v = 0; v < n; v++) {
        sub[v] = v;
        f.sub_strength[v] = m->strength[v];
        f.sub_size[v] = 1;
        for (int32_t e = g->start[v]; e < g->start[v + 1]; e++)
            if (g->neighbours[e] != v && m->community[g->neighbours[e]] == m->community[v])
                f.node_outward[v] += entry_weight(g, e);
        f.sub_outward[v] = f.node_outward[v];
    }
    for (int32_t v = 0; v < n; v++)
        refine_node(&f, v);
    return renumber(sub, n);
}

/* After local moving has left m with count communities, fewer than its
 * nodes: refines them and makes the next level of the aggregate on the
 * refined partition, starting from the communities; node_of[] (the
 * original nodes' nodes at this level) follows. */
static void leiden_next_level(struct level *level, struct moving *m, int32_t count, struct arena *work,
                              struct random *r, double randomness, int32_t *node_of, int32_t original_count)
{
    int32_t *sub = arena_alloc(work, sizeof *sub * ((size_t)m->node_count + 1));
    int32_t subs = leiden_refine(m, work, r, randomness, sub);
    bool refined = subs < m->node_count; /* if nothing merged, aggregate on the communities, or it would not end */
    const int32_t *label = refined ? sub : m->community;
    for (int32_t v = 0; v < original_count; v++)
        node_of[v] = label[node_of[v]];
    next_level(level, work, label, refined ? subs : count, refined ? m->community : NULL);
}

/* One run of Leiden from the partition membership[] (labels below the
 * node count), which it replaces by its answer. */
static void leiden_run(const struct community_graph *graph, const struct leiden_options *options,
                       struct random *r, int32_t *membership)
{
    struct arena *run = arena_new();
    int32_t *node_of = arena_alloc(run, sizeof *node_of * ((size_t)graph->node_count + 1));
    for (int32_t v = 0; v < graph->node_count; v++)
        node_of[v] = v;
    struct level level = {.graph = *graph, .partition = membership};
    for (bool done = false; !done;) {
        struct arena *work = arena_new();
        struct moving m;
        moving_start(&m, work, &level.graph, options->resolution, level.partition);
        leiden_move_nodes(&m, work);
        int32_t count = renumber(m.community, m.node_count);
        done = count == m.node_count;
        if (done)
            for (int32_t v = 0; v < graph->node_count; v++)
                membership[v] = m.community[node_of[v]];
        else
            leiden_next_level(&level, &m, count, work, r, options->randomness, node_of, graph->node_count);
        arena_free(work);
    }
    arena_free(level.arena);
    arena_free(run);
}

int32_t community_leiden(const struct community_graph *graph, const struct leiden_options *options,
                         int32_t *membership)
{
    if (!start_alone(graph, membership))
        return graph->node_count;
    struct random r = {.state = options->seed};
    for (int i = 0; i < options->iterations; i++)
        leiden_run(graph, options, &r, membership);
    return renumber(membership, graph->node_count);
}

/* ---- modularity ------------------------------------------------------- */

double community_modularity(const struct community_graph *graph, const int32_t *membership, double resolution)
{
    int32_t n = graph->node_count;
    struct arena *arena = arena_new();
    double *inside = arena_alloc(arena, sizeof *inside * ((size_t)n + 1));
    double *strength = arena_alloc(arena, sizeof *strength * ((size_t)n + 1));
    double total = 0;
    for (int32_t v = 0; v < n; v++) {
        int32_t c = membership[v];
        for (int32_t e = graph->start[v]; e < graph->start[v + 1]; e++) {
            double w = entry_weight(graph, e);
            strength[c] += w;
            total += w;
            if (membership[graph->neighbours[e]] == c)
                inside[c] += w;
        }
    }
    double q = 0;
    for (int32_t c = 0; total > 0 && c < n; c++)
        q += inside[c] / total - resolution * (strength[c] / total) * (strength[c] / total);
    arena_free(arena);
    return q;
}

/* Small-number suppression of a two-way table of counts and its margins
 * (analysis/suppression.h): which cells and totals are published and which
 * are shown as "c".
 *
 * The method. Put the totals round the table to make an (rows+1) x
 * (columns+1) "augmented" table: entry (a, b) is the cell when a < rows and
 * b < columns, row a's total when b == columns, column b's total when
 * a == rows, and the grand total at (rows, columns). Every line of it (a row
 * or a column, including the line of totals) says "the entries before the
 * last add up to the last". Think of each line as a node of a bipartite
 * graph (rows+1 row lines, columns+1 column lines) and of each hidden entry
 * as an edge joining its row line to its column line.
 *
 *   - If a hidden entry is a bridge of that graph (on no cycle of hidden
 *     entries), adding up the line equations on one side of it gives its
 *     value from published figures alone: it is recoverable.
 *   - If every hidden entry lies on a cycle of hidden entries and every
 *     hidden value is at least 1, none is: change each entry of a cycle by
 *     +1 or -1 so that every line it passes through still adds up (two
 *     entries before the last of a line move opposite ways, such an entry
 *     and the line's total the same way; round a cycle, which is even in a
 *     bipartite graph, this is consistent), choosing of the two ways the one
 *     that does not raise the grand total. Every line still adds up, nothing
 *     becomes negative (whatever went down was at least 1), nothing exceeds
 *     the grand total, and each entry of the cycle has changed by one.
 *
 * So the module (1) hides every cell and total of 1..threshold (primary);
 * (2) lists the bridges of the graph of hidden entries (Tarjan's method)
 * and, for each in turn, closes a cycle through it with the cheapest path
 * between its two lines that does not use it (Dijkstra's method), where a
 * hidden entry costs nothing, a published non-zero entry costs its value
 * (ties: fewer new entries, then lower line number) and a zero is never
 * used, and hides the path (secondary suppression); (3) publishes again,
 * largest first, each secondary entry that can be published without
 * leaving a bridge, until nothing changes. Every step is in a fixed order, so the same input
 * gives the same output.
 *
 * A path always exists: with totals negated, every line of the augmented
 * table adds to zero, so in the graph of all non-zero entries no edge is a
 * bridge (adding the row lines on one side of it and subtracting the column
 * lines there would leave that edge's non-zero value equal to zero).
 * Closing a cycle creates no bridge (adding edges never does), so one
 * listing suffices (a second confirms it), and the bridges, a forest,
 * number at most rows+columns+1: that many cheapest-path searches at most.
 * A zero is never hidden, so hidden values are all at least 1 as the
 * argument above needs.
 *
 * Known limit: the guarantee is the one stated in suppression.h — that no
 * hidden value has only one possible value given non-negative integers.
 * A reader who also uses "c is never 0" (zeros are shown) can sometimes do
 * better: two hidden cells that the published figures say add up to 2 must
 * both be 1. Nor is any width of the range of possible values promised.
 *
 * All working space is on the stack (about 20 KB, sized for
 * SUPPRESSION_MAX_DIM). A 200 x 200 table takes about a tenth of a second
 * at worst (small counts scattered thinly among large ones); usually less. */
#include "analysis/suppression.h"

#include <stdio.h>

#define MAX_LINES (SUPPRESSION_MAX_DIM + 1)
#define MAX_NODES (2 * MAX_LINES)

/* Working space for one call: the bridge search and the cheapest path. */
struct work {
    int discovered[MAX_NODES]; /* discovery time, -1 when not yet seen */
    int low[MAX_NODES];        /* lowest discovery time reachable without the parent edge */
    int parent[MAX_NODES];
    int next[MAX_NODES];       /* next opposite line to look at */
    int stack[MAX_NODES];
    int64_t cost[MAX_NODES];   /* cheapest path: sum of newly hidden values */
    int added[MAX_NODES];      /*                 number of newly hidden entries */
    int previous[MAX_NODES];
    bool reached[MAX_NODES];
    bool settled[MAX_NODES];
    int heap[MAX_NODES];       /* open nodes, a binary heap */
    int heap_slot[MAX_NODES];  /* each node's place in it, -1 when not there */
    int heap_size;
    int bridges[MAX_NODES];    /* entry indices of the bridges found */
    int bridge_count;
};

/* A node is a row line (0..rows) or a column line (rows+1..rows+1+columns). */
static int node_count(const struct suppression_table *t)
{
    return t->rows + t->columns + 2;
}

static inline bool is_row_line(const struct suppression_table *t, int node)
{
    return node <= t->rows;
}

static inline int row_node(int a)
{
    return a;
}

static inline int column_node(const struct suppression_table *t, int b)
{
    return t->rows + 1 + b;
}

static inline int entry_index(const struct suppression_table *t, int a, int b)
{
    return a * (t->columns + 1) + b;
}

/* The entry joining two nodes, one a row line and the other a column line. */
static void entry_of_nodes(const struct suppression_table *t, int n, int m, int *a, int *b)
{
    if (is_row_line(t, n)) {
        *a = n;
        *b = m - (t->rows + 1);
    } else {
        *a = m;
        *b = n - (t->rows + 1);
    }
}

static inline int64_t entry_value(const struct suppression_table *t, int a, int b)
{
    if (a < t->rows && b < t->columns)
        return t->counts[(size_t)a * (size_t)t->columns + (size_t)b];
    if (a < t->rows)
        return t->row_totals[a];
    if (b < t->columns)
        return t->column_totals[b];
    return *t->grand_total;
}

static inline bool *entry_flag(const struct suppression_table *t, int a, int b)
{
    if (a < t->rows && b < t->columns)
        return &t->cell_hidden[(size_t)a * (size_t)t->columns + (size_t)b];
    if (a < t->rows)
        return &t->row_total_hidden[a];
    if (b < t->columns)
        return &t->column_total_hidden[b];
    return t->grand_total_hidden;
}

static inline bool entry_hidden(const struct suppression_table *t, int a, int b)
{
    return *entry_flag(t, a, b);
}

static inline bool is_primary(const struct suppression_table *t, int64_t value)
{
    return value >= 1 && value <= t->threshold;
}

static inline int64_t add_saturating(int64_t x, int64_t y)
{
    return x > INT64_MAX - y ? INT64_MAX : x + y;
}

/* Whether the input can be worked on; the counts' sum must fit. */
static bool input_valid(const struct suppression_table *t)
{
    if (t == NULL || t->counts == NULL || t->cell_hidden == NULL || t->row_total_hidden == NULL ||
        t->column_total_hidden == NULL || t->grand_total_hidden == NULL || t->row_totals == NULL ||
        t->column_totals == NULL || t->grand_total == NULL)
        return false;
    if (t->rows < 1 || t->rows > SUPPRESSION_MAX_DIM || t->columns < 1 ||
        t->columns > SUPPRESSION_MAX_DIM || t->threshold < 0)
        return false;
    int64_t sum = 0;
    for (size_t k = 0; k < (size_t)t->rows * (size_t)t->columns; k++) {
        if (t->counts[k] < 0 || t->counts[k] > INT64_MAX - sum)
            return false;
        sum += t->counts[k];
    }
    return true;
}

static void compute_totals(struct suppression_table *t)
{
    *t->grand_total = 0;
    for (int b = 0; b < t->columns; b++)
        t->column_totals[b] = 0;
    for (int a = 0; a < t->rows; a++) {
        t->row_totals[a] = 0;
        for (int b = 0; b < t->columns; b++) {
            int64_t v = entry_value(t, a, b);
            t->row_totals[a] += v;
            t->column_totals[b] += v;
            *t->grand_total += v;
        }
    }
}

static void hide_primary(struct suppression_table *t)
{
    for (int a = 0; a <= t->rows; a++)
        for (int b = 0; b <= t->columns; b++)
            *entry_flag(t, a, b) = is_primary(t, entry_value(t, a, b));
}

/* The next node joined to node by a hidden entry, starting the scan at
 * *position and leaving *position after it; -1 when there is none. */
static int next_hidden_neighbour(const struct suppression_table *t, int node, int *position)
{
    if (is_row_line(t, node)) {
        for (; *position <= t->columns; (*position)++)
            if (entry_hidden(t, node, *position))
                return column_node(t, (*position)++);
    } else {
        int b = node - (t->rows + 1);
        for (; *position <= t->rows; (*position)++)
            if (entry_hidden(t, *position, b))
                return row_node((*position)++);
    }
    return -1;
}

/* Depth-first search from root (Tarjan's bridges, without recursion);
 * adds the entry index of each bridge found to w->bridges. */
static void search_bridges(const struct suppression_table *t, struct work *w, int root, int *clock)
{
    int depth = 0;
    w->discovered[root] = w->low[root] = (*clock)++;
    w->parent[root] = -1;
    w->next[root] = 0;
    w->stack[depth++] = root;
    while (depth > 0) {
        int n = w->stack[depth - 1];
        int m = next_hidden_neighbour(t, n, &w->next[n]);
        if (m >= 0) {
            if (w->discovered[m] < 0) {
                w->discovered[m] = w->low[m] = (*clock)++;
                w->parent[m] = n;
                w->next[m] = 0;
                w->stack[depth++] = m;
            } else if (m != w->parent[n] && w->discovered[m] < w->low[n]) {
                w->low[n] = w->discovered[m];
            }
            continue;
        }
        depth--;
        int p = w->parent[n];
        if (p < 0)
            continue;
        if (w->low[n] < w->low[p])
            w->low[p] = w->low[n];
        if (w->low[n] > w->discovered[p]) {
            int a, b;
            entry_of_nodes(t, p, n, &a, &b);
            w->bridges[w->bridge_count++] = entry_index(t, a, b);
        }
    }
}

/* Lists in w->bridges the hidden entries that are on no cycle of hidden
 * entries (they form a forest, so there are fewer than MAX_NODES), in the
 * order a depth-first search meets them; returns how many. */
static int find_bridges(const struct suppression_table *t, struct work *w)
{
    int nodes = node_count(t);
    for (int n = 0; n < nodes; n++)
        w->discovered[n] = -1;
    int clock = 0;
    w->bridge_count = 0;
    for (int n = 0; n < nodes; n++)
        if (w->discovered[n] < 0)
            search_bridges(t, w, n, &clock);
    return w->bridge_count;
}

/* Whether a path costing (cost, added) is cheaper than node m's best. */
static bool cheaper(const struct work *w, int m, int64_t cost, int added)
{
    if (!w->reached[m])
        return true;
    return cost < w->cost[m] || (cost == w->cost[m] && added < w->added[m]);
}

/* The open nodes of the cheapest-path search are kept in a binary heap,
 * least cost first (then fewer new entries, then lower node number). */
static inline bool comes_first(const struct work *w, int n, int m)
{
    if (w->cost[n] != w->cost[m])
        return w->cost[n] < w->cost[m];
    if (w->added[n] != w->added[m])
        return w->added[n] < w->added[m];
    return n < m;
}

static inline void heap_place(struct work *w, int slot, int node)
{
    w->heap[slot] = node;
    w->heap_slot[node] = slot;
}

/* Moves node up the heap while it comes before its parent. */
static void heap_up(struct work *w, int node)
{
    int slot = w->heap_slot[node];
    while (slot > 0 && comes_first(w, node, w->heap[(slot - 1) / 2])) {
        heap_place(w, slot, w->heap[(slot - 1) / 2]);
        slot = (slot - 1) / 2;
    }
    heap_place(w, slot, node);
}

/* Adds node to the heap, or moves it up after its cost fell. */
static void heap_offer(struct work *w, int node)
{
    if (w->heap_slot[node] < 0)
        heap_place(w, w->heap_size++, node);
    heap_up(w, node);
}

/* Takes the first node off the heap; -1 when it is empty. */
static int heap_take(struct work *w)
{
    if (w->heap_size == 0)
        return -1;
    int first = w->heap[0];
    w->heap_slot[first] = -1;
    int node = w->heap[--w->heap_size], slot = 0;
    if (w->heap_size == 0)
        return first;
    for (;;) {
        int child = 2 * slot + 1;
        if (child >= w->heap_size)
            break;
        if (child + 1 < w->heap_size && comes_first(w, w->heap[child + 1], w->heap[child]))
            child++;
        if (!comes_first(w, w->heap[child], node))
            break;
        heap_place(w, slot, w->heap[child]);
        slot = child;
    }
    heap_place(w, slot, node);
    return first;
}

/* Offers node m the way through node n over entry (a, b), unless that entry
 * is the excluded one or a zero that may not be hidden. */
static void relax(const struct suppression_table *t, struct work *w, int n, int m, int a, int b, int skip_a, int skip_b)
{
    if (w->settled[m] || (a == skip_a && b == skip_b))
        return;
    int64_t cost = w->cost[n];
    int added = w->added[n];
    if (!entry_hidden(t, a, b)) {
        int64_t value = entry_value(t, a, b);
        if (value == 0)
            return;
        cost = add_saturating(cost, value);
        added++;
    }
    if (cheaper(w, m, cost, added)) {
        w->reached[m] = true;
        w->cost[m] = cost;
        w->added[m] = added;
        w->previous[m] = n;
        heap_offer(w, m);
    }
}

/* Puts hidden entry (a, b) on a cycle of hidden entries by hiding the
 * cheapest path (Dijkstra's) from its row line to its column line that
 * avoids it. False if there is no such path, which cannot happen for a
 * non-zero entry (see the top of the file). */
static bool close_cycle(struct suppression_table *t, struct work *w, int a, int b)
{
    int nodes = node_count(t);
    for (int n = 0; n < nodes; n++) {
        w->reached[n] = w->settled[n] = false;
        w->heap_slot[n] = -1;
    }
    w->heap_size = 0;
    int source = row_node(a), target = column_node(t, b);
    w->reached[source] = true;
    w->cost[source] = 0;
    w->added[source] = 0;
    w->previous[source] = -1;
    heap_offer(w, source);
    for (;;) {
        int n = heap_take(w);
        if (n < 0)
            return false;
        w->settled[n] = true;
        if (n == target)
            break;
        if (is_row_line(t, n)) {
            for (int c = 0; c <= t->columns; c++)
                relax(t, w, n, column_node(t, c), n, c, a, b);
        } else {
            int c = n - (t->rows + 1);
            for (int r = 0; r <= t->rows; r++)
                relax(t, w, n, row_node(r), r, c, a, b);
        }
    }
    for (int n = target; w->previous[n] >= 0; n = w->previous[n]) {
        int ea, eb;
        entry_of_nodes(t, n, w->previous[n], &ea, &eb);
        *entry_flag(t, ea, eb) = true;
    }
    return true;
}

/* The safe fallback should close_cycle ever fail: hiding every non-zero
 * entry leaves no bridge (see the top of the file). */
static void hide_every_non_zero(struct suppression_table *t)
{
    for (int a = 0; a <= t->rows; a++)
        for (int b = 0; b <= t->columns; b++)
            if (entry_value(t, a, b) != 0)
                *entry_flag(t, a, b) = true;
}

/* Whether entry (a, b) comes before (c, d) in the order secondary entries
 * are offered for unhiding: larger value first, then lower index. */
static bool offered_before(const struct suppression_table *t, int a, int b, int c, int d)
{
    int64_t x = entry_value(t, a, b), y = entry_value(t, c, d);
    if (x != y)
        return x > y;
    return entry_index(t, a, b) < entry_index(t, c, d);
}

/* Makes hidden entry (a, b), of the given value, the best so far
 * (*a1, *b1) if it is secondary (over the threshold), is offered after
 * (a0, b0) (or a0 < 0) and before the best so far (or *a1 < 0). */
static void consider(const struct suppression_table *t, int a, int b, int64_t value, int a0, int b0, int *a1, int *b1)
{
    if (value <= t->threshold)
        return;
    if (a0 >= 0 && !offered_before(t, a0, b0, a, b))
        return;
    if (*a1 >= 0 && !offered_before(t, a, b, *a1, *b1))
        return;
    *a1 = a;
    *b1 = b;
}

/* The first secondary entry offered after (*a, *b) (after nothing when
 * *a < 0); false when there is none. The cells are read straight from
 * their arrays, this being the most frequent scan. */
static bool next_secondary(const struct suppression_table *t, int *a, int *b)
{
    int best_a = -1, best_b = -1;
    for (int r = 0; r < t->rows; r++) {
        const bool *hidden = &t->cell_hidden[(size_t)r * (size_t)t->columns];
        const int64_t *value = &t->counts[(size_t)r * (size_t)t->columns];
        for (int c = 0; c < t->columns; c++)
            if (hidden[c])
                consider(t, r, c, value[c], *a, *b, &best_a, &best_b);
    }
    for (int r = 0; r < t->rows; r++)
        if (t->row_total_hidden[r])
            consider(t, r, t->columns, t->row_totals[r], *a, *b, &best_a, &best_b);
    for (int c = 0; c <= t->columns; c++)
        if (entry_hidden(t, t->rows, c))
            consider(t, t->rows, c, entry_value(t, t->rows, c), *a, *b, &best_a, &best_b);
    *a = best_a;
    *b = best_b;
    return best_a >= 0;
}

/* How many entries of row line a, and of column line b, are hidden. */
static int hidden_in_row_line(const struct suppression_table *t, int a)
{
    int n = 0;
    for (int b = 0; b <= t->columns; b++)
        n += entry_hidden(t, a, b);
    return n;
}

static int hidden_in_column_line(const struct suppression_table *t, int b)
{
    int n = 0;
    for (int a = 0; a <= t->rows; a++)
        n += entry_hidden(t, a, b);
    return n;
}

/* Whether hidden entry (a, b) can be published again with every other
 * hidden entry still on a cycle. A line left with one hidden entry says no
 * at once; otherwise it is tried. */
static bool can_unhide(struct suppression_table *t, struct work *w, int a, int b)
{
    if (hidden_in_row_line(t, a) == 2 || hidden_in_column_line(t, b) == 2)
        return false;
    bool *flag = entry_flag(t, a, b);
    *flag = false;
    bool safe = find_bridges(t, w) == 0;
    *flag = true;
    return safe;
}

/* Unhides, largest first, each secondary entry that is not needed to
 * leave every hidden entry on a cycle; repeats until nothing changes. */
static void unhide_unneeded(struct suppression_table *t, struct work *w)
{
    bool changed = true;
    while (changed) {
        changed = false;
        int a = -1, b = -1;
        while (next_secondary(t, &a, &b)) {
            if (can_unhide(t, w, a, b)) {
                *entry_flag(t, a, b) = false;
                changed = true;
            }
        }
    }
}

/* Puts every hidden entry on a cycle of hidden entries, bridge by bridge. */
static void hide_secondary(struct suppression_table *t, struct work *w)
{
    while (find_bridges(t, w) > 0) {
        for (int k = 0; k < w->bridge_count; k++) {
            int index = w->bridges[k];
            if (!close_cycle(t, w, index / (t->columns + 1), index % (t->columns + 1))) {
                hide_every_non_zero(t);
                return;
            }
        }
    }
}

/* See suppression.h. */
bool suppression_apply(struct suppression_table *t)
{
    if (!input_valid(t))
        return false;
    struct work w;
    compute_totals(t);
    hide_primary(t);
    hide_secondary(t, &w);
    unhide_unneeded(t, &w);
    return true;
}

/* See suppression.h. */
bool suppression_percentage_shown(bool part_hidden, bool whole_hidden)
{
    return !part_hidden && !whole_hidden;
}

/* See suppression.h. */
void suppression_method_text(int64_t threshold, char *out, size_t size)
{
    if (out == NULL || size == 0)
        return;
    const char *rest = "; other counts and totals are also shown as c where needed so that no "
                       "suppressed count can be worked out from the published figures (secondary "
                       "suppression); 0 is shown as 0; and percentages based on a count shown as c "
                       "are also shown as c.";
    if (threshold < 0)
        out[0] = '\0';
    else if (threshold == 0)
        snprintf(out, size, "No counts are suppressed (the suppression threshold is 0): every count, "
                            "total and percentage is shown.");
    else if (threshold == 1)
        snprintf(out, size, "Counts of 1 are shown as c%s", rest);
    else
        snprintf(out, size, "Counts of 1 to %lld are shown as c%s", (long long)threshold, rest);
}

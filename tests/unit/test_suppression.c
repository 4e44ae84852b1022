/* Unit tests for small-number suppression (analysis/suppression.c):
 * known answers on tables built by hand (nothing to hide, one small cell,
 * one column, a row of small counts, a configurable threshold), refusal of
 * invalid input, the method text and percentages; a property test over
 * thousands of small random tables judged by a brute-force oracle that
 * searches the non-negative integer tables consistent with what is
 * published for a second value of every hidden figure; checks of the
 * oracle itself; and a 200 x 200 table. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "analysis/suppression.h"

#ifndef SMALL_DIM
#define SMALL_DIM 6
#endif
#define SMALL_CELLS (SMALL_DIM * SMALL_DIM)

/* The property test's tables: how many, and at most how many rows and
 * columns (at most SMALL_DIM; larger runs are for trying by hand, with -D). */
#ifndef PROPERTY_TABLES
#define PROPERTY_TABLES 2400
#endif
#ifndef PROPERTY_DIM
#define PROPERTY_DIM 4
#endif
#ifndef PROPERTY_SEED
#define PROPERTY_SEED 0x9e3779b97f4a7c15u
#endif

/* A small table, what suppression_apply made of it, and room to pretend. */
struct small {
    int rows, columns;
    int64_t threshold;
    int64_t counts[SMALL_CELLS];
    bool cell_hidden[SMALL_CELLS];
    bool row_hidden[SMALL_DIM];
    bool column_hidden[SMALL_DIM];
    bool grand_hidden;
    int64_t row_totals[SMALL_DIM];
    int64_t column_totals[SMALL_DIM];
    int64_t grand_total;
};

static struct suppression_table table_of(struct small *s)
{
    return (struct suppression_table){
        .rows = s->rows,
        .columns = s->columns,
        .counts = s->counts,
        .threshold = s->threshold,
        .cell_hidden = s->cell_hidden,
        .row_total_hidden = s->row_hidden,
        .column_total_hidden = s->column_hidden,
        .grand_total_hidden = &s->grand_hidden,
        .row_totals = s->row_totals,
        .column_totals = s->column_totals,
        .grand_total = &s->grand_total,
    };
}

/* A table of rows x columns with the given counts (row-major). */
static struct small small_of(int rows, int columns, int64_t threshold, const int64_t *counts)
{
    struct small s;
    memset(&s, 0, sizeof s);
    s.rows = rows;
    s.columns = columns;
    s.threshold = threshold;
    memcpy(s.counts, counts, sizeof counts[0] * (size_t)(rows * columns));
    return s;
}

static void apply_small(struct small *s)
{
    struct suppression_table t = table_of(s);
    assert_true(suppression_apply(&t));
}

static bool cell_hidden(const struct small *s, int i, int j)
{
    return s->cell_hidden[i * s->columns + j];
}

/* The table with its margins: entry (a, b) for a <= rows, b <= columns is
 * a cell, row a's total (b == columns), column b's total (a == rows) or the
 * grand total (both). */
static int64_t entry_value(const struct small *s, int a, int b)
{
    if (a < s->rows && b < s->columns)
        return s->counts[a * s->columns + b];
    if (a < s->rows)
        return s->row_totals[a];
    if (b < s->columns)
        return s->column_totals[b];
    return s->grand_total;
}

static bool *entry_flag(struct small *s, int a, int b)
{
    if (a < s->rows && b < s->columns)
        return &s->cell_hidden[a * s->columns + b];
    if (a < s->rows)
        return &s->row_hidden[a];
    if (b < s->columns)
        return &s->column_hidden[b];
    return &s->grand_hidden;
}

static bool entry_hidden(const struct small *s, int a, int b)
{
    if (a < s->rows && b < s->columns)
        return s->cell_hidden[a * s->columns + b];
    if (a < s->rows)
        return s->row_hidden[a];
    if (b < s->columns)
        return s->column_hidden[b];
    return s->grand_hidden;
}

static int hidden_count(const struct small *s)
{
    int n = 0;
    for (int a = 0; a <= s->rows; a++)
        for (int b = 0; b <= s->columns; b++)
            n += entry_hidden(s, a, b);
    return n;
}

/* ---- the oracle ------------------------------------------------------
 * For one hidden figure (the target), a depth-first search over the hidden
 * cells for a non-negative integer table consistent with what is published
 * in which the target's value differs from the true one. Published cells and
 * totals are fixed; a hidden cell is at most its published row total, or
 * else its published column total, or else the true grand total; a hidden
 * total is at most the grand total (published, or the true one). Values are
 * tried nearest the true value first; the cells the target is made of are
 * filled first, then always the cell with the fewest possible values (that
 * only orders the search). The search prunes a branch only when a
 * published total (of a row, a column, the grand total, or the line of row
 * or of column totals) is already exceeded or can no longer be met, or
 * when the target's row or column is complete with its true total; so a
 * figure for which it finds no table has one possible value. Every table
 * it returns is checked again from scratch by consistent(). */

enum target_kind { TARGET_CELL, TARGET_ROW, TARGET_COLUMN, TARGET_GRAND };

struct target {
    enum target_kind kind;
    int index;
};

struct search {
    const struct small *s;
    struct target target;
    bool open[SMALL_CELLS]; /* hidden and not yet given a value */
    int open_in_row[SMALL_DIM], open_in_column[SMALL_DIM], open_count;
    int64_t cell[SMALL_CELLS]; /* the table being built */
    int64_t row_sum[SMALL_DIM], column_sum[SMALL_DIM], total;
};

static int64_t min64(int64_t x, int64_t y)
{
    return x < y ? x : y;
}

static int64_t max64(int64_t x, int64_t y)
{
    return x > y ? x : y;
}

static int64_t cell_bound(const struct small *s, int i, int j)
{
    if (!s->row_hidden[i])
        return s->row_totals[i];
    if (!s->column_hidden[j])
        return s->column_totals[j];
    return s->grand_total;
}

/* Whether cell[] agrees with everything published about s. */
static bool consistent(const struct small *s, const int64_t *cell)
{
    int64_t total = 0;
    for (int i = 0; i < s->rows; i++) {
        int64_t sum = 0;
        for (int j = 0; j < s->columns; j++) {
            int k = i * s->columns + j;
            if (cell[k] < 0)
                return false;
            if (!s->cell_hidden[k] && cell[k] != s->counts[k])
                return false;
            if (s->cell_hidden[k] && cell[k] > cell_bound(s, i, j))
                return false;
            sum += cell[k];
        }
        if (s->row_hidden[i] ? sum > s->grand_total : sum != s->row_totals[i])
            return false;
        total += sum;
    }
    for (int j = 0; j < s->columns; j++) {
        int64_t sum = 0;
        for (int i = 0; i < s->rows; i++)
            sum += cell[i * s->columns + j];
        if (s->column_hidden[j] ? sum > s->grand_total : sum != s->column_totals[j])
            return false;
    }
    return s->grand_hidden ? total <= s->grand_total : total == s->grand_total;
}

/* The target's value in the table cell[]. */
static int64_t target_value(const struct small *s, struct target target, const int64_t *cell)
{
    int64_t sum = 0;
    for (int i = 0; i < s->rows; i++) {
        for (int j = 0; j < s->columns; j++) {
            int k = i * s->columns + j;
            if ((target.kind == TARGET_CELL && k == target.index) ||
                (target.kind == TARGET_ROW && i == target.index) ||
                (target.kind == TARGET_COLUMN && j == target.index) || target.kind == TARGET_GRAND)
                sum += cell[k];
        }
    }
    return sum;
}

/* Whether hidden cell k is one the target is made of (its own cell, a cell
 * of its row or column); those are filled first, so that the search learns
 * early whether the target has moved. */
static bool feeds_target(const struct small *s, struct target target, int k)
{
    switch (target.kind) {
    case TARGET_CELL:
        return k == target.index;
    case TARGET_ROW:
        return k / s->columns == target.index;
    case TARGET_COLUMN:
        return k % s->columns == target.index;
    default:
        return false;
    }
}

static void search_start(struct search *x, const struct small *s, struct target target)
{
    memset(x, 0, sizeof *x);
    x->s = s;
    x->target = target;
    for (int k = 0; k < s->rows * s->columns; k++) {
        if (s->cell_hidden[k]) {
            x->open[k] = true;
            x->open_in_row[k / s->columns]++;
            x->open_in_column[k % s->columns]++;
            x->open_count++;
            continue;
        }
        x->cell[k] = s->counts[k];
        x->row_sum[k / s->columns] += s->counts[k];
        x->column_sum[k % s->columns] += s->counts[k];
        x->total += s->counts[k];
    }
}

/* The values open cell k may still take, low..high: at most its bound and
 * what is left of the grand total and of its row's and column's published
 * totals; exactly what is left of such a total when it is the last open
 * cell of that row or column. */
static void range_of(const struct search *x, int k, int64_t *low, int64_t *high)
{
    const struct small *s = x->s;
    int i = k / s->columns, j = k % s->columns;
    *low = 0;
    *high = min64(cell_bound(s, i, j), s->grand_total - x->total);
    if (!s->row_hidden[i]) {
        int64_t need = s->row_totals[i] - x->row_sum[i];
        *high = min64(*high, need);
        if (x->open_in_row[i] == 1)
            *low = max64(*low, need);
    }
    if (!s->column_hidden[j]) {
        int64_t need = s->column_totals[j] - x->column_sum[j];
        *high = min64(*high, need);
        if (x->open_in_column[j] == 1)
            *low = max64(*low, need);
    }
}

/* Whether the open cells could still make up what every published row,
 * column and grand total lacks (a necessary condition). The lines of
 * totals are checked too: the row totals add up to the grand total, so the
 * open cells of rows whose totals are hidden must make up the grand total
 * less the published row totals and what those rows already hold (at least
 * zero, and exactly that when the grand total is published); the same for
 * columns. */
static bool totals_reachable(const struct search *x)
{
    const struct small *s = x->s;
    int64_t row_room[SMALL_DIM] = {0}, column_room[SMALL_DIM] = {0}, all_room = 0;
    int64_t hidden_rows_room = 0, hidden_columns_room = 0;
    for (int k = 0; k < s->rows * s->columns; k++) {
        if (!x->open[k])
            continue;
        int64_t low, high;
        range_of(x, k, &low, &high);
        if (low > high)
            return false;
        row_room[k / s->columns] += high;
        column_room[k % s->columns] += high;
        all_room += high;
        if (s->row_hidden[k / s->columns])
            hidden_rows_room += high;
        if (s->column_hidden[k % s->columns])
            hidden_columns_room += high;
    }
    int64_t hidden_rows_need = s->grand_total, hidden_columns_need = s->grand_total;
    for (int i = 0; i < s->rows; i++) {
        if (!s->row_hidden[i] && s->row_totals[i] - x->row_sum[i] > row_room[i])
            return false;
        hidden_rows_need -= s->row_hidden[i] ? x->row_sum[i] : s->row_totals[i];
    }
    for (int j = 0; j < s->columns; j++) {
        if (!s->column_hidden[j] && s->column_totals[j] - x->column_sum[j] > column_room[j])
            return false;
        hidden_columns_need -= s->column_hidden[j] ? x->column_sum[j] : s->column_totals[j];
    }
    if (hidden_rows_need < 0 || hidden_columns_need < 0)
        return false;
    if (s->grand_hidden)
        return true;
    return s->grand_total - x->total <= all_room && hidden_rows_need <= hidden_rows_room &&
           hidden_columns_need <= hidden_columns_room;
}

/* The open cell to fill next: one the target is made of while any is open,
 * else the one with the fewest possible values (lowest index on ties). */
static int next_cell(const struct search *x)
{
    const struct small *s = x->s;
    int best = -1;
    int64_t best_size = 0;
    for (int k = 0; k < s->rows * s->columns; k++) {
        if (!x->open[k])
            continue;
        if (feeds_target(s, x->target, k))
            return k;
        int64_t low, high;
        range_of(x, k, &low, &high);
        if (best < 0 || high - low < best_size) {
            best = k;
            best_size = high - low;
        }
    }
    return best;
}

/* False when the target is a row or column total whose line has just been
 * completed with its true total. */
static bool target_line_moved(const struct search *x, int i, int j)
{
    const struct small *s = x->s;
    if (x->target.kind == TARGET_ROW && x->target.index == i && x->open_in_row[i] == 0 &&
        x->row_sum[i] == s->row_totals[i])
        return false;
    if (x->target.kind == TARGET_COLUMN && x->target.index == j && x->open_in_column[j] == 0 &&
        x->column_sum[j] == s->column_totals[j])
        return false;
    return true;
}

static bool search_on(struct search *x);

/* Gives open cell k the value v, searches on, and takes it back unless a
 * table was found. */
static bool try_value(struct search *x, int k, int64_t v)
{
    const struct small *s = x->s;
    int i = k / s->columns, j = k % s->columns;
    x->open[k] = false;
    x->open_in_row[i]--;
    x->open_in_column[j]--;
    x->open_count--;
    x->cell[k] = v;
    x->row_sum[i] += v;
    x->column_sum[j] += v;
    x->total += v;
    bool found = target_line_moved(x, i, j) && search_on(x);
    if (found)
        return true;
    x->row_sum[i] -= v;
    x->column_sum[j] -= v;
    x->total -= v;
    x->cell[k] = 0;
    x->open[k] = true;
    x->open_in_row[i]++;
    x->open_in_column[j]++;
    x->open_count++;
    return false;
}

static bool search_on(struct search *x)
{
    const struct small *s = x->s;
    if (x->open_count == 0)
        return consistent(s, x->cell) &&
               target_value(s, x->target, x->cell) != target_value(s, x->target, s->counts);
    if (!totals_reachable(x))
        return false;
    int k = next_cell(x);
    int64_t low, high;
    range_of(x, k, &low, &high);
    int64_t truth = s->counts[k];
    bool is_target = x->target.kind == TARGET_CELL && x->target.index == k;
    for (int64_t d = 0; truth - d >= low || truth + d <= high; d++) {
        int64_t candidates[2] = {truth - d, truth + d};
        for (int c = 0; c < (d == 0 ? 1 : 2); c++) {
            int64_t v = candidates[c];
            if (v < low || v > high || (is_target && v == truth))
                continue;
            if (try_value(x, k, v))
                return true;
        }
    }
    return false;
}

/* Whether some consistent table gives the target another value; the table
 * found, checked by consistent(), is left in witness when not NULL. */
static bool has_second_value(const struct small *s, struct target target, int64_t *witness)
{
    struct search x;
    search_start(&x, s, target);
    bool found = search_on(&x);
    if (found) {
        assert_true(consistent(s, x.cell));
        assert_int_not_equal(target_value(s, target, x.cell), target_value(s, target, s->counts));
        if (witness != NULL)
            memcpy(witness, x.cell, sizeof x.cell);
    }
    return found;
}

/* The target that is entry (a, b) of the table with its margins. */
static struct target target_of(const struct small *s, int a, int b)
{
    if (a < s->rows && b < s->columns)
        return (struct target){TARGET_CELL, a * s->columns + b};
    if (a < s->rows)
        return (struct target){TARGET_ROW, a};
    if (b < s->columns)
        return (struct target){TARGET_COLUMN, b};
    return (struct target){TARGET_GRAND, 0};
}

/* Whether some hidden figure of s has only one possible value; the first
 * such is put in what (when not NULL). */
static bool something_recoverable(const struct small *s, struct target *what)
{
    for (int a = 0; a <= s->rows; a++) {
        for (int b = 0; b <= s->columns; b++) {
            if (!entry_hidden(s, a, b) || has_second_value(s, target_of(s, a, b), NULL))
                continue;
            if (what != NULL)
                *what = target_of(s, a, b);
            return true;
        }
    }
    return false;
}

static void print_small(const struct small *s)
{
    printf("# threshold %lld\n", (long long)s->threshold);
    for (int i = 0; i < s->rows; i++) {
        printf("#");
        for (int j = 0; j < s->columns; j++)
            printf(" %3lld%s", (long long)s->counts[i * s->columns + j], cell_hidden(s, i, j) ? "c" : " ");
        printf(" | %3lld%s\n", (long long)s->row_totals[i], s->row_hidden[i] ? "c" : " ");
    }
    printf("#");
    for (int j = 0; j < s->columns; j++)
        printf(" %3lld%s", (long long)s->column_totals[j], s->column_hidden[j] ? "c" : " ");
    printf(" | %3lld%s\n", (long long)s->grand_total, s->grand_hidden ? "c" : " ");
}

/* ---- linear algebra, for the check that each secondary figure is needed ----
 * A hidden figure that the line equations alone fix (it is a combination of
 * them) is certainly recoverable. Unknowns are the hidden figures of the
 * table with its margins, entry (a, b) for a <= rows, b <= columns; each
 * line's equation is "its entries before the last, minus the last, is 0".
 * Elimination is exact, modulo a prime: the matrix is, up to signs of rows
 * and columns, a bipartite incidence matrix, so every minor is 0 or +-1 and
 * the rank modulo any prime is the rank over the rationals. */

#define PRIME 2147483647
#define MAX_EQUATIONS (2 * SMALL_DIM + 3)
#define MAX_UNKNOWNS ((SMALL_DIM + 1) * (SMALL_DIM + 1))

struct system {
    int64_t m[MAX_EQUATIONS][MAX_UNKNOWNS];
    int equations, unknowns;
};

static int64_t power_mod(int64_t base, int64_t exponent)
{
    int64_t result = 1;
    base %= PRIME;
    while (exponent > 0) {
        if (exponent & 1)
            result = result * base % PRIME;
        base = base * base % PRIME;
        exponent >>= 1;
    }
    return result;
}

/* The rank of the system's matrix (which it destroys). */
static int rank_of(struct system *y)
{
    int rank = 0;
    for (int c = 0; c < y->unknowns && rank < y->equations; c++) {
        int pivot = -1;
        for (int r = rank; r < y->equations && pivot < 0; r++)
            if (y->m[r][c] != 0)
                pivot = r;
        if (pivot < 0)
            continue;
        for (int k = 0; k < y->unknowns; k++) {
            int64_t swap = y->m[rank][k];
            y->m[rank][k] = y->m[pivot][k];
            y->m[pivot][k] = swap;
        }
        int64_t inverse = power_mod(y->m[rank][c], PRIME - 2);
        for (int r = 0; r < y->equations; r++) {
            if (r == rank || y->m[r][c] == 0)
                continue;
            int64_t factor = y->m[r][c] * inverse % PRIME;
            for (int k = 0; k < y->unknowns; k++)
                y->m[r][k] = ((y->m[r][k] - factor * y->m[rank][k]) % PRIME + PRIME) % PRIME;
        }
        rank++;
    }
    return rank;
}

/* The line equations in the hidden figures of s. */
static void equations_of(const struct small *s, struct system *y)
{
    memset(y, 0, sizeof *y);
    int unknown = 0;
    y->equations = s->rows + s->columns + 2;
    for (int a = 0; a <= s->rows; a++) {
        for (int b = 0; b <= s->columns; b++) {
            if (!entry_hidden(s, a, b))
                continue;
            y->m[a][unknown] = b < s->columns ? 1 : PRIME - 1;
            y->m[s->rows + 1 + b][unknown] = a < s->rows ? 1 : PRIME - 1;
            unknown++;
        }
    }
    y->unknowns = unknown;
}

/* Whether the line equations alone fix some hidden figure of s. */
static bool something_fixed_by_equations(const struct small *s)
{
    struct system y, trial;
    equations_of(s, &y);
    trial = y;
    int rank = rank_of(&trial);
    for (int v = 0; v < y.unknowns; v++) {
        trial = y;
        trial.m[trial.equations][v] = 1;
        trial.equations++;
        if (rank_of(&trial) == rank)
            return true;
    }
    return false;
}

/* Each secondary figure was needed: were it published instead, some hidden
 * figure would be fixed by the line equations. */
static void check_each_secondary_needed(const struct small *s)
{
    struct small trial = *s;
    for (int a = 0; a <= s->rows; a++) {
        for (int b = 0; b <= s->columns; b++) {
            if (!entry_hidden(s, a, b) || entry_value(s, a, b) <= s->threshold)
                continue;
            *entry_flag(&trial, a, b) = false;
            assert_true(something_fixed_by_equations(&trial));
            *entry_flag(&trial, a, b) = true;
        }
    }
}

/* ---- random numbers: xorshift64, fixed seeds ---------------------------- */

static uint64_t next_random(uint64_t *state)
{
    uint64_t x = *state;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    *state = x;
    return x;
}

static int64_t random_between(uint64_t *state, int64_t low, int64_t high)
{
    return low + (int64_t)(next_random(state) % (uint64_t)(high - low + 1));
}

/* A count drawn from a mix of 0, 1..6 and 7..30. */
static int64_t random_count(uint64_t *state)
{
    switch (next_random(state) % 3) {
    case 0:
        return 0;
    case 1:
        return random_between(state, 1, 6);
    default:
        return random_between(state, 7, 30);
    }
}

/* ---- known answers -------------------------------------------------------- */

static void nothing_hidden_when_zero_or_large(void **state)
{
    (void)state;
    const int64_t counts[] = {0, 12, 6, 0, 0, 0, 40, 7, 9};
    struct small s = small_of(3, 3, 5, counts);
    apply_small(&s);
    assert_int_equal(hidden_count(&s), 0);
    assert_int_equal(s.row_totals[0], 18);
    assert_int_equal(s.row_totals[1], 0);
    assert_int_equal(s.row_totals[2], 56);
    assert_int_equal(s.column_totals[0], 40);
    assert_int_equal(s.column_totals[1], 19);
    assert_int_equal(s.column_totals[2], 15);
    assert_int_equal(s.grand_total, 74);
}

/* One small cell: the smallest other cell of its row (20) and of its column
 * (10) are hidden, and the cell where they cross (40) to close the square. */
static void single_small_cell(void **state)
{
    (void)state;
    const int64_t counts[] = {3, 20, 30, /**/ 10, 40, 50, /**/ 12, 60, 70};
    struct small s = small_of(3, 3, 5, counts);
    apply_small(&s);
    const bool expected[] = {true, true, false, true, true, false, false, false, false};
    for (int k = 0; k < 9; k++)
        assert_int_equal(s.cell_hidden[k], expected[k]);
    assert_int_equal(hidden_count(&s), 4);
    assert_false(something_recoverable(&s, NULL));
}

/* One column: each row total equals its cell, so a small cell hides its row
 * total too, and the other row with the smallest count (8) goes with it. */
static void one_column(void **state)
{
    (void)state;
    const int64_t counts[] = {3, 10, 20, 8};
    struct small s = small_of(4, 1, 5, counts);
    apply_small(&s);
    const bool expected[] = {true, false, false, true};
    for (int i = 0; i < 4; i++) {
        assert_int_equal(s.cell_hidden[i], expected[i]);
        assert_int_equal(s.row_hidden[i], expected[i]);
    }
    assert_false(s.column_hidden[0]);
    assert_false(s.grand_hidden);
    assert_false(something_recoverable(&s, NULL));
}

/* A row of small counts with a small total: the row with the least in it
 * (row 2) is hidden in full alongside, totals and all; nothing else. */
static void row_all_small(void **state)
{
    (void)state;
    const int64_t counts[] = {1, 2, 1, /**/ 20, 30, 40, /**/ 9, 8, 11};
    struct small s = small_of(3, 3, 5, counts);
    apply_small(&s);
    const bool expected[] = {true, true, true, false, false, false, true, true, true};
    for (int k = 0; k < 9; k++)
        assert_int_equal(s.cell_hidden[k], expected[k]);
    assert_true(s.row_hidden[0]);
    assert_false(s.row_hidden[1]);
    assert_true(s.row_hidden[2]);
    for (int j = 0; j < 3; j++)
        assert_false(s.column_hidden[j]);
    assert_false(s.grand_hidden);
    assert_false(something_recoverable(&s, NULL));
}

/* The zero beside the small cell would be the cheapest partner but is never
 * hidden (0 is always shown): the square closes through 40, 9 and 50. */
static void zeros_never_hidden(void **state)
{
    (void)state;
    const int64_t counts[] = {3, 0, 40, /**/ 9, 0, 50};
    struct small s = small_of(2, 3, 5, counts);
    apply_small(&s);
    const bool expected[] = {true, false, true, true, false, true};
    for (int k = 0; k < 6; k++)
        assert_int_equal(s.cell_hidden[k], expected[k]);
    assert_int_equal(hidden_count(&s), 4);
    assert_false(something_recoverable(&s, NULL));
}

static void threshold_ten_hides_seven(void **state)
{
    (void)state;
    const int64_t counts[] = {7, 20, 30, /**/ 15, 40, 50, /**/ 12, 60, 70};
    struct small s = small_of(3, 3, 10, counts);
    apply_small(&s);
    assert_true(s.cell_hidden[0]);
    assert_false(something_recoverable(&s, NULL));
    s = small_of(3, 3, 5, counts);
    apply_small(&s);
    assert_int_equal(hidden_count(&s), 0);
}

static void threshold_zero_hides_nothing(void **state)
{
    (void)state;
    const int64_t counts[] = {1, 2, 0, 3};
    struct small s = small_of(2, 2, 0, counts);
    apply_small(&s);
    assert_int_equal(hidden_count(&s), 0);
    assert_int_equal(s.grand_total, 6);
}

/* ---- refusals --------------------------------------------------------------- */

static void zero_size_refused(void **state)
{
    (void)state;
    const int64_t counts[] = {10};
    struct small s = small_of(1, 1, 5, counts);
    struct suppression_table t = table_of(&s);
    t.rows = 0;
    assert_false(suppression_apply(&t));
    t.rows = 1;
    t.columns = 0;
    assert_false(suppression_apply(&t));
    t.columns = -3;
    assert_false(suppression_apply(&t));
    t.columns = SUPPRESSION_MAX_DIM + 1;
    assert_false(suppression_apply(&t));
}

static void negative_count_refused(void **state)
{
    (void)state;
    const int64_t counts[] = {10, 3, -1, 20};
    struct small s = small_of(2, 2, 5, counts);
    s.row_totals[0] = 99; /* must be left alone */
    struct suppression_table t = table_of(&s);
    assert_false(suppression_apply(&t));
    assert_int_equal(s.row_totals[0], 99);
    assert_int_equal(hidden_count(&s), 0);
}

static void negative_threshold_refused(void **state)
{
    (void)state;
    const int64_t counts[] = {10, 3, 1, 20};
    struct small s = small_of(2, 2, -1, counts);
    struct suppression_table t = table_of(&s);
    assert_false(suppression_apply(&t));
}

static void null_arrays_refused(void **state)
{
    (void)state;
    const int64_t counts[] = {10, 3, 1, 20};
    struct small s = small_of(2, 2, 5, counts);
    assert_false(suppression_apply(NULL));
    for (int which = 0; which < 9; which++) {
        struct suppression_table t = table_of(&s);
        switch (which) {
        case 0: t.counts = NULL; break;
        case 1: t.cell_hidden = NULL; break;
        case 2: t.row_total_hidden = NULL; break;
        case 3: t.column_total_hidden = NULL; break;
        case 4: t.grand_total_hidden = NULL; break;
        case 5: t.row_totals = NULL; break;
        case 6: t.column_totals = NULL; break;
        case 7: t.grand_total = NULL; break;
        default: break;
        }
        assert_int_equal(suppression_apply(&t), which == 8);
    }
}

static void overflowing_sum_refused(void **state)
{
    (void)state;
    const int64_t counts[] = {INT64_MAX / 2, INT64_MAX / 2, 2, 0};
    struct small s = small_of(2, 2, 5, counts);
    struct suppression_table t = table_of(&s);
    assert_false(suppression_apply(&t));
    s.counts[2] = 1; /* now the sum is exactly INT64_MAX */
    t = table_of(&s);
    assert_true(suppression_apply(&t));
    assert_int_equal(s.grand_total, INT64_MAX);
    assert_true(s.cell_hidden[2]);
    assert_int_not_equal(hidden_count(&s), 1);
}

/* ---- method text and percentages -------------------------------------------- */

static void method_text_names_threshold(void **state)
{
    (void)state;
    char text[512];
    suppression_method_text(5, text, sizeof text);
    assert_non_null(strstr(text, "Counts of 1 to 5 are shown as c"));
    assert_non_null(strstr(text, "secondary suppression"));
    assert_non_null(strstr(text, "percentages"));
    assert_int_equal(text[strlen(text) - 1], '.');
    suppression_method_text(10, text, sizeof text);
    assert_non_null(strstr(text, "1 to 10 "));
    suppression_method_text(1, text, sizeof text);
    assert_non_null(strstr(text, "Counts of 1 are shown as c"));
    suppression_method_text(0, text, sizeof text);
    assert_non_null(strstr(text, "threshold is 0"));
    suppression_method_text(-1, text, sizeof text);
    assert_string_equal(text, "");
    char tiny[8];
    suppression_method_text(5, tiny, sizeof tiny);
    assert_string_equal(tiny, "Counts ");
    suppression_method_text(5, NULL, 0); /* nothing to write to: no crash */
}

static void percentages(void **state)
{
    (void)state;
    assert_true(suppression_percentage_shown(false, false));
    assert_false(suppression_percentage_shown(true, false));
    assert_false(suppression_percentage_shown(false, true));
    assert_false(suppression_percentage_shown(true, true));
}

/* ---- the oracle checked by hand --------------------------------------------- */

/* Only the small cell hidden: its row total gives it away. */
static void oracle_sees_primary_only(void **state)
{
    (void)state;
    const int64_t counts[] = {3, 20, 10, 40};
    struct small s = small_of(2, 2, 5, counts);
    apply_small(&s);
    memset(s.cell_hidden, 0, sizeof s.cell_hidden);
    memset(s.row_hidden, 0, sizeof s.row_hidden);
    memset(s.column_hidden, 0, sizeof s.column_hidden);
    s.grand_hidden = false;
    s.cell_hidden[0] = true;
    struct target what;
    assert_true(something_recoverable(&s, &what));
    assert_int_equal(what.kind, TARGET_CELL);
    assert_int_equal(what.index, 0);
    assert_true(something_fixed_by_equations(&s));
    /* Hiding the row total as well does not help: the column total still tells. */
    s.row_hidden[0] = true;
    assert_true(something_recoverable(&s, NULL));
    assert_true(something_fixed_by_equations(&s));
}

/* Four cells in a square, totals shown: each could be one more or less. */
static void oracle_accepts_square(void **state)
{
    (void)state;
    const int64_t counts[] = {3, 20, 10, 40};
    struct small s = small_of(2, 2, 5, counts);
    apply_small(&s);
    for (int k = 0; k < 4; k++)
        s.cell_hidden[k] = true;
    assert_false(something_recoverable(&s, NULL));
    assert_false(something_fixed_by_equations(&s));
    int64_t witness[SMALL_CELLS];
    assert_true(has_second_value(&s, (struct target){TARGET_CELL, 0}, witness));
    assert_true(witness[0] == 2 || witness[0] == 4);
}

/* The zero trap: two hidden zeros side by side in a square of hidden cells
 * cannot move (one would have to go below zero), so they are recoverable
 * although every row and column holds two hidden cells. The module never
 * hides a zero, so it never sets this trap. */
static void oracle_sees_hidden_zeros(void **state)
{
    (void)state;
    const int64_t counts[] = {0, 0, 9, /**/ 5, 7, 9, /**/ 8, 8, 8};
    struct small s = small_of(3, 3, 5, counts);
    apply_small(&s);
    memset(s.cell_hidden, 0, sizeof s.cell_hidden);
    memset(s.row_hidden, 0, sizeof s.row_hidden);
    memset(s.column_hidden, 0, sizeof s.column_hidden);
    s.grand_hidden = false;
    s.cell_hidden[0] = s.cell_hidden[1] = s.cell_hidden[3] = s.cell_hidden[4] = true;
    struct target what;
    assert_true(something_recoverable(&s, &what));
    assert_int_equal(what.kind, TARGET_CELL);
    assert_int_equal(what.index, 0);
    assert_false(something_fixed_by_equations(&s)); /* only non-negativity tells */
    /* With 1 and 2 in place of the zeros the same pattern is safe. */
    s.counts[0] = 1;
    s.counts[1] = 2;
    s.counts[3] = 4;
    s.counts[4] = 5;
    assert_false(something_recoverable(&s, NULL));
}

/* ---- the property test --------------------------------------------------------- */

/* Whether x and y hide the same figures and have the same totals. */
static bool same_result(const struct small *x, const struct small *y)
{
    size_t cells = (size_t)(x->rows * x->columns), rows = (size_t)x->rows, columns = (size_t)x->columns;
    return memcmp(x->cell_hidden, y->cell_hidden, cells * sizeof(bool)) == 0 &&
           memcmp(x->row_hidden, y->row_hidden, rows * sizeof(bool)) == 0 &&
           memcmp(x->column_hidden, y->column_hidden, columns * sizeof(bool)) == 0 &&
           x->grand_hidden == y->grand_hidden &&
           memcmp(x->row_totals, y->row_totals, rows * sizeof(int64_t)) == 0 &&
           memcmp(x->column_totals, y->column_totals, columns * sizeof(int64_t)) == 0 &&
           x->grand_total == y->grand_total;
}

/* The totals are right, every figure of 1..threshold is hidden, no zero is,
 * and with no such figure nothing is. */
static void check_primary(const struct small *s)
{
    int64_t grand = 0;
    for (int i = 0; i < s->rows; i++) {
        int64_t sum = 0;
        for (int j = 0; j < s->columns; j++)
            sum += s->counts[i * s->columns + j];
        assert_int_equal(s->row_totals[i], sum);
        grand += sum;
    }
    for (int j = 0; j < s->columns; j++) {
        int64_t sum = 0;
        for (int i = 0; i < s->rows; i++)
            sum += s->counts[i * s->columns + j];
        assert_int_equal(s->column_totals[j], sum);
    }
    assert_int_equal(s->grand_total, grand);
    bool any_primary = false;
    for (int a = 0; a <= s->rows; a++) {
        for (int b = 0; b <= s->columns; b++) {
            int64_t value = entry_value(s, a, b);
            bool primary = value >= 1 && value <= s->threshold;
            any_primary = any_primary || primary;
            if (primary)
                assert_true(entry_hidden(s, a, b));
            if (value == 0)
                assert_false(entry_hidden(s, a, b));
        }
    }
    if (!any_primary)
        assert_int_equal(hidden_count(s), 0);
}

static struct small random_small(uint64_t *random, int64_t threshold)
{
    struct small s;
    memset(&s, 0, sizeof s);
    s.rows = (int)random_between(random, 1, PROPERTY_DIM);
    s.columns = (int)random_between(random, 1, PROPERTY_DIM);
    s.threshold = threshold;
    for (int k = 0; k < s.rows * s.columns; k++)
        s.counts[k] = random_count(random);
    return s;
}

static void random_small_tables(void **state)
{
    (void)state;
    const int64_t thresholds[] = {5, 5, 5, 5, 5, 5, 0, 10};
    uint64_t random = PROPERTY_SEED;
    int secondary_tables = 0;
    for (int n = 0; n < PROPERTY_TABLES; n++) {
        struct small s = random_small(&random, thresholds[n % 8]);
        apply_small(&s);
        struct small again = s;
        memset(again.cell_hidden, 1, sizeof again.cell_hidden); /* all to be overwritten */
        memset(again.row_hidden, 1, sizeof again.row_hidden);
        apply_small(&again);
        assert_true(same_result(&s, &again));
        check_primary(&s);
        struct target what;
        if (something_recoverable(&s, &what)) {
            printf("# table %d: figure %d of kind %d can be worked out\n", n, what.index, (int)what.kind);
            print_small(&s);
            fail();
        }
        assert_false(something_fixed_by_equations(&s));
        check_each_secondary_needed(&s);
        for (int k = 0; k < s.rows * s.columns; k++)
            if (s.cell_hidden[k] && s.counts[k] > s.threshold) {
                secondary_tables++;
                break;
            }
    }
    printf("# %d of %d tables needed secondary cells\n", secondary_tables, PROPERTY_TABLES);
    assert_true(secondary_tables > PROPERTY_TABLES / 10); /* it does exercise secondary suppression */
}

/* ---- a large table -------------------------------------------------------------- */

/* In every line of the table with its margins, the number of hidden
 * entries is not exactly one. */
static void check_no_lone_hidden(const struct suppression_table *t)
{
    int rows = t->rows, columns = t->columns;
    int line_total = *t->grand_total_hidden ? 1 : 0;
    for (int i = 0; i < rows; i++) {
        int n = t->row_total_hidden[i] ? 1 : 0;
        for (int j = 0; j < columns; j++)
            n += t->cell_hidden[i * columns + j];
        assert_int_not_equal(n, 1);
        line_total += t->row_total_hidden[i];
    }
    assert_int_not_equal(line_total, 1);
    line_total = *t->grand_total_hidden ? 1 : 0;
    for (int j = 0; j < columns; j++) {
        int n = t->column_total_hidden[j] ? 1 : 0;
        for (int i = 0; i < rows; i++)
            n += t->cell_hidden[i * columns + j];
        assert_int_not_equal(n, 1);
        line_total += t->column_total_hidden[j];
    }
    assert_int_not_equal(line_total, 1);
}

struct large {
    int64_t *counts;
    bool *cell_hidden, *row_hidden, *column_hidden, grand_hidden;
    int64_t *row_totals, *column_totals, grand_total;
};

static struct suppression_table large_table(struct large *l, int rows, int columns)
{
    size_t cells = (size_t)rows * (size_t)columns;
    l->counts = calloc(cells, sizeof *l->counts);
    l->cell_hidden = calloc(cells, sizeof *l->cell_hidden);
    l->row_hidden = calloc((size_t)rows, sizeof *l->row_hidden);
    l->column_hidden = calloc((size_t)columns, sizeof *l->column_hidden);
    l->row_totals = calloc((size_t)rows, sizeof *l->row_totals);
    l->column_totals = calloc((size_t)columns, sizeof *l->column_totals);
    assert_non_null(l->counts);
    assert_non_null(l->cell_hidden);
    assert_non_null(l->row_hidden);
    assert_non_null(l->column_hidden);
    assert_non_null(l->row_totals);
    assert_non_null(l->column_totals);
    return (struct suppression_table){
        .rows = rows,
        .columns = columns,
        .counts = l->counts,
        .threshold = 5,
        .cell_hidden = l->cell_hidden,
        .row_total_hidden = l->row_hidden,
        .column_total_hidden = l->column_hidden,
        .grand_total_hidden = &l->grand_hidden,
        .row_totals = l->row_totals,
        .column_totals = l->column_totals,
        .grand_total = &l->grand_total,
    };
}

static void large_free(struct large *l)
{
    free(l->counts);
    free(l->cell_hidden);
    free(l->row_hidden);
    free(l->column_hidden);
    free(l->row_totals);
    free(l->column_totals);
}

/* Runs a 200 x 200 table whose counts come from count_of, and checks it. */
static void run_large(const char *name, int64_t (*count_of)(uint64_t *random, int i, int j))
{
    struct large l;
    struct suppression_table t = large_table(&l, SUPPRESSION_MAX_DIM, SUPPRESSION_MAX_DIM);
    uint64_t random = 0x2545f4914f6cdd1du;
    for (int i = 0; i < t.rows; i++)
        for (int j = 0; j < t.columns; j++)
            l.counts[i * t.columns + j] = count_of(&random, i, j);
    clock_t start = clock();
    assert_true(suppression_apply(&t));
    double seconds = (double)(clock() - start) / CLOCKS_PER_SEC;
    int hidden = 0;
    for (int k = 0; k < t.rows * t.columns; k++) {
        hidden += l.cell_hidden[k];
        if (l.counts[k] >= 1 && l.counts[k] <= 5)
            assert_true(l.cell_hidden[k]);
    }
    printf("# 200 x 200, %s: %d cells hidden, %.3f s\n", name, hidden, seconds);
    check_no_lone_hidden(&t);
    large_free(&l);
}

static int64_t mixed_count(uint64_t *random, int i, int j)
{
    (void)i;
    (void)j;
    return random_count(random);
}

/* Large counts with one small cell on the diagonal: the sparse case, with
 * the most secondary suppression to work out. */
static int64_t diagonal_count(uint64_t *random, int i, int j)
{
    return i == j ? 3 : random_between(random, 7, 500);
}

static void large_table_mixed(void **state)
{
    (void)state;
    run_large("mixed counts", mixed_count);
}

static void large_table_diagonal(void **state)
{
    (void)state;
    run_large("small diagonal", diagonal_count);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(nothing_hidden_when_zero_or_large),
        cmocka_unit_test(single_small_cell),
        cmocka_unit_test(one_column),
        cmocka_unit_test(row_all_small),
        cmocka_unit_test(zeros_never_hidden),
        cmocka_unit_test(threshold_ten_hides_seven),
        cmocka_unit_test(threshold_zero_hides_nothing),
        cmocka_unit_test(zero_size_refused),
        cmocka_unit_test(negative_count_refused),
        cmocka_unit_test(negative_threshold_refused),
        cmocka_unit_test(null_arrays_refused),
        cmocka_unit_test(overflowing_sum_refused),
        cmocka_unit_test(method_text_names_threshold),
        cmocka_unit_test(percentages),
        cmocka_unit_test(oracle_sees_primary_only),
        cmocka_unit_test(oracle_accepts_square),
        cmocka_unit_test(oracle_sees_hidden_zeros),
        cmocka_unit_test(random_small_tables),
        cmocka_unit_test(large_table_mixed),
        cmocka_unit_test(large_table_diagonal),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

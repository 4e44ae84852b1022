/* Small-number suppression for published statistics about children, as
 * England's Department for Education does it: in a two-way table of counts
 * (rows x columns, e.g. agencies x months) with its margins (each row's
 * total, each column's total and the grand total), counts of 1 to the
 * threshold are shown as "c" (primary suppression; 0 is shown as 0), and
 * further cells or totals are shown as "c" (secondary suppression) wherever
 * a suppressed value could otherwise be worked out exactly from what is
 * published. A percentage is published only when neither its part nor its
 * whole is suppressed. Depends on nothing but the C standard library and
 * allocates nothing. See suppression.c for the method and its guarantee. */
#ifndef CSHUB_SUPPRESSION_H
#define CSHUB_SUPPRESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The largest number of rows, and of columns, a table may have. */
#define SUPPRESSION_MAX_DIM 200

struct suppression_table {
    int rows, columns;           /* 1..SUPPRESSION_MAX_DIM each */
    const int64_t *counts;       /* rows*columns, row-major, each >= 0 (input) */
    int64_t threshold;           /* counts 1..threshold are primary-suppressed; e.g. 5 */
    /* filled by suppression_apply, owned by the caller (caller provides arrays of the right size): */
    bool *cell_hidden;           /* rows*columns, row-major */
    bool *row_total_hidden;      /* rows */
    bool *column_total_hidden;   /* columns */
    bool *grand_total_hidden;    /* 1 */
    int64_t *row_totals, *column_totals, *grand_total; /* computed totals: rows, columns, 1 */
};

/* Computes the totals and decides which cells and totals are hidden ("c").
 * On success: every cell or total of 1..threshold is hidden; no zero is
 * ever hidden; and no hidden value can be worked out exactly from the
 * published (unhidden) cells and totals together with the facts that counts
 * are non-negative integers, that rows and columns add up to their totals
 * and that the row and the column totals add up to the grand total.
 * Secondary suppression hides as little as it sensibly can (smallest counts
 * first), and the same input always gives the same output.
 * Returns false, having written nothing, when the input is invalid: t or an
 * array NULL, rows or columns outside 1..SUPPRESSION_MAX_DIM, a negative
 * threshold or count, or counts whose sum does not fit in an int64_t. */
bool suppression_apply(struct suppression_table *t);

/* Whether a percentage (part over whole) may be published: false when
 * either count is hidden, so that it cannot reveal a suppressed count. */
bool suppression_percentage_shown(bool part_hidden, bool whole_hidden);

/* Writes into out (size bytes, always NUL-terminated when size > 0, cut
 * short if too small) one sentence stating the method for printing on a
 * report, with the threshold filled in, e.g. "Counts of 1 to 5 are shown
 * as c; ...". A negative threshold gives the empty string. */
void suppression_method_text(int64_t threshold, char *out, size_t size);

#endif

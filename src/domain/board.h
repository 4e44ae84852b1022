/* The partnership boards: the configured boards that monitor the
 * partnership's work (the action plan's recommendations now, their
 * quarterly reports later), each with a name and a place in the list.
 * Partnership business, not personal data. */
#ifndef CSHUB_BOARD_H
#define CSHUB_BOARD_H

#include <stdbool.h>

#include "domain/operation.h"

/* The most boards a partnership may configure (every list of them is whole). */
#define BOARDS_MAX 20

/* Every board (id, name, position), in position order. */
enum store_status board_list(struct domain_context *ctx, struct store_result *out);

/* True when a board has this id. */
bool board_exists(struct domain_context *ctx, const char *id);

/* Adds a board at position; needs the capability to manage agencies (the
 * partnership's structure), audited as creating a "partnership_board".
 * DOMAIN_CONFLICT when the name or position is taken, DOMAIN_FULL past
 * BOARDS_MAX; *id gets the new board's id. */
enum domain_status board_create(struct domain_context *ctx, const char *name, int position, const char **id);

#endif

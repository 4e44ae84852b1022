/* The MACE meetings of `cshub demo`: three past meetings four weeks apart
 * and the next one planned, each agenda built from the demo's evidence,
 * attendance recorded, the first items discussed and actions given to the
 * agencies present — most done, some left open and now overdue. */
#ifndef CSHUB_DEMO_MEETINGS_H
#define CSHUB_DEMO_MEETINGS_H

#include <stdbool.h>

struct store_conn;

/* Runs the meetings as the demo's coordinator; false (after a line on
 * stderr) when a step fails. Counts what it made. */
bool demo_meetings_fill(struct store_conn *conn, long *meetings, long *actions);

#endif

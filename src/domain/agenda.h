/* A MACE meeting's agenda built from the evidence, for the coordinator to
 * edit: young people screened high or whose risk rose since the last
 * meeting, contexts whose latest assessment rated them high, adults of
 * concern linked to two or more young people, hotspots, and actions
 * overdue on the day of the meeting — each only as far as the caller may
 * see it, and none twice. */
#ifndef CSHUB_AGENDA_H
#define CSHUB_AGENDA_H

#include "domain/operation.h"

/* Adds the evidence's items to open meeting meeting_id; *added says how
 * many. Needs the "run meetings" capability. */
enum domain_status agenda_build(struct domain_context *ctx, const char *meeting_id, int *added);

#endif

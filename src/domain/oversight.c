/* The alerts and a record's audit trail as oversight reads them; see oversight.h. */
#include "domain/oversight.h"

#include "util/arena.h"

enum store_status oversight_alerts(struct domain_context *ctx, const char *after_time, const char *after_id,
                                   int limit, struct store_result *out)
{
    /* "~" sorts after any timestamp and any id. */
    const char *time_bound = after_time ? after_time : "~", *id_bound = after_id ? after_id : "~";
    const struct store_value p[] = {store_text(time_bound), store_text(time_bound), store_text(id_bound),
                                    store_int(limit)};
    return store_query(ctx->conn, ctx->arena,
                       "SELECT a.id, a.kind, a.created_at, a.record_type, a.record_id, a.reason, "
                       "u.id AS user_id, u.name AS user_name, g.name AS agency_name "
                       "FROM alerts a LEFT JOIN users u ON u.id = a.user_id LEFT JOIN agencies g ON g.id = u.agency_id "
                       "WHERE a.created_at < ? OR (a.created_at = ? AND a.id < ?) "
                       "ORDER BY a.created_at DESC, a.id DESC LIMIT ?",
                       p, 4, out);
}

enum store_status oversight_person_events(struct domain_context *ctx, const char *person_id, int64_t before_seq,
                                          int limit, struct store_result *out)
{
    const char *packed_line = arena_printf(ctx->arena, "\nperson %s\n", person_id);
    const struct store_value p[] = {store_text(person_id),   store_int(before_seq), store_text(person_id),
                                    store_int(before_seq),   store_text(packed_line), store_int(before_seq),
                                    store_text(person_id),   store_int(before_seq), store_int(limit)};
    /* Events about the person; events that released them among many (a
     * network view), from the index; and those the index has not reached. */
    return store_query(ctx->conn, ctx->arena,
                       "WITH released AS (SELECT event_seq FROM audit_record_reads WHERE record_type = 'person' "
                       "AND record_id = ? AND event_seq < ? UNION ALL SELECT x.event_seq FROM audit_event_records x "
                       "WHERE x.event_seq > (SELECT last_seq FROM audit_index_progress WHERE id = 1) "
                       "AND x.record_type = 'person' AND x.record_id = ? AND x.event_seq < ? "
                       "UNION ALL SELECT y.seq FROM audit_events y "
                       "WHERE y.seq > (SELECT last_seq FROM audit_index_progress WHERE id = 1) "
                       "AND y.records IS NOT NULL AND instr(y.records, ?) > 0 AND y.seq < ?) "
                       "SELECT e.seq, e.at, e.action, e.outcome, e.reason, e.user_id, u.name AS user_name, "
                       "g.name AS agency_name FROM audit_events e LEFT JOIN users u ON u.id = e.user_id "
                       "LEFT JOIN agencies g ON g.id = e.agency_id "
                       "WHERE (e.record_type = 'person' AND e.record_id = ? AND e.seq < ?) "
                       "OR e.seq IN (SELECT event_seq FROM released) "
                       "ORDER BY e.seq DESC LIMIT ?",
                       p, 9, out);
}

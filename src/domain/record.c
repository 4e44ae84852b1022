/* Generic storage, access and search for records with a field table; see
 * record.h. SQL is built only from the constant field tables, never from
 * input. */
#include "domain/record.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/network_index.h"
#include "domain/person.h"
#include "util/arena.h"
#include "util/clock.h"
#include "util/fold.h"
#include "util/ids.h"
#include "util/log.h"

#define SEARCH_WORDS_MAX 5
#define SEARCH_ROUNDS 10

/* "r.id, r.owner_agency_id, r.created_at, r.updated_at, r.<field>, ...":
 * SELECTED_HEAD columns, then each field in the kind's order. */
#define SELECTED_HEAD 4
static const char *select_columns(struct arena *arena, const struct record_kind *kind)
{
    static const char head[] = "r.id, r.owner_agency_id, r.created_at, r.updated_at";
    size_t length = sizeof head;
    for (int f = 0; f < kind->field_count; f++)
        length += strlen(", r.") + strlen(kind->fields[f].name);
    char *columns = arena_alloc(arena, length), *at = stpcpy(columns, head);
    for (int f = 0; f < kind->field_count; f++)
        at = stpcpy(stpcpy(at, ", r."), kind->fields[f].name);
    return columns;
}

static struct store_value field_value(const struct record_kind *kind, int field, const char *text)
{
    if (text == NULL)
        return store_null();
    switch (kind->fields[field].type) {
    case FIELD_INTEGER:
        return store_int(strtoll(text, NULL, 10));
    case FIELD_REAL:
        return store_real(strtod(text, NULL));
    case FIELD_TEXT:
    case FIELD_JSON:
        break;
    }
    return store_text(text);
}

static const char *value_text(struct arena *arena, const struct store_value *v)
{
    switch (v->type) {
    case STORE_INT:
        return arena_int_text(arena, (long long)v->integer);
    case STORE_REAL:
        return arena_printf(arena, "%.7f", v->real);
    case STORE_TEXT:
        return v->text;
    case STORE_NULL:
        break;
    }
    return NULL;
}

/* A row of a query whose columns are select_columns(kind), read by
 * position (a view reads hundreds of rows: no look-up by name). */
static void read_row(struct domain_context *ctx, const struct record_kind *kind, const struct store_result *r, int row,
                     struct record *out)
{
    memset(out, 0, sizeof *out);
    if (r->columns != SELECTED_HEAD + kind->field_count) { /* a query not built with select_columns: a bug */
        log_message("record_error", "a query's columns are not the record kind's: record left empty");
        return;
    }
    if (row < 0 || row >= r->rows)
        return;
    const struct store_value *cells = &r->values[(size_t)row * (size_t)r->columns];
    out->id = store_value_text(&cells[0]);
    out->owner_agency_id = store_value_text(&cells[1]);
    out->created_at = store_value_text(&cells[2]);
    out->updated_at = store_value_text(&cells[3]);
    for (int f = 0; f < kind->field_count; f++)
        out->values[f] = value_text(ctx->arena, &cells[SELECTED_HEAD + f]);
}

/* Loads a record with no access check (callers decide before releasing
 * it); with live, only a live one (kind->live). */
static bool load_where(struct domain_context *ctx, const struct record_kind *kind, const char *id, bool live,
                       struct record *out)
{
    if (!id_is_valid(id))
        return false;
    const struct store_value p[] = {store_text(id)};
    struct store_result r;
    const char *sql = arena_printf(ctx->arena, "SELECT %s FROM %s r WHERE r.id = ?%s%s", select_columns(ctx->arena, kind),
                                   kind->table, live && kind->live ? " AND " : "", live && kind->live ? kind->live : "");
    if (store_query(ctx->conn, ctx->arena, sql, p, 1, &r) != STORE_OK || r.rows != 1)
        return false;
    read_row(ctx, kind, &r, 0, out);
    return true;
}

static bool load(struct domain_context *ctx, const struct record_kind *kind, const char *id, struct record *out)
{
    return load_where(ctx, kind, id, false, out);
}

struct record_ref record_ref_of(const struct record_kind *kind, const struct record *r)
{
    int sharing = sharing_from_name(r->values[kind->sharing_field]);
    return (struct record_ref){.type = kind->record_type, .id = r->id, .owner_agency_id = r->owner_agency_id,
                               .sharing = sharing < 0 ? SHARING_RESTRICTED : (enum sharing)sharing,
                               .person_id = kind->about_a_person     ? r->id
                                            : kind->person_field >= 0 ? r->values[kind->person_field]
                                                                      : NULL};
}

bool record_ref(struct domain_context *ctx, const struct record_kind *kind, const char *id, struct record_ref *out)
{
    struct record r;
    if (!load(ctx, kind, id, &r))
        return false;
    *out = record_ref_of(kind, &r);
    return true;
}

/* What the open transaction wrote that the network index must be told of
 * once it commits: a record, or an action of another module's. */
struct record_note {
    const struct record_kind *kind; /* NULL for an action */
    struct record record;
    void (*action)(void *data);
    void *data;
    struct record_note *next;
};

static void add_note(struct domain_context *ctx, struct record_note note)
{
    struct record_note *copy = arena_alloc(ctx->arena, sizeof *copy);
    *copy = note;
    copy->next = ctx->notes;
    ctx->notes = copy;
}

static void note_written(struct domain_context *ctx, const struct record_kind *kind, const struct record *r)
{
    add_note(ctx, (struct record_note){.kind = kind, .record = *r});
}

void record_after_commit(struct domain_context *ctx, void (*action)(void *data), void *data)
{
    add_note(ctx, (struct record_note){.action = action, .data = data});
}

/* Notes were added newest first; they are applied in the order written. */
static struct record_note *in_written_order(struct record_note *notes)
{
    struct record_note *ordered = NULL;
    while (notes != NULL) {
        struct record_note *next = notes->next;
        notes->next = ordered;
        ordered = notes;
        notes = next;
    }
    return ordered;
}

/* The index sees transactions in the order they committed: each takes a
 * turn while it still holds the write lock (so turns follow the order
 * the store serialised them in) and applies its notes when its turn
 * comes, after its commit. */
static pthread_mutex_t turn_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t turn_changed = PTHREAD_COND_INITIALIZER;
static uint64_t next_turn, turn_now;

enum domain_status record_finish(struct domain_context *ctx, enum store_status status)
{
    pthread_mutex_lock(&turn_lock);
    uint64_t turn = next_turn++;
    pthread_mutex_unlock(&turn_lock);
    bool committed = status == STORE_OK && store_commit(ctx->conn) == STORE_OK;
    if (!committed)
        store_rollback(ctx->conn);
    pthread_mutex_lock(&turn_lock);
    while (turn_now != turn)
        pthread_cond_wait(&turn_changed, &turn_lock);
    pthread_mutex_unlock(&turn_lock);
    for (struct record_note *note = committed ? in_written_order(ctx->notes) : NULL; note != NULL; note = note->next)
        if (note->kind != NULL)
            network_index_note(note->kind, &note->record);
        else
            note->action(note->data);
    pthread_mutex_lock(&turn_lock);
    turn_now++;
    pthread_cond_broadcast(&turn_changed);
    pthread_mutex_unlock(&turn_lock);
    ctx->notes = NULL;
    return committed ? DOMAIN_OK : DOMAIN_UNAVAILABLE;
}

static const char *search_key(struct domain_context *ctx, const struct record_kind *kind, const struct record *r)
{
    return fold_for_search(ctx->arena, kind->search_text(ctx->arena, r->values));
}

static void apply(const struct record_kind *kind, struct record *r, const struct record_input *in)
{
    for (int f = 0; f < kind->field_count; f++) {
        if (in->present[f])
            r->values[f] = in->values[f];
    }
}

static enum store_status insert(struct domain_context *ctx, const struct record_kind *kind, const struct record *r)
{
    struct store_value params[RECORD_MAX_FIELDS + 6] = {
        store_text(r->id), store_text(r->owner_agency_id), store_text(r->created_at), store_text(r->updated_at),
        store_text(ctx->caller.is_token ? NULL : ctx->caller.user_id), store_text(search_key(ctx, kind, r))};
    const char *columns = "id, owner_agency_id, created_at, updated_at, created_by, search_key";
    const char *marks = "?, ?, ?, ?, ?, ?";
    for (int f = 0; f < kind->field_count; f++) {
        columns = arena_printf(ctx->arena, "%s, %s", columns, kind->fields[f].name);
        marks = arena_printf(ctx->arena, "%s, ?", marks);
        params[6 + f] = field_value(kind, f, r->values[f]);
    }
    return store_exec(ctx->conn,
                      arena_printf(ctx->arena, "INSERT INTO %s (%s) VALUES (%s)", kind->table, columns, marks), params,
                      kind->field_count + 6, NULL);
}

enum domain_status record_create(struct domain_context *ctx, const struct record_kind *kind,
                                 const struct record_input *in, struct record *out)
{
    return record_create_owned(ctx, kind, in, ctx->caller.agency_id, out);
}

enum domain_status record_create_owned(struct domain_context *ctx, const struct record_kind *kind,
                                       const struct record_input *in, const char *owner_agency_id, struct record *out)
{
    if (store_begin(ctx->conn) != STORE_OK)
        return DOMAIN_UNAVAILABLE;
    enum domain_status status = record_add(ctx, kind, in, owner_agency_id, out);
    if (status != DOMAIN_OK) /* a refusal keeps its audit event */
        record_finish(ctx, status == DOMAIN_FORBIDDEN ? STORE_OK : STORE_ERROR);
    return status; /* the caller finishes: it may add to the same transaction */
}

enum domain_status record_add(struct domain_context *ctx, const struct record_kind *kind, const struct record_input *in,
                              const char *owner_agency_id, struct record *out)
{
    const char *now = clock_now_text(ctx->arena);
    memset(out, 0, sizeof *out);
    out->id = id_new(ctx->arena);
    out->owner_agency_id = owner_agency_id;
    out->created_at = out->updated_at = now;
    apply(kind, out, in);
    struct record_ref ref = record_ref_of(kind, out);
    if (!access_record(ctx->conn, ctx->arena, &ctx->caller, ACCESS_WRITE, "create", &ref).allowed)
        return DOMAIN_FORBIDDEN;
    enum domain_status completed = kind->before_insert != NULL ? kind->before_insert(ctx, out) : DOMAIN_OK;
    if (completed != DOMAIN_OK)
        return completed;
    enum store_status status = insert(ctx, kind, out);
    if (status == STORE_OK)
        note_written(ctx, kind, out);
    if (status == STORE_OK && kind->about_a_person && !ctx->caller.is_token)
        status = access_record_involvement(ctx->conn, ctx->arena, ctx->caller.user_id, out->id, ctx->caller.user_id);
    return status == STORE_OK ? DOMAIN_OK : DOMAIN_UNAVAILABLE;
}

enum domain_status record_read(struct domain_context *ctx, const struct record_kind *kind, const char *id,
                               struct record *out)
{
    if (!load(ctx, kind, id, out))
        return DOMAIN_NOT_FOUND;
    struct record_ref ref = record_ref_of(kind, out);
    return access_record(ctx->conn, ctx->arena, &ctx->caller, ACCESS_READ, "read", &ref).allowed ? DOMAIN_OK
                                                                                                   : DOMAIN_NOT_FOUND;
}

enum domain_status record_read_naming(struct domain_context *ctx, const struct record_kind *kind, const char *id,
                                      record_filter also_visible, struct record *out)
{
    if (!load(ctx, kind, id, out))
        return DOMAIN_NOT_FOUND;
    if (!also_visible(ctx, out)) {
        access_refused(ctx->conn, ctx->arena, &ctx->caller, "read", kind->record_type, id,
                       "names a person or context the caller may not see");
        return DOMAIN_NOT_FOUND;
    }
    struct record_ref ref = record_ref_of(kind, out);
    return access_record(ctx->conn, ctx->arena, &ctx->caller, ACCESS_READ, "read", &ref).allowed ? DOMAIN_OK
                                                                                                   : DOMAIN_NOT_FOUND;
}

enum domain_status record_check_write(struct domain_context *ctx, const struct record_kind *kind, const char *id,
                                      const char *action, struct record *out)
{
    if (!load(ctx, kind, id, out))
        return DOMAIN_NOT_FOUND;
    struct record_ref ref = record_ref_of(kind, out);
    if (access_record(ctx->conn, ctx->arena, &ctx->caller, ACCESS_WRITE, action, &ref).allowed)
        return DOMAIN_OK;
    /* Refused: do not reveal a record the caller may not even read. */
    return access_peek(ctx->conn, ctx->arena, &ctx->caller, ACCESS_READ, &ref).allowed ? DOMAIN_FORBIDDEN
                                                                                       : DOMAIN_NOT_FOUND;
}

enum domain_status record_begin_write(struct domain_context *ctx, const struct record_kind *kind, const char *id,
                                      const char *action, struct record *out)
{
    /* Loaded inside the transaction, so the decision and the change rest on
     * the same version of the record. */
    if (store_begin(ctx->conn) != STORE_OK)
        return DOMAIN_UNAVAILABLE;
    enum domain_status status = record_check_write(ctx, kind, id, action, out);
    if (status != DOMAIN_OK)
        record_finish(ctx, STORE_OK); /* keeps the refusal's audit event */
    return status;
}

enum domain_status record_update_fields(struct domain_context *ctx, const struct record_kind *kind,
                                        const struct record_input *in, struct record *r)
{
    apply(kind, r, in);
    r->updated_at = clock_now_text(ctx->arena);
    struct store_value params[RECORD_MAX_FIELDS + 3] = {store_text(r->updated_at),
                                                        store_text(search_key(ctx, kind, r))};
    const char *sets = "updated_at = ?, search_key = ?";
    int count = 2;
    for (int f = 0; f < kind->field_count; f++) {
        if (!in->present[f])
            continue;
        sets = arena_printf(ctx->arena, "%s, %s = ?", sets, kind->fields[f].name);
        params[count++] = field_value(kind, f, r->values[f]);
    }
    params[count++] = store_text(r->id);
    enum store_status status = store_exec(
        ctx->conn, arena_printf(ctx->arena, "UPDATE %s SET %s WHERE id = ?", kind->table, sets), params, count, NULL);
    if (status == STORE_OK)
        note_written(ctx, kind, r);
    return status == STORE_OK ? DOMAIN_OK : DOMAIN_UNAVAILABLE;
}

struct search {
    const char *sql;
    struct store_value params[2 * SEARCH_WORDS_MAX + 3];
    int param_count;
};

/* Every folded word of query must start a word of the search key (or
 * match extra_match); then the cursor; then the batch size. */
static void build_search(struct domain_context *ctx, const struct record_kind *kind, const char *query,
                         const char *extra_match, struct search *s)
{
    char *words = arena_strdup(ctx->arena, fold_for_search(ctx->arena, query ? query : ""));
    const char *where = kind->live ? kind->live : "1 = 1";
    s->param_count = 0;
    char *save = NULL;
    int n = 0;
    for (char *word = strtok_r(words, " ", &save); word != NULL && n < SEARCH_WORDS_MAX;
         word = strtok_r(NULL, " ", &save), n++) {
        const char *pattern = arena_printf(ctx->arena, "%% %s%%", word);
        where = extra_match ? arena_printf(ctx->arena, "%s AND ((' ' || r.search_key) LIKE ? OR %s)", where, extra_match)
                            : arena_printf(ctx->arena, "%s AND (' ' || r.search_key) LIKE ?", where);
        s->params[s->param_count++] = store_text(pattern);
        if (extra_match)
            s->params[s->param_count++] = store_text(pattern);
    }
    s->sql = arena_printf(ctx->arena,
                          "SELECT %s FROM %s r WHERE %s AND (? IS NULL OR (r.search_key, r.id) > "
                          "(SELECT search_key, id FROM %s WHERE id = ?)) ORDER BY r.search_key, r.id LIMIT ?",
                          select_columns(ctx->arena, kind), kind->table, where, kind->table);
}

enum domain_status record_search(struct domain_context *ctx, const struct record_kind *kind, const char *query,
                                 const char *extra_match, const char *cursor, int limit, struct record *out,
                                 int *count, const char **next)
{
    struct search s;
    build_search(ctx, kind, query, extra_match, &s);
    int batch = limit * 4 > 200 ? 200 : limit * 4;
    const char *after = cursor != NULL && id_is_valid(cursor) ? cursor : NULL;
    bool more = true;
    *count = 0;
    for (int round = 0; round < SEARCH_ROUNDS && *count < limit && more; round++) {
        s.params[s.param_count] = store_text(after);
        s.params[s.param_count + 1] = store_text(after);
        s.params[s.param_count + 2] = store_int(batch);
        struct store_result r;
        if (store_query(ctx->conn, ctx->arena, s.sql, s.params, s.param_count + 3, &r) != STORE_OK)
            return DOMAIN_UNAVAILABLE;
        int row = 0;
        for (; row < r.rows && *count < limit; row++) {
            struct record *rec = &out[*count];
            read_row(ctx, kind, &r, row, rec);
            after = rec->id;
            struct record_ref ref = record_ref_of(kind, rec);
            if (access_peek(ctx->conn, ctx->arena, &ctx->caller, ACCESS_READ, &ref).allowed)
                (*count)++;
        }
        more = r.rows == batch || row < r.rows;
    }
    /* A full page continues after its last record shown; a short page is
     * the end. The cursor never names, or hints at, a record not shown. */
    (void)more;
    *next = *count == limit ? out[limit - 1].id : NULL;
    return record_audit_reads(ctx, kind, out, *count);
}

enum domain_status record_audit_reads(struct domain_context *ctx, const struct record_kind *kind,
                                      const struct record *records, int count)
{
    if (count == 0)
        return DOMAIN_OK;
    /* Decided at once, with no transaction: a read takes no write lock,
     * and a refusal is an event of its own that nothing rolls back. */
    struct record_ref *refs = arena_alloc(ctx->arena, sizeof *refs * (size_t)count);
    for (int i = 0; i < count; i++)
        refs[i] = record_ref_of(kind, &records[i]);
    return access_records(ctx->conn, ctx->arena, &ctx->caller, "read", kind->record_type, NULL, refs, count).allowed
               ? DOMAIN_OK
               : DOMAIN_UNAVAILABLE;
}

/* ---- the readers of many rows ------------------------------------------
 * The one unchecked reader is select_unchecked(), static here; what other
 * files get is checked: rows the caller may read (the policy's SQL filter),
 * rows shared with the hub (the pseudonymised picture), or people for the
 * hub's own matching. tests/api/access-by-construction.test.mjs fails if
 * the unchecked reader leaves this file or another reader is exported; it
 * does not read SQL, so a domain file's own query of a record table (the
 * alerts, the agenda's evidence, the outcome measures) is reviewed, not
 * tested. */

/* Every row of r as a record, allocated in the arena. */
static enum store_status read_all(struct domain_context *ctx, const struct record_kind *kind, enum store_status status,
                                  const struct store_result *r, struct record **out, int *rows)
{
    *rows = 0;
    *out = arena_alloc(ctx->arena, sizeof **out * (size_t)(status == STORE_OK ? r->rows + 1 : 1));
    for (int i = 0; status == STORE_OK && i < r->rows; i++)
        read_row(ctx, kind, r, (*rows)++, &(*out)[i]);
    return status;
}

/* Rows of kind matching "WHERE condition" (naming the table "r"), then
 * ordered (order_by: "ORDER BY ...", or "") and at most limit of them; for
 * ids_json, only those it lists (one look-up by primary key each: the
 * CROSS JOIN keeps the ids first). */
struct selection {
    const char *ids_json; /* NULL: any */
    const char *condition;
    const struct store_value *params;
    int param_count;
    const char *order_by;
    int limit; /* 0: no limit */
};

static enum store_status select_unchecked(struct domain_context *ctx, const struct record_kind *kind,
                                          const struct selection *s, struct record **out, int *rows)
{
    struct store_value *all = arena_alloc(ctx->arena, sizeof *all * (size_t)(s->param_count + 2));
    int n = 0;
    if (s->ids_json != NULL)
        all[n++] = store_text(s->ids_json);
    for (int i = 0; i < s->param_count; i++)
        all[n++] = s->params[i];
    if (s->limit > 0)
        all[n++] = store_int(s->limit);
    const char *from = s->ids_json != NULL ? arena_printf(ctx->arena, "json_each(?) j CROSS JOIN %s r ON r.id = j.value",
                                                          kind->table)
                                           : arena_printf(ctx->arena, "%s r", kind->table);
    const char *sql = arena_printf(ctx->arena, "SELECT %s FROM %s WHERE %s %s%s", select_columns(ctx->arena, kind), from,
                                   s->condition, s->order_by ? s->order_by : "", s->limit > 0 ? " LIMIT ?" : "");
    struct store_result r;
    enum store_status status = store_query(ctx->conn, ctx->arena, sql, all, n, &r);
    return read_all(ctx, kind, status, &r, out, rows);
}

/* The column naming the young person a row of kind is about, or NULL. */
static const char *person_column(const struct record_kind *kind)
{
    return kind->about_a_person ? "id" : kind->person_field >= 0 ? kind->fields[kind->person_field].name : NULL;
}

/* s narrowed to the rows the caller may read. */
static enum store_status select_readable(struct domain_context *ctx, const struct record_kind *kind,
                                         struct selection s, struct record **out, int *rows)
{
    struct readable_filter f;
    access_readable_filter(ctx->arena, &ctx->caller, access_record_class(kind->record_type), "r", kind->record_type,
                           person_column(kind), &f);
    struct store_value *params = arena_alloc(ctx->arena, sizeof *params * (size_t)(f.param_count + s.param_count + 1));
    memcpy(params, f.params, sizeof *params * (size_t)f.param_count);
    for (int i = 0; i < s.param_count; i++)
        params[f.param_count + i] = s.params[i];
    s.condition = arena_printf(ctx->arena, "%s AND (%s)", f.sql, s.condition);
    s.params = params;
    s.param_count += f.param_count;
    return select_unchecked(ctx, kind, &s, out, rows);
}

enum store_status record_select_readable(struct domain_context *ctx, const struct record_kind *kind,
                                         const char *condition, const struct store_value *params, int param_count,
                                         const char *order_by, int limit, struct record **out, int *rows)
{
    struct selection s = {NULL, condition, params, param_count, order_by, limit};
    return select_readable(ctx, kind, s, out, rows);
}

enum store_status record_select_ids_readable(struct domain_context *ctx, const struct record_kind *kind,
                                             const char *ids_json, struct record **out, int *rows)
{
    struct selection s = {ids_json, "1 = 1", NULL, 0, NULL, 0};
    return select_readable(ctx, kind, s, out, rows);
}

enum store_status record_select_ids_shared(struct domain_context *ctx, const struct record_kind *kind,
                                           const char *ids_json, struct record **out, int *rows)
{
    const struct store_value hub[] = {store_text(sharing_name(SHARING_HUB))};
    const char *condition = kind->live ? arena_printf(ctx->arena, "r.sharing = ? AND %s", kind->live) : "r.sharing = ?";
    struct selection s = {ids_json, condition, hub, 1, NULL, 0};
    return select_unchecked(ctx, kind, &s, out, rows);
}

enum store_status record_select_for_matching(struct domain_context *ctx, const char *condition,
                                             const struct store_value *params, int param_count, const char *order_by,
                                             int limit, struct record **out, int *rows)
{
    struct selection s = {NULL, condition, params, param_count, order_by, limit};
    return select_unchecked(ctx, &person_kind, &s, out, rows);
}

#define LIST_CANDIDATES_MAX 400

#define LIST_WINDOWS_MAX 50 /* windows of candidates looked through for one page */

/* Up to max records of kind the caller may read after the record named
 * after (newest first). */
static enum store_status list_window(struct domain_context *ctx, const struct record_kind *kind, const char *condition,
                                     const struct store_value *params, int param_count, const char *after,
                                     struct record **out, int max, int *rows)
{
    struct store_value *all = arena_alloc(ctx->arena, sizeof *all * (size_t)(param_count + 2));
    for (int i = 0; i < param_count; i++)
        all[i] = params[i];
    all[param_count] = store_text(after);
    all[param_count + 1] = store_text(after);
    const char *where = arena_printf(ctx->arena,
                                     "(%s) AND (CAST(? AS TEXT) IS NULL OR (r.created_at, r.id) < "
                                     "(SELECT created_at, id FROM %s WHERE id = ?))",
                                     condition ? condition : "1 = 1", kind->table);
    struct selection s = {NULL, where, all, param_count + 2, "ORDER BY r.created_at DESC, r.id DESC", max};
    return select_readable(ctx, kind, s, out, rows);
}

enum domain_status record_list_newest(struct domain_context *ctx, const struct record_kind *kind,
                                      const char *condition, const struct store_value *params, int param_count,
                                      record_filter also_visible, const char *cursor, int limit, struct record *out,
                                      int *count, const char **next)
{
    int candidates_max = limit * 4 > LIST_CANDIDATES_MAX ? LIST_CANDIDATES_MAX : limit * 4;
    struct record *candidates;
    const char *after = cursor != NULL && id_is_valid(cursor) ? cursor : NULL;
    *count = 0;
    /* Window after window while records the caller may not see leave the
     * page short, so that a short page means the list has ended. */
    bool more = true;
    for (int window = 0; more && *count < limit && window < LIST_WINDOWS_MAX; window++) {
        int rows = 0;
        if (list_window(ctx, kind, condition, params, param_count, after, &candidates, candidates_max, &rows) !=
            STORE_OK)
            return DOMAIN_UNAVAILABLE;
        for (int i = 0; i < rows && *count < limit; i++)
            if (also_visible == NULL || also_visible(ctx, &candidates[i]))
                out[(*count)++] = candidates[i];
        more = rows == candidates_max;
        if (rows > 0)
            after = candidates[rows - 1].id;
    }
    /* Only a full page has a cursor, and it names the last record shown. */
    *next = *count == limit ? out[limit - 1].id : NULL;
    return record_audit_reads(ctx, kind, out, *count);
}

/* Record id (live only, or any) when the caller may read it; no event. */
static bool peek(struct domain_context *ctx, const struct record_kind *kind, const char *id, bool live,
                 struct record *out)
{
    if (!load_where(ctx, kind, id, live, out))
        return false;
    struct record_ref ref = record_ref_of(kind, out);
    return access_peek(ctx->conn, ctx->arena, &ctx->caller, ACCESS_READ, &ref).allowed;
}

bool record_visible(struct domain_context *ctx, const struct record_kind *kind, const char *id)
{
    struct record r;
    return peek(ctx, kind, id, true, &r);
}

bool record_exists(struct domain_context *ctx, const struct record_kind *kind, const char *id, const char *condition)
{
    if (!id_is_valid(id))
        return false;
    const struct store_value p[] = {store_text(id)};
    struct store_result r;
    const char *sql = arena_printf(ctx->arena, "SELECT 1 FROM %s r WHERE r.id = ?%s%s", kind->table,
                                   condition ? " AND " : "", condition ? condition : "");
    return store_query(ctx->conn, ctx->arena, sql, p, 1, &r) == STORE_OK && r.rows == 1;
}


bool record_peek(struct domain_context *ctx, const struct record_kind *kind, const char *id, struct record *out)
{
    return peek(ctx, kind, id, false, out);
}

bool record_visible_naming(struct domain_context *ctx, const struct record_kind *kind, const char *id,
                           record_filter also_visible)
{
    struct record r;
    return peek(ctx, kind, id, true, &r) && also_visible(ctx, &r);
}

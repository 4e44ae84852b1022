/* The network in memory; see network_index.h. Nodes and links live in
 * growable arrays owned by the index (malloc, freed by
 * network_index_free); a node's links are a growable list of link
 * numbers; record ids are found through an open-addressing table of node
 * numbers. Dates are kept as day numbers. */
#include "domain/network_index.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/access.h"
#include "domain/context.h"
#include "domain/link.h"
#include "domain/person.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/idmap.h"

#define NO_DATE INT32_MIN
#define NAMES_MAX 255 /* interned strings per table (link types, context kinds) */

struct names {
    char *items[NAMES_MAX + 1];
    int count;
};

struct node {
    char id[33];
    unsigned char type;       /* enum network_node_type */
    unsigned char sharing;    /* enum sharing */
    unsigned char kind;       /* contexts: index into context_kinds */
    unsigned short owner;     /* index into agencies */
    bool hidden;              /* a person merged into another record */
    int *links, link_count, link_capacity;
};

struct link {
    char id[33];
    unsigned char type, confidence, sharing;
    unsigned short owner;
    int from, to;
    int32_t first_seen, last_seen;
};

struct network_index {
    pthread_rwlock_t lock;
    struct node *nodes;
    int node_count, node_capacity;
    struct link *links;
    int link_count, link_capacity;
    int *slots; /* node numbers by id hash; -1 empty */
    size_t slot_mask;
    char **agencies;
    int agency_count, agency_capacity;
    struct names link_types, context_kinds;
    bool failed; /* memory ran out: the index is incomplete and not used */
};

static struct network_index *installed;
static pthread_mutex_t install_lock = PTHREAD_MUTEX_INITIALIZER;

/* ---- small helpers ---------------------------------------------------- */

static bool grow(void **items, int *capacity, int needed, size_t size)
{
    if (needed <= *capacity)
        return true;
    int bigger = *capacity ? *capacity * 2 : 1024;
    while (bigger < needed)
        bigger *= 2;
    void *more = realloc(*items, (size_t)bigger * size);
    if (more == NULL)
        return false;
    *items = more;
    *capacity = bigger;
    return true;
}

static int intern(struct names *names, const char *text)
{
    for (int i = 0; i < names->count; i++)
        if (strcmp(names->items[i], text) == 0)
            return i;
    if (names->count == NAMES_MAX || (names->items[names->count] = strdup(text)) == NULL)
        return -1;
    return names->count++;
}

static int agency_number(struct network_index *x, const char *id, bool add)
{
    for (int i = 0; id != NULL && i < x->agency_count; i++)
        if (strcmp(x->agencies[i], id) == 0)
            return i;
    if (!add || id == NULL || x->agency_count == 65535 ||
        !grow((void **)&x->agencies, &x->agency_capacity, x->agency_count + 1, sizeof *x->agencies) ||
        (x->agencies[x->agency_count] = strdup(id)) == NULL)
        return -1;
    return x->agency_count++;
}

static int32_t day_number(const char *date)
{
    int y, m, d;
    if (date == NULL || sscanf(date, "%4d-%2d-%2d", &y, &m, &d) != 3)
        return NO_DATE;
    /* Days from 1970-01-01 in the proleptic Gregorian calendar. */
    y -= m <= 2;
    int era = (y >= 0 ? y : y - 399) / 400;
    int year_of_era = y - era * 400;
    int day_of_year = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    return era * 146097 + day_of_era - 719468;
}

static const char *date_text(struct arena *arena, int32_t days)
{
    if (days == NO_DATE)
        return NULL;
    int z = days + 719468, era = (z >= 0 ? z : z - 146096) / 146097;
    int day_of_era = z - era * 146097;
    int year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
    int day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    int mp = (5 * day_of_year + 2) / 153, d = day_of_year - (153 * mp + 2) / 5 + 1, m = mp + (mp < 10 ? 3 : -9);
    return arena_printf(arena, "%04d-%02d-%02d", year_of_era + era * 400 + (m <= 2), m, d);
}

/* ---- nodes by id ------------------------------------------------------ */

static size_t hash_id(const char *id)
{
    uint64_t h = 0xcbf29ce484222325ull;
    for (const unsigned char *c = (const unsigned char *)id; *c; c++)
        h = (h ^ *c) * 0x100000001b3ull;
    return (size_t)h;
}

static int find_node(const struct network_index *x, const char *id)
{
    if (x->slots == NULL || id == NULL)
        return -1;
    for (size_t i = hash_id(id) & x->slot_mask;; i = (i + 1) & x->slot_mask) {
        int n = x->slots[i];
        if (n < 0 || strcmp(x->nodes[n].id, id) == 0)
            return n;
    }
}

static bool rehash(struct network_index *x)
{
    size_t slots = 1024;
    while (slots < 2 * (size_t)(x->node_count + 1))
        slots *= 2;
    if (x->slots != NULL && slots <= x->slot_mask + 1)
        return true;
    int *table = malloc(slots * sizeof *table);
    if (table == NULL)
        return false;
    memset(table, 0xff, slots * sizeof *table);
    free(x->slots);
    x->slots = table;
    x->slot_mask = slots - 1;
    for (int n = 0; n < x->node_count; n++) {
        size_t i = hash_id(x->nodes[n].id) & x->slot_mask;
        while (x->slots[i] >= 0)
            i = (i + 1) & x->slot_mask;
        x->slots[i] = n;
    }
    return true;
}

/* Adds or changes a node. */
static void put_node(struct network_index *x, const char *id, enum network_node_type type, const char *kind,
                     const char *owner, const char *sharing)
{
    int sharing_level = sharing_from_name(sharing);
    int agency = agency_number(x, owner, true);
    int n = find_node(x, id);
    if (n < 0) {
        if (strlen(id) > 32 || !grow((void **)&x->nodes, &x->node_capacity, x->node_count + 1, sizeof *x->nodes)) {
            x->failed = true;
            return;
        }
        n = x->node_count++;
        memset(&x->nodes[n], 0, sizeof x->nodes[n]);
        memcpy(x->nodes[n].id, id, strlen(id) + 1);
        if (!rehash(x)) {
            x->failed = true;
            return;
        }
        size_t i = hash_id(id) & x->slot_mask;
        while (x->slots[i] >= 0)
            i = (i + 1) & x->slot_mask;
        x->slots[i] = n;
    }
    struct node *node = &x->nodes[n];
    node->type = (unsigned char)type;
    node->sharing = (unsigned char)(sharing_level < 0 ? SHARING_RESTRICTED : sharing_level);
    node->owner = (unsigned short)(agency < 0 ? 0 : agency);
    int kind_number = type == NODE_CONTEXT ? intern(&x->context_kinds, kind ? kind : "") : 0;
    node->kind = (unsigned char)(kind_number < 0 ? 0 : kind_number);
    x->failed |= agency < 0 || kind_number < 0;
}

static bool attach(struct network_index *x, int node, int link)
{
    struct node *n = &x->nodes[node];
    if (!grow((void **)&n->links, &n->link_capacity, n->link_count + 1, sizeof *n->links))
        return false;
    n->links[n->link_count++] = link;
    return true;
}

/* Adds a link, or changes one (found among its person's links). */
static void put_link(struct network_index *x, const char *const *v, const char *id, const char *owner)
{
    int from = find_node(x, v[LINK_PERSON_ID]);
    int to = find_node(x, v[LINK_TO_PERSON_ID] ? v[LINK_TO_PERSON_ID] : v[LINK_TO_CONTEXT_ID]);
    int type = intern(&x->link_types, v[LINK_TYPE]);
    int confidence = 0, sharing = sharing_from_name(v[LINK_SHARING]), agency = agency_number(x, owner, true);
    while (confidence < link_confidence_count && strcmp(link_confidences[confidence], v[LINK_CONFIDENCE]) != 0)
        confidence++;
    if (from < 0 || to < 0 || type < 0 || agency < 0 || strlen(id) > 32) {
        x->failed = true;
        return;
    }
    int l = -1;
    for (int i = 0; i < x->nodes[from].link_count && l < 0; i++)
        if (strcmp(x->links[x->nodes[from].links[i]].id, id) == 0)
            l = x->nodes[from].links[i];
    if (l < 0) {
        if (!grow((void **)&x->links, &x->link_capacity, x->link_count + 1, sizeof *x->links)) {
            x->failed = true;
            return;
        }
        l = x->link_count++;
        memcpy(x->links[l].id, id, strlen(id) + 1);
        x->links[l].from = from;
        x->links[l].to = to;
        x->failed |= !attach(x, from, l) || !attach(x, to, l);
    }
    struct link *link = &x->links[l];
    link->type = (unsigned char)type;
    link->confidence = (unsigned char)(confidence < link_confidence_count ? confidence : 0);
    link->sharing = (unsigned char)(sharing < 0 ? SHARING_RESTRICTED : sharing);
    link->owner = (unsigned short)agency;
    link->first_seen = day_number(v[LINK_FIRST_SEEN]);
    link->last_seen = day_number(v[LINK_LAST_SEEN]);
}

/* ---- loading and keeping in step -------------------------------------- */

static bool on_person(void *context, const struct store_value *row, int columns)
{
    struct network_index *x = context;
    (void)columns;
    put_node(x, row[0].text, strcmp(row[1].text, "young_person") == 0 ? NODE_YOUNG_PERSON : NODE_ADULT_OF_CONCERN,
             NULL, row[2].text, row[3].text);
    if (!x->failed)
        x->nodes[find_node(x, row[0].text)].hidden = row[4].type != STORE_NULL;
    return !x->failed;
}

static bool on_context(void *context, const struct store_value *row, int columns)
{
    struct network_index *x = context;
    (void)columns;
    put_node(x, row[0].text, NODE_CONTEXT, row[1].text, row[2].text, row[3].text);
    return !x->failed;
}

static bool on_link(void *context, const struct store_value *row, int columns)
{
    struct network_index *x = context;
    (void)columns;
    const char *v[LINK_FIELD_COUNT] = {0};
    v[LINK_PERSON_ID] = row[1].text;
    v[LINK_TO_PERSON_ID] = row[2].text;
    v[LINK_TO_CONTEXT_ID] = row[3].text;
    v[LINK_TYPE] = row[4].text;
    v[LINK_CONFIDENCE] = row[5].text;
    v[LINK_FIRST_SEEN] = row[6].text;
    v[LINK_LAST_SEEN] = row[7].text;
    v[LINK_SHARING] = row[9].text;
    put_link(x, v, row[0].text, row[8].text);
    return !x->failed;
}

struct network_index *network_index_load(struct store_conn *conn)
{
    struct network_index *x = calloc(1, sizeof *x);
    if (x == NULL)
        return NULL;
    pthread_rwlock_init(&x->lock, NULL);
    bool ok = store_each(conn, "SELECT id, kind, owner_agency_id, sharing, merged_into FROM people", NULL, 0, on_person, x) ==
                  STORE_OK &&
              store_each(conn, "SELECT id, kind, owner_agency_id, sharing FROM contexts", NULL, 0, on_context, x) ==
                  STORE_OK &&
              store_each(conn,
                         "SELECT id, person_id, to_person_id, to_context_id, link_type, confidence, first_seen, "
                         "last_seen, owner_agency_id, sharing FROM links",
                         NULL, 0, on_link, x) == STORE_OK;
    if (!ok || x->failed) {
        network_index_free(x);
        return NULL;
    }
    return x;
}

void network_index_free(struct network_index *x)
{
    if (x == NULL)
        return;
    for (int n = 0; n < x->node_count; n++)
        free(x->nodes[n].links);
    for (int i = 0; i < x->agency_count; i++)
        free(x->agencies[i]);
    for (int i = 0; i < x->link_types.count; i++)
        free(x->link_types.items[i]);
    for (int i = 0; i < x->context_kinds.count; i++)
        free(x->context_kinds.items[i]);
    free(x->agencies);
    free(x->nodes);
    free(x->links);
    free(x->slots);
    pthread_rwlock_destroy(&x->lock);
    free(x);
}

void network_index_size(const struct network_index *x, long *nodes, long *links)
{
    *nodes = x ? x->node_count : 0;
    *links = x ? x->link_count : 0;
}

void network_index_install(struct network_index *index)
{
    pthread_mutex_lock(&install_lock);
    installed = index;
    pthread_mutex_unlock(&install_lock);
}

struct network_index *network_index_current(void)
{
    pthread_mutex_lock(&install_lock);
    struct network_index *x = installed != NULL && !installed->failed ? installed : NULL;
    pthread_mutex_unlock(&install_lock);
    return x;
}

void network_index_note(const struct record_kind *kind, const struct record *r)
{
    struct network_index *x = network_index_current();
    if (x == NULL)
        return;
    pthread_rwlock_wrlock(&x->lock);
    if (kind == &person_kind)
        put_node(x, r->id,
                 strcmp(r->values[PERSON_KIND], "young_person") == 0 ? NODE_YOUNG_PERSON : NODE_ADULT_OF_CONCERN, NULL,
                 r->owner_agency_id, r->values[PERSON_SHARING]);
    else if (kind == &context_kind)
        put_node(x, r->id, NODE_CONTEXT, r->values[CONTEXT_KIND], r->owner_agency_id, r->values[CONTEXT_SHARING]);
    else if (kind == &link_kind)
        put_link(x, r->values, r->id, r->owner_agency_id);
    pthread_rwlock_unlock(&x->lock);
}

/* Moves link_id's end at from_person to to_person (a merge, or its undo). */
static void repoint(struct network_index *x, const char *link_id, int from, int to)
{
    struct node *old = &x->nodes[from];
    for (int i = 0; i < old->link_count; i++) {
        struct link *link = &x->links[old->links[i]];
        if (strcmp(link->id, link_id) != 0)
            continue;
        int l = old->links[i];
        old->links[i] = old->links[--old->link_count];
        if (link->from == from)
            link->from = to;
        else
            link->to = to;
        x->failed |= !attach(x, to, l);
        return;
    }
}

void network_index_repoint(const char *link_id, const char *from_person, const char *to_person)
{
    struct network_index *x = network_index_current();
    if (x == NULL)
        return;
    pthread_rwlock_wrlock(&x->lock);
    int from = find_node(x, from_person), to = find_node(x, to_person);
    if (from >= 0 && to >= 0)
        repoint(x, link_id, from, to);
    pthread_rwlock_unlock(&x->lock);
}

void network_index_hide(const char *person_id, bool hidden)
{
    struct network_index *x = network_index_current();
    if (x == NULL)
        return;
    pthread_rwlock_wrlock(&x->lock);
    int n = find_node(x, person_id);
    if (n >= 0)
        x->nodes[n].hidden = hidden;
    pthread_rwlock_unlock(&x->lock);
}

/* ---- what one reader may see ------------------------------------------ */

struct reader {
    int agency;                                  /* -1: owns nothing indexed */
    unsigned levels[RECORD_CLASS_COUNT][RELATION_COUNT];
    int *involved, involved_count;               /* node numbers, sorted */
    int *glass_nodes, glass_node_count;          /* node numbers with a live grant, sorted */
    int *glass_links, glass_link_count;          /* link numbers with a live grant, sorted */
};

static int by_number(const void *a, const void *b)
{
    return *(const int *)a - *(const int *)b;
}

static bool in_sorted(const int *items, int count, int wanted)
{
    return count > 0 && bsearch(&wanted, items, (size_t)count, sizeof *items, by_number) != NULL;
}

/* Node numbers (or, for links, link numbers) of the query's ids, sorted. */
static int *numbers_of(struct network_index *x, struct domain_context *ctx, const char *sql,
                       const struct store_value *params, int param_count, bool links, int *count)
{
    struct store_result r;
    *count = 0;
    if (store_query(ctx->conn, ctx->arena, sql, params, param_count, &r) != STORE_OK)
        return NULL;
    int *numbers = arena_alloc(ctx->arena, sizeof *numbers * (size_t)(r.rows + 1));
    for (int i = 0; i < r.rows; i++) {
        const char *id = r.values[i * r.columns].text;
        int n = -1;
        if (!links) {
            n = find_node(x, id);
        } else {
            int from = find_node(x, r.values[i * r.columns + 1].text);
            for (int k = 0; from >= 0 && k < x->nodes[from].link_count && n < 0; k++)
                if (strcmp(x->links[x->nodes[from].links[k]].id, id) == 0)
                    n = x->nodes[from].links[k];
        }
        if (n >= 0)
            numbers[(*count)++] = n;
    }
    qsort(numbers, (size_t)*count, sizeof *numbers, by_number);
    return numbers;
}

static bool prepare_reader(struct network_index *x, struct domain_context *ctx, struct reader *r)
{
    const struct caller *c = &ctx->caller;
    r->agency = agency_number(x, c->agency_id, false);
    for (int k = 0; k < RECORD_CLASS_COUNT; k++)
        access_readable_levels(c, (enum record_class)k, r->levels[k]);
    const struct store_value user[] = {store_text(c->user_id)};
    const struct store_value grant[] = {store_text(c->user_id), store_int(c->now)};
    r->involved = numbers_of(x, ctx, "SELECT person_id FROM involvements WHERE user_id = ?", user, 1, false,
                             &r->involved_count);
    if (!access_may_break_glass(c)) { /* no grants to read */
        r->glass_nodes = r->glass_links = r->involved;
        r->glass_node_count = r->glass_link_count = 0;
        return r->involved != NULL;
    }
    r->glass_nodes = numbers_of(x, ctx,
                                "SELECT record_id FROM break_glass_grants WHERE user_id = ? AND expires_at > ? "
                                "AND record_type IN ('person', 'context')",
                                grant, 2, false, &r->glass_node_count);
    r->glass_links = numbers_of(x, ctx,
                                "SELECT g.record_id, l.person_id FROM break_glass_grants g JOIN links l ON l.id = "
                                "g.record_id WHERE g.user_id = ? AND g.expires_at > ? AND g.record_type = 'link'",
                                grant, 2, true, &r->glass_link_count);
    return r->involved != NULL && r->glass_nodes != NULL && r->glass_links != NULL;
}

static bool may_read(const struct reader *r, enum record_class class, int owner, int sharing, int person)
{
    enum relation relation = access_relation(owner == r->agency && r->agency >= 0,
                                             person >= 0 && in_sorted(r->involved, r->involved_count, person));
    return (r->levels[class][relation] >> sharing) & 1u;
}

static bool node_readable(const struct network_index *x, const struct reader *r, int n)
{
    const struct node *node = &x->nodes[n];
    bool context = node->type == NODE_CONTEXT;
    if (node->hidden)
        return false;
    return may_read(r, context ? RECORD_CONTEXT : RECORD_PERSONAL, node->owner, node->sharing, context ? -1 : n) ||
           in_sorted(r->glass_nodes, r->glass_node_count, n);
}

struct link_filter {
    bool confidence[3];
    bool *types; /* by interned type number; NULL: every type */
    int32_t since, until;
};

static void prepare_filter(struct network_index *x, struct arena *arena, const struct network_filter *f,
                           struct link_filter *out)
{
    memcpy(out->confidence, f->confidence, sizeof out->confidence);
    out->since = day_number(f->since);
    out->until = day_number(f->until);
    out->types = NULL;
    if (f->link_type_count == 0)
        return;
    out->types = arena_alloc(arena, NAMES_MAX + 1);
    for (int i = 0; i < f->link_type_count; i++)
        for (int t = 0; t < x->link_types.count; t++)
            if (strcmp(x->link_types.items[t], f->link_types[i]) == 0)
                out->types[t] = true;
}

/* The link passes the filter and the caller may read it and both ends. */
static bool link_usable(const struct network_index *x, const struct reader *r, const struct link_filter *f, int l)
{
    const struct link *link = &x->links[l];
    if (!f->confidence[link->confidence] || (f->types != NULL && !f->types[link->type]))
        return false;
    if (f->since != NO_DATE && link->last_seen != NO_DATE && link->last_seen < f->since)
        return false;
    if (f->until != NO_DATE && link->first_seen != NO_DATE && link->first_seen > f->until)
        return false;
    return (may_read(r, RECORD_PERSONAL, link->owner, link->sharing, link->from) ||
            in_sorted(r->glass_links, r->glass_link_count, l)) &&
           node_readable(x, r, link->from) && node_readable(x, r, link->to);
}

/* ---- the walk ---------------------------------------------------------- */

/* A small table of node numbers -> places in the view. */
struct seen {
    int *keys, *values;
    int mask;
};

static void seen_init(struct seen *s, struct arena *arena, int capacity)
{
    int slots = 16;
    while (slots < 2 * capacity)
        slots *= 2;
    s->keys = arena_alloc(arena, sizeof *s->keys * (size_t)slots);
    s->values = arena_alloc(arena, sizeof *s->values * (size_t)slots);
    memset(s->keys, 0xff, sizeof *s->keys * (size_t)slots);
    s->mask = slots - 1;
}

static int *seen_slot(const struct seen *s, int key)
{
    int i = (int)(((unsigned)key * 2654435761u) & (unsigned)s->mask);
    while (s->keys[i] >= 0 && s->keys[i] != key)
        i = (i + 1) & s->mask;
    return &s->keys[i];
}

static int seen_get(const struct seen *s, int key)
{
    int *slot = seen_slot(s, key);
    return *slot == key ? s->values[slot - s->keys] : -1;
}

static void seen_put(struct seen *s, int key, int value)
{
    int *slot = seen_slot(s, key);
    *slot = key;
    s->values[slot - s->keys] = value;
}

static struct record link_record(const struct network_index *x, struct arena *arena, int l)
{
    const struct link *link = &x->links[l];
    struct record r = {.id = arena_strdup(arena, link->id),
                       .owner_agency_id = arena_strdup(arena, x->agencies[link->owner])};
    bool to_context = x->nodes[link->to].type == NODE_CONTEXT;
    r.values[LINK_TYPE] = x->link_types.items[link->type];
    r.values[LINK_PERSON_ID] = arena_strdup(arena, x->nodes[link->from].id);
    r.values[to_context ? LINK_TO_CONTEXT_ID : LINK_TO_PERSON_ID] = arena_strdup(arena, x->nodes[link->to].id);
    r.values[LINK_FIRST_SEEN] = date_text(arena, link->first_seen);
    r.values[LINK_LAST_SEEN] = date_text(arena, link->last_seen);
    r.values[LINK_CONFIDENCE] = link_confidences[link->confidence];
    r.values[LINK_SHARING] = sharing_name((enum sharing)link->sharing);
    return r;
}

struct walk {
    struct network_index *x;
    struct arena *arena;
    struct reader reader;
    struct link_filter filter;
    struct network_view *view;
    int *node_numbers; /* view place -> node number */
    struct seen nodes, links;
    int max_nodes, max_edges;
};

static void add_node(struct walk *w, int n, int depth)
{
    struct network_view *v = w->view;
    const struct node *node = &w->x->nodes[n];
    v->nodes[v->node_count] = (struct network_node){
        .record = {.id = arena_strdup(w->arena, node->id)},
        .kind = node->type == NODE_CONTEXT ? &context_kind : &person_kind,
        .depth = depth};
    w->node_numbers[v->node_count] = n;
    seen_put(&w->nodes, n, v->node_count++);
}

/* Adds the readable, filtered links of view node place (and, when grow,
 * the nodes at their other ends). */
static void step(struct walk *w, int place, bool grow)
{
    const struct node *node = &w->x->nodes[w->node_numbers[place]];
    for (int i = 0; i < node->link_count; i++) {
        int l = node->links[i];
        if (seen_get(&w->links, l) >= 0 || !link_usable(w->x, &w->reader, &w->filter, l))
            continue;
        const struct link *link = &w->x->links[l];
        int other = link->from == w->node_numbers[place] ? link->to : link->from;
        int at = seen_get(&w->nodes, other);
        if (at < 0 && grow && w->view->node_count < w->max_nodes) {
            add_node(w, other, w->view->nodes[place].depth + 1);
            at = w->view->node_count - 1;
        } else if (at < 0 && grow) {
            w->view->truncated = true;
        }
        if (at < 0 || w->view->edge_count == w->max_edges)
            continue;
        int source = seen_get(&w->nodes, link->from), target = seen_get(&w->nodes, link->to);
        seen_put(&w->links, l, w->view->edge_count);
        w->view->edges[w->view->edge_count++] =
            (struct network_edge){.link = link_record(w->x, w->arena, l), .source = source, .target = target};
    }
}

enum domain_status network_index_walk(struct network_index *x, struct domain_context *ctx, const char *subject_id,
                                      int depth, const struct network_filter *filter, int max_nodes,
                                      struct network_view *out)
{
    *out = (struct network_view){0};
    struct walk w = {.x = x, .arena = ctx->arena, .view = out, .max_nodes = max_nodes, .max_edges = 8 * max_nodes};
    out->nodes = arena_alloc(ctx->arena, sizeof *out->nodes * (size_t)max_nodes);
    out->edges = arena_alloc(ctx->arena, sizeof *out->edges * (size_t)w.max_edges);
    w.node_numbers = arena_alloc(ctx->arena, sizeof *w.node_numbers * (size_t)max_nodes);
    seen_init(&w.nodes, ctx->arena, max_nodes);
    seen_init(&w.links, ctx->arena, w.max_edges);
    pthread_rwlock_rdlock(&x->lock);
    int subject = find_node(x, subject_id);
    enum domain_status status = subject < 0 ? DOMAIN_NOT_FOUND : DOMAIN_OK;
    if (status == DOMAIN_OK && !prepare_reader(x, ctx, &w.reader))
        status = DOMAIN_UNAVAILABLE;
    if (status == DOMAIN_OK) {
        prepare_filter(x, ctx->arena, filter, &w.filter);
        add_node(&w, subject, 0);
        int ring_start = 0;
        for (int d = 0; d <= depth; d++) {
            int ring_end = out->node_count;
            for (int place = ring_start; place < ring_end; place++)
                step(&w, place, d < depth);
            ring_start = ring_end;
        }
    }
    pthread_rwlock_unlock(&x->lock);
    return status;
}

/* ---- the whole graph ---------------------------------------------------- */

/* The graph of the nodes and links reader may read that the filter
 * admits, into out (memory from arena); under the read lock. */
static void graph_of(struct network_index *x, struct arena *arena, const struct reader *reader,
                     const struct network_filter *filter, struct network_graph *out)
{
    struct link_filter f;
    int *place = arena_alloc(arena, sizeof *place * (size_t)(x->node_count + 1));
    out->ids = arena_alloc(arena, sizeof *out->ids * (size_t)(x->node_count + 1));
    out->types = arena_alloc(arena, (size_t)(x->node_count + 1));
    out->context_kinds = arena_alloc(arena, sizeof *out->context_kinds * (size_t)(x->node_count + 1));
    out->ends = arena_alloc(arena, sizeof *out->ends * 2 * (size_t)(x->link_count + 1));
    out->index = idmap_new(arena, (size_t)x->node_count);
    for (int n = 0; n < x->node_count; n++) {
        place[n] = -1;
        if (!node_readable(x, reader, n))
            continue;
        const struct node *node = &x->nodes[n];
        place[n] = out->node_count;
        out->ids[out->node_count] = arena_strdup(arena, node->id);
        out->types[out->node_count] = node->type;
        out->context_kinds[out->node_count] =
            node->type == NODE_CONTEXT ? arena_strdup(arena, x->context_kinds.items[node->kind]) : NULL;
        idmap_put(out->index, out->ids[out->node_count], out->node_count);
        out->node_count++;
    }
    prepare_filter(x, arena, filter, &f);
    for (int l = 0; l < x->link_count; l++) {
        if (!link_usable(x, reader, &f, l))
            continue;
        out->ends[2 * out->edge_count] = place[x->links[l].from];
        out->ends[2 * out->edge_count + 1] = place[x->links[l].to];
        out->edge_count++;
    }
}

enum domain_status network_index_graph(struct network_index *x, struct domain_context *ctx,
                                       const struct network_filter *filter, struct network_graph *out)
{
    *out = (struct network_graph){0};
    struct reader reader;
    pthread_rwlock_rdlock(&x->lock);
    enum domain_status status = prepare_reader(x, ctx, &reader) ? DOMAIN_OK : DOMAIN_UNAVAILABLE;
    if (status == DOMAIN_OK)
        graph_of(x, ctx->arena, &reader, filter, out);
    pthread_rwlock_unlock(&x->lock);
    return status;
}

/* ---- what is shared with the hub (the pseudonymised picture) ----------- */

/* A reader of exactly the records shared with the hub, whoever owns
 * them: no agency of its own, no involvement, no break-glass. */
static void shared_reader(struct reader *r)
{
    *r = (struct reader){.agency = -1};
    for (int k = 0; k < RECORD_CLASS_COUNT; k++)
        for (int relation = 0; relation < RELATION_COUNT; relation++)
            r->levels[k][relation] = 1u << SHARING_HUB;
}

void network_index_shared_graph(struct network_index *x, struct arena *arena, const struct network_filter *filter,
                                struct network_graph *out)
{
    *out = (struct network_graph){0};
    struct reader reader;
    shared_reader(&reader);
    pthread_rwlock_rdlock(&x->lock);
    graph_of(x, arena, &reader, filter, out);
    pthread_rwlock_unlock(&x->lock);
}

int network_index_shared_links_among(struct network_index *x, struct arena *arena,
                                     const struct network_filter *filter, const char *const *ids, int count,
                                     struct network_index_link *out, int max)
{
    struct reader reader;
    struct link_filter f;
    struct seen members;
    int found = 0;
    shared_reader(&reader);
    seen_init(&members, arena, count);
    pthread_rwlock_rdlock(&x->lock);
    prepare_filter(x, arena, filter, &f);
    for (int i = 0; i < count; i++) {
        int n = find_node(x, ids[i]);
        if (n >= 0 && seen_get(&members, n) < 0)
            seen_put(&members, n, i);
    }
    for (int i = 0; i < count && found < max; i++) {
        int n = find_node(x, ids[i]);
        if (n < 0 || seen_get(&members, n) != i)
            continue;
        const struct node *node = &x->nodes[n];
        for (int k = 0; k < node->link_count && found < max; k++) {
            const struct link *link = &x->links[node->links[k]];
            /* Each link once, from its first end; none to itself. */
            if (link->from != n || link->to == n || !link_usable(x, &reader, &f, node->links[k]))
                continue;
            int other = seen_get(&members, link->to);
            if (other < 0)
                continue;
            out[found++] = (struct network_index_link){.id = arena_strdup(arena, link->id), .source = i,
                                                       .target = other,
                                                       .link_type = x->link_types.items[link->type],
                                                       .confidence = link_confidences[link->confidence]};
        }
    }
    pthread_rwlock_unlock(&x->lock);
    return found;
}

void network_index_each_shared(struct network_index *x, enum network_node_type type,
                               bool (*visit)(void *data, const char *id), void *data)
{
    struct reader reader;
    shared_reader(&reader);
    pthread_rwlock_rdlock(&x->lock);
    for (int n = 0; n < x->node_count; n++)
        if (x->nodes[n].type == type && node_readable(x, &reader, n) && !visit(data, x->nodes[n].id))
            break;
    pthread_rwlock_unlock(&x->lock);
}

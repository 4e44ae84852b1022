/* `cshub serve`: opens and migrates the database, loads the network of
 * people, contexts and links into memory, starts the housekeeping thread
 * (the audit log's index, matching keys), then runs the HTTP server until
 * SIGTERM or SIGINT. */
#include <malloc.h>
#include <stdio.h>
#include <sys/socket.h>
#include <time.h>

#include "auth/audit.h"
#include "auth/audit_anchor.h"
#include "auth/pseudonym.h"
#include "auth/totp.h"
#include "cli/commands.h"
#include "cli/database.h"
#include "cli/options.h"
#include "domain/action.h"
#include "domain/duplicates.h"
#include "domain/network_index.h"
#include "domain/user.h"
#include "http/map_tiles.h"
#include "http/server.h"
#include "render/pdf_document.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/log.h"
#include "util/ticker.h"
#include "domain/outcome.h"

static struct cli_option serve_options[] = {
    {"db", "PATH", "CSHUB_DB", "cshub.db", "SQLite database file (created if missing)", NULL},
    {"listen", "ADDR:PORT", "CSHUB_LISTEN", "127.0.0.1:8080", "address and port to listen on; port 0 picks a free one", NULL},
    {"web", "DIR", "CSHUB_WEB", "build/web", "folder of the browser client (built by make)", NULL},
    {"threads", "N", "CSHUB_THREADS", "4", "worker threads", NULL},
    {"max-body", "BYTES", "CSHUB_MAX_BODY", "1048576", "largest request body accepted", NULL},
    {"session-idle", "SECONDS", "CSHUB_SESSION_IDLE", "1800", "sign out after this long without a request", NULL},
    {"session-lifetime", "SECONDS", "CSHUB_SESSION_LIFETIME", "43200", "sign out this long after sign-in", NULL},
    {"secure-cookies", NULL, "CSHUB_SECURE_COOKIES", NULL, "mark cookies Secure (served over TLS or behind a TLS proxy)", NULL},
    {"trust-proxy", NULL, "CSHUB_TRUST_PROXY", NULL, "behind a reverse proxy: take client addresses from X-Forwarded-For", NULL},
    {"shutdown-grace", "SECONDS", "CSHUB_SHUTDOWN_GRACE", "15", "how long a stop waits for requests in flight", NULL},
    {"map-tiles", "URL", "CSHUB_MAP_TILES", NULL, "tile server URL template for the hotspots map, e.g. https://tiles.example.org/{z}/{x}/{y}.png (default none: a plan without a map)", NULL},
    {"map-attribution", "TEXT", "CSHUB_MAP_ATTRIBUTION", NULL, "attribution the tile provider asks for, shown under the map", NULL},
    {"key-file", "PATH", "CSHUB_KEY_FILE", NULL, "file of the server's key, which seals second-factor secrets in the database, keys pseudonyms and the audit log's chain, and signs its checkpoints (default: the database's path and .key; made if missing, readable by its owner only: keep it out of database backups)", NULL},
    {"anchor-file", "PATH", "CSHUB_ANCHOR_FILE", NULL, "append-only file of signed checkpoints of the audit chain's head, written at start, every 100 events or 60 seconds and at shutdown, for 'cshub audit verify' (default: the database's path and .anchor; keep it, or a copy, off the database's machine)", NULL},
    {"anchor-syslog", NULL, "CSHUB_ANCHOR_SYSLOG", NULL, "also send each checkpoint's seq and hash to the system journal (syslog, facility auth)", NULL},
};

static const struct cli_command serve_command = {
    "serve", "Serve the JSON API and the browser client.", serve_options,
    sizeof serve_options / sizeof serve_options[0],
};

/* Loads (or makes) the key that seals second-factor secrets, derives the
 * pseudonym key from it, then seals any secrets stored before sealing;
 * false after printing why not. */
static bool prepare_sealing(struct store *store, const char *db_path)
{
    const char *chosen = cli_value(&serve_command, "key-file");
    char path[4096], error[4200];
    int length = chosen ? snprintf(path, sizeof path, "%s", chosen) : snprintf(path, sizeof path, "%s.key", db_path);
    if (length < 0 || (size_t)length >= sizeof path) {
        fprintf(stderr, "cshub serve: the key file's path is too long\n");
        return false;
    }
    /* The pseudonym key is derived from the same key (auth/pseudonym.h):
     * one secret file to keep out of backups, not two. */
    if (!totp_load_key(path, error, sizeof error) || !pseudonym_load_key(path, error, sizeof error) ||
        !audit_load_key(path, error, sizeof error)) {
        fprintf(stderr, "cshub serve: %s\n", error);
        return false;
    }
    struct store_conn *conn = store_acquire(store);
    struct arena *arena = arena_new();
    int sealed = 0;
    bool ok = user_seal_totp_secrets(conn, arena, &sealed) == STORE_OK;
    arena_free(arena);
    store_release(store, conn);
    if (!ok)
        fprintf(stderr, "cshub serve: could not seal the second-factor secrets stored before sealing\n");
    else if (sealed > 0)
        log_event("second_factor_secrets_sealed", json_pack("{s:i}", "count", sealed));
    return ok;
}

/* Opens the audit anchor file (--anchor-file, or the database's path and
 * .anchor) and writes the first checkpoint; warns when the chain was
 * written under another key file. False after printing why not. */
static bool start_anchoring(struct store *store, const char *db_path)
{
    const char *chosen = cli_value(&serve_command, "anchor-file");
    bool to_syslog = cli_value(&serve_command, "anchor-syslog") != NULL;
    char path[4096], error[4200];
    int length = chosen ? snprintf(path, sizeof path, "%s", chosen) : snprintf(path, sizeof path, "%s.anchor", db_path);
    if (length < 0 || (size_t)length >= sizeof path)
        snprintf(error, sizeof error, "the anchor file's path is too long");
    if (length < 0 || (size_t)length >= sizeof path || !audit_anchor_open(path, to_syslog, error, sizeof error)) {
        fprintf(stderr, "cshub serve: %s\n", error);
        return false;
    }
    struct store_conn *conn = store_acquire(store);
    struct arena *arena = arena_new();
    bool matches = true;
    if (audit_head_matches_key(conn, arena, &matches) == STORE_OK && !matches)
        log_message("audit_chain_key_mismatch", "the audit log's newest event was not chained under this key file");
    bool ok = audit_anchor_checkpoint(conn, arena);
    arena_free(arena);
    store_release(store, conn);
    if (!ok)
        fprintf(stderr, "cshub serve: could not write the first audit checkpoint\n");
    return ok;
}

/* The last checkpoint, at shutdown. */
static void stop_anchoring(struct store_conn *conn)
{
    struct arena *arena = arena_new();
    audit_anchor_checkpoint(conn, arena);
    arena_free(arena);
    audit_anchor_close();
}

/* The network in memory, for the network walks and analyses; NULL (after
 * a log line) when the database or memory fails. */
static struct network_index *load_network_index(struct store *store)
{
    struct timespec started, done;
    clock_gettime(CLOCK_MONOTONIC, &started);
    struct store_conn *conn = store_acquire(store);
    struct network_index *index = network_index_load(conn);
    store_release(store, conn);
    clock_gettime(CLOCK_MONOTONIC, &done);
    long nodes = 0, links = 0;
    network_index_size(index, &nodes, &links);
    double seconds = (double)(done.tv_sec - started.tv_sec) + (double)(done.tv_nsec - started.tv_nsec) / 1e9;
    log_event(index ? "network_index_loaded" : "network_index_unavailable",
              json_pack("{s:I,s:I,s:f}", "nodes", (json_int_t)nodes, "links", (json_int_t)links, "seconds", seconds));
    network_index_install(index);
    return index;
}

/* The server's housekeeping, for the ticker. */
struct housekeeping {
    struct store_conn *conn; /* its own, outside the requests' pool */
    int64_t keyed_up_to; /* people given matching keys, by rowid */
    bool all_keyed;
};

#define QUIET_MS 5       /* no request for this long: background writes may go ahead */

static bool requests_quiet(void)
{
    return server_quiet(QUIET_MS);
}

/* One small step: the audit log's index of released records
 * (audit_index_step: its transaction is committed with the requests'),
 * alerts for actions become overdue, then matching keys for the
 * next few people who have none (duplicates_backfill), once. True while
 * more remains. The index is derived data, and who has looked at a record
 * is answered from the events it has not reached as well. */
static bool keep_house(void *context)
{
    struct housekeeping *h = context;
    struct store_conn *conn = h->conn;
    struct arena *arena = arena_new();
    bool indexed = true, flagged = true, pending = false;
    bool ok = audit_index_pending(conn, arena, &pending) == STORE_OK;
    if (ok && pending)
        ok = audit_index_step(conn, arena, &indexed) == STORE_OK;
    audit_anchor_tick(conn, arena); /* a failure is logged; the server serves on */
    if (ok)
        ok = actions_flag_overdue(conn, arena, &flagged) == STORE_OK;
    if (ok && indexed && flagged && !h->all_keyed) /* 20 at a time: requests wait for the write lock */
        ok = duplicates_backfill(conn, arena, 20, &h->keyed_up_to, &h->all_keyed) == STORE_OK;
    arena_free(arena);
    store_close_work(conn);
    return ok && !(indexed && flagged && h->all_keyed);
}

/* The dashboards' figures kept ready in the background, on a
 * connection and thread of their own (a grid over a large hub takes
 * seconds). */
struct readiness {
    struct store_conn *conn;
    struct outcome_readiness state;
    int64_t reported_version; /* the readiness last logged */
};

static bool keep_figures_ready(void *context)
{
    struct readiness *r = context;
    bool more = outcome_keep_ready(r->conn, &r->state);
    store_close_work(r->conn);
    if (!more && r->state.ready_at_version != r->reported_version) {
        r->reported_version = r->state.ready_at_version;
        log_event("outcome_figures_ready", json_pack("{s:I}", "change_version", (json_int_t)r->reported_version));
    }
    return more;
}

/* Checks --map-tiles and --map-attribution into options (the tile
 * server's origin into origin); false after printing the usage error. */
static bool read_map_options(struct server_options *options, char *origin, size_t origin_size)
{
    const char *tiles = cli_value(&serve_command, "map-tiles");
    const char *attribution = cli_value(&serve_command, "map-attribution");
    char reason[120], message[200];
    if (tiles != NULL && !map_tiles_check(tiles, origin, origin_size, reason, sizeof reason)) {
        snprintf(message, sizeof message, "--map-tiles %s", reason);
        cli_usage_error(&serve_command, message);
        return false;
    }
    if (attribution != NULL && !map_attribution_check(attribution, reason, sizeof reason)) {
        snprintf(message, sizeof message, "--map-attribution %s", reason);
        cli_usage_error(&serve_command, message);
        return false;
    }
    options->map_tiles = tiles;
    options->map_tiles_origin = tiles != NULL ? origin : NULL;
    options->map_attribution = tiles != NULL ? attribution : NULL;
    return true;
}

/* Requests allocate and free their arenas' larger blocks over and over:
 * keep freed memory in the process for the next request instead of
 * giving it back to the system (mmap, munmap and a page fault for every
 * page, each time). */
static void keep_freed_memory(void)
{
    mallopt(M_MMAP_THRESHOLD, 64 * 1024 * 1024);
    mallopt(M_TRIM_THRESHOLD, 256 * 1024 * 1024);
}

int cli_serve(int argc, char **argv)
{
    enum cli_result parsed = cli_parse(&serve_command, argc, argv);
    if (parsed != CLI_OK)
        return parsed == CLI_HELP_SHOWN ? 0 : 2;
    unsigned long threads, max_body, grace, idle, lifetime;
    if (!cli_unsigned(&serve_command, "threads", 1, 256, &threads) ||
        !cli_unsigned(&serve_command, "session-idle", 1, 7 * 86400, &idle) ||
        !cli_unsigned(&serve_command, "session-lifetime", 1, 30 * 86400, &lifetime) ||
        !cli_unsigned(&serve_command, "max-body", 1024, 64ul * 1024 * 1024, &max_body) ||
        !cli_unsigned(&serve_command, "shutdown-grace", 0, 600, &grace))
        return 2;
    struct sockaddr_storage address;
    char error[160];
    if (!server_parse_listen(cli_value(&serve_command, "listen"), &address, error, sizeof error))
        return cli_usage_error(&serve_command, error);
    struct server_options options = {0};
    char tiles_origin[MAP_TILES_MAX + 1];
    if (!read_map_options(&options, tiles_origin, sizeof tiles_origin))
        return 2;
    struct store *store = cli_open_database("serve", cli_value(&serve_command, "db"), (unsigned)threads + 1); /* + one spare */
    if (store == NULL)
        return 1;
    if (!prepare_sealing(store, cli_value(&serve_command, "db")) || !start_anchoring(store, cli_value(&serve_command, "db"))) {
        audit_anchor_close();
        store_close(store);
        return 1;
    }
    options.listen = cli_value(&serve_command, "listen");
    options.web_root = cli_value(&serve_command, "web");
    options.threads = (unsigned)threads;
    options.max_body = max_body;
    options.shutdown_grace_seconds = (unsigned)grace;
    options.session_idle_seconds = (long)idle;
    options.session_lifetime_seconds = (long)lifetime;
    options.secure_cookies = cli_value(&serve_command, "secure-cookies") != NULL;
    options.trust_proxy = cli_value(&serve_command, "trust-proxy") != NULL;
    struct network_index *index = load_network_index(store);
    if (index == NULL) {
        fprintf(stderr, "cshub serve: could not load the network of people, contexts and links into memory\n");
        store_close(store);
        return 1;
    }
    keep_freed_memory();
    store_checkpoint_when_quiet(store, requests_quiet);
    struct housekeeping housekeeping = {.conn = store_connect(store)};
    struct ticker *indexer = housekeeping.conn != NULL ? ticker_start(keep_house, &housekeeping) : NULL;
    if (indexer == NULL) {
        fprintf(stderr, "cshub serve: could not start the housekeeping thread\n");
        audit_anchor_close();
        store_disconnect(housekeeping.conn);
        network_index_install(NULL);
        network_index_free(index);
        store_close(store);
        return 1;
    }
    struct readiness readiness = {.conn = store_connect(store), .state.ready_at_version = -1, .reported_version = -1};
    struct ticker *figures = readiness.conn != NULL ? ticker_start(keep_figures_ready, &readiness) : NULL;
    int status = server_run(&options, store);
    pdf_release_caches(); /* every thread that could draw a PDF has stopped */
    ticker_stop(figures); /* without it, figures are computed as they are asked for */
    store_disconnect(readiness.conn);
    ticker_stop(indexer);
    stop_anchoring(housekeeping.conn);
    store_disconnect(housekeeping.conn);
    network_index_install(NULL);
    network_index_free(index);
    store_close(store);
    return status;
}

/* The schema migrations compiled into the binary (generated from
 * src/store/migrations/NNNN_name.sql by scripts/embed-sql). */
#ifndef CSHUB_MIGRATIONS_H
#define CSHUB_MIGRATIONS_H

struct store_migration {
    int version;
    const char *name;
    const char *sql;
};

extern const struct store_migration store_migrations[];
extern const int store_migration_count;

#endif

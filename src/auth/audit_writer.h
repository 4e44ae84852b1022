/* Group commit for audit events: requests that only need an event written
 * (what a response releases, a refusal) hand it to one writer thread,
 * which appends every event waiting in one transaction and one commit
 * (one sync of the log under synchronous=FULL) and then wakes their
 * requests. So reads of personal data share commits instead of queueing
 * one by one behind the write lock, and every event is durable before its
 * request goes on. An event that must be atomic with a change (written
 * inside the change's transaction) is appended there, as before. */
#ifndef CSHUB_AUDIT_WRITER_H
#define CSHUB_AUDIT_WRITER_H

#include "auth/audit.h"

struct audit_writer;

/* Starts the writer on conn (a connection of its own, which the writer
 * uses until stopped). NULL when the thread cannot start. */
struct audit_writer *audit_writer_start(struct store_conn *conn);

/* Writes what is waiting, then stops the thread and frees the writer. */
void audit_writer_stop(struct audit_writer *writer);

/* Makes writer the one audit_write_shared uses (NULL: none, each event
 * is then written in its own transaction). Set before requests start. */
void audit_writer_install(struct audit_writer *writer);

/* Appends event (with records[0..count), or none when records is NULL)
 * through the installed writer and waits until it is committed; on conn
 * directly when no writer is installed or conn is in a transaction. */
enum store_status audit_write_shared(struct store_conn *conn, struct arena *arena, const struct audit_event *event,
                                     const struct audit_record *records, int count);

#endif

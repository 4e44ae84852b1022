-- The audit chain becomes keyed (auth/audit.c): from now on an event's
-- hash is a BLAKE2b MAC under a key derived from the server's key file,
-- over every column of the event, so someone with only the database file
-- can no longer edit an event and recompute the hashes after it.
--
-- The transition: events already in the log keep their unkeyed hashes
-- (chain_version 0) and are verified the old way; audit_chain records the
-- last of them (legacy_through), and every event after it must be keyed
-- (chain_version 1) — an insert of an unkeyed event is refused below, and
-- `cshub audit verify` fails on an unkeyed event after legacy_through.
-- The first keyed event's MAC covers the last unkeyed event's hash, and
-- every signed checkpoint in the anchor file (auth/audit_anchor.c) names
-- legacy_through, so it cannot be moved later to pass off forged
-- "unkeyed" events.
--
-- The index of records released (audit_record_reads) is derived from the
-- chain and checked against it by `cshub audit verify`; like the events,
-- it is append-only, and its progress mark only moves forward.
ALTER TABLE audit_events ADD COLUMN chain_version INTEGER NOT NULL DEFAULT 0 CHECK (chain_version IN (0, 1));

CREATE TABLE audit_chain (
    id             INTEGER PRIMARY KEY CHECK (id = 1),
    legacy_through INTEGER NOT NULL
);
INSERT INTO audit_chain (id, legacy_through) SELECT 1, coalesce(max(seq), 0) FROM audit_events;

CREATE TRIGGER audit_events_keyed_only BEFORE INSERT ON audit_events
WHEN NEW.chain_version <> 1
BEGIN
    SELECT RAISE(ABORT, 'audit events after migration 0028 are keyed');
END;

CREATE TRIGGER audit_event_records_closed BEFORE INSERT ON audit_event_records
BEGIN
    SELECT RAISE(ABORT, 'audit events list their records with the event');
END;

CREATE TRIGGER audit_chain_no_insert BEFORE INSERT ON audit_chain
BEGIN
    SELECT RAISE(ABORT, 'the audit chain''s transition is fixed');
END;

CREATE TRIGGER audit_chain_no_update BEFORE UPDATE ON audit_chain
BEGIN
    SELECT RAISE(ABORT, 'the audit chain''s transition is fixed');
END;

CREATE TRIGGER audit_chain_no_delete BEFORE DELETE ON audit_chain
BEGIN
    SELECT RAISE(ABORT, 'the audit chain''s transition is fixed');
END;

CREATE TRIGGER audit_record_reads_no_update BEFORE UPDATE ON audit_record_reads
BEGIN
    SELECT RAISE(ABORT, 'the audit index is append-only');
END;

CREATE TRIGGER audit_record_reads_no_delete BEFORE DELETE ON audit_record_reads
BEGIN
    SELECT RAISE(ABORT, 'the audit index is append-only');
END;

CREATE TRIGGER audit_index_progress_forward_only BEFORE UPDATE ON audit_index_progress
WHEN NEW.last_seq < OLD.last_seq OR NEW.id <> OLD.id
BEGIN
    SELECT RAISE(ABORT, 'the audit index only moves forward');
END;

CREATE TRIGGER audit_index_progress_no_delete BEFORE DELETE ON audit_index_progress
BEGIN
    SELECT RAISE(ABORT, 'the audit index only moves forward');
END;

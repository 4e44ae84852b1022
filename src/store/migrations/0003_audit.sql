-- The audit log: one row per sign-in, sign-out, read, create, update,
-- delete, export and break-glass. Append-only: triggers refuse UPDATE and
-- DELETE, and each row's hash covers its content and the previous row's
-- hash, so `cshub audit verify` detects a row edited, removed or moved by
-- anyone who bypasses the triggers.
CREATE TABLE audit_events (
    seq            INTEGER PRIMARY KEY,
    at             TEXT NOT NULL,
    user_id        TEXT,
    agency_id      TEXT,
    action         TEXT NOT NULL,
    outcome        TEXT NOT NULL CHECK (outcome IN ('allowed', 'denied')),
    record_type    TEXT,
    record_id      TEXT,
    reason         TEXT,
    client_address TEXT,
    prev_hash      TEXT NOT NULL,
    hash           TEXT NOT NULL UNIQUE
);
CREATE INDEX audit_events_record ON audit_events (record_type, record_id);
CREATE INDEX audit_events_user ON audit_events (user_id);

CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
BEGIN
    SELECT RAISE(ABORT, 'audit events are append-only');
END;

CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
BEGIN
    SELECT RAISE(ABORT, 'audit events are append-only');
END;

-- One audit event may release many records at once (a network view of a
-- young person's neighbourhood shows hundreds): the event says what was
-- asked for, and each record released gets a row in audit_event_records,
-- written with the event and covered by its hash through records_digest,
-- so `cshub audit verify` notices a row added, changed or removed.
-- Those rows are stored in event order, which costs little to append.
-- "Who has looked at this young person?" is answered from
-- audit_record_reads, an index of them by record that a background task
-- fills a second or so behind (auth/audit.c), plus the rows it has not
-- reached yet; it is derived data and can be rebuilt from the log.
ALTER TABLE audit_events ADD COLUMN records_digest TEXT;

CREATE TABLE audit_event_records (
    event_seq   INTEGER NOT NULL REFERENCES audit_events (seq),
    position    INTEGER NOT NULL,
    record_type TEXT NOT NULL,
    record_id   TEXT NOT NULL,
    PRIMARY KEY (event_seq, position)
);

CREATE TRIGGER audit_event_records_no_update BEFORE UPDATE ON audit_event_records
BEGIN
    SELECT RAISE(ABORT, 'audit events are append-only');
END;

CREATE TRIGGER audit_event_records_no_delete BEFORE DELETE ON audit_event_records
BEGIN
    SELECT RAISE(ABORT, 'audit events are append-only');
END;

CREATE TABLE audit_record_reads (
    record_type TEXT NOT NULL,
    record_id   TEXT NOT NULL,
    event_seq   INTEGER NOT NULL,
    PRIMARY KEY (record_type, record_id, event_seq)
);

CREATE TABLE audit_index_progress (
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    last_seq INTEGER NOT NULL
);
INSERT INTO audit_index_progress (id, last_seq) VALUES (1, 0);

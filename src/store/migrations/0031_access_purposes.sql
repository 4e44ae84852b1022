-- Purpose of access (issue 12, item 2): why someone consults a person's
-- record. The Data Protection Act 2018, s.62, asks the logs of a
-- competent authority (Part 3: the police) to give the justification of
-- each consultation, so a caller states a purpose once per record in a
-- session, chosen from a configurable list, and every audit event that
-- releases the record carries it (audit_events.purposes, covered by the
-- event's MAC; auth/audit.c).
--
-- The list is kept by the administrators: a purpose is relabelled or
-- retired, and deleted only while nobody has ever stated it (used_at),
-- so every audit event keeps a code that still means something.
CREATE TABLE access_purposes (
    code       TEXT PRIMARY KEY CHECK (length(code) BETWEEN 1 AND 64 AND code NOT GLOB '*[^a-z0-9_]*'),
    label      TEXT NOT NULL CHECK (length(label) BETWEEN 1 AND 200),
    sort_order INTEGER NOT NULL DEFAULT 0 CHECK (sort_order BETWEEN 0 AND 10000),
    retired_at TEXT, -- NULL while it may be chosen
    used_at    TEXT, -- when it was first stated; from then on it is never deleted
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT REFERENCES users (id)
);

CREATE TRIGGER access_purposes_keep_used BEFORE DELETE ON access_purposes
WHEN OLD.used_at IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'a purpose that has been stated is retired, never deleted');
END;

CREATE TRIGGER access_purposes_code_fixed BEFORE UPDATE ON access_purposes
WHEN NEW.code <> OLD.code OR (OLD.used_at IS NOT NULL AND (NEW.used_at IS NULL OR NEW.used_at <> OLD.used_at))
BEGIN
    SELECT RAISE(ABORT, 'a purpose keeps its code, and once stated stays stated');
END;

-- The purpose a signed-in session chose for a record: one per record per
-- session (the primary key), gone when the session ends. API tokens state
-- theirs per request instead (the Cshub-Purpose header).
CREATE TABLE access_purpose_choices (
    session_hash TEXT NOT NULL REFERENCES sessions (token_hash) ON DELETE CASCADE,
    record_type  TEXT NOT NULL CHECK (record_type IN ('person')),
    record_id    TEXT NOT NULL CHECK (length(record_id) = 32),
    purpose      TEXT NOT NULL REFERENCES access_purposes (code),
    chosen_at    TEXT NOT NULL,
    PRIMARY KEY (session_hash, record_type, record_id)
) WITHOUT ROWID;

-- Whether an agency's people must state a purpose before opening a
-- person's record (a police force: a competent authority under Part 3).
ALTER TABLE agencies ADD COLUMN purpose_required INTEGER NOT NULL DEFAULT 0 CHECK (purpose_required IN (0, 1));

-- Each released record's purpose, "\ntype id code" lines in the order the
-- records are listed (NULL when none was stated). Events written before
-- this migration have none, and their MAC is unchanged.
ALTER TABLE audit_events ADD COLUMN purposes TEXT;

-- The default list; administrators add, relabel and retire purposes.
INSERT INTO access_purposes (code, label, sort_order, created_at, updated_at) VALUES
    ('screening_concern', 'Screening a concern', 10, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
    ('mace_preparation', 'Preparing for a MACE meeting', 20, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
    ('safeguarding_enquiry', 'Safeguarding enquiry', 30, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
    ('casework', 'Casework with this young person', 40, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
    ('audit_oversight', 'Audit or oversight', 50, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
    ('offence_investigation', 'Investigation of an offence', 60, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z');

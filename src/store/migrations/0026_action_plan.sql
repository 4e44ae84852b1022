-- The partnership's action plan (recommendations 1 and 8 of the cabinet
-- decision of 23 February 2023): the recommendations the partnership
-- carries out, each owned by an agency or a board and monitored by one of
-- the configured partnership boards; the actions under each, owned by an
-- agency, with a due date and a status; and each action's progress
-- updates, rated red, amber or green, kept as an append-only history (the
-- current rating is the latest update's). No personal data about children:
-- only the partnership's own business. Who may read and change it is the
-- access policy's capability table (read / update the action plan).
CREATE TABLE partnership_boards (
    id       TEXT PRIMARY KEY,
    name     TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 200),
    position INTEGER NOT NULL UNIQUE CHECK (position >= 1)
);

CREATE TABLE plan_recommendations (
    id              TEXT PRIMARY KEY,
    number          INTEGER NOT NULL UNIQUE CHECK (number BETWEEN 1 AND 99),
    title           TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    text            TEXT NOT NULL CHECK (length(text) BETWEEN 1 AND 5000),
    owner_agency_id TEXT REFERENCES agencies (id),
    owner_board_id  TEXT REFERENCES partnership_boards (id),
    board_id        TEXT NOT NULL REFERENCES partnership_boards (id),
    created_by      TEXT REFERENCES users (id),
    created_at      TEXT NOT NULL,
    -- owned by exactly one agency or one board
    CHECK ((owner_agency_id IS NULL) <> (owner_board_id IS NULL))
);
CREATE INDEX plan_recommendations_board ON plan_recommendations (board_id);

CREATE TABLE plan_actions (
    id                TEXT PRIMARY KEY,
    recommendation_id TEXT NOT NULL REFERENCES plan_recommendations (id),
    description       TEXT NOT NULL CHECK (length(description) BETWEEN 1 AND 2000),
    owner_agency_id   TEXT NOT NULL REFERENCES agencies (id),
    due_on            TEXT NOT NULL CHECK (length(due_on) = 10),
    status            TEXT NOT NULL DEFAULT 'not_started'
                          CHECK (status IN ('not_started', 'in_progress', 'done')),
    created_by        TEXT REFERENCES users (id),
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL
);
CREATE INDEX plan_actions_recommendation ON plan_actions (recommendation_id, due_on);
CREATE INDEX plan_actions_due ON plan_actions (status, due_on);

-- sequence numbers an action's updates 1, 2, 3, ... in the order they
-- were recorded, so two updates written on one day keep their order.
CREATE TABLE plan_progress_updates (
    id          TEXT PRIMARY KEY,
    action_id   TEXT NOT NULL REFERENCES plan_actions (id),
    sequence    INTEGER NOT NULL CHECK (sequence >= 1),
    written_on  TEXT NOT NULL CHECK (length(written_on) = 10),
    progress    TEXT NOT NULL CHECK (length(progress) BETWEEN 1 AND 5000),
    evidence    TEXT CHECK (evidence IS NULL OR length(evidence) BETWEEN 1 AND 5000),
    rag         TEXT NOT NULL CHECK (rag IN ('red', 'amber', 'green')),
    recorded_by TEXT REFERENCES users (id),
    created_at  TEXT NOT NULL,
    UNIQUE (action_id, sequence)
);
CREATE INDEX plan_progress_updates_latest ON plan_progress_updates (action_id, written_on, sequence);

CREATE TRIGGER plan_progress_updates_no_update BEFORE UPDATE ON plan_progress_updates
BEGIN
    SELECT RAISE(ABORT, 'progress updates are append-only');
END;

CREATE TRIGGER plan_progress_updates_no_delete BEFORE DELETE ON plan_progress_updates
BEGIN
    SELECT RAISE(ABORT, 'progress updates are append-only');
END;

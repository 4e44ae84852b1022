-- MACE meetings, their agendas and the actions the partnership agrees.
--
-- A meeting is hub business, not a record about a child: it follows the
-- access policy's context table (coordinators run it; practitioners may
-- read a hub-shared meeting). Once closed it is never changed.
CREATE TABLE meetings (
    id              TEXT PRIMARY KEY,
    held_on         TEXT NOT NULL,
    title           TEXT NOT NULL,
    chair_user_id   TEXT REFERENCES users (id),
    status          TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
    closed_at       TEXT,
    owner_agency_id TEXT NOT NULL REFERENCES agencies (id),
    sharing         TEXT NOT NULL CHECK (sharing IN ('agency', 'hub', 'restricted')),
    created_by      TEXT REFERENCES users (id),
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    search_key      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX meetings_held_on ON meetings (held_on);

-- The agencies invited, and who came from each (or sent apologies).
CREATE TABLE meeting_agencies (
    meeting_id TEXT NOT NULL REFERENCES meetings (id),
    agency_id  TEXT NOT NULL REFERENCES agencies (id),
    PRIMARY KEY (meeting_id, agency_id)
);
CREATE TABLE meeting_attendance (
    meeting_id TEXT NOT NULL REFERENCES meetings (id),
    agency_id  TEXT NOT NULL REFERENCES agencies (id),
    name       TEXT NOT NULL,
    attended   TEXT NOT NULL CHECK (attended IN ('present', 'apologies')),
    PRIMARY KEY (meeting_id, agency_id, name)
);

-- An item on a meeting's agenda: a young person, an adult of concern, a
-- context, a hotspot or an overdue action, why it is there, and what the
-- panel discussed and decided. An item about a person is a record about
-- that person (the access policy's personal table); other items follow it
-- with no person.
CREATE TABLE meeting_items (
    id              TEXT PRIMARY KEY,
    meeting_id      TEXT NOT NULL REFERENCES meetings (id),
    position        INTEGER NOT NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('young_person', 'adult_of_concern', 'context', 'hotspot',
                                                  'overdue_action', 'other')),
    person_id       TEXT REFERENCES people (id),
    context_id      TEXT REFERENCES contexts (id),
    action_id       TEXT,
    reason          TEXT NOT NULL,
    discussion      TEXT,
    decisions       TEXT,
    owner_agency_id TEXT NOT NULL REFERENCES agencies (id),
    sharing         TEXT NOT NULL CHECK (sharing IN ('agency', 'hub', 'restricted')),
    created_by      TEXT REFERENCES users (id),
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    search_key      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX meeting_items_meeting ON meeting_items (meeting_id, position);
CREATE INDEX meeting_items_person ON meeting_items (person_id);
CREATE INDEX meeting_items_context ON meeting_items (context_id);

-- An action: what an agency (and, when named, one of its people) agreed to
-- do, by when, about whom or where, and how it ended. Owned by the agency
-- that must do it, so that its people may update it; about a person, it is
-- a record about that person.
CREATE TABLE actions (
    id               TEXT PRIMARY KEY,
    meeting_id       TEXT REFERENCES meetings (id),
    item_id          TEXT REFERENCES meeting_items (id),
    person_id        TEXT REFERENCES people (id),
    context_id       TEXT REFERENCES contexts (id),
    description      TEXT NOT NULL,
    assignee_user_id TEXT REFERENCES users (id),
    due_on           TEXT NOT NULL,
    status           TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'cancelled')),
    completion_notes TEXT,
    completed_on     TEXT,
    overdue_alerted  INTEGER NOT NULL DEFAULT 0,
    owner_agency_id  TEXT NOT NULL REFERENCES agencies (id),
    sharing          TEXT NOT NULL CHECK (sharing IN ('agency', 'hub', 'restricted')),
    created_by       TEXT REFERENCES users (id),
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    search_key       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX actions_owner ON actions (owner_agency_id, status, due_on);
CREATE INDEX actions_assignee ON actions (assignee_user_id, status);
CREATE INDEX actions_person ON actions (person_id);
CREATE INDEX actions_context ON actions (context_id);
CREATE INDEX actions_meeting ON actions (meeting_id);
CREATE INDEX actions_due ON actions (status, due_on);

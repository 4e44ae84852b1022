-- Links: a person to another person or to a context, with the link type
-- (a definition code, kept with its version), the agency that knows it,
-- when it was first and last seen, and how sure that agency is.
CREATE TABLE links (
    id                TEXT PRIMARY KEY,
    link_type         TEXT NOT NULL,
    link_type_version INTEGER NOT NULL,
    person_id         TEXT NOT NULL REFERENCES people (id),
    to_person_id      TEXT REFERENCES people (id),
    to_context_id     TEXT REFERENCES contexts (id),
    first_seen        TEXT,
    last_seen         TEXT,
    confidence        TEXT NOT NULL CHECK (confidence IN ('confirmed', 'reported', 'intelligence')),
    notes             TEXT,
    owner_agency_id   TEXT NOT NULL REFERENCES agencies (id),
    sharing           TEXT NOT NULL CHECK (sharing IN ('agency', 'hub', 'restricted')),
    created_by        TEXT REFERENCES users (id),
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL,
    search_key        TEXT NOT NULL DEFAULT '',
    CHECK ((to_person_id IS NULL) <> (to_context_id IS NULL)),
    CHECK (to_person_id IS NULL OR to_person_id <> person_id),
    CHECK (first_seen IS NULL OR last_seen IS NULL OR first_seen <= last_seen)
);
CREATE INDEX links_person ON links (person_id);
CREATE INDEX links_to_person ON links (to_person_id);
CREATE INDEX links_to_context ON links (to_context_id);

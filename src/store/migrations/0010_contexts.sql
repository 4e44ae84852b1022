-- Contexts: the places, groups and spaces where harm happens, first-class
-- subjects with their own owning agency and sharing level. The kind is a
-- context-type definition code, kept with the version it was coded with.
CREATE TABLE contexts (
    id              TEXT PRIMARY KEY,
    kind            TEXT NOT NULL,
    kind_version    INTEGER NOT NULL,
    name            TEXT NOT NULL,
    location_kind   TEXT CHECK (location_kind IN ('park', 'takeaway', 'transport_hub', 'shop', 'house', 'street',
                        'school_grounds', 'leisure', 'other')),
    address         TEXT,
    postcode        TEXT,
    latitude        REAL CHECK (latitude BETWEEN -90 AND 90),
    longitude       REAL CHECK (longitude BETWEEN -180 AND 180),
    platform        TEXT,
    description     TEXT,
    owner_agency_id TEXT NOT NULL REFERENCES agencies (id),
    sharing         TEXT NOT NULL CHECK (sharing IN ('agency', 'hub', 'restricted')),
    created_by      TEXT REFERENCES users (id),
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    search_key      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX contexts_search_key ON contexts (search_key);
CREATE INDEX contexts_owner ON contexts (owner_agency_id);

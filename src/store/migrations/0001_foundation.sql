-- Foundation schema: the migration ledger lives in store code; this creates
-- the partner agencies that every later record is owned by.
CREATE TABLE agencies (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    kind        TEXT NOT NULL CHECK (kind IN ('childrens_services', 'police', 'youth_justice',
                    'education', 'health', 'community_safety', 'voluntary', 'housing', 'other')),
    created_at  TEXT NOT NULL
);

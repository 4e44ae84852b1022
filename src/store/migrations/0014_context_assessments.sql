-- Context assessments, following the contextual safeguarding approach: a
-- structured look at a location, peer group, school, online space or
-- neighbourhood (the answers to the form for that kind of context, see
-- domain/assessment.c) ending in a risk rating. Kept as a history: an
-- assessment is never changed; the next one is added. Read and written
-- through the access policy's context table, and only with the context.
CREATE TABLE context_assessments (
    id              TEXT PRIMARY KEY,
    context_id      TEXT NOT NULL REFERENCES contexts (id),
    assessed_on     TEXT NOT NULL,
    form            TEXT NOT NULL,
    answers         TEXT NOT NULL DEFAULT '{}',
    risk_rating     TEXT NOT NULL CHECK (risk_rating IN ('low', 'medium', 'high')),
    summary         TEXT NOT NULL,
    owner_agency_id TEXT NOT NULL REFERENCES agencies (id),
    sharing         TEXT NOT NULL CHECK (sharing IN ('agency', 'hub', 'restricted')),
    created_by      TEXT REFERENCES users (id),
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    search_key      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX context_assessments_context ON context_assessments (context_id, assessed_on);

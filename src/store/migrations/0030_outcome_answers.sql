-- Outcome measures answered from a summary (src/analysis/outcome_cache.c).
-- Computing a measure over a million concerns takes seconds; its figures
-- for months that have ended change only when a row they were made from
-- changes. So each computed grid is kept (outcome_answers) with the
-- change version it was computed at, and every write to a table the
-- measures read marks which month it touched (outcome_changes: the source
-- and the month of the row's own date, or '*' for a change that may move
-- any month, such as an agency's new name). A kept grid is used only while
-- no change to one of its measure's sources has marked a month its
-- figures depend on since it was computed (the windows are in C, beside
-- each measure's computation).

CREATE TABLE outcome_change_counter (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    version INTEGER NOT NULL
);
INSERT INTO outcome_change_counter (id, version) VALUES (1, 0);

CREATE TABLE outcome_changes (
    source  TEXT NOT NULL,
    month   TEXT NOT NULL, -- 'YYYY-MM', or '*' for every month
    version INTEGER NOT NULL,
    PRIMARY KEY (source, month)
) WITHOUT ROWID;

-- A computed grid: key names the measure, breakdown, months, today and
-- settings; day is the today it was computed for.
CREATE TABLE outcome_answers (
    key         TEXT PRIMARY KEY,
    day         TEXT NOT NULL,
    version     INTEGER NOT NULL,
    computed_at TEXT NOT NULL,
    grid        TEXT NOT NULL
) WITHOUT ROWID;

-- Marking a change: INSERT INTO outcome_mark (source, month) VALUES (...).
CREATE VIEW outcome_mark AS SELECT source, month FROM outcome_changes;
CREATE TRIGGER outcome_mark_insert INSTEAD OF INSERT ON outcome_mark
BEGIN
    UPDATE outcome_change_counter SET version = version + 1 WHERE id = 1;
    INSERT INTO outcome_changes (source, month, version)
    VALUES (NEW.source, coalesce(NEW.month, '*'), (SELECT version FROM outcome_change_counter WHERE id = 1))
    ON CONFLICT (source, month) DO UPDATE SET version = excluded.version;
END;

-- Concerns, by the month they were raised; those about a place also as
-- place_concerns (the measure of concerns around an intervention).
CREATE TRIGGER outcome_concerns_insert AFTER INSERT ON concerns
BEGIN
    INSERT INTO outcome_mark VALUES ('concerns', substr(NEW.concern_date, 1, 7));
    INSERT INTO outcome_mark SELECT 'place_concerns', substr(NEW.concern_date, 1, 7) WHERE NEW.context_id IS NOT NULL;
END;
CREATE TRIGGER outcome_concerns_delete AFTER DELETE ON concerns
BEGIN
    INSERT INTO outcome_mark VALUES ('concerns', substr(OLD.concern_date, 1, 7));
    INSERT INTO outcome_mark SELECT 'place_concerns', substr(OLD.concern_date, 1, 7) WHERE OLD.context_id IS NOT NULL;
END;
CREATE TRIGGER outcome_concerns_update AFTER UPDATE ON concerns
WHEN OLD.concern_date IS NOT NEW.concern_date OR OLD.person_id IS NOT NEW.person_id
  OR OLD.context_id IS NOT NEW.context_id OR OLD.owner_agency_id IS NOT NEW.owner_agency_id
  OR OLD.exploitation_types IS NOT NEW.exploitation_types
BEGIN
    INSERT INTO outcome_mark VALUES ('concerns', substr(OLD.concern_date, 1, 7));
    INSERT INTO outcome_mark VALUES ('concerns', substr(NEW.concern_date, 1, 7));
    INSERT INTO outcome_mark SELECT 'place_concerns', substr(OLD.concern_date, 1, 7) WHERE OLD.context_id IS NOT NULL;
    INSERT INTO outcome_mark SELECT 'place_concerns', substr(NEW.concern_date, 1, 7) WHERE NEW.context_id IS NOT NULL;
END;

-- Screenings, by the month of the screening, and as concern_screenings
-- by the month of the concern screened (the time to screening).
CREATE TRIGGER outcome_screenings_insert AFTER INSERT ON screenings
BEGIN
    INSERT INTO outcome_mark VALUES ('screenings', substr(NEW.screened_on, 1, 7));
    INSERT INTO outcome_mark SELECT 'concern_screenings', substr(c.concern_date, 1, 7) FROM concerns c
    WHERE c.id = NEW.concern_id;
END;
CREATE TRIGGER outcome_screenings_delete AFTER DELETE ON screenings
BEGIN
    INSERT INTO outcome_mark VALUES ('screenings', substr(OLD.screened_on, 1, 7));
    INSERT INTO outcome_mark SELECT 'concern_screenings', substr(c.concern_date, 1, 7) FROM concerns c
    WHERE c.id = OLD.concern_id;
END;
CREATE TRIGGER outcome_screenings_update AFTER UPDATE ON screenings
WHEN OLD.screened_on IS NOT NEW.screened_on OR OLD.risk_level IS NOT NEW.risk_level
  OR OLD.pathway IS NOT NEW.pathway OR OLD.person_id IS NOT NEW.person_id OR OLD.concern_id IS NOT NEW.concern_id
  OR OLD.owner_agency_id IS NOT NEW.owner_agency_id OR OLD.created_at IS NOT NEW.created_at
BEGIN
    INSERT INTO outcome_mark VALUES ('screenings', substr(OLD.screened_on, 1, 7));
    INSERT INTO outcome_mark VALUES ('screenings', substr(NEW.screened_on, 1, 7));
    INSERT INTO outcome_mark SELECT 'concern_screenings', substr(c.concern_date, 1, 7) FROM concerns c
    WHERE c.id IN (OLD.concern_id, NEW.concern_id);
END;

-- A young person's details that place them in a group (age, sex,
-- ethnicity, area) or make them one with another (a merge): the months
-- of every concern, screening and meeting about them or the record they
-- were merged into.
CREATE TRIGGER outcome_people_update AFTER UPDATE ON people
WHEN OLD.date_of_birth IS NOT NEW.date_of_birth OR OLD.estimated_age IS NOT NEW.estimated_age
  OR OLD.sex IS NOT NEW.sex OR OLD.ethnicity IS NOT NEW.ethnicity OR OLD.postcode IS NOT NEW.postcode
  OR OLD.kind IS NOT NEW.kind OR OLD.merged_into IS NOT NEW.merged_into
BEGIN
    INSERT INTO outcome_mark
    SELECT DISTINCT 'people', month FROM (
        SELECT substr(concern_date, 1, 7) AS month FROM concerns
        WHERE person_id IN (NEW.id, NEW.merged_into, OLD.merged_into)
        UNION SELECT substr(screened_on, 1, 7) FROM screenings
        WHERE person_id IN (NEW.id, NEW.merged_into, OLD.merged_into)
        UNION SELECT substr(m.held_on, 1, 7) FROM meeting_items i JOIN meetings m ON m.id = i.meeting_id
        WHERE i.person_id IN (NEW.id, NEW.merged_into, OLD.merged_into));
END;

-- Rare changes that may move any month.
CREATE TRIGGER outcome_contexts_update AFTER UPDATE ON contexts
WHEN OLD.postcode IS NOT NEW.postcode
BEGIN
    INSERT INTO outcome_mark VALUES ('contexts', '*');
END;
CREATE TRIGGER outcome_agencies_insert AFTER INSERT ON agencies
BEGIN
    INSERT INTO outcome_mark VALUES ('agencies', '*');
END;
CREATE TRIGGER outcome_agencies_update AFTER UPDATE ON agencies
WHEN OLD.name IS NOT NEW.name
BEGIN
    INSERT INTO outcome_mark VALUES ('agencies', '*');
END;
CREATE TRIGGER outcome_agencies_delete AFTER DELETE ON agencies
BEGIN
    INSERT INTO outcome_mark VALUES ('agencies', '*');
END;
CREATE TRIGGER outcome_terms_insert AFTER INSERT ON definition_terms
BEGIN
    INSERT INTO outcome_mark VALUES ('definitions', '*');
END;
CREATE TRIGGER outcome_terms_delete AFTER DELETE ON definition_terms
BEGIN
    INSERT INTO outcome_mark VALUES ('definitions', '*');
END;

-- Definitions, by the month a version or an adoption dates from.
CREATE TRIGGER outcome_versions_insert AFTER INSERT ON definition_versions
BEGIN
    INSERT INTO outcome_mark VALUES ('definitions', substr(NEW.adopted_on, 1, 7));
END;
CREATE TRIGGER outcome_versions_update AFTER UPDATE ON definition_versions
WHEN OLD.adopted_on IS NOT NEW.adopted_on
BEGIN
    INSERT INTO outcome_mark VALUES ('definitions', substr(OLD.adopted_on, 1, 7));
    INSERT INTO outcome_mark VALUES ('definitions', substr(NEW.adopted_on, 1, 7));
END;
CREATE TRIGGER outcome_versions_delete AFTER DELETE ON definition_versions
BEGIN
    INSERT INTO outcome_mark VALUES ('definitions', substr(OLD.adopted_on, 1, 7));
END;
CREATE TRIGGER outcome_adoptions_insert AFTER INSERT ON definition_adoptions
BEGIN
    INSERT INTO outcome_mark VALUES ('definitions', substr(NEW.adopted_on, 1, 7));
END;
CREATE TRIGGER outcome_adoptions_update AFTER UPDATE ON definition_adoptions
BEGIN
    INSERT INTO outcome_mark VALUES ('definitions', substr(OLD.adopted_on, 1, 7));
    INSERT INTO outcome_mark VALUES ('definitions', substr(NEW.adopted_on, 1, 7));
END;
CREATE TRIGGER outcome_adoptions_delete AFTER DELETE ON definition_adoptions
BEGIN
    INSERT INTO outcome_mark VALUES ('definitions', substr(OLD.adopted_on, 1, 7));
END;

-- Context assessments, by the day assessed.
CREATE TRIGGER outcome_assessments_insert AFTER INSERT ON context_assessments
BEGIN
    INSERT INTO outcome_mark VALUES ('assessments', substr(NEW.assessed_on, 1, 7));
END;
CREATE TRIGGER outcome_assessments_update AFTER UPDATE ON context_assessments
WHEN OLD.assessed_on IS NOT NEW.assessed_on OR OLD.risk_rating IS NOT NEW.risk_rating
  OR OLD.context_id IS NOT NEW.context_id OR OLD.created_at IS NOT NEW.created_at
BEGIN
    INSERT INTO outcome_mark VALUES ('assessments', substr(OLD.assessed_on, 1, 7));
    INSERT INTO outcome_mark VALUES ('assessments', substr(NEW.assessed_on, 1, 7));
END;
CREATE TRIGGER outcome_assessments_delete AFTER DELETE ON context_assessments
BEGIN
    INSERT INTO outcome_mark VALUES ('assessments', substr(OLD.assessed_on, 1, 7));
END;

-- Interventions and disruptions at places, by the day they started.
CREATE TRIGGER outcome_interventions_insert AFTER INSERT ON interventions
BEGIN
    INSERT INTO outcome_mark VALUES ('interventions', substr(NEW.started_on, 1, 7));
END;
CREATE TRIGGER outcome_interventions_update AFTER UPDATE ON interventions
WHEN OLD.started_on IS NOT NEW.started_on OR OLD.context_id IS NOT NEW.context_id
  OR OLD.lead_agency_id IS NOT NEW.lead_agency_id
BEGIN
    INSERT INTO outcome_mark VALUES ('interventions', substr(OLD.started_on, 1, 7));
    INSERT INTO outcome_mark VALUES ('interventions', substr(NEW.started_on, 1, 7));
END;
CREATE TRIGGER outcome_interventions_delete AFTER DELETE ON interventions
BEGIN
    INSERT INTO outcome_mark VALUES ('interventions', substr(OLD.started_on, 1, 7));
END;
CREATE TRIGGER outcome_disruptions_insert AFTER INSERT ON disruptions
BEGIN
    INSERT INTO outcome_mark VALUES ('interventions', substr(NEW.occurred_on, 1, 7));
END;
CREATE TRIGGER outcome_disruptions_update AFTER UPDATE ON disruptions
WHEN OLD.occurred_on IS NOT NEW.occurred_on OR OLD.context_id IS NOT NEW.context_id
  OR OLD.agency_id IS NOT NEW.agency_id
BEGIN
    INSERT INTO outcome_mark VALUES ('interventions', substr(OLD.occurred_on, 1, 7));
    INSERT INTO outcome_mark VALUES ('interventions', substr(NEW.occurred_on, 1, 7));
END;
CREATE TRIGGER outcome_disruptions_delete AFTER DELETE ON disruptions
BEGIN
    INSERT INTO outcome_mark VALUES ('interventions', substr(OLD.occurred_on, 1, 7));
END;

-- Actions, by the month they fall due.
CREATE TRIGGER outcome_actions_insert AFTER INSERT ON actions
BEGIN
    INSERT INTO outcome_mark VALUES ('actions', substr(NEW.due_on, 1, 7));
END;
CREATE TRIGGER outcome_actions_update AFTER UPDATE ON actions
WHEN OLD.due_on IS NOT NEW.due_on OR OLD.status IS NOT NEW.status OR OLD.completed_on IS NOT NEW.completed_on
  OR OLD.owner_agency_id IS NOT NEW.owner_agency_id
BEGIN
    INSERT INTO outcome_mark VALUES ('actions', substr(OLD.due_on, 1, 7));
    INSERT INTO outcome_mark VALUES ('actions', substr(NEW.due_on, 1, 7));
END;
CREATE TRIGGER outcome_actions_delete AFTER DELETE ON actions
BEGIN
    INSERT INTO outcome_mark VALUES ('actions', substr(OLD.due_on, 1, 7));
END;

-- Meetings by the day held; their items, agencies and attendance by
-- their meeting's day.
CREATE TRIGGER outcome_meetings_insert AFTER INSERT ON meetings
BEGIN
    INSERT INTO outcome_mark VALUES ('meetings', substr(NEW.held_on, 1, 7));
END;
CREATE TRIGGER outcome_meetings_update AFTER UPDATE ON meetings
WHEN OLD.held_on IS NOT NEW.held_on OR OLD.status IS NOT NEW.status
BEGIN
    INSERT INTO outcome_mark VALUES ('meetings', substr(OLD.held_on, 1, 7));
    INSERT INTO outcome_mark VALUES ('meetings', substr(NEW.held_on, 1, 7));
END;
CREATE TRIGGER outcome_meetings_delete AFTER DELETE ON meetings
BEGIN
    INSERT INTO outcome_mark VALUES ('meetings', substr(OLD.held_on, 1, 7));
END;
CREATE TRIGGER outcome_items_insert AFTER INSERT ON meeting_items
BEGIN
    INSERT INTO outcome_mark SELECT 'meetings', substr(held_on, 1, 7) FROM meetings WHERE id = NEW.meeting_id;
END;
CREATE TRIGGER outcome_items_update AFTER UPDATE ON meeting_items
WHEN OLD.meeting_id IS NOT NEW.meeting_id OR OLD.person_id IS NOT NEW.person_id OR OLD.kind IS NOT NEW.kind
BEGIN
    INSERT INTO outcome_mark SELECT 'meetings', substr(held_on, 1, 7) FROM meetings
    WHERE id IN (OLD.meeting_id, NEW.meeting_id);
END;
CREATE TRIGGER outcome_items_delete AFTER DELETE ON meeting_items
BEGIN
    INSERT INTO outcome_mark SELECT 'meetings', substr(held_on, 1, 7) FROM meetings WHERE id = OLD.meeting_id;
END;
CREATE TRIGGER outcome_meeting_agencies_insert AFTER INSERT ON meeting_agencies
BEGIN
    INSERT INTO outcome_mark SELECT 'meetings', substr(held_on, 1, 7) FROM meetings WHERE id = NEW.meeting_id;
END;
CREATE TRIGGER outcome_meeting_agencies_delete AFTER DELETE ON meeting_agencies
BEGIN
    INSERT INTO outcome_mark SELECT 'meetings', substr(held_on, 1, 7) FROM meetings WHERE id = OLD.meeting_id;
END;
CREATE TRIGGER outcome_attendance_insert AFTER INSERT ON meeting_attendance
BEGIN
    INSERT INTO outcome_mark SELECT 'meetings', substr(held_on, 1, 7) FROM meetings WHERE id = NEW.meeting_id;
END;
CREATE TRIGGER outcome_attendance_update AFTER UPDATE ON meeting_attendance
BEGIN
    INSERT INTO outcome_mark SELECT 'meetings', substr(held_on, 1, 7) FROM meetings
    WHERE id IN (OLD.meeting_id, NEW.meeting_id);
END;
CREATE TRIGGER outcome_attendance_delete AFTER DELETE ON meeting_attendance
BEGIN
    INSERT INTO outcome_mark SELECT 'meetings', substr(held_on, 1, 7) FROM meetings WHERE id = OLD.meeting_id;
END;

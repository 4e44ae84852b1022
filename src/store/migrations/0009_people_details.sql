-- The rest of a person's details (casework issue): sex, ethnicity, address,
-- school, the identifiers partner systems use, an estimated age when the date
-- of birth is unknown, aliases, and a search key (names folded to lower-case
-- ASCII in C) so that search ignores case and accents on any engine.
ALTER TABLE people ADD COLUMN estimated_age INTEGER CHECK (estimated_age BETWEEN 0 AND 120);
ALTER TABLE people ADD COLUMN sex TEXT CHECK (sex IN ('female', 'male', 'other', 'not_known'));
ALTER TABLE people ADD COLUMN ethnicity TEXT;
ALTER TABLE people ADD COLUMN address TEXT;
ALTER TABLE people ADD COLUMN postcode TEXT;
ALTER TABLE people ADD COLUMN school TEXT;
ALTER TABLE people ADD COLUMN nhs_number TEXT;
ALTER TABLE people ADD COLUMN unique_pupil_number TEXT;
ALTER TABLE people ADD COLUMN police_reference TEXT;
ALTER TABLE people ADD COLUMN council_case_number TEXT;
ALTER TABLE people ADD COLUMN search_key TEXT NOT NULL DEFAULT '';
CREATE INDEX people_search_key ON people (search_key);

CREATE TABLE person_aliases (
    person_id  TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    alias      TEXT NOT NULL,
    search_key TEXT NOT NULL,
    PRIMARY KEY (person_id, alias)
);
CREATE INDEX person_aliases_search_key ON person_aliases (search_key);

-- A link recorded because a concern placed a young person at a context
-- (issue 13): the concern it came from, so that the network can say why
-- the link is there. NULL for links recorded by hand.
ALTER TABLE links ADD COLUMN source_concern_id TEXT REFERENCES concerns (id);

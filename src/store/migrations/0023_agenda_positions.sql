-- One place per agenda item: no two items of a meeting share a position,
-- so that two items added at once, or an item moved while another is
-- added, cannot end up in the same place.
--
-- First the existing agendas are numbered 1, 2, 3, ... in their present
-- order (position, then id, as they are shown). An open meeting is always
-- renumbered, so that its positions are the places of its items from then
-- on; a closed meeting is minuted and keeps its numbers, unless two of its
-- items shared one (then it too is numbered in the order it was shown).
CREATE TEMP TABLE agenda_places AS
SELECT i.id AS id,
       row_number() OVER (PARTITION BY i.meeting_id ORDER BY i.position, i.id) AS place
FROM meeting_items i
WHERE i.meeting_id IN (SELECT id FROM meetings WHERE status = 'open')
   OR i.meeting_id IN (SELECT meeting_id FROM meeting_items GROUP BY meeting_id, position HAVING count(*) > 1);

UPDATE meeting_items
SET position = (SELECT place FROM agenda_places p WHERE p.id = meeting_items.id)
WHERE id IN (SELECT id FROM agenda_places);

DROP TABLE agenda_places;

DROP INDEX meeting_items_meeting;
CREATE UNIQUE INDEX meeting_items_place ON meeting_items (meeting_id, position);

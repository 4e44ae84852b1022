-- What each partnership board's quarterly report holds (recommendation 1:
-- the approach "monitored through existing established multi-agency
-- partnerships"): its sections in order, each an outcome measure's code
-- or 'action_plan' (the recommendations the board monitors). A board with
-- no sections chosen gets every measure and the action plan.
CREATE TABLE board_report_sections (
    board_id TEXT NOT NULL REFERENCES partnership_boards (id),
    position INTEGER NOT NULL CHECK (position >= 1),
    section  TEXT NOT NULL, -- checked against the measures when written (domain/board_report.c)
    PRIMARY KEY (board_id, section),
    UNIQUE (board_id, position)
);

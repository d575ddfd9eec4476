-- Notes, listed newest first with keyset pagination on (created_at, id).
-- gen_random_uuid() is built in since PostgreSQL 13.
CREATE TABLE notes (
    id         uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    body       text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- Serves ORDER BY created_at DESC, id DESC and the
-- (created_at, id) < ($1, $2) row comparison of the next page.
CREATE INDEX notes_created_at_id_idx ON notes (created_at DESC, id DESC);

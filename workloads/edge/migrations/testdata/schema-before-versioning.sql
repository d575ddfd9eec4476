-- The edge Worker's table. Tests and developers apply this file; the Worker
-- never runs DDL. Items are listed newest first with keyset pagination on
-- (created_at, id).
CREATE TABLE IF NOT EXISTS items (
    id         bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name       text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- Serves ORDER BY created_at DESC, id DESC and the
-- (created_at, id) < ($1, $2) row comparison of the next page.
CREATE INDEX IF NOT EXISTS items_created_at_id_idx ON items (created_at DESC, id DESC);

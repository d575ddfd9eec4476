-- The jobs table. Databases migrated before the schema was versioned
-- already have it, from the same statement (then an idempotent schema
-- applied on every deploy): IF NOT EXISTS keeps that table and its rows,
-- and records this version, so that they carry on from here like a new
-- database.

-- groundwork_jobs holds one row per processed job. The primary key on the
-- idempotency key makes a redelivered message write nothing the second time.
CREATE TABLE IF NOT EXISTS groundwork_jobs (
    idempotency_key text        PRIMARY KEY,
    kind            text        NOT NULL,
    payload         jsonb       NOT NULL,
    request_id      text,
    trace_id        text,
    processed_at    timestamptz NOT NULL DEFAULT now()
);

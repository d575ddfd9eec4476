-- Schema of the jobs workload. Idempotent: apply it on every deploy, over the
-- direct (unpooled) connection.

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

-- migrate: no-transaction
--
-- The worker's daily key retention (job kind groundwork-key-retention)
-- deletes the jobs processed before its cutoff, oldest first, a bounded
-- batch at a time: this index turns each batch into a short range scan
-- instead of a scan of the whole table.
--
-- CONCURRENTLY builds it without blocking the worker's inserts, and cannot
-- run inside a transaction block, hence the directive. A build that fails
-- leaves an INVALID index of this name behind, which IF NOT EXISTS would
-- keep: the file drops it first, so that a retried run starts clean.
DROP INDEX CONCURRENTLY IF EXISTS groundwork_jobs_processed_at_idx;
CREATE INDEX CONCURRENTLY IF NOT EXISTS groundwork_jobs_processed_at_idx ON groundwork_jobs (processed_at);

package migrate

import "time"

// LockTimeout bounds every wait for a lock a migration statement takes:
// DDL that cannot get its lock in time fails instead of queueing behind a
// long transaction, and so never makes the application's queries queue
// behind it. CREATE INDEX CONCURRENTLY's waits for older transactions are
// lock waits too.
const LockTimeout = 10 * time.Second

// RecordTimeout bounds what follows a no-transaction file's statements, the
// check for INVALID indexes and the history row, even once the run's own
// deadline has passed: two short queries on an open connection, so the next
// run sees a failure instead of a file that seems never tried.
const RecordTimeout = 5 * time.Second

// LockPoll is how often a runner retries the advisory lock while another
// run holds it.
const LockPoll = 200 * time.Millisecond

// DefaultTimeout bounds a whole run, the wait for the lock included: a run
// stuck behind another one fails, and the deploy says so, instead of
// hanging. Raise it (-timeout) for a long CREATE INDEX CONCURRENTLY.
const DefaultTimeout = time.Minute

// Package schedules creates EventBridge Scheduler schedules that put a job
// into a job queue: one schedule group, one role the scheduler assumes (send
// to this queue and its DLQ, nothing else), and one schedule per entry with
// an explicit timezone, a bounded retry policy and a dead-letter queue.
//
// Each schedule delivers the job envelope {"kind": NAME, "payload": PAYLOAD}
// the kit's worker reads.
package schedules

package store

import (
	"context"
	"strconv"
	"testing"
	"time"
)

// BenchmarkDeleteProcessed measures the key retention's batches through the
// pooler: each op deletes 20,000 jobs processed before the cutoff, a batch
// of rows at a time, from a table that also holds 20,000 newer jobs.
// It reports rows deleted per second and the slowest batch, the number
// that must stay far below MESSAGE_TIMEOUT and the statement timeout.
//
//	eval "$(scripts/localdb start)"
//	go test -run '^$' -bench DeleteProcessed -benchtime 3x ./workloads/jobs/internal/store/
func BenchmarkDeleteProcessed(b *testing.B) {
	s, _ := openMigrated(b, Config{})
	ctx := context.Background()
	base := time.Date(2002, 1, 1, 0, 0, 0, 0, time.UTC)
	const old, kept = 20000, 20000
	exec := func(sql string, args ...any) {
		b.Helper()
		if _, err := s.pool.Exec(ctx, sql, args...); err != nil {
			b.Fatalf("%.60s: %v", sql, err)
		}
	}
	clean := func() { exec(`DELETE FROM groundwork_jobs WHERE idempotency_key LIKE 'bench-%'`) }
	clean()
	b.Cleanup(clean)
	cutoff := base.Add(old * time.Second)
	exec(`INSERT INTO groundwork_jobs (idempotency_key, kind, payload, processed_at)
SELECT 'bench-kept-' || g, 'invoice.paid', '{"n":1}', $1::timestamptz + g * interval '1 second' FROM generate_series(1, $2::int) g`, cutoff, kept)
	for _, rows := range []int{100, 1000, 10000} {
		b.Run("batch="+strconv.Itoa(rows), func(b *testing.B) {
			var slowest time.Duration
			for b.Loop() {
				b.StopTimer()
				exec(`INSERT INTO groundwork_jobs (idempotency_key, kind, payload, processed_at)
SELECT 'bench-old-' || g, 'invoice.paid', '{"n":1}', $1::timestamptz + g * interval '1 second' FROM generate_series(0, $2::int - 1) g`, base, old)
				exec(`ANALYZE groundwork_jobs`)
				b.StartTimer()
				for {
					start := time.Now()
					n, err := s.DeleteProcessed(ctx, cutoff, rows)
					if err != nil {
						b.Fatal(err)
					}
					slowest = max(slowest, time.Since(start))
					if n < int64(rows) {
						break
					}
				}
			}
			b.ReportMetric(float64(old*b.N)/b.Elapsed().Seconds(), "rows/s")
			b.ReportMetric(float64(slowest.Microseconds())/1000, "slowest-batch-ms")
			b.ReportMetric(0, "ns/op")
		})
	}
}

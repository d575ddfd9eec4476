package notes

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"github.com/groundwork-iac/groundwork/components/workloadenv"
)

const secretURL = "postgres://app:s3cret-pw@ep-cool-1234-pooler.eu-central-1.aws.neon.tech/app?sslmode=require"

func TestPoolConfigForTransactionPooler(t *testing.T) {
	tp := sdktrace.NewTracerProvider()
	pc, err := PoolConfig(Config{URL: secretURL, ConnectTimeout: 3 * time.Second, Tracer: tp.Tracer("t")})
	if err != nil {
		t.Fatal(err)
	}
	cc := pc.ConnConfig
	if pc.MaxConns != workloadenv.DefaultAPIPoolSize || pc.MinConns != 0 || pc.MaxConnIdleTime != MaxConnIdleTime {
		t.Errorf("pool = max %d min %d idle %v", pc.MaxConns, pc.MinConns, pc.MaxConnIdleTime)
	}
	if cc.DefaultQueryExecMode != pgx.QueryExecModeExec || cc.StatementCacheCapacity != 0 || cc.DescriptionCacheCapacity != 0 {
		t.Errorf("exec mode %v, caches %d/%d", cc.DefaultQueryExecMode, cc.StatementCacheCapacity, cc.DescriptionCacheCapacity)
	}
	if cc.ConnectTimeout != 3*time.Second {
		t.Errorf("connect timeout = %v", cc.ConnectTimeout)
	}
	if _, ok := cc.Tracer.(QueryTracer); !ok {
		t.Errorf("tracer = %T", cc.Tracer)
	}
	if _, ok := cc.RuntimeParams["statement_timeout"]; ok {
		t.Error("statement_timeout must not be a startup parameter behind a transaction pooler")
	}
	if pc, _ := PoolConfig(Config{URL: secretURL, PoolSize: 9}); pc.MaxConns != 9 || pc.ConnConfig.Tracer != nil {
		t.Errorf("PoolSize 9: max %d, tracer %v", pc.MaxConns, pc.ConnConfig.Tracer)
	}
}

func TestBadURLIsNotEchoed(t *testing.T) {
	_, err := Open(Config{URL: "postgres://app:s3cret-pw@host:notaport/app"})
	if err == nil || strings.Contains(err.Error(), "s3cret") {
		t.Errorf("Open error = %v", err)
	}
	if got := Describe(secretURL); got != "host=ep-cool-1234-pooler.eu-central-1.aws.neon.tech database=app" {
		t.Errorf("Describe = %q", got)
	}
}

func TestOpenIsLazy(t *testing.T) {
	s, err := Open(Config{URL: "postgres://app@127.0.0.1:1/app?sslmode=disable", ConnectTimeout: time.Second})
	if err != nil {
		t.Fatalf("Open must not connect: %v", err)
	}
	defer s.Close()
	_, err = s.Get(context.Background(), "0b6f3c2e-8d1a-4f5e-9c7b-2a4d6e8f0a1b")
	if !errors.Is(err, ErrUnavailable) {
		t.Errorf("Get with the database down = %v, want ErrUnavailable", err)
	}
	if strings.Contains(err.Error(), "user=") {
		t.Errorf("error names the user: %v", err)
	}
}

func TestClassify(t *testing.T) {
	live := context.Background()
	expired, cancel := context.WithTimeout(live, -time.Second)
	defer cancel()
	canceled, cancel2 := context.WithCancel(live)
	cancel2()
	pg := func(code string) error { return fmt.Errorf("wrapped: %w", &pgconn.PgError{Code: code, Message: "m"}) }

	for _, tc := range []struct {
		name    string
		ctx     context.Context
		err     error
		acquire bool
		kind    error
		state   string
	}{
		{"statement timeout", live, pg("57014"), false, ErrTimeout, "57014"},
		{"deadline", expired, context.DeadlineExceeded, false, ErrTimeout, ""},
		{"client gone", canceled, context.Canceled, false, context.Canceled, ""},
		{"too many connections", live, pg("53300"), false, ErrUnavailable, "53300"},
		{"pooler protocol error", live, pg("08P01"), false, ErrUnavailable, "08P01"},
		{"shutting down", live, pg("57P01"), false, ErrUnavailable, "57P01"},
		{"connection lost", live, io.ErrUnexpectedEOF, false, ErrUnavailable, ""},
		{"unique violation", live, pg("23505"), false, nil, "23505"},
		{"pool exhausted", live, context.DeadlineExceeded, true, ErrUnavailable, ""},
		{"acquire after deadline", expired, context.DeadlineExceeded, true, ErrTimeout, ""},
	} {
		var err error
		if tc.acquire {
			err = classifyAcquire(tc.ctx, "list", tc.err)
		} else {
			err = classify(tc.ctx, "list", tc.err)
		}
		var e *Error
		if !errors.As(err, &e) || e.Kind != tc.kind || SQLState(err) != tc.state || !errors.Is(err, tc.err) {
			t.Errorf("%s: %#v (sqlstate %q)", tc.name, err, SQLState(err))
		}
		if tc.kind != nil && !errors.Is(err, tc.kind) {
			t.Errorf("%s: errors.Is(err, %v) = false", tc.name, tc.kind)
		}
	}
	nf := &Error{Op: "get", Kind: ErrNotFound}
	if classify(live, "get", nf) != nf || nf.Error() != "notes: get: note not found" {
		t.Errorf("an *Error must pass through: %v", classify(live, "get", nf))
	}
}

func TestQueryTracer(t *testing.T) {
	rec := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))
	qt := QueryTracer{Tracer: tp.Tracer("t")}
	parent, span := tp.Tracer("t").Start(context.Background(), "GET /v1/notes")

	ctx := qt.TraceQueryStart(parent, nil, pgx.TraceQueryStartData{SQL: selectNote, Args: []any{"secret-arg"}})
	qt.TraceQueryEnd(ctx, nil, pgx.TraceQueryEndData{Err: &pgconn.PgError{Code: "57014", Message: "canceling statement due to statement timeout"}})
	ctx = qt.TraceQueryStart(parent, nil, pgx.TraceQueryStartData{SQL: "  set local statement_timeout = 10"})
	qt.TraceQueryEnd(ctx, nil, pgx.TraceQueryEndData{})
	qt.TraceQueryEnd(parent, nil, pgx.TraceQueryEndData{}) // no span of ours: must not end the parent
	if !span.IsRecording() {
		t.Fatal("TraceQueryEnd ended the caller's span")
	}
	span.End()

	ended := rec.Ended()
	if len(ended) != 3 {
		t.Fatalf("%d spans ended", len(ended))
	}
	sel, set := ended[0], ended[1]
	if sel.Name() != "SELECT" || sel.SpanKind() != trace.SpanKindClient || sel.Parent().SpanID() != span.SpanContext().SpanID() {
		t.Errorf("span %q kind %v parent %v", sel.Name(), sel.SpanKind(), sel.Parent().SpanID())
	}
	attrs := map[attribute.Key]string{}
	for _, kv := range sel.Attributes() {
		attrs[kv.Key] = kv.Value.Emit()
	}
	if attrs["db.system"] != "postgresql" || attrs["db.system.name"] != "postgresql" ||
		attrs["db.query.text"] != selectNote || attrs["db.response.status_code"] != "57014" {
		t.Errorf("attributes = %v", attrs)
	}
	for k, v := range attrs {
		if strings.Contains(v, "secret-arg") {
			t.Errorf("attribute %s carries a parameter value", k)
		}
	}
	if sel.Status().Code != codes.Error || len(sel.Events()) == 0 {
		t.Errorf("error not recorded: %v %v", sel.Status(), sel.Events())
	}
	if set.Name() != "SET" || set.Status().Code == codes.Error {
		t.Errorf("SET span = %q %v", set.Name(), set.Status())
	}
}

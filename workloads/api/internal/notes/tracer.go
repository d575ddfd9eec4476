package notes

import (
	"context"
	"errors"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
	"go.opentelemetry.io/otel/trace"
)

// legacyDBSystem is db.system, the attribute name before db.system.name;
// backends that predate the rename still group database spans by it.
var legacyDBSystem = attribute.String("db.system", "postgresql")

// QueryTracer is a pgx.QueryTracer that records each Exec, Query and
// QueryRow (BEGIN, SET LOCAL and COMMIT included) as a client span. The
// span carries the SQL text as written, with $n placeholders: parameter
// values are never recorded.
type QueryTracer struct {
	Tracer trace.Tracer
}

var _ pgx.QueryTracer = QueryTracer{}

// spanKey holds the statement's span in the context pgx passes from
// TraceQueryStart to TraceQueryEnd, so End never ends a caller's span.
type spanKey struct{}

// TraceQueryStart starts the statement's span.
func (t QueryTracer) TraceQueryStart(ctx context.Context, conn *pgx.Conn, data pgx.TraceQueryStartData) context.Context {
	op := operation(data.SQL)
	attrs := []attribute.KeyValue{
		semconv.DBSystemNamePostgreSQL,
		legacyDBSystem,
		semconv.DBOperationName(op),
		semconv.DBQueryText(data.SQL),
	}
	if conn != nil {
		if cfg := conn.Config(); cfg != nil {
			attrs = append(attrs, semconv.DBNamespace(cfg.Database),
				semconv.ServerAddress(cfg.Host), semconv.ServerPort(int(cfg.Port)))
		}
	}
	ctx, span := t.Tracer.Start(ctx, op,
		trace.WithSpanKind(trace.SpanKindClient), trace.WithAttributes(attrs...))
	return context.WithValue(ctx, spanKey{}, span)
}

// TraceQueryEnd ends the statement's span, recording its error.
func (t QueryTracer) TraceQueryEnd(ctx context.Context, _ *pgx.Conn, data pgx.TraceQueryEndData) {
	span, ok := ctx.Value(spanKey{}).(trace.Span)
	if !ok {
		return
	}
	if err := data.Err; err != nil && !errors.Is(err, pgx.ErrNoRows) {
		var pe *pgconn.PgError
		if errors.As(err, &pe) {
			span.SetAttributes(semconv.DBResponseStatusCode(pe.Code))
		}
		span.RecordError(err)
		span.SetStatus(codes.Error, err.Error())
	}
	span.End()
}

// operation is the statement's first keyword, upper-cased: SELECT, INSERT,
// SET, BEGIN... It names the span.
func operation(sql string) string {
	fields := strings.Fields(sql)
	if len(fields) == 0 {
		return "postgresql"
	}
	return strings.ToUpper(strings.TrimRight(fields[0], ";"))
}

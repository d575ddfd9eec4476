package obs

import (
	"context"
	"io"
	"log/slog"
	"slices"

	"go.opentelemetry.io/otel/trace"

	"github.com/groundwork-iac/groundwork/components/telemetry"
)

// NewLogger returns a logger writing one JSON object per line to w, with the
// contract's fields on every line. Tests pass a buffer; [Setup] passes stdout.
func NewLogger(w io.Writer, level slog.Leveler) *slog.Logger {
	return NewLoggerWith(w, level, HandlerOptions{})
}

// NewLoggerWith is [NewLogger] with options.
func NewLoggerWith(w io.Writer, level slog.Leveler, opts HandlerOptions) *slog.Logger {
	return slog.New(NewHandlerWith(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: level}), opts))
}

// NewHandler wraps inner so that every record carries request_id, trace_id
// and span_id at the top level, taken from the record's context and empty
// when unknown. Groups opened with WithGroup do not capture these fields.
func NewHandler(inner slog.Handler) slog.Handler {
	return NewHandlerWith(inner, HandlerOptions{})
}

// NewHandlerWith is [NewHandler] with options.
func NewHandlerWith(inner slog.Handler, opts HandlerOptions) slog.Handler {
	return &contextHandler{base: inner, opts: opts}
}

// contextHandler applies WithAttrs eagerly to base until a group is opened;
// from then on it replays the calls in ops per record, after adding the
// contract fields, so those stay outside any group.
type contextHandler struct {
	base slog.Handler
	ops  []func(slog.Handler) slog.Handler
	opts HandlerOptions
}

func (h *contextHandler) Enabled(ctx context.Context, level slog.Level) bool {
	return h.base.Enabled(ctx, level)
}

func (h *contextHandler) Handle(ctx context.Context, r slog.Record) error {
	fields := h.opts.appendGoogleFields(ctx, contextAttrs(ctx), r.Level)
	if len(h.ops) == 0 {
		r = r.Clone()
		r.AddAttrs(fields...)
		return h.base.Handle(ctx, r)
	}
	hh := h.base.WithAttrs(fields)
	for _, op := range h.ops {
		hh = op(hh)
	}
	return hh.Handle(ctx, r)
}

func (h *contextHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	if len(attrs) == 0 {
		return h
	}
	if len(h.ops) == 0 {
		return &contextHandler{base: h.base.WithAttrs(attrs), opts: h.opts}
	}
	op := func(x slog.Handler) slog.Handler { return x.WithAttrs(attrs) }
	return &contextHandler{base: h.base, ops: append(slices.Clip(h.ops), op), opts: h.opts}
}

func (h *contextHandler) WithGroup(name string) slog.Handler {
	if name == "" {
		return h
	}
	op := func(x slog.Handler) slog.Handler { return x.WithGroup(name) }
	return &contextHandler{base: h.base, ops: append(slices.Clip(h.ops), op), opts: h.opts}
}

// contextAttrs returns the contract's per-request fields for ctx.
func contextAttrs(ctx context.Context) []slog.Attr {
	var traceID, spanID string
	if ctx != nil {
		if sc := trace.SpanContextFromContext(ctx); sc.IsValid() {
			traceID, spanID = sc.TraceID().String(), sc.SpanID().String()
		}
	}
	return []slog.Attr{
		slog.String(telemetry.FieldRequestID, RequestID(ctx)),
		slog.String(telemetry.FieldTraceID, traceID),
		slog.String(telemetry.FieldSpanID, spanID),
	}
}

package server

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/propagation"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
	"go.opentelemetry.io/otel/trace"

	"github.com/groundwork-iac/groundwork/components/telemetry"
	"github.com/groundwork-iac/groundwork/workloads/internal/obs"
)

// withRequestID takes the caller's X-Request-ID when it is fit to propagate,
// else mints one, puts it in the context and echoes it in the response.
func (s *Server) withRequestID(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.Header.Get(telemetry.HeaderRequestID)
		if !obs.ValidRequestID(id) {
			id = obs.NewRequestID()
		}
		w.Header().Set(telemetry.HeaderRequestID, id)
		next.ServeHTTP(w, r.WithContext(obs.WithRequestID(r.Context(), id)))
	})
}

// observe runs the request in a server span and writes its access log line.
func (s *Server) observe(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		route := s.route(r)
		name := r.Method
		attrs := []attribute.KeyValue{
			semconv.HTTPRequestMethodKey.String(r.Method),
			semconv.URLPath(r.URL.Path),
			semconv.UserAgentOriginal(r.UserAgent()),
		}
		if route != "" {
			name += " " + route
			attrs = append(attrs, semconv.HTTPRoute(route))
		}
		ctx, span := s.Tracing(tracerName).Start(s.parentContext(r), name,
			trace.WithSpanKind(trace.SpanKindServer), trace.WithAttributes(attrs...))
		defer span.End()

		sw := &statusWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r.WithContext(ctx))

		status := sw.statusCode()
		span.SetAttributes(semconv.HTTPResponseStatusCode(status), semconv.HTTPResponseBodySize(int(sw.bytes)))
		level := slog.LevelInfo
		if status >= http.StatusInternalServerError {
			span.SetStatus(codes.Error, http.StatusText(status))
			level = slog.LevelError
		}
		s.Log().LogAttrs(ctx, level, telemetry.MsgRequest,
			slog.String(telemetry.FieldMethod, r.Method),
			slog.String(telemetry.FieldPath, r.URL.Path),
			slog.String(telemetry.FieldRoute, telemetry.Route(r.Method, route)),
			slog.Int(telemetry.FieldStatus, status),
			slog.Float64(telemetry.FieldDurationMS, telemetry.Millis(time.Since(start))),
			slog.Int64("bytes", sw.bytes))
	})
}

// HeaderCloudTraceContext is the trace header Cloud Run's front end sets:
// "TRACE_ID/SPAN_ID;o=OPTIONS".
const HeaderCloudTraceContext = "X-Cloud-Trace-Context"

// parentContext returns r's context with the caller's span as remote parent:
// from traceparent when valid, else from X-Cloud-Trace-Context.
func (s *Server) parentContext(r *http.Request) context.Context {
	ctx := s.Propagation().Extract(r.Context(), propagation.HeaderCarrier(r.Header))
	if trace.SpanContextFromContext(ctx).IsValid() {
		return ctx
	}
	if sc, ok := ParseCloudTraceContext(r.Header.Get(HeaderCloudTraceContext)); ok {
		return trace.ContextWithRemoteSpanContext(ctx, sc)
	}
	return ctx
}

// withDeadline gives every request HandlerTimeout.
func (s *Server) withDeadline(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), s.HandlerTimeout())
		defer cancel()
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// recoverer turns a panic into a 500 (when nothing was written yet), a log
// line with the stack, and an error on the span. http.ErrAbortHandler is
// re-raised: it is how a handler asks net/http to abort the response.
func (s *Server) recoverer(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			v := recover()
			if v == nil {
				return
			}
			if v == http.ErrAbortHandler {
				panic(v)
			}
			ctx := r.Context()
			err := fmt.Errorf("panic: %v", v)
			trace.SpanFromContext(ctx).RecordError(err)
			s.Log().ErrorContext(ctx, "panic serving request", "error", err.Error(), "stack", string(debug.Stack()))
			if sw, ok := w.(*statusWriter); ok && sw.status != 0 {
				return // the response has started; the client sees it cut short
			}
			writeError(w, r, http.StatusInternalServerError, msgInternal)
		}()
		next.ServeHTTP(w, r)
	})
}

// statusWriter records the status and the body size written.
type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int64
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 && code >= http.StatusOK {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += int64(n)
	return n, err
}

// Unwrap lets http.ResponseController reach the connection's writer.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// statusCode is the status sent, 200 when the handler wrote nothing.
func (w *statusWriter) statusCode() int {
	if w.status == 0 {
		return http.StatusOK
	}
	return w.status
}

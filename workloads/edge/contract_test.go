package edge

import (
	"maps"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/groundwork-iac/groundwork/components/telemetry"
	"github.com/groundwork-iac/groundwork/components/workloadenv"
)

// mirrored are the Go values src/contract.ts mirrors, by its constant names.
// Durations are compared in the unit the TypeScript uses (milliseconds).
var mirrored = map[string]any{
	"EnvServiceName":        telemetry.EnvServiceName,
	"EnvEndpoint":           telemetry.EnvEndpoint,
	"EnvProtocol":           telemetry.EnvProtocol,
	"EnvHeaders":            telemetry.EnvHeaders,
	"EnvTracesExporter":     telemetry.EnvTracesExporter,
	"EnvSampler":            telemetry.EnvSampler,
	"EnvSamplerArg":         telemetry.EnvSamplerArg,
	"EnvResourceAttributes": telemetry.EnvResourceAttributes,
	"EnvLogFormat":          telemetry.EnvLogFormat,
	"EnvLogLevel":           telemetry.EnvLogLevel,
	"FieldRequestID":        telemetry.FieldRequestID,
	"FieldTraceID":          telemetry.FieldTraceID,
	"FieldSpanID":           telemetry.FieldSpanID,
	"HeaderRequestID":       telemetry.HeaderRequestID,
	"HeaderTraceparent":     telemetry.HeaderTraceparent,
	"LogFormatJSON":         telemetry.LogFormatJSON,
	"ProtocolHTTPProtobuf":  telemetry.ProtocolHTTPProtobuf,
	"SamplerParentRatio":    telemetry.SamplerParentRatio,
	"ExporterNone":          telemetry.ExporterNone,
	"ExporterOTLP":          telemetry.ExporterOTLP,
	"DefaultSampleRatio":    telemetry.DefaultSampleRatio,
	"DefaultLogLevel":       telemetry.DefaultLogLevel,
	"HyperdriveBinding":     workloadenv.HyperdriveBinding,
	"AnalyticsBinding":      workloadenv.AnalyticsBinding,
	"MsgRequest":            telemetry.MsgRequest,
	"FieldRoute":            telemetry.FieldRoute,
	"FieldDurationMS":       telemetry.FieldDurationMS,
	"FieldStatus":           telemetry.FieldStatus,
	"FieldMethod":           telemetry.FieldMethod,
	"FieldPath":             telemetry.FieldPath,
	"RouteUnmatched":        telemetry.RouteUnmatched,
	"DBStatementTimeout":    workloadenv.DBStatementTimeout,
	"DBConnectTimeout":      workloadenv.DBConnectTimeout,
	"HandlerTimeout":        workloadenv.HandlerTimeout,
	"OTLPExportTimeout":     workloadenv.OTLPExportTimeout,
	"LogBucketBinding":      workloadenv.LogBucketBinding,
	"LogRetentionDays":      workloadenv.LogRetentionDays,
	"LogPrefix":             workloadenv.LogPrefix,
	"LogCleanupCron":        workloadenv.LogCleanupCron,

	"DefaultStatementTimeoutMs":  workloadenv.DefaultStatementTimeout,
	"DefaultConnectTimeoutMs":    workloadenv.DefaultConnectTimeout,
	"DefaultHandlerTimeoutMs":    workloadenv.DefaultWorkerHandlerTimeout,
	"DefaultOTLPExportTimeoutMs": workloadenv.DefaultOTLPExportTimeout,
	"DefaultLogRetentionDays":    workloadenv.DefaultLogRetentionDays,
	"DefaultLogPrefix":           workloadenv.DefaultLogPrefix,
	"DefaultLogCleanupCron":      workloadenv.DefaultLogCleanupCron,
}

var tsConst = regexp.MustCompile(`(?m)^export const (\w+) = (.+);$`)

// TestContractMirrorsGo reads src/contract.ts as text: every exported
// constant must mirror a Go constant, with the same value, and every Go
// constant listed above must be there.
func TestContractMirrorsGo(t *testing.T) {
	src, err := os.ReadFile("src/contract.ts")
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, m := range tsConst.FindAllStringSubmatch(string(src), -1) {
		name, literal := m[1], m[2]
		seen[name] = true
		want, ok := mirrored[name]
		if !ok {
			t.Errorf("contract.ts exports %s, which mirrors no Go constant; add it to mirrored", name)
			continue
		}
		if got, ok := tsValue(literal); !ok || got != goValue(want) {
			t.Errorf("contract.ts %s = %s, Go has %v", name, literal, goValue(want))
		}
	}
	for _, name := range slices.Sorted(maps.Keys(mirrored)) {
		if !seen[name] {
			t.Errorf("contract.ts does not export %s", name)
		}
	}
}

// tsValue reads a string or number literal; numbers come back as float64.
func tsValue(literal string) (any, bool) {
	if s, err := strconv.Unquote(literal); err == nil {
		return s, true
	}
	f, err := strconv.ParseFloat(strings.ReplaceAll(literal, "_", ""), 64)
	return f, err == nil
}

// goValue is a Go constant as the TypeScript writes it: durations in
// milliseconds, numbers as float64.
func goValue(v any) any {
	switch x := v.(type) {
	case time.Duration:
		return float64(x.Milliseconds())
	case float64:
		return x
	case int:
		return float64(x)
	}
	return v
}

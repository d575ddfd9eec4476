package stackconfig

import (
	"reflect"
	"strings"
	"testing"
)

// Every knob a budget finding, a derived value or a message names is a real
// path of the config structs' JSON tags: renaming a field without its knob
// (or the other way round) fails here.
func TestKnobsNameRealFields(t *testing.T) {
	knobs := []string{
		KnobAPIRequestTimeout, KnobAPIStatementTimeout, KnobAPIMaxInstances, KnobAPIMinInstances, KnobAPIDBPoolSize, KnobAPIImage, KnobAPIRepository,
		KnobEdge, KnobEdgeAccountID, KnobEdgeCache, KnobEdgeConnectTimeout, KnobEdgeStatementTimeout, KnobEdgePlan, KnobEdgeMaxBundleKB,
		KnobEdgeLogs, KnobEdgeLogsRetention, KnobEdgeLogsDestination, KnobEdgeLogsOwnership, KnobEdgeLogsJobAlert,
		KnobJobsWorker, KnobJobsWorkerTimeout, KnobJobsWorkerStatementTimeout, KnobJobsWorkerMessageTimeout,
		KnobJobsWorkerMaxConcurrency, KnobJobsWorkerVisibilityTimeout, KnobJobsWebhook, KnobJobsWebhooks, KnobJobsKeyRetention,
		KnobTelemetryOTLPEndpoint, KnobAlerts, KnobAlertsEmails, KnobAlertsSNSTopicArn, KnobAlertsNotificationChannels,
	}
	types := map[string]reflect.Type{}
	var s Settings
	for _, sec := range sections {
		types[sec.key] = reflect.TypeOf(sec.target(&s)).Elem()
	}
	for _, k := range knobs {
		parts := strings.Split(k, ".")
		typ, ok := types[parts[0]]
		if !ok {
			t.Errorf("knob %s: %s is not a section", k, parts[0])
			continue
		}
		for _, p := range parts[1:] {
			f, ok := fieldByTag(typ, p)
			if !ok {
				t.Errorf("knob %s: %s has no field %s", k, typ, p)
				break
			}
			typ = f
		}
	}
}

func fieldByTag(t reflect.Type, name string) (reflect.Type, bool) {
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct {
		return nil, false
	}
	for i := range t.NumField() {
		if jsonName(t.Field(i)) == name {
			return t.Field(i).Type, true
		}
	}
	return nil, false
}

package lambdarie

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"path/filepath"
	"testing"
	"time"
)

// Invoke sends payload (marshalled to JSON, or sent as is when it is a
// []byte or json.RawMessage) to the function and returns the response body,
// the HTTP status and the time the call took. It fails the test only when
// the emulator cannot be reached.
func (f *Function) Invoke(t testing.TB, payload any) (raw []byte, status int, elapsed time.Duration) {
	t.Helper()
	var body []byte
	switch p := payload.(type) {
	case []byte:
		body = p
	case json.RawMessage:
		body = p
	default:
		var err error
		if body, err = json.Marshal(payload); err != nil {
			t.Fatalf("marshal the invocation payload: %v", err)
		}
	}
	// Past the function timeout the emulator answers by itself; the margin
	// covers a cold start.
	ctx, cancel := context.WithTimeout(context.Background(), f.Timeout+30*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, "http://"+f.Addr+invokePath, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	start := time.Now()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("invoke %s: %v; emulator output:\n%s", filepath.Base(f.bootstrap), err, f.Output.String())
	}
	defer resp.Body.Close()
	raw, err = io.ReadAll(resp.Body)
	elapsed = time.Since(start)
	if err != nil {
		t.Fatalf("read the invocation response: %v", err)
	}
	f.SyncLogs()
	return raw, resp.StatusCode, elapsed
}

// Call invokes the function and decodes its response into a Resp. It fails
// the test when the invocation does not succeed: a status other than 200,
// a function error (a body with errorMessage, which the emulator returns in
// place of the handler's response), or a body that is not a Resp.
func Call[Resp any](t testing.TB, f *Function, payload any) (Resp, time.Duration) {
	t.Helper()
	var out Resp
	raw, status, elapsed := f.Invoke(t, payload)
	if status != http.StatusOK {
		t.Fatalf("invocation answered %d: %s", status, raw)
	}
	var fnErr struct {
		ErrorMessage *string `json:"errorMessage"`
		ErrorType    string  `json:"errorType"`
	}
	if json.Unmarshal(raw, &fnErr) == nil && fnErr.ErrorMessage != nil {
		t.Fatalf("the function failed (%s): %s", fnErr.ErrorType, *fnErr.ErrorMessage)
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&out); err != nil {
		t.Fatalf("the invocation response is not a %T: %v: %s", out, err, raw)
	}
	return out, elapsed
}

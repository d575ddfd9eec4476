// Command thumbnailer is this program's own queue worker: it lives in this
// module, and golambda builds it from here.
package main

import (
	"context"
	"encoding/json"
	"log/slog"
	"os"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
)

type job struct {
	Image string `json:"image"`
}

func handle(ctx context.Context, ev events.SQSEvent) (events.SQSEventResponse, error) {
	log := slog.New(slog.NewJSONHandler(os.Stdout, nil))
	var resp events.SQSEventResponse
	for _, m := range ev.Records {
		var j job
		if err := json.Unmarshal([]byte(m.Body), &j); err != nil || j.Image == "" {
			resp.BatchItemFailures = append(resp.BatchItemFailures, events.SQSBatchItemFailure{ItemIdentifier: m.MessageId})
			continue
		}
		log.InfoContext(ctx, "thumbnail", "image", j.Image, "message_id", m.MessageId)
	}
	return resp, nil
}

func main() { lambda.Start(handle) }

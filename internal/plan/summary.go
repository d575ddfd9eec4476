package plan

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/groundwork-iac/groundwork/pulumitest"
)

// summaries say, per resource type, the settings that matter in one line.
var summaries = map[string]func(r *pulumitest.Resource) string{
	"aws:lambda/function:Function": func(r *pulumitest.Resource) string {
		code, _ := r.Input("code")
		hash := ""
		if m, ok := code.Plain().(map[string]any); ok {
			if p, ok := m["archive"].(string); ok {
				hash = " code " + shortHash(p)
			}
		}
		return fmt.Sprintf("%s %s %sMB timeout %ss logs %s/%s tracing %s%s%s%s",
			str(r, "runtime"), list(r, "architectures"), num(r, "memorySize"), num(r, "timeout"),
			str(r, "loggingConfig.logFormat"), str(r, "loggingConfig.applicationLogLevel"), str(r, "tracingConfig.mode"),
			opt(r, "reservedConcurrentExecutions", " reserved "), hash, envSummary(r))
	},
	"aws:lambda/alias:Alias": func(r *pulumitest.Resource) string { return "alias " + str(r, "name") },
	"aws:lambda/provisionedConcurrencyConfig:ProvisionedConcurrencyConfig": func(r *pulumitest.Resource) string {
		return fmt.Sprintf("provisioned concurrency %s on %s", num(r, "provisionedConcurrentExecutions"), str(r, "qualifier"))
	},
	"aws:lambda/eventSourceMapping:EventSourceMapping": func(r *pulumitest.Resource) string {
		return fmt.Sprintf("batch %s window %ss max concurrency %s responses %s",
			num(r, "batchSize"), num(r, "maximumBatchingWindowInSeconds"), num(r, "scalingConfig.maximumConcurrency"), list(r, "functionResponseTypes"))
	},
	"aws:lambda/permission:Permission": func(r *pulumitest.Resource) string {
		return fmt.Sprintf("%s by %s from %s", str(r, "action"), str(r, "principal"), str(r, "sourceArn"))
	},
	"aws:sqs/queue:Queue": func(r *pulumitest.Resource) string {
		s := fmt.Sprintf("retention %ss sse %s", num(r, "messageRetentionSeconds"), str(r, "sqsManagedSseEnabled"))
		if v := opt(r, "visibilityTimeoutSeconds", " visibility "); v != "" {
			s += v + "s"
		}
		if rp, err := r.String("redrivePolicy"); err == nil {
			var p struct {
				MaxReceiveCount int `json:"maxReceiveCount"`
			}
			_ = json.Unmarshal([]byte(rp), &p)
			s += fmt.Sprintf(" dlq after %d receives", p.MaxReceiveCount)
		}
		return s
	},
	"aws:sqs/queuePolicy:QueuePolicy":    policySummary("policy"),
	"aws:iam/rolePolicy:RolePolicy":      policySummary("policy"),
	"aws:iam/role:Role":                  policySummary("assumeRolePolicy"),
	"aws:cloudwatch/logGroup:LogGroup":   func(r *pulumitest.Resource) string { return "retention " + num(r, "retentionInDays") + "d" },
	"aws:cloudwatch/eventRule:EventRule": func(r *pulumitest.Resource) string { return "pattern " + str(r, "eventPattern") },
	"aws:cloudwatch/eventTarget:EventTarget": func(r *pulumitest.Resource) string {
		return fmt.Sprintf("retry %s x / %ss, dlq %s", num(r, "retryPolicy.maximumRetryAttempts"), num(r, "retryPolicy.maximumEventAgeInSeconds"), str(r, "deadLetterConfig.arn"))
	},
	"aws:scheduler/schedule:Schedule": func(r *pulumitest.Resource) string {
		return fmt.Sprintf("%s %s, retry %s x / %ss, dlq %s", str(r, "scheduleExpression"), str(r, "scheduleExpressionTimezone"),
			num(r, "target.retryPolicy.maximumRetryAttempts"), num(r, "target.retryPolicy.maximumEventAgeInSeconds"), str(r, "target.deadLetterConfig.arn"))
	},
	"aws:secretsmanager/secret:Secret": func(r *pulumitest.Resource) string {
		return "recovery window " + num(r, "recoveryWindowInDays") + "d"
	},
	"aws:secretsmanager/secretVersion:SecretVersion": func(r *pulumitest.Resource) string { return "value " + str(r, "secretString") },
	"aws:apigatewayv2/api:Api":                       func(r *pulumitest.Resource) string { return str(r, "protocolType") },
	"aws:apigatewayv2/route:Route":                   func(r *pulumitest.Resource) string { return str(r, "routeKey") },
	"aws:apigatewayv2/integration:Integration": func(r *pulumitest.Resource) string {
		return fmt.Sprintf("%s payload %s timeout %sms", str(r, "integrationType"), str(r, "payloadFormatVersion"), num(r, "timeoutMilliseconds"))
	},
	"gcp:cloudrunv2/service:Service": func(r *pulumitest.Resource) string {
		c := "template.containers[0]."
		return fmt.Sprintf("%s timeout %s concurrency %s instances %s-%s cpu %s memory %s boost %s %s probes startup %s liveness %s%s",
			str(r, c+"image"),
			str(r, "template.timeout"), num(r, "template.maxInstanceRequestConcurrency"),
			num(r, "template.scaling.minInstanceCount"), num(r, "template.scaling.maxInstanceCount"),
			str(r, c+"resources.limits.cpu"), str(r, c+"resources.limits.memory"), str(r, c+"resources.startupCpuBoost"),
			strings.TrimPrefix(str(r, "template.executionEnvironment"), "EXECUTION_ENVIRONMENT_"),
			str(r, c+"startupProbe.httpGet.path"), str(r, c+"livenessProbe.httpGet.path"), cloudRunEnv(r, c+"envs"))
	},
	"gcp:cloudrunv2/job:Job": func(r *pulumitest.Resource) string {
		c := "template.template.containers[0]."
		return fmt.Sprintf("args %s timeout %s retries %s%s", list(r, c+"args"), str(r, "template.template.timeout"),
			num(r, "template.template.maxRetries"), cloudRunEnv(r, c+"envs"))
	},
	"gcp:serviceaccount/account:Account":                func(r *pulumitest.Resource) string { return str(r, "accountId") },
	"gcp:projects/iAMMember:IAMMember":                  iamSummary,
	"gcp:secretmanager/secretIamMember:SecretIamMember": iamSummary,
	"gcp:cloudrunv2/serviceIamMember:ServiceIamMember":  iamSummary,
	"gcp:secretmanager/secret:Secret":                   func(r *pulumitest.Resource) string { return "id " + str(r, "secretId") },
	"gcp:secretmanager/secretVersion:SecretVersion":     func(r *pulumitest.Resource) string { return "value " + str(r, "secretData") },
	"cloudflare:index/workersScript:WorkersScript": func(r *pulumitest.Resource) string {
		size := ""
		if code, err := r.String("content"); err == nil {
			size = fmt.Sprintf("module %.1f KB ", float64(len(code))/1024)
		}
		return fmt.Sprintf("%scompatibility %s %s placement %s logpush %s bindings: hyperdrive %s, %s r2, %s plain, %s secret",
			size, str(r, "compatibilityDate"), list(r, "compatibilityFlags"), str(r, "placements[0].mode"), str(r, "logpush"),
			str(r, "hyperdriveConfigBindings[0].binding"), count(r, "r2BucketBindings"), count(r, "plainTextBindings"), count(r, "secretTextBindings"))
	},
	"cloudflare:index/hyperdriveConfig:HyperdriveConfig": func(r *pulumitest.Resource) string {
		return fmt.Sprintf("origin %s://%s@%s:%s/%s password %s, cache %s max age %ss swr %ss",
			str(r, "origin.scheme"), str(r, "origin.user"), str(r, "origin.host"), num(r, "origin.port"), str(r, "origin.database"),
			str(r, "origin.password"), enabled(r, "caching.disabled"), num(r, "caching.maxAge"), num(r, "caching.staleWhileRevalidate"))
	},
	"cloudflare:index/workersRoute:WorkersRoute":             func(r *pulumitest.Resource) string { return str(r, "pattern") },
	"cloudflare:index/workersDomain:WorkersDomain":           func(r *pulumitest.Resource) string { return str(r, "hostname") },
	"cloudflare:index/workersCronTrigger:WorkersCronTrigger": func(r *pulumitest.Resource) string { return list(r, "schedules") },
	"aws:apigatewayv2/stage:Stage": func(r *pulumitest.Resource) string {
		return fmt.Sprintf("%s throttle %s rps burst %s, JSON access logs", str(r, "name"),
			num(r, "defaultRouteSettings.throttlingRateLimit"), num(r, "defaultRouteSettings.throttlingBurstLimit"))
	},
}

func count(r *pulumitest.Resource, path string) string {
	v, ok := r.Input(path)
	if !ok {
		return "0"
	}
	xs, _ := v.Plain().([]any)
	return strconv.Itoa(len(xs))
}

func enabled(r *pulumitest.Resource, disabledPath string) string {
	if v, ok := r.Input(disabledPath); ok && v.Plain() == true {
		return "off"
	}
	return "on"
}

func iamSummary(r *pulumitest.Resource) string {
	return fmt.Sprintf("%s to %s", str(r, "role"), str(r, "member"))
}

// cloudRunEnv counts a container's variables and says how many are secret
// references (values from Secret Manager, never inline).
func cloudRunEnv(r *pulumitest.Resource, path string) string {
	v, ok := r.Input(path)
	if !ok {
		return ""
	}
	envs, _ := v.Plain().([]any)
	refs := 0
	for _, e := range envs {
		if m, ok := e.(map[string]any); ok && m["valueSource"] != nil {
			refs++
		}
	}
	return fmt.Sprintf(" env %d vars (%d from Secret Manager)", len(envs), refs)
}

func str(r *pulumitest.Resource, path string) string {
	v, ok := r.Input(path)
	if !ok {
		return "-"
	}
	if s, ok := v.Redacted().(string); ok {
		return s
	}
	return fmt.Sprint(v.Redacted())
}

func num(r *pulumitest.Resource, path string) string {
	if n, err := r.Number(path); err == nil {
		return strconv.FormatFloat(n, 'f', -1, 64)
	}
	return "-"
}

func opt(r *pulumitest.Resource, path, label string) string {
	if n, err := r.Number(path); err == nil {
		return label + strconv.FormatFloat(n, 'f', -1, 64)
	}
	return ""
}

func list(r *pulumitest.Resource, path string) string {
	v, ok := r.Input(path)
	if !ok {
		return "-"
	}
	var parts []string
	if xs, ok := v.Redacted().([]any); ok {
		for _, x := range xs {
			parts = append(parts, fmt.Sprint(x))
		}
	}
	return strings.Join(parts, ",")
}

func envSummary(r *pulumitest.Resource) string {
	v, ok := r.Input("environment.variables")
	if !ok {
		return ""
	}
	m, _ := v.Redacted().(map[string]any)
	return fmt.Sprintf(" env %d vars", len(m))
}

func shortHash(archivePath string) string {
	base := archivePath[strings.LastIndex(archivePath, "/")+1:]
	base = strings.TrimSuffix(base, ".zip")
	if len(base) > 12 {
		base = base[:12]
	}
	return "sha256:" + base
}

// policySummary lists a policy's statements as "Effect actions".
func policySummary(path string) func(r *pulumitest.Resource) string {
	return func(r *pulumitest.Resource) string {
		doc, err := r.String(path)
		if err != nil {
			return str(r, path)
		}
		var d struct {
			Statement []struct {
				Sid       string          `json:"Sid"`
				Effect    string          `json:"Effect"`
				Principal json.RawMessage `json:"Principal"`
				Action    []string        `json:"Action"`
			} `json:"Statement"`
		}
		if json.Unmarshal([]byte(doc), &d) != nil {
			return doc
		}
		var parts []string
		for _, s := range d.Statement {
			p := ""
			if len(s.Principal) > 0 {
				p = " " + strings.Trim(strings.TrimPrefix(strings.TrimPrefix(string(s.Principal), `{"Service":`), `{"AWS":`), `"{}`)
			}
			parts = append(parts, fmt.Sprintf("%s%s %s", strings.ToLower(s.Effect), p, strings.Join(s.Action, ",")))
		}
		return strings.Join(parts, "; ")
	}
}

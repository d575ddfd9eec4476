package tests

import "strings"

type change struct {
	path  string
	value any
}

type badConfig struct {
	stack, name string
	// key is what the refusal must name.
	key   string
	edits []change
}

// one is a bad config with a single change.
func one(stack, name, key, path string, value any) badConfig {
	return badConfig{stack: stack, name: name, key: key, edits: []change{{path, value}}}
}

const (
	jobs = "jobs-dev"
	api  = "api-dev"
	edge = "edge-dev"
	db   = "groundwork:database/"
	tel  = "groundwork:telemetry/"
	wk   = "groundwork:jobs/worker/"
	hook = "groundwork:jobs/webhooks[0]/"
	hk   = "groundwork:jobs.webhooks[0]."
	sch  = "groundwork:jobs/schedules[0]/"
	ev   = "groundwork:jobs/events[0]/"
	ap   = "groundwork:api/"
	ed   = "groundwork:edge/"
)

var (
	long      = strings.Repeat("a", 3000)
	neonHost  = "ep-quiet-river-123456.us-east-2.aws.neon.tech/jobs"
	poolHost  = "ep-quiet-river-123456-pooler.us-east-2.aws.neon.tech/jobs"
	sixCrons  = []any{"0 * * * *", "1 * * * *", "2 * * * *", "3 * * * *", "4 * * * *", "5 * * * *"}
	badDigest = "europe-west1-docker.pkg.dev/acme-notes-dev/apps/api@sha256:0123"
)

// badConfigs: the shared keys on each blueprint, then each blueprint's own.
var badConfigs = []badConfig{
	// groundwork:blueprint and groundwork:mode
	one(jobs, "no blueprint", "groundwork:blueprint", "groundwork:blueprint", del),
	one(jobs, "unknown blueprint", "groundwork:blueprint", "groundwork:blueprint", "lambda"),
	one(api, "blueprint as a boolean", "groundwork:blueprint", "groundwork:blueprint", "yaml:true"),
	one(jobs, "unknown mode", "groundwork:mode", "groundwork:mode", "warm"),
	one(api, "mode True", "groundwork:mode", "groundwork:mode", "yaml:True"),
	one(edge, "mode as a number", "groundwork:mode", "groundwork:mode", "yaml:1"),
	one(jobs, "misspelled key", "groundwork:databse", "groundwork:databse", "yaml:{provider: neon}"),
	one(api, "misspelled api key", "groundwork:apl", "groundwork:apl", "yaml:{image: x}"),

	// groundwork:database
	one(jobs, "unknown provider", "groundwork:database.provider", db+"provider", "mysql"),
	one(api, "provider as a number", "groundwork:database.provider", db+"provider", "yaml:5"),
	one(jobs, "pooled URL without a scheme", "groundwork:database.pooledUrl", db+"pooledUrl", poolHost),
	one(jobs, "password with an unescaped slash", "groundwork:database.pooledUrl", db+"pooledUrl", "postgres://jobs_app:1234{secret}/5678@"+poolHost),
	one(jobs, "sslmode typo", "groundwork:database.pooledUrl", db+"pooledUrl", "postgres://jobs_app:{secret}@"+poolHost+"?sslmode=requre"),
	one(jobs, "sslmode disable on neon", "groundwork:database.pooledUrl", db+"pooledUrl", "postgres://jobs_app:{secret}@"+poolHost+"?sslmode=disable"),
	one(jobs, "direct host as the pooled URL", "groundwork:database.pooledUrl", db+"pooledUrl", "postgres://jobs_app:{secret}@"+neonHost),
	one(api, "URL as a number", "groundwork:database.pooledUrl", db+"pooledUrl", "yaml:12345678"),
	one(jobs, "no pooled URL", "groundwork:database.pooledUrl", db+"pooledUrl", del),
	one(api, "a 3000-character URL", "groundwork:database.pooledUrl", db+"pooledUrl", "postgres://u:{secret}"+long+"@h/d"),
	one(api, "a pooled URL as the direct one", "groundwork:database.directUrl", db+"directUrl", "postgres://notes_app:{secret}@ep-misty-sun-654321-pooler.eu-central-1.aws.neon.tech/notes"),
	one(api, "no direct URL", "groundwork:database.directUrl", db+"directUrl", del),
	one(api, "direct URL with no user", "groundwork:database.directUrl", db+"directUrl", "postgres://ep-misty-sun-654321.eu-central-1.aws.neon.tech/notes"),
	one(jobs, "negative max connections", "groundwork:database.maxConnections", db+"maxConnections", "yaml:-1"),
	one(jobs, "max connections over PostgreSQL's", "groundwork:database.maxConnections", db+"maxConnections", "yaml:300000"),
	one(api, "quoted max connections", "groundwork:database.maxConnections", db+"maxConnections", "100"),
	one(edge, "fractional max connections", "groundwork:database.maxConnections", db+"maxConnections", "yaml:60.5"),
	one(jobs, "reserved eats everything", "groundwork:database.reservedConnections", db+"reservedConnections", "yaml:225"),
	one(api, "database as a string", "groundwork:database", "groundwork:database", "neon"),
	one(edge, "misspelled database field", "groundwork:database.maxConections", db+"maxConections", "yaml:60"),
	one(edge, "database as a list", "groundwork:database", "groundwork:database", "yaml:[neon]"),

	// groundwork:telemetry
	one(jobs, "endpoint without a scheme", "groundwork:telemetry.otlpEndpoint", tel+"otlpEndpoint", "otlp:4318"),
	one(jobs, "endpoint with credentials", "groundwork:telemetry.otlpEndpoint", tel+"otlpEndpoint", "https://user:pass-9f8e7d6c@otlp.example.com"),
	one(edge, "credentials with a wrong scheme", "groundwork:telemetry.otlpEndpoint", tel+"otlpEndpoint", "otlp://user:pass-9f8e7d6c@otlp.example.com"),
	one(api, "ftp endpoint", "groundwork:telemetry.otlpEndpoint", tel+"otlpEndpoint", "ftp://otlp.example.com"),
	one(edge, "a 3000-character endpoint", "groundwork:telemetry.otlpEndpoint", tel+"otlpEndpoint", "https://"+long+".example.com"),
	one(jobs, "headers without =", "groundwork:telemetry.otlpHeaders", tel+"otlpHeaders", "{secret}"),
	one(api, "headers with an empty key", "groundwork:telemetry.otlpHeaders", tel+"otlpHeaders", "={secret}"),
	one(edge, "headers with an empty value", "groundwork:telemetry.otlpHeaders", tel+"otlpHeaders", "x-api-key="),
	one(jobs, "headers as a number", "groundwork:telemetry.otlpHeaders", tel+"otlpHeaders", "yaml:123456789"),
	one(api, "sample ratio 1.5", "groundwork:telemetry.sampleRatio", tel+"sampleRatio", "yaml:1.5"),
	one(edge, "sample ratio as a word", "groundwork:telemetry.sampleRatio", tel+"sampleRatio", "half"),
	one(jobs, "log level verbose", "groundwork:telemetry.logLevel", tel+"logLevel", "verbose"),
	one(api, "misspelled telemetry field", "groundwork:telemetry.otlpEndpont", tel+"otlpEndpont", "https://otlp.example.com"),
	one(edge, "telemetry as a list", "groundwork:telemetry", "groundwork:telemetry", "yaml:[a]"),

	// groundwork:jobs.worker
	one(jobs, "timeout over Lambda's", "groundwork:jobs.worker.timeout", wk+"timeout", "20m"),
	one(jobs, "timeout not a duration", "groundwork:jobs.worker.timeout", wk+"timeout", "sixty"),
	one(jobs, "fractional timeout", "groundwork:jobs.worker.timeout", wk+"timeout", "1500ms"),
	one(jobs, "timeout as a number", "groundwork:jobs.worker.timeout", wk+"timeout", "yaml:60"),
	one(jobs, "memory under Lambda's", "groundwork:jobs.worker.memoryMB", wk+"memoryMB", "yaml:64"),
	one(jobs, "memory over Lambda's", "groundwork:jobs.worker.memoryMB", wk+"memoryMB", "yaml:20000"),
	one(jobs, "quoted memory", "groundwork:jobs.worker.memoryMB", wk+"memoryMB", "512"),
	one(jobs, "concurrency under SQS's", "groundwork:jobs.worker.maxConcurrency", wk+"maxConcurrency", "yaml:1"),
	one(jobs, "concurrency over the budget", "jobs.worker.maxConcurrency", wk+"maxConcurrency", "yaml:250"),
	one(jobs, "concurrency over SQS's", "groundwork:jobs.worker.maxConcurrency", wk+"maxConcurrency", "yaml:5000"),
	{stack: jobs, name: "batch without a window", key: "groundwork:jobs.worker.batchSize", edits: []change{{wk + "batchSize", "yaml:100"}, {wk + "batchWindow", "0s"}}},
	one(jobs, "batch over SQS's", "groundwork:jobs.worker.batchSize", wk+"batchSize", "yaml:20000"),
	one(jobs, "negative batch", "groundwork:jobs.worker.batchSize", wk+"batchSize", "yaml:-3"),
	one(jobs, "window over SQS's", "groundwork:jobs.worker.batchWindow", wk+"batchWindow", "10m"),
	one(jobs, "fractional window", "groundwork:jobs.worker.batchWindow", wk+"batchWindow", "1500ms"),
	one(jobs, "statement outlives the message", "jobs.worker.statementTimeout", wk+"statementTimeout", "30s"),
	one(jobs, "message outlives the function", "jobs.worker.messageTimeout", wk+"messageTimeout", "2m"),
	one(jobs, "visibility under the floor", "groundwork:jobs.worker.visibilityTimeout", wk+"visibilityTimeout", "2m"),
	one(jobs, "visibility over SQS's", "groundwork:jobs.worker.visibilityTimeout", wk+"visibilityTimeout", "13h"),
	one(jobs, "misspelled worker field", "groundwork:jobs.worker.maxConcurency", wk+"maxConcurency", "yaml:10"),
	one(jobs, "worker as a string", "groundwork:jobs.worker", "groundwork:jobs/worker", "fast"),

	// groundwork:jobs.webhooks (the first endpoint signs as Standard
	// Webhooks, the second as Stripe, the third as GitHub, the fourth as
	// Slack, the fifth as Shopify)
	one(jobs, "the old webhook section", "groundwork:jobs.webhook", "groundwork:jobs/webhook", map[string]any{"enabled": true, "signingSecret": "a-long-enough-old-hex-key-0123456789abcdef"}),
	one(jobs, "webhooks as a mapping", "groundwork:jobs.webhooks", "groundwork:jobs/webhooks", map[string]any{"name": "x"}),
	one(jobs, "unknown scheme", hk+"scheme", hook+"scheme", "svix"),
	one(jobs, "no scheme", hk+"scheme", hook+"scheme", del),
	one(jobs, "scheme in capitals", hk+"scheme", hook+"scheme", "Stripe"),
	one(jobs, "name with capitals", hk+"name", hook+"name", "Default"),
	one(jobs, "a 30-character name", hk+"name", hook+"name", strings.Repeat("n", 30)),
	one(jobs, "two endpoints, one name", "groundwork:jobs.webhooks[1].name", "groundwork:jobs/webhooks[1]/name", "default"),
	one(jobs, "two endpoints, one path", "groundwork:jobs.webhooks[2].path", "groundwork:jobs/webhooks[2]/path", "/webhook"),
	one(jobs, "no secrets", hk+"secrets", hook+"secrets", del),
	one(jobs, "an empty secret list", hk+"secrets", hook+"secrets", []any{}),
	one(jobs, "secrets as a string", hk+"secrets", hook+"secrets", "whsec_abc"),
	one(jobs, "an empty secret", hk+"secrets[0]", hook+"secrets[0]", ""),
	one(jobs, "a standard secret without whsec_", hk+"secrets[0]", hook+"secrets[0]", "c2hvcnQtYnV0LWxvbmctZW5vdWdoLWtleS0wMTIzNDU2"),
	one(jobs, "a standard secret of 8 bytes", hk+"secrets[0]", hook+"secrets[0]", "whsec_c2hvcnRrZXk="),
	one(jobs, "a standard secret that is not base64", hk+"secrets[0]", hook+"secrets[0]", "whsec_not*base64*at*all*but*long*enough*really"),
	one(jobs, "a standard secret with a newline", hk+"secrets[0]", hook+"secrets[0]", "whsec_ZGV2LW9ubHktc3RhbmRhcmQtd2ViaG9va3Mta2V5LTA=\n"),
	one(jobs, "a Stripe API key as its secret", "groundwork:jobs.webhooks[1].secrets[0]", "groundwork:jobs/webhooks[1]/secrets[0]", "sk_live_51Habcdefghijklmnopqrstuvwxyz0123"),
	one(jobs, "a short Stripe secret", "groundwork:jobs.webhooks[1].secrets[1]", "groundwork:jobs/webhooks[1]/secrets[1]", "whsec_short"),
	one(jobs, "a short GitHub secret", "groundwork:jobs.webhooks[2].secrets[0]", "groundwork:jobs/webhooks[2]/secrets[0]", "hunter2hunter2"),
	one(jobs, "a short Slack secret", "groundwork:jobs.webhooks[3].secrets[0]", "groundwork:jobs/webhooks[3]/secrets[0]", "8f742231b10e8888abcd99yyy"),
	one(jobs, "a short Shopify secret", "groundwork:jobs.webhooks[4].secrets[0]", "groundwork:jobs/webhooks[4]/secrets[0]", "shpss_short"),
	one(jobs, "a secret as a number", hk+"secrets[0]", hook+"secrets[0]", "yaml:98765432109876543210"),
	one(jobs, "six secrets", hk+"secrets", hook+"secrets", []any{"whsec_a", "whsec_b", "whsec_c", "whsec_d", "whsec_e", "whsec_f"}),
	one(jobs, "path with a trailing slash", hk+"path", hook+"path", "/hooks/"),
	one(jobs, "path without a slash", hk+"path", hook+"path", "webhook"),
	one(jobs, "a 200-character path", hk+"path", hook+"path", "/"+strings.Repeat("p", 200)),
	one(jobs, "path with a space", hk+"path", hook+"path", "/web hook"),
	one(jobs, "negative body limit", hk+"maxBodyBytes", hook+"maxBodyBytes", "yaml:-1"),
	one(jobs, "body limit over SQS's", hk+"maxBodyBytes", hook+"maxBodyBytes", "yaml:10485760"),
	one(jobs, "a two-hour tolerance", hk+"tolerance", hook+"tolerance", "2h"),
	one(jobs, "a tolerance for GitHub", "groundwork:jobs.webhooks[2].tolerance", "groundwork:jobs/webhooks[2]/tolerance", "5m"),
	one(jobs, "tolerance without a unit", hk+"tolerance", hook+"tolerance", "yaml:300"),
	one(jobs, "misspelled webhook field", hk+"secret", hook+"secret", []any{"whsec_x"}),
	one(jobs, "a two-day key retention", "groundwork:jobs.keyRetention", "groundwork:jobs/keyRetention", "48h"),
	one(jobs, "a schedule named like the retention job", "groundwork:jobs.schedules[0].name", sch+"name", "groundwork-key-retention"),

	// groundwork:jobs.schedules
	one(jobs, "not an expression", "groundwork:jobs.schedules[0].expression", sch+"expression", "every day"),
	one(jobs, "cron minute 99", "groundwork:jobs.schedules[0].expression", sch+"expression", "cron(99 3 * * ? *)"),
	one(jobs, "cron with both day fields", "groundwork:jobs.schedules[0].expression", sch+"expression", "cron(0 3 * * * *)"),
	one(jobs, "cron with neither day field", "groundwork:jobs.schedules[0].expression", sch+"expression", "cron(0 3 ? * ? *)"),
	one(jobs, "cron with five fields", "groundwork:jobs.schedules[0].expression", sch+"expression", "cron(0 3 * * ?)"),
	one(jobs, "cron month 13", "groundwork:jobs.schedules[0].expression", sch+"expression", "cron(0 3 ? 13 MON *)"),
	one(jobs, "cron hour 24", "groundwork:jobs.schedules[0].expression", sch+"expression", "cron(0 24 * * ? *)"),
	one(jobs, "cron weekday 8", "groundwork:jobs.schedules[0].expression", sch+"expression", "cron(0 3 ? * 8 *)"),
	one(jobs, "cron year 1969", "groundwork:jobs.schedules[0].expression", sch+"expression", "cron(0 3 * * ? 1969)"),
	one(jobs, "cron backwards range", "groundwork:jobs.schedules[0].expression", sch+"expression", "cron(0 17-9 * * ? *)"),
	one(jobs, "at a date that does not exist", "groundwork:jobs.schedules[0].expression", sch+"expression", "at(2030-13-45T99:00:00)"),
	one(jobs, "at February 30", "groundwork:jobs.schedules[0].expression", sch+"expression", "at(2030-02-30T09:00:00)"),
	one(jobs, "rate 1 hours", "groundwork:jobs.schedules[0].expression", sch+"expression", "rate(1 hours)"),
	one(jobs, "rate 0 minutes", "groundwork:jobs.schedules[0].expression", sch+"expression", "rate(0 minutes)"),
	one(jobs, "rate in weeks", "groundwork:jobs.schedules[0].expression", sch+"expression", "rate(2 weeks)"),
	one(jobs, "a 300-character expression", "groundwork:jobs.schedules[0].expression", sch+"expression", "rate("+strings.Repeat("9", 300)+" minutes)"),
	one(jobs, "timezone on Mars", "groundwork:jobs.schedules[0].timezone", sch+"timezone", "Mars/Olympus"),
	one(jobs, "timezone Local", "groundwork:jobs.schedules[0].timezone", sch+"timezone", "Local"),
	one(jobs, "schedule name with capitals", "groundwork:jobs.schedules[0].name", sch+"name", "Bad_Name"),
	one(jobs, "a 41-character schedule name", "groundwork:jobs.schedules[0].name", sch+"name", strings.Repeat("n", 41)),
	{stack: jobs, name: "the same schedule twice", key: "groundwork:jobs.schedules[1].name",
		edits: []change{{"groundwork:jobs/schedules[1]", "yaml:{name: nightly-cleanup, expression: rate(1 hour)}"}}},
	one(jobs, "disabled no", "groundwork:jobs.schedules[0].disabled", sch+"disabled", "no"),
	one(jobs, "schedules as an object", "groundwork:jobs.schedules", "groundwork:jobs/schedules", "yaml:{name: x}"),
	one(jobs, "misspelled schedule field", "groundwork:jobs.schedules[0].expresion", sch+"expresion", "rate(1 hour)"),

	// groundwork:jobs.events
	one(jobs, "pattern with a scalar", "groundwork:jobs.events[0].pattern", ev+"pattern", "yaml:{source: app.orders}"),
	one(jobs, "pattern with a nested scalar", "groundwork:jobs.events[0].pattern", ev+"pattern", "yaml:{detail: {status: paid}}"),
	one(jobs, "empty pattern", "groundwork:jobs.events[0].pattern", ev+"pattern", "yaml:{}"),
	one(jobs, "pattern of an unknown field", "groundwork:jobs.events[0].pattern", ev+"pattern", "yaml:{sourc: [x]}"),
	one(jobs, "pattern with an unknown matcher", "groundwork:jobs.events[0].pattern", ev+"pattern", "yaml:{source: [{startsWith: app.}]}"),
	one(jobs, "pattern with an empty list", "groundwork:jobs.events[0].pattern", ev+"pattern", "yaml:{source: []}"),
	one(jobs, "pattern as a list", "groundwork:jobs.events[0].pattern", ev+"pattern", "yaml:[app.orders]"),
	one(jobs, "event name with a space", "groundwork:jobs.events[0].name", ev+"name", "Order Placed"),
	one(jobs, "jobs as a string", "groundwork:jobs", "groundwork:jobs", "everything"),

	// groundwork:api
	// With imageManagedBy external an absent image is the placeholder's
	// (a first deploy before CI pushes one); managed by Pulumi it is refused.
	{stack: api, name: "no image", key: "groundwork:api.image", edits: []change{{ap + "image", del}, {ap + "imageManagedBy", "pulumi"}}},
	one(api, "a repository id with capitals", "groundwork:api.repository.id", ap+"repository/id", "Apps"),
	one(api, "a repository deleting after an hour", "groundwork:api.repository.deleteAfter", ap+"repository/deleteAfter", "1h"),
	one(api, "image with a scheme", "groundwork:api.image", ap+"image", "https://europe-west1-docker.pkg.dev/acme-notes-dev/apps/api:v1"),
	one(api, "image without a tag", "groundwork:api.image", ap+"image", "europe-west1-docker.pkg.dev/acme-notes-dev/apps/api"),
	one(api, "image with capitals", "groundwork:api.image", ap+"image", "europe-west1-docker.pkg.dev/acme-notes-dev/apps/API:v1"),
	one(api, "image with a short digest", "groundwork:api.image", ap+"image", badDigest),
	one(api, "image with a space", "groundwork:api.image", ap+"image", "europe-west1-docker.pkg.dev/acme-notes-dev/apps/api:v1 --privileged"),
	one(api, "a 3000-character image", "groundwork:api.image", ap+"image", "r/"+long+":v1"),
	one(api, "port over 65535", "groundwork:api.port", ap+"port", "yaml:70000"),
	one(api, "negative port", "groundwork:api.port", ap+"port", "yaml:-1"),
	one(api, "port as a word", "groundwork:api.port", ap+"port", "http"),
	one(api, "half a CPU", "groundwork:api.cpu", ap+"cpu", "0.5"),
	one(api, "three CPUs", "groundwork:api.cpu", ap+"cpu", "3"),
	one(api, "cpu as a number", "groundwork:api.cpu", ap+"cpu", "yaml:2"),
	one(api, "64Gi of memory", "groundwork:api.memory", ap+"memory", "64Gi"),
	one(api, "memory in GB", "groundwork:api.memory", ap+"memory", "1GB"),
	one(api, "8Gi with one CPU", "groundwork:api.memory", ap+"memory", "8Gi"),
	one(api, "256Mi of memory", "groundwork:api.memory", ap+"memory", "256Mi"),
	{stack: api, name: "six CPUs with 2Gi", key: "groundwork:api.memory", edits: []change{{ap + "cpu", "6"}, {ap + "memory", "2Gi"}}},
	one(api, "negative min instances", "groundwork:api.minInstances", ap+"minInstances", "yaml:-1"),
	{stack: api, name: "always-warm with zero instances", key: "groundwork:api.minInstances", edits: []change{{"groundwork:mode", "always-warm"}, {ap + "minInstances", "yaml:0"}}},
	{stack: api, name: "instances over the pooler", key: "api.maxInstances", edits: []change{{ap + "maxInstances", "yaml:1000"}, {ap + "dbPoolSize", "yaml:20"}}},
	{stack: api, name: "min over max", key: "groundwork:api.minInstances", edits: []change{{ap + "maxInstances", "yaml:2"}, {ap + "minInstances", "yaml:3"}}},
	one(api, "concurrency over Cloud Run's", "groundwork:api.concurrency", ap+"concurrency", "yaml:5000"),
	one(api, "request timeout over an hour", "groundwork:api.requestTimeout", ap+"requestTimeout", "2h"),
	one(api, "fractional request timeout", "groundwork:api.requestTimeout", ap+"requestTimeout", "1500ms"),
	one(api, "request timeout inside the margin", "groundwork:api.requestTimeout", ap+"requestTimeout", "1s"),
	one(api, "statement outlives the handler", "api.statementTimeout", ap+"statementTimeout", "25s"),
	one(api, "negative pool", "groundwork:api.dbPoolSize", ap+"dbPoolSize", "yaml:-5"),
	one(api, "pool of 500", "groundwork:api.dbPoolSize", ap+"dbPoolSize", "yaml:500"),
	one(api, "public yes", "groundwork:api.public", ap+"public", "yes"),
	one(api, "public on", "groundwork:api.public", ap+"public", "on"),
	one(api, "allUsers as an invoker", "groundwork:api.invokers", ap+"invokers", []any{"allUsers"}),
	one(api, "an email as an invoker", "groundwork:api.invokers", ap+"invokers", []any{"alice@example.com"}),
	one(api, "a prefix alone as an invoker", "groundwork:api.invokers", ap+"invokers", []any{"user:"}),
	one(api, "invokers as a string", "groundwork:api.invokers", ap+"invokers", "user:alice@example.com"),
	one(api, "image managed by ci", "groundwork:api.imageManagedBy", ap+"imageManagedBy", "ci"),
	one(api, "project number", "gcp:project", "gcp:project", "yaml:123456789012"),
	one(api, "project with capitals", "gcp:project", "gcp:project", "Acme-Notes-Dev"),
	one(api, "no project", "gcp:project", "gcp:project", del),
	one(api, "a zone for the region", "gcp:region", "gcp:region", "europe-west1-b"),
	one(api, "no region", "gcp:region", "gcp:region", del),
	one(api, "misspelled api field", "groundwork:api.imge", ap+"imge", "x"),
	one(api, "api as a list", "groundwork:api", "groundwork:api", "yaml:[x]"),

	// groundwork:edge
	one(edge, "no account", "groundwork:edge.accountId", ed+"accountId", del),
	one(edge, "account by name", "groundwork:edge.accountId", ed+"accountId", "acme"),
	one(edge, "zone id in capitals", "groundwork:edge.zoneId", ed+"zoneId", "FEDCBA9876543210FEDCBA9876543210"),
	one(edge, "no zone", "groundwork:edge", ed+"zoneId", del),
	one(edge, "route with a scheme", "groundwork:edge.route", ed+"route", "https://items.example.com/*"),
	one(edge, "route with a space", "groundwork:edge.route", ed+"route", "items.example.com/ *"),
	one(edge, "route with a control character", "groundwork:edge.route", ed+"route", "items.example.com/\x01*"),
	one(edge, "route with a port", "groundwork:edge.route", ed+"route", "items.example.com:8443/*"),
	one(edge, "route with an inner wildcard", "groundwork:edge.route", ed+"route", "items.example.com/*/x"),
	one(edge, "a 3000-character route", "groundwork:edge.route", ed+"route", "items.example.com/"+long),
	one(edge, "route and domain", "groundwork:edge", ed+"domain", "items.example.com"),
	{stack: edge, name: "wildcard domain", key: "groundwork:edge.domain", edits: []change{{ed + "route", del}, {ed + "domain", "*.example.com"}}},
	one(edge, "entry out of the project", "groundwork:edge.entry", ed+"entry", "../../../../etc/hostname"),
	one(edge, "absolute entry", "groundwork:edge.entry", ed+"entry", "/etc/hostname"),
	one(edge, "missing entry file", "groundwork:edge", ed+"entry", "workloads/edge/src/missing.ts"),
	one(edge, "plan pro", "groundwork:edge.plan", ed+"plan", "pro"),
	one(edge, "compatibility date in words", "groundwork:edge.compatibilityDate", ed+"compatibilityDate", "April"),
	one(edge, "cache for two hours", "groundwork:edge.cache.maxAge", ed+"cache/maxAge", "2h"),
	one(edge, "fractional cache age", "groundwork:edge.cache.maxAge", ed+"cache/maxAge", "1500ms"),
	one(edge, "cache disabled on", "groundwork:edge.cache.disabled", ed+"cache/disabled", "on"),
	one(edge, "cron in words", "groundwork:edge.crons[0]", ed+"crons", []any{"hourly"}),
	one(edge, "cron minute 99", "groundwork:edge.crons[0]", ed+"crons", []any{"99 * * * *"}),
	one(edge, "cron weekday 0", "groundwork:edge.crons[0]", ed+"crons", []any{"0 0 * * 0"}),
	{stack: edge, name: "six crons on the free plan", key: "groundwork:edge.crons", edits: []change{{ed + "crons", sixCrons}, {ed + "plan", "free"}}},
	one(edge, "crons take the log cleanup's schedule", "groundwork:edge.crons[0]", ed+"crons", []any{"17 4 * * *"}),
	one(edge, "negative log retention", "groundwork:edge.logs.retentionDays", ed+"logs/retentionDays", "yaml:-1"),
	one(edge, "log retention past ten years", "groundwork:edge.logs.retentionDays", ed+"logs/retentionDays", "yaml:4000"),
	one(edge, "log destination without a scheme", "groundwork:edge.logs.destination", ed+"logs/destination", "logs.example.com/edge"),
	one(edge, "S3 log destination without its ownership challenge", "groundwork:edge.logs.ownershipChallenge", ed+"logs/destination", "s3://acme-logs/edge?region=eu-west-1"),
	one(edge, "ownership challenge for the kit's bucket", "groundwork:edge.logs.ownershipChallenge", ed+"logs/ownershipChallenge", "jwt"),
	{stack: edge, name: "log destination on the free plan", key: "groundwork:edge.logs.destination", edits: []change{{ed + "logs/destination", "https://logs.example.com/edge"}, {ed + "plan", "free"}}},
	one(edge, "unknown logs field", "groundwork:edge.logs.retention", ed+"logs/retention", "30d"),
	one(edge, "crons as a string", "groundwork:edge.crons", ed+"crons", "*/30 * * * *"),
	one(edge, "negative bundle budget", "groundwork:edge.maxBundleKB", ed+"maxBundleKB", "yaml:-1"),
	one(edge, "connect past Hyperdrive's", "edge.connectTimeout", ed+"connectTimeout", "20s"),
	one(edge, "fractional connect timeout", "groundwork:edge.connectTimeout", ed+"connectTimeout", "1500ms"),
	one(edge, "statement at Hyperdrive's cap", "edge.statementTimeout", ed+"statementTimeout", "60s"),
	one(edge, "Supabase's pooler as the origin", "groundwork:database.directUrl", db+"directUrl", "postgresql://postgres.ref:{secret}@aws-0-us-east-1.pooler.supabase.com:6543/postgres"),
	one(edge, "origin without a password", "groundwork:database.directUrl", db+"directUrl", "postgresql://postgres@db.abcdefghijklmnop.supabase.co:5432/postgres"),
	{stack: edge, name: "Neon's pooler as the origin", key: "groundwork:database.directUrl", edits: []change{{db + "provider", "neon"},
		{db + "directUrl", "postgres://app:{secret}@ep-a-1-pooler.us-east-2.aws.neon.tech/app"}}},
	one(edge, "misspelled edge field", "groundwork:edge.rout", ed+"rout", "x.example.com/*"),
	one(edge, "edge as a string", "groundwork:edge", "groundwork:edge", "cloudflare"),
}

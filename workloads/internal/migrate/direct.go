package migrate

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/groundwork-iac/groundwork/components/workloadenv"
)

// ErrBadURL replaces pgx's parse error, which quotes the URL.
var ErrBadURL = errors.New("migrate: database URL is not a valid PostgreSQL connection string")

// The pooled endpoints the kit knows, as components/database recognises
// them (a test ties the two together; the workloads do not import the
// Pulumi SDK that package pulls in).
const (
	// neonPoolerLabel marks Neon's pooled hostnames (ep-name-123-pooler.region...).
	// https://neon.com/docs/connect/connection-pooling
	neonPoolerLabel = "-pooler"
	// supabasePoolerPort is Supavisor's transaction mode.
	// https://supabase.com/docs/guides/database/connecting-to-postgres
	supabasePoolerPort = 6543
	// rdsProxyHostPart marks RDS Proxy endpoints (NAME.proxy-ID.REGION.rds.amazonaws.com).
	// https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-proxy-connections.html
	rdsProxyHostPart = ".proxy-"
)

// CheckDirect rejects a URL that is unparsable or names a transaction
// pooler (Neon's -pooler host, Supabase's port 6543, RDS Proxy): behind a
// transaction pooler the session advisory lock guards nothing, DDL may be
// split across server connections, and Hyperdrive in particular does not
// support advisory locks at all
// (https://developers.cloudflare.com/hyperdrive/reference/supported-databases-and-features/).
// Errors never quote the URL; they name the host only.
func CheckDirect(url string) error {
	cfg, err := pgconn.ParseConfig(url)
	if err != nil {
		return ErrBadURL
	}
	var why string
	switch {
	case strings.Contains(strings.SplitN(cfg.Host, ".", 2)[0], neonPoolerLabel):
		why = "Neon's pooled endpoint; use the host without -pooler"
	case cfg.Port == supabasePoolerPort:
		why = "port " + strconv.Itoa(supabasePoolerPort) + ", Supabase's transaction pooler; use the direct connection on port 5432"
	case strings.Contains(cfg.Host, rdsProxyHostPart):
		why = "an RDS Proxy endpoint; use the database instance's own endpoint"
	default:
		return nil
	}
	return fmt.Errorf("migrate: %s names a pooled endpoint (host %s, %s): migrations need the server itself, "+
		"for their session advisory lock and their DDL", workloadenv.DatabaseDirectURL, cfg.Host, why)
}

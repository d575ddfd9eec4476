// Package hyperdrive creates a Cloudflare Hyperdrive configuration: the
// managed connection pooler (and query cache) between Workers and Postgres.
//
// Hyperdrive is itself the pooler, so its origin is the database's direct
// endpoint: [OriginFromURL] rejects a pooled origin (a Neon -pooler host,
// Supabase's transaction pooler on port 6543), where a second pooler would
// only add a hop and, in transaction mode, break what Hyperdrive's own pool
// relies on. The origin password is a Pulumi secret. Caching is explicit.
package hyperdrive

import (
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/pulumi/pulumi-cloudflare/sdk/v5/go/cloudflare"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/groundwork-iac/groundwork/components/budgets"
	"github.com/groundwork-iac/groundwork/components/cloudflare/cfnames"
	"github.com/groundwork-iac/groundwork/components/database"
	"github.com/groundwork-iac/groundwork/components/problem"
	"github.com/groundwork-iac/groundwork/components/secret"
)

// TypeToken is this component's Pulumi type. Changing it replaces every instance.
const TypeToken = "groundwork:cloudflare:Hyperdrive"

// Defaults and Hyperdrive's own limits (developers.cloudflare.com/hyperdrive/platform/limits,
// checked 2026-11-26).
const (
	// DefaultMaxAge: cached reads live 60 s, Hyperdrive's default, explicit.
	DefaultMaxAge = 60 * time.Second
	// DefaultStaleWhileRevalidate: serve a stale read for 15 s while it refreshes.
	DefaultStaleWhileRevalidate = 15 * time.Second
	// MaxMaxAge is the longest cache lifetime Hyperdrive accepts.
	MaxMaxAge = time.Hour
	// ConnectTimeout is Hyperdrive's initial connection timeout.
	ConnectTimeout = 15 * time.Second
	// MaxQueryDuration is Hyperdrive's longest statement.
	MaxQueryDuration = 60 * time.Second
	// OriginConnectionsFree and OriginConnectionsPaid are the most origin
	// connections one configuration may open on each Workers plan (soft
	// limits; the v5 provider cannot lower them: use
	// `wrangler hyperdrive update ID --origin-connection-limit=N`).
	OriginConnectionsFree = 20
	OriginConnectionsPaid = 100

	suffixConfig = "-config"
)

// Origin is where Hyperdrive connects.
type Origin struct {
	Scheme, Host, Database, User string
	Port                         int
	// Password is always passed on as a secret.
	Password pulumi.StringInput
}

// Caching of read queries. The zero value means the defaults above.
type Caching struct {
	Disabled             bool
	MaxAge               time.Duration
	StaleWhileRevalidate time.Duration
}

// Args configure the Hyperdrive config.
type Args struct {
	AccountID string
	Origin    Origin
	Caching   Caching
}

// Hyperdrive is the component.
type Hyperdrive struct {
	pulumi.ResourceState

	Config *cloudflare.HyperdriveConfig
	// ID is what a Worker's Hyperdrive binding refers to.
	ID pulumi.StringOutput `pulumi:"id"`
}

// OriginFromURL parses the database's direct URL into an origin, refusing a
// pooled endpoint and weak TLS for managed providers.
func OriginFromURL(provider database.Provider, url secret.Value) (Origin, error) {
	if !url.IsSet() {
		return Origin{}, errors.New("the direct URL is required: Hyperdrive connects to the database itself")
	}
	if url.Opaque() {
		// An encrypted value cannot be read offline; the plan shows placeholders.
		return Origin{Scheme: "postgres", Host: "[secret]", Database: "[secret]", User: "[secret]", Port: 5432, Password: url.Output()}, nil
	}
	u, err := database.ParseURL(url.Reveal())
	if err != nil {
		return Origin{}, fmt.Errorf("not a valid Postgres URL: %v", err)
	}
	if database.IsPooled(provider, u) {
		return Origin{}, fmt.Errorf("it is a pooled endpoint (%s); Hyperdrive is itself the connection pooler, and a second pooler behind it only adds a hop and breaks its connection reuse: use the direct endpoint",
			database.PoolerHint(provider))
	}
	if u.Password == "" {
		return Origin{}, errors.New("it names no password: Hyperdrive signs in to the origin with the URL's user and password (postgres://USER:PASSWORD@HOST/DB)")
	}
	port := 5432
	if u.Port != "" {
		port, _ = strconv.Atoi(u.Port)
	}
	return Origin{Scheme: "postgres", Host: u.Host, Port: port, Database: u.Database, User: u.User,
		Password: secret.New(u.Password).Output()}, nil
}

// Check is pure and returns every problem at once.
func (a Args) Check() problem.List {
	var out problem.List
	if a.AccountID == "" {
		out.Add("accountId", "%s", cfnames.AccountIDRequired)
	}
	cfnames.CheckID("accountId", a.AccountID, &out)
	if a.Origin.Host == "" || a.Origin.Database == "" || a.Origin.User == "" || a.Origin.Password == nil {
		out.Add("origin", "needs Host, Database, User and Password; build it with OriginFromURL")
	}
	c := a.Caching
	if c.MaxAge < 0 || c.MaxAge > MaxMaxAge || c.MaxAge%time.Second != 0 {
		out.Add("caching.maxAge", "must be whole seconds up to %s, got %s", MaxMaxAge, c.MaxAge)
	}
	if c.StaleWhileRevalidate < 0 || c.StaleWhileRevalidate%time.Second != 0 {
		out.Add("caching.staleWhileRevalidate", "must be whole seconds, got %s", c.StaleWhileRevalidate)
	}
	return out
}

// ConnectRung is Hyperdrive's initial connection timeout: a driver's
// connect timeout must be shorter.
func ConnectRung() budgets.Rung {
	return budgets.Rung{Name: "Hyperdrive initial connection timeout", Knob: budgets.PlatformLimit, Value: ConnectTimeout}
}

// QueryRung is Hyperdrive's longest statement: a statement timeout must be
// shorter.
func QueryRung() budgets.Rung {
	return budgets.Rung{Name: "Hyperdrive query limit", Knob: budgets.PlatformLimit, Value: MaxQueryDuration}
}

// OriginConnections is the most connections one configuration may open to
// the origin on a Workers plan.
func OriginConnections(paidPlan bool) int {
	if paidPlan {
		return OriginConnectionsPaid
	}
	return OriginConnectionsFree
}

// New creates the configuration.
func New(ctx *pulumi.Context, name string, args Args, opts ...pulumi.ResourceOption) (*Hyperdrive, error) {
	if err := args.Check().ErrIn(fmt.Sprintf("hyperdrive %q", name)); err != nil {
		return nil, err
	}
	c := args.Caching
	if c.MaxAge == 0 {
		c.MaxAge = DefaultMaxAge
	}
	if c.StaleWhileRevalidate == 0 {
		c.StaleWhileRevalidate = DefaultStaleWhileRevalidate
	}
	h := &Hyperdrive{}
	if err := ctx.RegisterComponentResource(TypeToken, name, h, opts...); err != nil {
		return nil, err
	}
	o := args.Origin
	caching := &cloudflare.HyperdriveConfigCachingArgs{Disabled: pulumi.Bool(c.Disabled)}
	if !c.Disabled {
		caching.MaxAge = pulumi.Int(int(c.MaxAge / time.Second))
		caching.StaleWhileRevalidate = pulumi.Int(int(c.StaleWhileRevalidate / time.Second))
	}
	var err error
	if h.Config, err = cloudflare.NewHyperdriveConfig(ctx, name+suffixConfig, &cloudflare.HyperdriveConfigArgs{
		AccountId: pulumi.String(args.AccountID),
		Name:      pulumi.String(cfnames.Name(ctx, name)),
		Origin: cloudflare.HyperdriveConfigOriginArgs{
			Scheme:   pulumi.String(o.Scheme),
			Host:     pulumi.String(o.Host),
			Port:     pulumi.Int(o.Port),
			Database: pulumi.String(o.Database),
			User:     pulumi.String(o.User),
			Password: pulumi.ToSecret(o.Password).(pulumi.StringOutput),
		},
		Caching: caching,
	}, pulumi.Parent(h)); err != nil {
		return nil, err
	}
	h.ID = h.Config.ID().ToStringOutput()
	return h, ctx.RegisterResourceOutputs(h, pulumi.Map{"id": h.ID})
}

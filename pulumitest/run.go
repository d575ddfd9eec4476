package pulumitest

import (
	"fmt"
	"sort"
	"sync"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Fixed identity of the mocked cloud account.
const (
	Account = "123456789012"
	Region  = "us-east-1"
	Project = "groundwork"
	Stack   = "test"
)

// OutputFunc computes the outputs a provider would return for a resource, on
// top of its inputs. physical is the resource's physical name.
type OutputFunc func(physical string, inputs resource.PropertyMap) resource.PropertyMap

// CallFunc answers a provider function call (invoke).
type CallFunc func(args resource.PropertyMap) (resource.PropertyMap, error)

type options struct {
	project, stack string
	config         map[string]string
	secretKeys     []string
	rootDir        string
	outputs        map[string]OutputFunc
	calls          map[string]CallFunc
	dryRun         bool
}

// Option configures Run.
type Option func(*options)

// WithConfig sets stack config; keys are namespaced ("groundwork:mode").
func WithConfig(cfg map[string]string) Option {
	return func(o *options) {
		for k, v := range cfg {
			o.config[k] = v
		}
	}
}

// WithSecretKeys marks config keys as secret, as `pulumi config set --secret` does.
func WithSecretKeys(keys ...string) Option {
	return func(o *options) { o.secretKeys = append(o.secretKeys, keys...) }
}

// WithStack sets the project and stack names.
func WithStack(project, stack string) Option {
	return func(o *options) { o.project, o.stack = project, stack }
}

// WithOutputs adds or replaces the output model of a resource type.
func WithOutputs(typeToken string, f OutputFunc) Option {
	return func(o *options) { o.outputs[typeToken] = f }
}

// WithCall adds or replaces the mock of a provider function.
func WithCall(token string, f CallFunc) Option {
	return func(o *options) { o.calls[token] = f }
}

// WithRootDirectory sets the project root the program sees
// (ctx.RootDirectory), as the engine does with the Pulumi.yaml's directory.
func WithRootDirectory(dir string) Option { return func(o *options) { o.rootDir = dir } }

// WithDryRun runs as a preview: outputs the mocks do not compute stay unknown.
func WithDryRun() Option { return func(o *options) { o.dryRun = true } }

// Run executes program under mocks and returns the graph it registered. The
// error is the program's error or the first mock failure; the graph holds
// whatever was registered before it.
func Run(program pulumi.RunFunc, opts ...Option) (*Graph, error) {
	o := &options{project: Project, stack: Stack, config: map[string]string{},
		outputs: map[string]OutputFunc{}, calls: map[string]CallFunc{}}
	for k, v := range builtinOutputs {
		o.outputs[k] = v
	}
	for k, v := range builtinCalls {
		o.calls[k] = v
	}
	for _, opt := range opts {
		opt(o)
	}
	m := &mocks{opts: o, graph: &Graph{Project: o.project, Stack: o.stack}}
	err := pulumi.RunErr(program,
		pulumi.WithMocks(o.project, o.stack, m),
		func(info *pulumi.RunInfo) {
			info.Config = o.config
			info.ConfigSecretKeys = o.secretKeys
			info.DryRun = o.dryRun
			info.RootDirectory = o.rootDir
		})
	m.graph.finish()
	if err == nil {
		err = m.failure()
	}
	return m.graph, err
}

type mocks struct {
	opts  *options
	graph *Graph
	mu    sync.Mutex
	errs  []error
}

func (m *mocks) fail(err error) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.errs = append(m.errs, err)
	return err
}

func (m *mocks) failure() error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if len(m.errs) == 0 {
		return nil
	}
	return m.errs[0]
}

func (m *mocks) NewResource(args pulumi.MockResourceArgs) (string, resource.PropertyMap, error) {
	physical := args.Name
	if n, ok := args.Inputs["name"]; ok && n.IsString() && n.StringValue() != "" {
		physical = n.StringValue()
	}
	state := args.Inputs.Copy()
	if args.Custom {
		model, ok := m.opts.outputs[args.TypeToken]
		if !ok {
			return "", nil, m.fail(fmt.Errorf("pulumitest: no output model for resource type %s (%s); add one with pulumitest.WithOutputs", args.TypeToken, args.Name))
		}
		for k, v := range model(physical, args.Inputs) {
			state[k] = v
		}
	}
	id := physical
	if v, ok := state["id"]; ok && v.IsString() {
		id = v.StringValue()
		delete(state, "id")
	}
	m.graph.record(args, id)
	return id, state, nil
}

func (m *mocks) Call(args pulumi.MockCallArgs) (resource.PropertyMap, error) {
	f, ok := m.opts.calls[args.Token]
	if !ok {
		known := make([]string, 0, len(m.opts.calls))
		for k := range m.opts.calls {
			known = append(known, k)
		}
		sort.Strings(known)
		return nil, m.fail(fmt.Errorf("pulumitest: unmocked call %s; mocked calls: %v; add one with pulumitest.WithCall", args.Token, known))
	}
	return f(args.Args)
}

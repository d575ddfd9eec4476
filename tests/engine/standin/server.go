package standin

import (
	"context"
	"sort"
	"sync"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/emptypb"
	"google.golang.org/protobuf/types/known/structpb"

	"github.com/groundwork-iac/groundwork/tests/engine/schema"
)

// Provider answers the engine for one package.
type Provider struct {
	pulumirpc.UnimplementedResourceProviderServer

	Schema *schema.Package
	Rec    *Recorder
	// Work is how long a create, update or delete takes, so that
	// operations the engine does not order overlap in time and an order
	// seen in the records is one the engine enforced.
	Work time.Duration

	mu     sync.Mutex
	config resource.PropertyMap
}

// marshalling keeps unknowns (previews), secrets, resource references and
// output values exactly as the engine sent them.
var marshalling = plugin.MarshalOptions{KeepUnknowns: true, KeepSecrets: true, KeepResources: true, KeepOutputValues: true}

func unmarshal(s *structpb.Struct) (resource.PropertyMap, error) {
	m, err := plugin.UnmarshalProperties(s, marshalling)
	if err != nil {
		return nil, status.Errorf(codes.InvalidArgument, "unmarshal: %v", err)
	}
	return m, nil
}

func marshal(m resource.PropertyMap) (*structpb.Struct, error) {
	return plugin.MarshalProperties(m, marshalling)
}

func urnType(urn string) string {
	u, err := resource.ParseURN(urn)
	if err != nil {
		return ""
	}
	return string(u.Type())
}

func urnName(urn string) string {
	u, err := resource.ParseURN(urn)
	if err != nil {
		return urn
	}
	return u.Name()
}

// Handshake accepts secrets, resource references and output values.
func (p *Provider) Handshake(context.Context, *pulumirpc.ProviderHandshakeRequest) (*pulumirpc.ProviderHandshakeResponse, error) {
	return &pulumirpc.ProviderHandshakeResponse{AcceptSecrets: true, AcceptResources: true, AcceptOutputs: true}, nil
}

// GetPluginInfo reports the provider version the kit pins.
func (p *Provider) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: p.Schema.Version}, nil
}

// Attach is how the engine connects to a provider it did not start.
func (p *Provider) Attach(context.Context, *pulumirpc.PluginAttach) (*emptypb.Empty, error) {
	return &emptypb.Empty{}, nil
}

// Cancel has nothing to stop.
func (p *Provider) Cancel(context.Context, *emptypb.Empty) (*emptypb.Empty, error) {
	return &emptypb.Empty{}, nil
}

// CheckConfig checks the provider's configuration (aws:region, ...).
func (p *Provider) CheckConfig(_ context.Context, req *pulumirpc.CheckRequest) (*pulumirpc.CheckResponse, error) {
	start := time.Now().UnixNano()
	news, err := unmarshal(req.GetNews())
	if err != nil {
		return nil, err
	}
	// The engine adds the plugin version to every provider's inputs.
	delete(news, "version")
	var findings []schema.Finding
	if p.Schema.Provider != nil {
		findings = p.Schema.CheckObject("pulumi:providers:"+p.Schema.Name, p.Schema.Provider.InputProperties, p.Schema.Provider.RequiredInputs, news)
	} else {
		findings = p.Schema.CheckObject("pulumi:providers:"+p.Schema.Name, p.Schema.Config.Variables, nil, news)
	}
	p.Rec.Add(Record{Op: OpCheckConfig, URN: req.GetUrn(), Type: urnType(req.GetUrn()), Start: start, Findings: findings})
	return &pulumirpc.CheckResponse{Inputs: req.GetNews()}, nil
}

// DiffConfig compares the provider's old and new configuration.
func (p *Provider) DiffConfig(_ context.Context, req *pulumirpc.DiffRequest) (*pulumirpc.DiffResponse, error) {
	return p.diff(req, false)
}

// Configure keeps the provider's configuration for the outputs it makes up.
func (p *Provider) Configure(_ context.Context, req *pulumirpc.ConfigureRequest) (*pulumirpc.ConfigureResponse, error) {
	args, err := unmarshal(req.GetArgs())
	if err != nil {
		return nil, err
	}
	p.mu.Lock()
	p.config = args
	p.mu.Unlock()
	return &pulumirpc.ConfigureResponse{AcceptSecrets: true, SupportsPreview: true, AcceptResources: true}, nil
}

// Check checks a resource's inputs against the schema and records every
// problem. It names unnamed resources the way the bridged providers do,
// keeping the name an earlier check gave.
func (p *Provider) Check(_ context.Context, req *pulumirpc.CheckRequest) (*pulumirpc.CheckResponse, error) {
	start := time.Now().UnixNano()
	tok := req.GetType()
	if tok == "" {
		tok = urnType(req.GetUrn())
	}
	news, err := unmarshal(req.GetNews())
	if err != nil {
		return nil, err
	}
	olds, err := unmarshal(req.GetOlds())
	if err != nil {
		return nil, err
	}
	findings := p.Schema.CheckResource(tok, news)
	p.autoname(tok, req.GetUrn(), olds, news)
	p.Rec.Add(Record{Op: OpCheck, URN: req.GetUrn(), Type: tok, Start: start, Findings: findings})
	inputs, err := marshal(news)
	if err != nil {
		return nil, err
	}
	return &pulumirpc.CheckResponse{Inputs: inputs}, nil
}

// Diff compares the old inputs with the new ones. The old outputs also
// hold the computed values this provider made up, which no program sets,
// so comparing against them would always find a change.
func (p *Provider) Diff(_ context.Context, req *pulumirpc.DiffRequest) (*pulumirpc.DiffResponse, error) {
	return p.diff(req, true)
}

func (p *Provider) diff(req *pulumirpc.DiffRequest, record bool) (*pulumirpc.DiffResponse, error) {
	start := time.Now().UnixNano()
	olds, err := unmarshal(req.GetOldInputs())
	if err != nil {
		return nil, err
	}
	news, err := unmarshal(req.GetNews())
	if err != nil {
		return nil, err
	}
	var changed []string
	if d := olds.Diff(news); d != nil {
		for _, k := range d.ChangedKeys() {
			changed = append(changed, string(k))
		}
	}
	sort.Strings(changed)
	if record {
		p.Rec.Add(Record{Op: OpDiff, URN: req.GetUrn(), Type: urnType(req.GetUrn()), ID: req.GetId(), Start: start, Changes: changed})
	}
	if len(changed) == 0 {
		return &pulumirpc.DiffResponse{Changes: pulumirpc.DiffResponse_DIFF_NONE, HasDetailedDiff: true}, nil
	}
	detailed := map[string]*pulumirpc.PropertyDiff{}
	for _, k := range changed {
		detailed[k] = &pulumirpc.PropertyDiff{Kind: pulumirpc.PropertyDiff_UPDATE, InputDiff: true}
	}
	return &pulumirpc.DiffResponse{Changes: pulumirpc.DiffResponse_DIFF_SOME, Diffs: changed,
		DetailedDiff: detailed, HasDetailedDiff: true}, nil
}

// Create answers with the inputs plus made-up computed outputs; in a
// preview the computed outputs are unknown, as a real provider's are.
func (p *Provider) Create(_ context.Context, req *pulumirpc.CreateRequest) (*pulumirpc.CreateResponse, error) {
	start := time.Now().UnixNano()
	tok := urnType(req.GetUrn())
	inputs, err := unmarshal(req.GetProperties())
	if err != nil {
		return nil, err
	}
	if !req.GetPreview() {
		time.Sleep(p.Work)
	}
	id, outs := p.outputs(tok, req.GetUrn(), inputs, req.GetPreview())
	p.Rec.Add(Record{Op: OpCreate, URN: req.GetUrn(), Type: tok, ID: id, Preview: req.GetPreview(), Start: start})
	props, err := marshal(outs)
	if err != nil {
		return nil, err
	}
	return &pulumirpc.CreateResponse{Id: id, Properties: props}, nil
}

// Update answers with the new inputs over the old computed outputs.
func (p *Provider) Update(_ context.Context, req *pulumirpc.UpdateRequest) (*pulumirpc.UpdateResponse, error) {
	start := time.Now().UnixNano()
	tok := urnType(req.GetUrn())
	olds, err := unmarshal(req.GetOlds())
	if err != nil {
		return nil, err
	}
	news, err := unmarshal(req.GetNews())
	if err != nil {
		return nil, err
	}
	if !req.GetPreview() {
		time.Sleep(p.Work)
	}
	outs := olds.Copy()
	for k, v := range news {
		outs[k] = v
	}
	p.Rec.Add(Record{Op: OpUpdate, URN: req.GetUrn(), Type: tok, ID: req.GetId(), Preview: req.GetPreview(), Start: start})
	props, err := marshal(outs)
	if err != nil {
		return nil, err
	}
	return &pulumirpc.UpdateResponse{Properties: props}, nil
}

// Delete records the deletion.
func (p *Provider) Delete(_ context.Context, req *pulumirpc.DeleteRequest) (*emptypb.Empty, error) {
	start := time.Now().UnixNano()
	time.Sleep(p.Work)
	p.Rec.Add(Record{Op: OpDelete, URN: req.GetUrn(), Type: urnType(req.GetUrn()), ID: req.GetId(), Start: start})
	return &emptypb.Empty{}, nil
}

// Read returns the state it is given (refresh finds nothing changed).
func (p *Provider) Read(_ context.Context, req *pulumirpc.ReadRequest) (*pulumirpc.ReadResponse, error) {
	p.Rec.Add(Record{Op: OpRead, URN: req.GetUrn(), Type: urnType(req.GetUrn()), ID: req.GetId(), Start: time.Now().UnixNano()})
	return &pulumirpc.ReadResponse{Id: req.GetId(), Properties: req.GetProperties(), Inputs: req.GetInputs()}, nil
}

// Invoke checks the arguments against the function's schema and answers
// the functions the kit calls; any other is an error, so a new invoke in
// the kit shows up here first.
func (p *Provider) Invoke(_ context.Context, req *pulumirpc.InvokeRequest) (*pulumirpc.InvokeResponse, error) {
	start := time.Now().UnixNano()
	tok := req.GetTok()
	args, err := unmarshal(req.GetArgs())
	if err != nil {
		return nil, err
	}
	var findings []schema.Finding
	fn, ok := p.Schema.Functions[tok]
	switch {
	case !ok:
		findings = []schema.Finding{{Token: tok, Rule: schema.RuleUnknownResource, Detail: "no such function in " + p.Schema.Name + " " + p.Schema.Version}}
	case fn.Inputs != nil:
		findings = p.Schema.CheckObject(tok, fn.Inputs.Properties, fn.Inputs.Required, args)
	}
	ret, answered := p.answer(tok, args)
	rec := Record{Op: OpInvoke, Type: tok, Start: start, Findings: findings}
	if !answered {
		rec.Error = "not answered by the stand-in"
	}
	p.Rec.Add(rec)
	if !answered {
		return nil, status.Errorf(codes.Unimplemented, "stand-in %s provider does not answer %s; add it to standin.answer", p.Schema.Name, tok)
	}
	out, err := marshal(ret)
	if err != nil {
		return nil, err
	}
	return &pulumirpc.InvokeResponse{Return: out}, nil
}

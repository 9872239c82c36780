using System.Globalization;
using System.Text.Json.Nodes;
using KubeWise.Core.Remediation.Catalog;
using KubeWise.Core.Remediation.Policy;
using KubeWise.Core.Remediation.Policy.Guards;
using Microsoft.Extensions.Options;

namespace KubeWise.Core.Analysis;

/// <summary>
/// The production <see cref="IProposalScreen"/>: the remediation catalog parses each proposal into a typed command,
/// then the safety policy judges all of them together against the incident's <see cref="LiveFacts"/>.
/// </summary>
public sealed class CatalogPolicyScreen(
    RemediationCatalog catalog,
    RemediationPolicy policy,
    IOptions<RemediationPolicyOptions> policyOptions,
    TimeProvider timeProvider) : IProposalScreen
{
    private IReadOnlyList<OperationSchema>? _operations;

    public IReadOnlyList<OperationSchema> Operations => _operations ??= [.. catalog.Operations.Select(Describe)];

    public IReadOnlyList<ProposalVerdict> Screen(IReadOnlyList<CommandProposal> proposals, AnalysisRequest incident)
    {
        ArgumentNullException.ThrowIfNull(proposals);
        ArgumentNullException.ThrowIfNull(incident);
        var verdicts = new ProposalVerdict[proposals.Count];
        var parsed = new List<(int Index, RemediationCommand Command)>();
        for (var i = 0; i < proposals.Count; i++)
        {
            var result = Parse(proposals[i]);
            if (result.Succeeded)
            {
                parsed.Add((i, result.Command));
            }
            else
            {
                verdicts[i] = ProposalVerdict.Reject(result.Error.Reason);
            }
        }

        if (parsed.Count > 0 && incident.Live is null)
        {
            foreach (var (index, _) in parsed)
            {
                verdicts[index] = ProposalVerdict.Reject("no live cluster facts were gathered for this incident, so the policy cannot judge the command");
            }
        }
        else if (parsed.Count > 0)
        {
            var judged = policy.EvaluateAll(parsed.Select(p => (p.Command, incident.Live!.For(p.Command.Target))));
            for (var j = 0; j < parsed.Count; j++)
            {
                verdicts[parsed[j].Index] = Translate(judged[j], incident.Live!);
            }
        }

        return verdicts;
    }

    private CommandParseResult Parse(CommandProposal proposal)
    {
        var arguments = new JsonObject();
        foreach (var (name, value) in proposal.Parameters)
        {
            if (arguments.ContainsKey(name))
            {
                return CommandParseResult.Failure(proposal.Describe(), CommandErrorCode.DuplicateParameter, $"parameter '{name}' is given more than once", name);
            }

            arguments[name] = value;
        }

        return catalog.Parse(proposal.Operation, arguments);
    }

    private ProposalVerdict Translate(PolicyVerdict verdict, LiveFacts live)
    {
        var command = verdict.Command;
        switch (verdict.Decision)
        {
            case PolicyDecision.Allowed:
                return ProposalVerdict.Accept(command.ToString(), command.Operation.Name, note: Phases(verdict), targetKind: command.Target.Kind) with { Data = CommandData.Of(command) };
            case PolicyDecision.SuggestionOnly:
                var instead = verdict.Proposal is { } p ? $"; instead: {p}" : string.Empty;
                return ProposalVerdict.Accept(command.ToString(), command.Operation.Name, suggestionOnly: true, note: verdict.Reason + instead, targetKind: command.Target.Kind) with { Data = CommandData.Of(command) };
            default:
                return ProposalVerdict.Reject(WhyRejected(verdict, live));
        }
    }

    // Facts are gathered only for objects in scope, so "not found" usually means "not yours to touch": the
    // policy's own scope guard says that in words a person understands.
    private string WhyRejected(PolicyVerdict verdict, LiveFacts live)
    {
        if (verdict.Findings.All(f => f.Guard == "target") && live.Objects.All(o => !o.Reference.Matches(verdict.Command.Target)))
        {
            var context = new PolicyContext(verdict.Command, live.Incident, policyOptions.Value, timeProvider.GetUtcNow());
            var scope = new ScopeGuard().Check(context).FirstOrDefault();
            if (scope is not null)
            {
                return scope.ToString();
            }
        }

        return verdict.Reason;
    }

    private static string? Phases(PolicyVerdict verdict) =>
        verdict.ScalePlan.Count > 1
            ? "applied in phases: " + string.Join(", ", verdict.ScalePlan.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.From}→{p.To}")))
            : null;

    private static OperationSchema Describe(OperationDescriptor operation) => new(
        operation.Name,
        $"{operation.Summary} Example: {operation.Example}",
        [.. operation.Parameters.Select(p => new OperationParameter(
            p.Name,
            p.Type switch
            {
                ParameterType.Integer => ParameterKind.Integer,
                ParameterType.Boolean => ParameterKind.Boolean,
                _ => ParameterKind.String,
            },
            p.Required,
            p.Description,
            p.Type == ParameterType.Enum ? p.Values : null,
            p.Minimum,
            p.Maximum))]);
}

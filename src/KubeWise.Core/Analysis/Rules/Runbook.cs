using System.Globalization;
using KubeWise.Core.Detection;
using KubeWise.Core.Remediation.Catalog;

namespace KubeWise.Core.Analysis.Rules;

/// <summary>
/// The deterministic runbook: one entry per detector type, and per dominant forest feature when only the forest
/// fired. Proposals are the least disruptive first; they are screened by the catalog and the policy like Gemini's.
/// </summary>
internal static class Runbook
{
    public static AnalysisDraft Draft(AnomalyInput anomaly, EntityFacts facts, RuleAnalysisOptions options) =>
        DetectorIds.Find(anomaly.DetectorType) switch
        {
            DetectorIds.CrashLoopBackOff => CrashLoop(anomaly, facts),
            DetectorIds.OomKilled => Memory(anomaly, facts, options, "The container was killed for exceeding its memory limit (OOMKilled).", Severity.High),
            DetectorIds.MemoryNearLimit => Memory(anomaly, facts, options, "Memory use is close to the container's limit.", Severity.Medium),
            DetectorIds.ReplicasUnavailable => ReplicasUnavailable(anomaly, facts),
            DetectorIds.NodeNotReady => NodeCondition(anomaly, facts, "The node is NotReady: the kubelet stopped reporting.", Severity.Critical),
            DetectorIds.NodeMemoryPressure => NodeCondition(anomaly, facts, "The node reports MemoryPressure: the kubelet will start evicting pods.", Severity.High),
            DetectorIds.NodeDiskPressure => NodeCondition(anomaly, facts, "The node reports DiskPressure: image and log storage is nearly full.", Severity.High),
            DetectorIds.NodePidPressure => NodeCondition(anomaly, facts, "The node reports PIDPressure: it is running out of process ids.", Severity.High),
            DetectorIds.ApiServerLatency => ApiServerLatency(anomaly),
            DetectorIds.RestartBurst => RestartBurst(anomaly, facts),
            _ => ByFeature(anomaly, facts, options),
        };

    private static AnalysisDraft CrashLoop(AnomalyInput anomaly, EntityFacts facts)
    {
        var cause = "The container keeps crashing on start (CrashLoopBackOff).";
        var workload = WorkloadKinds.Of(anomaly, facts);
        List<CommandProposal> proposals = [];
        if (workload is not null)
        {
            proposals.Add(WorkloadKinds.Restart(workload, "A restart clears state left by a transient failure."));
            if (workload.Type.Equals("deployment", StringComparison.OrdinalIgnoreCase))
            {
                proposals.Add(CommandProposal.Of("rollback_deployment", ("name", workload.Name), ("ns", workload.Namespace))
                    with { Rationale = "If the crash started with the latest rollout, the previous revision runs." });
            }
        }
        else if (anomaly.Entity.Type.Equals("pod", StringComparison.OrdinalIgnoreCase))
        {
            proposals.Add(CommandProposal.Of("delete_pod", ("name", anomaly.Entity.Name), ("ns", anomaly.Entity.Namespace))
                with { Rationale = "A fresh pod starts without the crashed container's state." });
        }

        return new(cause, Severity.High,
            $"{Describe(anomaly)} {cause} Restart first; if it still crashes, roll back to the previous revision (the last rollout is the usual cause). Check the container's logs for the exit reason.",
            0.7, proposals);
    }

    private static AnalysisDraft Memory(AnomalyInput anomaly, EntityFacts facts, RuleAnalysisOptions options, string cause, Severity severity)
    {
        var workload = WorkloadKinds.Of(anomaly, facts);
        List<CommandProposal> proposals = [];
        var container = facts.ContainersOrEmpty.FirstOrDefault(c => MemoryBytes(c.MemoryLimit) is not null);
        string plan;
        if (workload is not null && container is not null)
        {
            var current = MemoryBytes(container.MemoryLimit)!.Value;
            var raised = Mebibytes(current * (100 + options.MemoryLimitIncreasePercent) / 100);
            var kind = workload.Type.ToLowerInvariant();
            var raise = kind == "deployment"
                ? CommandProposal.Of("set_resources", ("name", workload.Name), ("ns", workload.Namespace), ("container", container.Name), ("memory_limit", raised))
                : CommandProposal.Of("set_resources", ("name", workload.Name), ("ns", workload.Namespace), ("container", container.Name), ("kind", kind), ("memory_limit", raised));
            proposals.Add(raise with { Rationale = $"Raise the memory limit of {container.Name} from {container.MemoryLimit} to {raised} (+{options.MemoryLimitIncreasePercent} %)." });
            proposals.Add(WorkloadKinds.Restart(workload, "Restarting frees memory held by a leak until it is fixed."));
            plan = $"Raise the memory limit of container {container.Name} by {options.MemoryLimitIncreasePercent} % ({container.MemoryLimit} → {raised}); otherwise restart to free leaked memory.";
        }
        else if (workload is not null)
        {
            proposals.Add(WorkloadKinds.Restart(workload, "Restarting frees memory held by a leak until it is fixed."));
            plan = "The memory limit is unknown, so only a restart is proposed.";
        }
        else
        {
            plan = "No owning workload is known, so no command is proposed.";
        }

        return new(cause, severity, $"{Describe(anomaly)} {cause} {plan} If usage keeps growing, look for a leak.", 0.65, proposals);
    }

    private static AnalysisDraft ReplicasUnavailable(AnomalyInput anomaly, EntityFacts facts)
    {
        var cause = "Replicas of the workload are unavailable.";
        var workload = WorkloadKinds.Of(anomaly, facts);
        List<CommandProposal> proposals = [];
        if (workload is not null)
        {
            proposals.Add(WorkloadKinds.Restart(workload, "Replace pods stuck in a bad state."));
            if (WorkloadKinds.IsScalable(workload.Type) && facts.DesiredReplicas is { } desired)
            {
                proposals.Add(WorkloadKinds.Scale(workload, desired + 1, "One more replica restores capacity while the unavailable ones recover."));
            }
        }

        var severity = facts.AvailableReplicas == 0 ? Severity.Critical : Severity.High;
        var counts = facts.DesiredReplicas is { } d ? string.Create(CultureInfo.InvariantCulture, $" {facts.AvailableReplicas ?? 0} of {d} available.") : string.Empty;
        return new(cause, severity, $"{Describe(anomaly)} {cause}{counts} Restart the workload; if capacity is short, add one replica. Check events for scheduling or image-pull errors.", 0.6, proposals);
    }

    private static AnalysisDraft NodeCondition(AnomalyInput anomaly, EntityFacts facts, string cause, Severity severity)
    {
        var node = WorkloadKinds.Node(anomaly, facts);
        List<CommandProposal> proposals = [];
        List<string> suggestions = [];
        if (node is not null)
        {
            proposals.Add(CommandProposal.Of("cordon_node", ("name", node)) with { Rationale = "Stop new pods from landing on the node while it is unhealthy." });
            suggestions.Add($"Once the PodDisruptionBudgets allow it, a person may drain the node: drain_node name={node}");
        }

        return new(cause, severity,
            $"{Describe(anomaly)} {cause} Cordon the node so nothing new is scheduled there; draining it is left to a person, because evictions can break workloads without enough replicas.",
            0.7, proposals, suggestions);
    }

    private static AnalysisDraft ApiServerLatency(AnomalyInput anomaly) => new(
        "The Kubernetes API server is answering slowly.",
        Severity.High,
        $"{Describe(anomaly)} The API server's request latency is above its usual level. KubeWise has no safe automated fix for the control plane: check etcd latency and disk, the API server's CPU and memory, and clients sending many LIST or WATCH requests (controllers, operators, CI jobs).",
        0.6,
        []);

    private static AnalysisDraft RestartBurst(AnomalyInput anomaly, EntityFacts facts)
    {
        var cause = "The containers restarted many times in a short period.";
        var workload = WorkloadKinds.Of(anomaly, facts);
        List<CommandProposal> proposals = workload is null ? [] : [WorkloadKinds.Restart(workload, "A clean rollout replaces pods in a restart loop.")];
        return new(cause, Severity.Medium, $"{Describe(anomaly)} {cause} Restart the workload and check the containers' exit reasons and liveness probes.", 0.55, proposals);
    }

    private static AnalysisDraft ByFeature(AnomalyInput anomaly, EntityFacts facts, RuleAnalysisOptions options)
    {
        var feature = (anomaly.DominantFeature ?? string.Empty).ToLowerInvariant();
        var severity = ForestSeverity(anomaly.Score);
        var workload = WorkloadKinds.Of(anomaly, facts);
        var node = anomaly.Entity.IsNode ? anomaly.Entity.Name : null;

        if (feature.Contains("mem", StringComparison.Ordinal))
        {
            var memory = Memory(anomaly, facts, options, "Memory use is unusually high.", severity);
            return memory with { Confidence = 0.45 };
        }

        if (feature.Contains("restart", StringComparison.Ordinal))
        {
            return RestartBurst(anomaly, facts) with { Severity = severity, Confidence = 0.45 };
        }

        if (feature.Contains("cpu", StringComparison.Ordinal))
        {
            List<CommandProposal> proposals = [];
            if (workload is not null && WorkloadKinds.IsScalable(workload.Type) && facts.DesiredReplicas is { } desired)
            {
                proposals.Add(WorkloadKinds.Scale(workload, desired + 1, "Spread the CPU load over one more replica."));
            }

            var advice = node is not null
                ? "Find the pods using the node's CPU; KubeWise does not act on a node for CPU load alone."
                : "Add a replica to spread the load, and check for a busy loop or a traffic surge.";
            return new("CPU use is unusually high.", severity, $"{Describe(anomaly)} CPU use is unusually high. {advice}", 0.4, proposals);
        }

        if (feature.Contains("net", StringComparison.Ordinal) || feature.Contains("error", StringComparison.Ordinal) || feature.Contains("drop", StringComparison.Ordinal))
        {
            List<CommandProposal> proposals = workload is null || node is not null ? [] : [WorkloadKinds.Restart(workload, "New pods get fresh connections and DNS state.")];
            return new("Network errors are unusually frequent.", severity,
                $"{Describe(anomaly)} Network errors are unusually frequent. Check DNS, network policies and the upstream services; a restart renews connections.", 0.35, proposals);
        }

        if (feature.Contains("disk", StringComparison.Ordinal) || feature.Contains("fs", StringComparison.Ordinal) || feature.Contains("filesystem", StringComparison.Ordinal))
        {
            var nodeName = WorkloadKinds.Node(anomaly, facts);
            List<CommandProposal> proposals = nodeName is null ? [] : [CommandProposal.Of("cordon_node", ("name", nodeName)) with { Rationale = "Keep new pods off a node whose disk is filling up." }];
            return new("Disk use is unusually high.", severity,
                $"{Describe(anomaly)} Disk use is unusually high. Cordon the node and clean up images or logs.", 0.4, proposals);
        }

        var which = string.IsNullOrEmpty(feature) ? "no named feature" : $"'{anomaly.DominantFeature}'";
        return new("An unusual metric pattern without a known runbook.", severity,
            $"{Describe(anomaly)} The isolation forest flagged it, mostly because of {which}. No runbook matches, so no command is proposed; look at the evidence.",
            0.3, []);
    }

    private static decimal? MemoryBytes(string? limit) =>
        limit is not null && Quantity.TryParse(limit, QuantityKind.Memory, out var quantity, out _) ? quantity.Value : null;

    /// <summary>Whole mebibytes, rounded up, so the new limit is never below the computed one.</summary>
    private static string Mebibytes(decimal bytes) =>
        decimal.Ceiling(bytes / (1024m * 1024m)).ToString(CultureInfo.InvariantCulture) + "Mi";

    private static Severity ForestSeverity(double score) => score switch
    {
        <= -0.5 => Severity.High,
        <= -0.3 => Severity.Medium,
        _ => Severity.Low,
    };

    private static string Describe(AnomalyInput anomaly)
    {
        var top = anomaly.OrderedEvidence.FirstOrDefault();
        var evidence = top?.Detail ?? (top is null ? null : string.Create(CultureInfo.InvariantCulture, $"{top.Feature} = {top.Value:0.###}{(top.Baseline is { } b ? $" (usual {b:0.###})" : string.Empty)}"));
        return evidence is null ? $"{anomaly.Entity}:" : $"{anomaly.Entity}: {evidence}.";
    }
}

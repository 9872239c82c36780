using System.Text.Json;
using System.Text.Json.Nodes;
using KubeWise.Core.Events;

namespace KubeWise.Core.Tests.Events;

public class AnomalyEventJsonTests
{
    [Fact]
    public void Serialize_UsesSeedFieldNamesAndPascalCaseStatus()
    {
        var anomaly = EventSamples.Detected() with
        {
            Status = AnomalyStatus.RemediationSuggested,
            SuggestedRemediationCommands = ["restart_deployment name=nginx ns=default"],
            AiAnalysis = new AiAnalysis { RootCause = "Memory pressure", Severity = "MEDIUM", Description = "…" },
            Rollback = new RollbackRecord { Outcome = RollbackOutcome.NotReversible, At = EventSamples.Start },
        };

        var json = JsonNode.Parse(EventJson.Serialize(anomaly))!.AsObject();

        Assert.Equal("RemediationSuggested", json["status"]!.GetValue<string>());
        Assert.Equal("restart_deployment name=nginx ns=default", json["suggested_remediation_commands"]![0]!.GetValue<string>());
        Assert.Equal("Memory pressure", json["ai_analysis"]!["root_cause"]!.GetValue<string>());
        Assert.Equal("not_reversible", json["rollback"]!["outcome"]!.GetValue<string>());
        Assert.Equal("""[1618245000,"0.21"]""", json["metrics_snapshot"]![0]!["values"]![0]!.ToJsonString());
        foreach (var name in new[] { "anomaly_id", "detection_timestamp", "entity_id", "entity_type", "namespace", "anomaly_score", "remediation_attempts", "audit_trail", "orchestration_instance_id", "evidence", "analyzer", "approval_decisions", "verification" })
        {
            Assert.True(json.ContainsKey(name), name);
        }
    }

    [Fact]
    public void Deserialize_SeedListExample_ReadsEveryField()
    {
        // The seed README's event, with a valid UUID (the seed's sample id is not hexadecimal).
        const string seed = """
            {
              "anomaly_id": "f82b4a7e-1c2d-4e5f-a6b7-8c9d0e1f2a3b",
              "status": "RemediationSuggested",
              "detection_timestamp": "2023-04-13T14:25:30.123456",
              "entity_id": "nginx-deployment",
              "entity_type": "deployment",
              "namespace": "default",
              "anomaly_score": -0.35,
              "suggested_remediation_commands": [
                "restart_deployment name=nginx-deployment ns=default",
                "scale_deployment name=nginx-deployment ns=default replicas=3"
              ],
              "ai_analysis": {
                "root_cause": "Memory pressure on deployment pods",
                "severity": "MEDIUM",
                "description": "The deployment is experiencing memory pressure..."
              }
            }
            """;

        var anomaly = EventJson.Deserialize<AnomalyEvent>(seed);

        Assert.Equal(AnomalyStatus.RemediationSuggested, anomaly.Status);
        Assert.Equal(new DateTime(2023, 4, 13, 14, 25, 30, 123, 456), anomaly.DetectionTimestamp.DateTime);
        Assert.Equal(-0.35, anomaly.AnomalyScore);
        Assert.Equal(2, anomaly.SuggestedRemediationCommands.Count);
        Assert.Equal("MEDIUM", anomaly.AiAnalysis!.Severity);
        Assert.Empty(anomaly.AuditTrail);
    }

    [Fact]
    public void Attempt_RetriesAndLastTransientError_RoundTripAsSnakeCaseAndOldRecordsReadAsNone()
    {
        var attempt = new RemediationAttempt
        {
            Command = "restart_deployment name=nginx ns=default",
            StartedAt = EventSamples.Start,
            Status = "success",
            ApiRetries = 3,
            LastTransientError = "500 InternalError: etcd leader changed",
        };

        var json = JsonNode.Parse(EventJson.Serialize(attempt))!.AsObject();
        var old = EventJson.Deserialize<RemediationAttempt>("""{"command":"scale_deployment name=web ns=shop replicas=3","started_at":"2026-01-01T00:00:00Z","status":"success"}""");

        Assert.Equal(3, json["api_retries"]!.GetValue<int>());
        Assert.Equal("500 InternalError: etcd leader changed", json["last_transient_error"]!.GetValue<string>());
        Assert.Equal(attempt, EventJson.Deserialize<RemediationAttempt>(json.ToJsonString()) with { Before = attempt.Before, After = attempt.After });
        Assert.Equal((0, null), (old.ApiRetries, old.LastTransientError));
    }

    [Fact]
    public void Deserialize_UnknownStatus_FailsInsteadOfGuessing()
    {
        Assert.Throws<JsonException>(() => EventJson.Deserialize<AnomalyEvent>(
            """{"anomaly_id":"f82b4a7e-1c2d-4e5f-a6b7-8c9d0e1f2a3b","status":"REMEDIATION_SUGGESTED","detection_timestamp":"2023-04-13T14:25:30Z","entity_id":"x","entity_type":"pod"}"""));
    }

    [Theory]
    [InlineData("Detected", AnomalyStatus.Detected)]
    [InlineData("awaitingapproval", AnomalyStatus.AwaitingApproval)]
    public void ParseStatus_WireNames_CaseInsensitive(string text, AnomalyStatus expected)
    {
        Assert.Equal(expected, EventQuery.ParseStatus(text));
    }

    [Theory]
    [InlineData("Done")]
    [InlineData("3")]
    [InlineData("")]
    public void ParseStatus_Unknown_ListsTheValidStatuses(string text)
    {
        var ex = Assert.ThrowsAny<ArgumentException>(() => EventQuery.ParseStatus(text));
        Assert.Contains("RemediationSuggested", ex.Message, StringComparison.Ordinal);
    }
}

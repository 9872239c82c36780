using System.Text.Json.Nodes;

namespace KubeWise.Functions.Tests.Api;

/// <summary>Follows a training run the way a client does: POST train (202), then GET model/info until its training ended.</summary>
internal static class TrainingRuns
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    /// <returns>The 202 answer, and <c>training</c> of model/info once the run completed or failed.</returns>
    public static async Task<(ApiResponse Accepted, JsonNode Run)> TrainAndWaitAsync(Func<Task<ApiResponse>> train, Func<Task<JsonNode>> modelInfo)
    {
        // Runs reuse the cluster's one instance id: the new run is the one created after the previous.
        var previous = (await modelInfo())["training"]?["created_at"]?.GetValue<DateTimeOffset>();
        var accepted = await train();
        Assert.Equal(202, accepted.Status);
        Assert.Equal("/api/v1/metrics/model/info", accepted.Location);
        return (accepted, await EndedAsync(modelInfo, previous));
    }

    /// <summary>model/info's <c>training</c> once a run created after <paramref name="previous"/> is Completed or Failed.</summary>
    public static async Task<JsonNode> EndedAsync(Func<Task<JsonNode>> modelInfo, DateTimeOffset? previous)
    {
        using var cts = new CancellationTokenSource(Deadline);
        while (true)
        {
            var run = (await modelInfo())["training"];
            if (run is not null && run["status"]!.GetValue<string>() is "Completed" or "Failed" && run["created_at"]!.GetValue<DateTimeOffset>() != previous)
            {
                return run;
            }

            await Task.Delay(100, cts.Token);
        }
    }
}

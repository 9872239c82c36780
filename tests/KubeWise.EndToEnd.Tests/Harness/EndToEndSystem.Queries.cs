using System.Text;
using System.Text.Json.Nodes;
using KubeWise.Cli;
using KubeWise.Application.Workflows;
using KubeWise.Core.Incidents;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace KubeWise.EndToEnd.Tests.Harness;

/// <summary>What a user reads from the system: the HTTP API, the <c>kubewise</c> CLI, Prometheus, the Durable instances.</summary>
internal sealed partial class EndToEndSystem
{
    public async Task<JsonNode> GetJsonAsync(string path)
    {
        using var response = await Api.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!;
    }

    public async Task<(int Status, JsonNode? Body)> PostJsonAsync(string path, JsonNode? body)
    {
        using var content = new StringContent(body?.ToJsonString() ?? "{}", Encoding.UTF8, "application/json");
        using var response = await Api.PostAsync(path, content);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    /// <summary>Polls <c>GET /remediation/events?status=…</c> until an event is there (the timer keeps ticking meanwhile).</summary>
    public async Task<JsonNode> WaitForEventAsync(string status, TimeSpan? timeout = null)
    {
        var limit = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            var page = await GetJsonAsync($"remediation/events?status={status}");
            if (page["events"]!.AsArray().FirstOrDefault() is { } found)
            {
                return found;
            }

            if (DateTime.UtcNow > limit)
            {
                var all = await GetJsonAsync("remediation/events");
                throw new TimeoutException($"No event in {status} after {timeout ?? TimeSpan.FromSeconds(60)}. Events: {all.ToJsonString()}; failed ticks: {string.Join(" | ", TickFailures)}{Environment.NewLine}{Log.Tail()}");
            }

            await Task.Delay(250);
        }
    }

    /// <summary>Polls <c>GET /remediation/events/{id}</c> until its status is one of <paramref name="statuses"/>.</summary>
    public async Task<JsonNode> WaitForStatusAsync(string id, TimeSpan? timeout, params string[] statuses)
    {
        var limit = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            var anomaly = await GetJsonAsync($"remediation/events/{id}");
            if (statuses.Contains(anomaly["status"]!.GetValue<string>()))
            {
                return anomaly;
            }

            if (DateTime.UtcNow > limit)
            {
                throw new TimeoutException($"Event {id} is {anomaly["status"]}, expected {string.Join("/", statuses)}: {anomaly.ToJsonString()}{Environment.NewLine}{Log.Tail()}");
            }

            await Task.Delay(250);
        }
    }

    /// <summary>
    /// Polls <c>GET /remediation/events</c> until the API finds the event store <paramref name="reachable"/> (200) or not
    /// (503): the driver has seen the server go or come back.
    /// </summary>
    public async Task WaitForStoreAsync(bool reachable, TimeSpan? timeout = null)
    {
        var limit = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        var wanted = reachable ? 200 : 503;
        while (true)
        {
            using var response = await Api.GetAsync("remediation/events");
            if ((int)response.StatusCode == wanted)
            {
                return;
            }

            if (DateTime.UtcNow > limit)
            {
                throw new TimeoutException($"The events API answered {(int)response.StatusCode}, expected {wanted}: {await response.Content.ReadAsStringAsync()}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>
    /// Waits until a tick now is a cycle in a later second than the last one the incident book in the store recorded.
    /// An incident's ids are named by the second it opened, so a cycle within that same second would reuse them and
    /// hide a second start of the same incident; one a second later would not.
    /// </summary>
    public async Task WaitForNextCycleSecondAsync()
    {
        var last = await Services.GetRequiredService<IncidentBookStore>().LastSuccessfulCycleAsync()
            ?? throw new InvalidOperationException("No scan cycle has been recorded yet.");
        var next = new DateTimeOffset(last.UtcTicks - (last.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero).AddSeconds(1);
        var wait = next - DateTimeOffset.UtcNow;
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait + TimeSpan.FromMilliseconds(1));
        }
    }

    /// <summary>What the real Prometheus answers now for an instant query that yields one number (null: no series).</summary>
    public async Task<double?> PromQlAsync(string query)
    {
        using var http = new HttpClient { BaseAddress = Prometheus.Url };
        var answer = JsonNode.Parse(await http.GetStringAsync("api/v1/query?query=" + Uri.EscapeDataString(query)))!;
        var result = answer["data"]!["result"]!.AsArray();
        return result.Count == 0 ? null : double.Parse(result[0]!["value"]![1]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Runs <c>kubewise …</c> against the HTTP API with the caller's key, as a user would.</summary>
    public async Task<(int Exit, string Out, string Err)> CliAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await KubeWiseCli.InvokeAsync([.. args, "--url", Url, "--key", Key], output, error);
        return (exit, output.ToString(), error.ToString());
    }

    public async Task<List<OrchestrationMetadata>> OrchestrationsAsync()
    {
        var all = new List<OrchestrationMetadata>();
        await foreach (var instance in Client.GetAllInstancesAsync(new OrchestrationQuery()))
        {
            all.Add(instance);
        }

        return all;
    }
}

using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace KubeWise.Cli.Api;

/// <summary>The options every API command shares (<c>--url</c>, <c>--key</c>, <c>--output</c>) and how they run a call.</summary>
internal sealed class ApiCommandOptions
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public Option<string> Url { get; } = new("--url") { Description = $"KubeWise API base URL (default: ${KubeWiseApiClient.UrlVariable}, else {KubeWiseApiClient.DefaultUrl})." };

    public Option<string> Key { get; } = new("--key") { Description = $"Function key (default: ${KubeWiseApiClient.KeyVariable})." };

    public Option<string> Output { get; } = CreateOutput();

    public void AddTo(Command command)
    {
        command.Options.Add(Url);
        command.Options.Add(Key);
        command.Options.Add(Output);
    }

    /// <summary>Calls the API and prints the answer: JSON as received, or the table <paramref name="render"/> writes.</summary>
    public Task<int> RunAsync(ParseResult parse, Func<KubeWiseApiClient, CancellationToken, Task<ApiReply>> call, Action<JsonNode, TextWriter> render, CancellationToken ct) =>
        RunAsync(parse, call, (body, output, _) => render(body, output), ct);

    /// <summary>As above, with the API's base address given to <paramref name="render"/> (e.g. to print links to the dashboard).</summary>
    public async Task<int> RunAsync(ParseResult parse, Func<KubeWiseApiClient, CancellationToken, Task<ApiReply>> call, Action<JsonNode, TextWriter, Uri> render, CancellationToken ct)
    {
        var output = parse.InvocationConfiguration.Output;
        var error = parse.InvocationConfiguration.Error;
        using var client = KubeWiseApiClient.Create(parse.GetValue(Url), parse.GetValue(Key), error);
        if (client is null)
        {
            return ExitCodes.Usage;
        }

        ApiReply reply;
        try
        {
            reply = await call(client, ct).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            error.WriteLine($"Cannot reach the KubeWise API at {client.BaseAddress}: {e.Message}");
            return ExitCodes.Failure;
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            error.WriteLine($"The KubeWise API at {client.BaseAddress} did not answer in time.");
            return ExitCodes.Failure;
        }

        if (!reply.IsSuccess)
        {
            error.WriteLine($"Error {reply.Status}: {reply.Describe()}");
            return ExitCodes.Failure;
        }

        if (parse.GetValue(Output) == "json" || reply.Body is null)
        {
            output.WriteLine(reply.Body?.ToJsonString(Indented) ?? reply.Text);
        }
        else
        {
            render(reply.Body, output, client.BaseAddress);
        }

        return ExitCodes.Ok;
    }

    private static Option<string> CreateOutput()
    {
        var option = new Option<string>("--output", "-o") { Description = "table or json.", DefaultValueFactory = _ => "table" };
        option.AcceptOnlyFromAmong("table", "json");
        return option;
    }
}

using System.CommandLine;
using System.Globalization;
using KubeWise.Run;

namespace KubeWise.Cli.Commands;

/// <summary>
/// <c>kubewise run</c>: the whole product in this process until SIGTERM or Ctrl-C (see <see cref="KubeWiseRunHost"/>).
/// Exit 0 after a clean stop, 1 when it cannot start (one line says why), 2 for usage errors and invalid settings.
/// </summary>
internal static class RunCommand
{
    /// <summary>How long a stop may take before the process ends anyway: the host's own limit plus Azurite's.</summary>
    public static readonly TimeSpan TerminationTimeout = TimeSpan.FromSeconds(60);

    public static Command Create()
    {
        var prometheus = new Option<string>("--prometheus") { Description = "Prometheus base URL (default: PROMETHEUS_URL, Prometheus:Url)." };
        var port = new Option<int?>("--port") { Description = "API port (default: Run:Port, 7071)." };
        var backend = new Option<string>("--durable-backend")
        {
            Description = "Where orchestration state lives: azurite (started by kubewise run; the default without a connection string), "
                + "azure-storage (Run:Durable:ConnectionString), or in-memory (throw-away: lost when the process stops).",
        };
        backend.AcceptOnlyFromAmong("azurite", "azure-storage", "in-memory");
        var data = new Option<string>("--data-dir") { Description = "Folder for the LiteDB store, the per-cluster model folders and Azurite's files (default: ./data for the store and Azurite, the user data directory for models)." };
        var command = new Command("run", "Run KubeWise continuously: scan loop, durable remediation workflow and the HTTP API, in this process. Logs on stderr; stops on SIGTERM or Ctrl-C.")
        {
            prometheus, port, backend, data,
        };
        command.SetAction(async (parse, ct) =>
        {
            var settings = new Dictionary<string, string?>();
            if (parse.GetValue(prometheus) is { Length: > 0 } url)
            {
                settings["Prometheus:Url"] = url;
            }

            if (parse.GetValue(port) is { } p)
            {
                settings["Run:Port"] = p.ToString(CultureInfo.InvariantCulture);
            }

            if (parse.GetValue(backend) is { } b)
            {
                settings["Run:Durable:Backend"] = b switch { "azure-storage" => "AzureStorage", "in-memory" => "InMemory", _ => "Azurite" };
            }

            if (parse.GetValue(data) is { Length: > 0 } dir)
            {
                settings["LiteDb:FilePath"] = Path.Combine(dir, "kubewise.db");
                settings["Detection:ModelDirectory"] = Path.Combine(dir, "models");
                settings["Run:Durable:DataDirectory"] = Path.Combine(dir, "azurite");
            }

            return await KubeWiseRunHost.RunAsync(settings, parse.InvocationConfiguration.Error, ct).ConfigureAwait(false);
        });
        return command;
    }
}

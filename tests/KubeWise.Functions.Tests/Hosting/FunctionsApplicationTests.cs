using System.Reflection;
using KubeWise.Application.Api;
using KubeWise.Core;
using KubeWise.Core.Configuration;
using KubeWise.Functions.Api;
using KubeWise.Application;
using KubeWise.Application.Notifications;
using KubeWise.Application.Orchestrations;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace KubeWise.Functions.Tests.Hosting;

/// <summary>
/// The real <see cref="FunctionsApplication"/> builder with Program.cs's wiring, built but never run: every function
/// class and every activity resolves from its DI graph, and the options validate at start-up.
/// </summary>
public sealed class FunctionsApplicationTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("kubewise-app-").FullName;

    [Fact]
    public void Build_ProgramWiring_ResolvesEveryFunctionClass()
    {
        using var host = BuildApp();
        using var scope = host.Services.CreateScope();

        var classes = FunctionClasses().ToList();
        Assert.NotEmpty(classes);
        foreach (var type in classes)
        {
            // The worker's default activator does exactly this for each invocation.
            var instance = ActivatorUtilities.CreateInstance(scope.ServiceProvider, type);
            Assert.IsType(type, instance);
        }
    }

    [Fact]
    public void Build_ProgramWiring_ResolvesEveryActivityAndValidatesOptions()
    {
        using var host = BuildApp();
        using var scope = host.Services.CreateScope();

        foreach (var activity in WorkflowTasks.Activities)
        {
            Assert.NotNull(scope.ServiceProvider.GetRequiredService(activity.Type));
        }

        host.Services.GetRequiredService<IStartupValidator>().Validate();
        var workflow = host.Services.GetRequiredService<IOptions<RemediationWorkflowOptions>>().Value;
        Assert.Equal(TimeSpan.FromHours(1), workflow.ApprovalTimeout);
    }

    [Fact]
    public void Build_InvalidWorkflowSetting_FailsAtStartWithTheSettingNamed()
    {
        using var host = BuildApp(("Remediation:Workflow:ActivityMaxAttempts", "0"));

        var error = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IStartupValidator>().Validate());
        Assert.Contains("ActivityMaxAttempts", error.Message, StringComparison.Ordinal);
    }

    private IHost BuildApp(params (string Key, string Value)[] extra)
    {
        var builder = FunctionsApplication.CreateBuilder([]);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["LiteDb:FilePath"] = Path.Combine(_directory, "events.db"),
            ["ANOMALY_MODEL_PATH"] = Path.Combine(_directory, "model.json"),
        });
        builder.Configuration.AddInMemoryCollection(extra.ToDictionary(e => e.Key, e => (string?)e.Value));

        // Program.cs, line by line (without Run).
        builder.ConfigureFunctionsWebApplication();
        builder.Configuration.AddSeedAliases();
        builder.Services.AddKubeWiseCore(builder.Configuration);
        builder.Services.AddKubeWiseWorkflow(builder.Configuration);
        builder.Services.AddKubeWiseApi(builder.Configuration);
        builder.Services.AddKubeWiseNotifications(builder.Configuration);
        return builder.Build();
    }

    private static IEnumerable<Type> FunctionClasses() =>
        typeof(KubeWise.Functions.Triggers.ScanTimerFunction).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
                .Any(m => m.GetCustomAttribute<FunctionAttribute>() is not null));

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // LiteDB may still hold its file for a moment.
        }
    }
}

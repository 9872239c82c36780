using System.Diagnostics;
using KubeWise.Core;
using KubeWise.Core.Events;
using KubeWise.Application.Notifications;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace KubeWise.Functions.Tests.Notifications;

/// <summary>
/// The event store as the app wires it (decorated by <c>AddKubeWiseNotifications</c>), a real background delivery and
/// loopback webhooks: a status change people care about reaches every webhook in its format, with retries, and a slow
/// or broken webhook never slows the change itself.
/// </summary>
public sealed class WebhookNotificationTests : IAsyncDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("kubewise-notify-").FullName;
    private ServiceProvider? _services;

    private async Task<(IEventStore Store, ServiceProvider Services)> StartAsync(params (string Url, string Format)[] hooks)
    {
        var values = new Dictionary<string, string?>
        {
            ["LiteDb:FilePath"] = Path.Combine(_directory, "events.db"),
            ["Api:PublicBaseUrl"] = "https://kubewise.example.com",
            ["Notifications:FirstRetryDelay"] = "00:00:00.050",
            ["Notifications:Timeout"] = "00:00:02",
        };
        for (var i = 0; i < hooks.Length; i++)
        {
            values[$"Notifications:Webhooks:{i}:Url"] = hooks[i].Url;
            values[$"Notifications:Webhooks:{i}:Format"] = hooks[i].Format;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration);
        services.AddKubeWiseCore(configuration);
        services.AddKubeWiseNotifications(configuration);
        _services = services.BuildServiceProvider();
        foreach (var hosted in _services.GetServices<IHostedService>())
        {
            await hosted.StartAsync(CancellationToken.None);
        }

        return (_services.GetRequiredService<IEventStore>(), _services);
    }

    private static async Task<AnomalyEvent> AwaitApprovalAsync(IEventStore store)
    {
        var id = AnomalyId.New();
        var e = (await store.CreateAsync(new AnomalyEvent
        {
            AnomalyId = id,
            DetectionTimestamp = DateTimeOffset.UtcNow,
            EntityId = "web",
            EntityType = "deployment",
            Namespace = "shop",
        })).Event;
        e = await store.ApplyAsync(new EventChange
        {
            AnomalyId = id, ExpectedStatus = e.Status, ExpectedVersion = e.Version, NewStatus = AnomalyStatus.Analyzing, Actor = "orchestrator",
            Analysis = new AiAnalysis { RootCause = "web crashes on start", Severity = "HIGH" },
            SuggestedCommands = ["restart_deployment name=web ns=shop"],
        });
        return await store.ApplyAsync(new EventChange
        {
            AnomalyId = id, ExpectedStatus = e.Status, ExpectedVersion = e.Version, NewStatus = AnomalyStatus.AwaitingApproval, Actor = "orchestrator",
            Comment = "MANUAL mode: a person approves each fix.",
        });
    }

    [Fact]
    public async Task AwaitingApproval_GenericWebhookFailingTwice_GetsTheNoticeWithApproveAndRejectUrls()
    {
        await using var hook = await WebhookReceiver.StartAsync();
        hook.FailFirst = 2;
        var (store, _) = await StartAsync((hook.Url.ToString(), "Generic"));

        var anomaly = await AwaitApprovalAsync(store);
        var notice = await hook.WaitForAsync();

        Assert.Equal(3, hook.Calls);
        Assert.Equal("awaiting_approval", notice["notification"]!.GetValue<string>());
        Assert.Equal(anomaly.AnomalyId, notice["anomaly_id"]!.GetValue<string>());
        Assert.Equal("deployment/shop/web", notice["entity"]!.GetValue<string>());
        Assert.Equal("web crashes on start", notice["summary"]!.GetValue<string>());
        Assert.Equal($"https://kubewise.example.com/api/v1/remediation/events/{anomaly.AnomalyId}/approve", notice["approve_url"]!.GetValue<string>());
        Assert.Equal($"https://kubewise.example.com/api/v1/remediation/events/{anomaly.AnomalyId}/reject", notice["reject_url"]!.GetValue<string>());
        Assert.Equal("restart_deployment name=web ns=shop", notice["suggested_remediation_commands"]![0]!.GetValue<string>());
        Assert.Equal($"https://kubewise.example.com/api/v1/dashboard#/events/{anomaly.AnomalyId}", notice["page_url"]!.GetValue<string>());
    }

    [Fact]
    public async Task AwaitingThenRejected_SlackAndTeams_EachGetBothMessagesInTheirFormat()
    {
        await using var slack = await WebhookReceiver.StartAsync();
        await using var teams = await WebhookReceiver.StartAsync();
        var (store, _) = await StartAsync((slack.Url.ToString(), "Slack"), (teams.Url.ToString(), "Teams"));

        var anomaly = await AwaitApprovalAsync(store);
        await store.ApplyAsync(new EventChange
        {
            AnomalyId = anomaly.AnomalyId, ExpectedStatus = anomaly.Status, ExpectedVersion = anomaly.Version, NewStatus = AnomalyStatus.Rejected, Actor = "bob",
            Decision = new ApprovalDecision { Decision = ApprovalKind.Rejected, By = "bob", At = DateTimeOffset.UtcNow, Comment = "not now" },
        });

        var slackAwaiting = await slack.WaitForAsync(1);
        var slackRejected = await slack.WaitForAsync(2);
        Assert.Contains("awaits approval", slackAwaiting["text"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains($"/api/v1/remediation/events/{anomaly.AnomalyId}/approve", slackAwaiting["blocks"]![1]!["text"]!["text"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("was rejected", slackRejected["text"]!.GetValue<string>(), StringComparison.Ordinal);

        var card = (await teams.WaitForAsync(1))["attachments"]![0]!;
        Assert.Equal("application/vnd.microsoft.card.adaptive", card["contentType"]!.GetValue<string>());
        Assert.Equal("AdaptiveCard", card["content"]!["type"]!.GetValue<string>());
        Assert.Contains(card["content"]!["body"]!.AsArray(), b => b!["text"]?.GetValue<string>().Contains("/approve", StringComparison.Ordinal) == true);
        Assert.EndsWith($"/api/v1/dashboard#/events/{anomaly.AnomalyId}", card["content"]!["actions"]![0]!["url"]!.GetValue<string>(), StringComparison.Ordinal);
        await teams.WaitForAsync(2);
    }

    [Fact]
    public async Task HangingWebhook_DoesNotSlowTheStatusChange()
    {
        await using var hook = await WebhookReceiver.StartAsync();
        hook.Delay = TimeSpan.FromSeconds(30);
        var (store, _) = await StartAsync((hook.Url.ToString(), "Generic"));

        var watch = Stopwatch.StartNew();
        var anomaly = await AwaitApprovalAsync(store);
        watch.Stop();

        Assert.Equal(AnomalyStatus.AwaitingApproval, anomaly.Status);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"the change took {watch.Elapsed}");
        Assert.Equal(AnomalyStatus.AwaitingApproval, (await store.GetAsync(anomaly.AnomalyId))!.Status);
    }

    [Fact]
    public void Options_BadWebhookUrl_FailsValidationNamingIt()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Notifications:Webhooks:0:Url"] = "not a url",
        }).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddKubeWiseCore(configuration);
        services.AddKubeWiseNotifications(configuration);
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<NotificationOptions>>().Value);
        Assert.Contains("Notifications:Webhooks:0:Url", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Restart_WithANoticePending_DeliversItAfterTheRestartUnderTheSameNoticeId()
    {
        // The first host's webhook never answers: its notice is still being sent when the host stops.
        await using var hung = await WebhookReceiver.StartAsync();
        hung.Delay = TimeSpan.FromMinutes(5);
        var (store, first) = await StartAsync((hung.Url.ToString(), "Generic"));
        var anomaly = await AwaitApprovalAsync(store);
        var limit = DateTime.UtcNow.AddSeconds(20);
        while (hung.Calls == 0)
        {
            Assert.True(DateTime.UtcNow < limit, "The notice was never sent.");
            await Task.Delay(20);
        }

        foreach (var hosted in first.GetServices<IHostedService>())
        {
            await hosted.StopAsync(CancellationToken.None);
        }

        await first.DisposeAsync();
        Assert.Empty(hung.Received);

        // The next host, on the same store, delivers it: same notice, same id.
        await using var hook = await WebhookReceiver.StartAsync();
        await StartAsync((hook.Url.ToString(), "Generic"));
        var notice = await hook.WaitForAsync(1);

        Assert.Equal(("awaiting_approval", anomaly.AnomalyId), (notice["notification"]!.GetValue<string>(), notice["anomaly_id"]!.GetValue<string>()));
        Assert.Equal($"{anomaly.AnomalyId}:{anomaly.Version}", notice["notice_id"]!.GetValue<string>());
        Assert.Equal([notice["notice_id"]!.GetValue<string>()], hook.NoticeIds);
    }

    public async ValueTask DisposeAsync()
    {
        if (_services is not null)
        {
            foreach (var hosted in _services.GetServices<IHostedService>())
            {
                await hosted.StopAsync(CancellationToken.None);
            }

            await _services.DisposeAsync();
        }

        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // LiteDB may still hold the file.
        }
    }
}

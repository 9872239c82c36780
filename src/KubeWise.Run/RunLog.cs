using Microsoft.Extensions.Logging;

namespace KubeWise.Run;

/// <summary>The log lines of <c>kubewise run</c> (stderr).</summary>
internal static partial class RunLog
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Azurite started (pid {ProcessId}; blob {Blob}, queue {Queue}, table {Table} on 127.0.0.1; data in {Directory}) in {Seconds:0.0} s")]
    public static partial void AzuriteStarted(ILogger logger, int processId, int blob, int queue, int table, string directory, double seconds);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Information, Message = "Azurite of an earlier run is still running (pid {ProcessId}, data in {Directory}); using it")]
    public static partial void AzuriteAdopted(ILogger logger, int processId, string directory);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Information, Message = "Azurite stopped (pid {ProcessId})")]
    public static partial void AzuriteStopped(ILogger logger, int processId);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Warning, Message = "Durable backend: in memory. This is a throw-away backend: waiting approvals, timers and running remediations are lost when the process stops")]
    public static partial void InMemoryBackend(ILogger logger);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Information, Message = "Durable sidecar serving on {Address} (loopback only), task hub {TaskHub}, backend {Backend}")]
    public static partial void SidecarServing(ILogger logger, string address, string taskHub, string backend);

    [LoggerMessage(EventId = 4006, Level = LogLevel.Warning, Message = "The Durable partition leases could not be released ({Reason}); the next start waits for them to expire (about 30 s)")]
    public static partial void LeasesNotReleased(ILogger logger, string reason);

    [LoggerMessage(EventId = 4010, Level = LogLevel.Information, Message = "Scan loop started on schedule '{Schedule}' as lease holder candidate {Holder}")]
    public static partial void ScanLoopStarted(ILogger logger, string schedule, string holder);

    [LoggerMessage(EventId = 4011, Level = LogLevel.Error, Message = "Scan tick failed ({Type}: {Reason}); the next tick runs on schedule")]
    public static partial void TickFailed(ILogger logger, string type, string reason, Exception exception);

    [LoggerMessage(EventId = 4012, Level = LogLevel.Error, Message = "Query proposal round failed ({Type}: {Reason}); the next round runs on schedule")]
    public static partial void ProposalRoundFailed(ILogger logger, string type, string reason, Exception exception);

    [LoggerMessage(EventId = 4020, Level = LogLevel.Information, Message = "This process now holds the {Lease} lease (generation {Generation}) and scans")]
    public static partial void LeaseTaken(ILogger logger, string lease, long generation);

    [LoggerMessage(EventId = 4021, Level = LogLevel.Information, Message = "The {Lease} lease is held by {Holder} until {ExpiresAt:O}; this process stands by and does not scan")]
    public static partial void LeaseHeldElsewhere(ILogger logger, string lease, string holder, DateTimeOffset expiresAt);

    [LoggerMessage(EventId = 4022, Level = LogLevel.Warning, Message = "The scan lease could not be read or written ({Reason}); not scanning until the store answers")]
    public static partial void LeaseUnavailable(ILogger logger, string reason);

    [LoggerMessage(EventId = 4030, Level = LogLevel.Information, Message = "kubewise run ready in {Seconds:0.0} s: API on {Url}")]
    public static partial void Ready(ILogger logger, double seconds, string url);

    [LoggerMessage(EventId = 4031, Level = LogLevel.Warning, Message = "No API keys are configured (Api:KeyNames): the API listens on loopback only ({Url}). Configure keys to serve other hosts")]
    public static partial void LoopbackOnly(ILogger logger, string url);

    [LoggerMessage(EventId = 4032, Level = LogLevel.Information, Message = "Stopping: the API stops first, then the scan loop, the durable worker (activities in flight finish or are retried after restart) and the sidecar")]
    public static partial void Stopping(ILogger logger);
}

using System.ComponentModel.DataAnnotations;

namespace KubeWise.Run.Durable;

/// <summary>Where <c>kubewise run</c> keeps its Durable Task state.</summary>
public enum DurableBackend
{
    /// <summary>Azurite, started and stopped by <c>kubewise run</c>, persisting under <see cref="DurableOptions.DataDirectory"/>.</summary>
    Azurite,

    /// <summary>Any Azure Storage account, by <see cref="DurableOptions.ConnectionString"/>.</summary>
    AzureStorage,

    /// <summary>Throw-away: state lives in this process and is lost when it stops. For trials and tests only.</summary>
    InMemory,
}

/// <summary>The Durable Task backend of <c>kubewise run</c> and the sidecar that serves it.</summary>
public sealed class DurableOptions
{
    public const string SectionName = "Run:Durable";

    /// <summary>Which backend holds orchestration state.</summary>
    /// <value>Default: <see cref="DurableBackend.AzureStorage"/> when <see cref="ConnectionString"/> is set, otherwise <see cref="DurableBackend.Azurite"/>.</value>
    public DurableBackend? Backend { get; set; }

    /// <summary>An Azure Storage connection string (for <see cref="DurableBackend.AzureStorage"/>).</summary>
    /// <value>Default: unset.</value>
    public string? ConnectionString { get; set; }

    /// <summary>The task hub (the prefix of its queues and tables). Not the Functions app's hub, so the two never share work.</summary>
    /// <value>Default: KubeWiseRun.</value>
    [Required]
    [RegularExpression("^[A-Za-z][A-Za-z0-9]{2,44}$", ErrorMessage = "Run:Durable:TaskHub must be 3–45 letters or digits, starting with a letter.")]
    public string TaskHub { get; set; } = "KubeWiseRun";

    /// <summary>Where Azurite keeps its files (for <see cref="DurableBackend.Azurite"/>).</summary>
    /// <value>Default: data/azurite.</value>
    [Required]
    public string DataDirectory { get; set; } = Path.Combine("data", "azurite");

    /// <summary>The Azurite executable.</summary>
    /// <value>Default: found under .tools/azurite (where the repository's scripts install it), then on PATH.</value>
    public string? AzuritePath { get; set; }

    /// <summary>
    /// How long a message taken by a process that died stays invisible before another process takes it again: the
    /// time to recover after a crash. Work still in progress renews it.
    /// </summary>
    /// <value>Default: 30 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:05", "00:10:00")]
    public TimeSpan QueueVisibilityTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest wait between two polls of an idle queue: the worst delay before new work is picked up.</summary>
    /// <value>Default: 2 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan MaxQueuePollingInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Control-queue partitions. Fixed when the task hub is created.</summary>
    /// <value>Default: 1 (one process).</value>
    [Range(1, 16)]
    public int PartitionCount { get; set; } = 1;

    /// <summary>The sidecar's gRPC port, always on 127.0.0.1.</summary>
    /// <value>Default: 0, a free port.</value>
    [Range(0, 65535)]
    public int SidecarPort { get; set; }

    /// <summary>The backend in force once the default is applied.</summary>
    public DurableBackend EffectiveBackend =>
        Backend ?? (string.IsNullOrWhiteSpace(ConnectionString) ? DurableBackend.Azurite : DurableBackend.AzureStorage);
}

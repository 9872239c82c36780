using System.ComponentModel.DataAnnotations;

namespace KubeWise.Core.Events;

/// <summary>The MongoDB event store. Seed names: <c>MONGODB_ATLAS_URI</c>, <c>MONGODB_DB_NAME</c>.</summary>
public sealed class MongoOptions
{
    public const string SectionName = "Mongo";

    /// <summary>MongoDB connection string; when unset the embedded store is used.</summary>
    /// <value>Default: unset.</value>
    public string? ConnectionString { get; set; }

    /// <summary>Database name.</summary>
    /// <value>Default: <c>k8s_monitoring</c>.</value>
    public string DatabaseName { get; set; } = "k8s_monitoring";

    /// <summary>How long to wait for a reachable server before a call fails as unavailable (retryable), in seconds.</summary>
    /// <value>Default: 5.</value>
    [Range(0.1, 120)]
    public double ServerSelectionTimeoutSeconds { get; set; } = 5;

    /// <summary>How long one call may wait on the server's answer before it fails as unavailable, in seconds.</summary>
    /// <value>Default: 15.</value>
    [Range(0.1, 600)]
    public double OperationTimeoutSeconds { get; set; } = 15;
}

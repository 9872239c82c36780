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
}

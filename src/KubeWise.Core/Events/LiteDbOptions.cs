using System.ComponentModel.DataAnnotations;

namespace KubeWise.Core.Events;

/// <summary>The embedded event store, used when no MongoDB connection string is configured. One process per file.</summary>
public sealed class LiteDbOptions
{
    public const string SectionName = "LiteDb";

    /// <summary>The database file; its folder is created when missing.</summary>
    /// <value>Default: <c>data/kubewise.db</c>.</value>
    [Required]
    public string FilePath { get; set; } = "data/kubewise.db";
}

namespace KubeWise.EndToEnd.Tests.Harness;

public enum StoreKind
{
    /// <summary>The embedded LiteDB file (no <c>MONGODB_ATLAS_URI</c>).</summary>
    LiteDb,

    /// <summary>MongoDB over the wire: <c>MONGO_URL</c> (CongoDB in CI) or a server the test started.</summary>
    MongoDb,
}

/// <summary>How one end-to-end system is set up.</summary>
internal sealed record EndToEndOptions
{
    public string Mode { get; init; } = "MANUAL";

    public StoreKind Store { get; init; } = StoreKind.LiteDb;

    /// <summary>For <see cref="StoreKind.MongoDb"/>: the server; default <c>MONGO_URL</c>.</summary>
    public string? MongoUrl { get; init; }

    /// <summary>False: no <c>GEMINI_API_KEY</c>, so the rule analyzer answers.</summary>
    public bool Gemini { get; init; } = true;

    /// <summary>Extra app settings (configuration keys), applied last.</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; init; } = new Dictionary<string, string?>();
}

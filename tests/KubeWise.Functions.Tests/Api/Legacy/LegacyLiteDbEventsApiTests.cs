using KubeWise.Testing.Fixtures;

namespace KubeWise.Functions.Tests.Api.Legacy;

public sealed class LegacyLiteDbEventsApiTests : LegacyEventsApiTests
{
    private readonly string _folder = Directory.CreateTempSubdirectory("kw-legacy-api-").FullName;

    protected override Task<IDictionary<string, string?>> StoreSettingsAsync() =>
        Task.FromResult<IDictionary<string, string?>>(new Dictionary<string, string?> { ["LiteDb:FilePath"] = LegacyEvents.CopyLiteDb(_folder) });

    protected override Task CleanUpAsync()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // LiteDB may still hold the file for a moment.
        }

        return Task.CompletedTask;
    }
}

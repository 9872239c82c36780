namespace KubeWise.Testing.Mongo;

/// <summary>
/// The MongoDB server the tests use: <c>MONGO_URL</c>, which tests/setup/20-mongo.sh points at a CongoDB wire server
/// (or a real mongod where one exists). Missing, it is a failure, never a skip.
/// </summary>
public static class MongoTestServer
{
    public const string VariableName = "MONGO_URL";

    public static string Url
    {
        get
        {
            var url = Environment.GetEnvironmentVariable(VariableName);
            if (string.IsNullOrWhiteSpace(url))
            {
                throw new InvalidOperationException(
                    "MONGO_URL is not set, so the MongoDB tests cannot run. Run them through tests/run-tests.sh, or "
                    + "`source tests/setup/20-mongo.sh` first: it starts the CongoDB wire server and exports MONGO_URL.");
            }

            return url;
        }
    }

    /// <summary>A database name no other test uses, so tests can run side by side on one server.</summary>
    public static string NewDatabaseName(string prefix = "kw_test") => $"{prefix}_{Guid.NewGuid():N}";
}

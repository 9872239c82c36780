namespace KubeWise.Deployment.Tests.Support;

/// <summary>Tests that build the repository's projects or read their build output run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RepositoryBuildCollection
{
    public const string Name = "Repository build";
}

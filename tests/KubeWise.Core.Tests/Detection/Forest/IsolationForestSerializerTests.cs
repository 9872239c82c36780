using System.Text;
using System.Text.Json.Nodes;
using KubeWise.Core.Detection.Forest;

namespace KubeWise.Core.Tests.Detection.Forest;

public sealed class IsolationForestSerializerTests
{
    private static readonly IsolationForest Forest = IsolationForest.Fit(ForestData.Inliers(1000, seed: 8), ForestData.Features);

    [Fact]
    public void RoundTrip_FittedForest_ScoresBitForBitAndReserializesIdentically()
    {
        var json = IsolationForestSerializer.Serialize(Forest);

        var copy = IsolationForestSerializer.Deserialize(json);

        var rows = ForestData.Inliers(300, seed: 21);
        rows[5] += 50;
        double[] expected = new double[300], actual = new double[300];
        Forest.ScoreSamples(rows, expected);
        copy.ScoreSamples(rows, actual);
        Assert.Equal(expected, actual);
        Assert.Equal((Forest.TreeCount, Forest.FeatureCount, Forest.SampleSize, Forest.Offset, Forest.MaxDepth),
            (copy.TreeCount, copy.FeatureCount, copy.SampleSize, copy.Offset, copy.MaxDepth));
        Assert.Equal(json, IsolationForestSerializer.Serialize(copy));
    }

    [Fact]
    public void RoundTrip_SklearnForest_KeepsSklearnScores()
    {
        var fixture = SklearnForestFixture.Instance;

        var copy = IsolationForestSerializer.Deserialize(IsolationForestSerializer.Serialize(fixture.ToForest()));

        for (var i = 0; i < fixture.Rows.Length; i++)
        {
            Assert.True(Math.Abs(copy.DecisionFunction(fixture.Rows[i]) - fixture.DecisionFunction[i]) <= 1e-9, $"row {i}");
        }
    }

    [Fact]
    public void Serialize_Forest_WritesFormatVersion1()
    {
        var document = JsonNode.Parse(IsolationForestSerializer.Serialize(Forest))!;

        Assert.Equal(1, (int)document["formatVersion"]!);
        Assert.Equal(100, document["trees"]!.AsArray().Count);
    }

    [Fact]
    public void Deserialize_UnknownFormatVersion_ThrowsNamingBothVersions()
    {
        var document = JsonNode.Parse(IsolationForestSerializer.Serialize(Forest))!;
        document["formatVersion"] = 2;

        var error = Assert.Throws<InvalidDataException>(() => IsolationForestSerializer.Deserialize(Encoding.UTF8.GetBytes(document.ToJsonString())));

        Assert.Contains("formatVersion 2", error.Message, StringComparison.Ordinal);
        Assert.Contains("formatVersion 1", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"trees\":[]}", "no formatVersion")]
    [InlineData("not json", "not valid JSON")]
    [InlineData("{\"formatVersion\":1,\"featureCount\":8}", "does not match formatVersion 1")]
    [InlineData("{\"formatVersion\":1,\"featureCount\":8,\"sampleSize\":256,\"offset\":-0.5,\"trees\":[{\"feature\":[0],\"threshold\":[1],\"childrenLeft\":[5],\"childrenRight\":[6],\"nodeSamples\":[256]}]}", "Tree 0, node 0")]
    public void Deserialize_BrokenModel_ThrowsInvalidDataWithReason(string json, string reason)
    {
        var error = Assert.Throws<InvalidDataException>(() => IsolationForestSerializer.Deserialize(Encoding.UTF8.GetBytes(json)));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }
}

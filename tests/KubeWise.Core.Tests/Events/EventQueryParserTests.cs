using KubeWise.Core.Events;

namespace KubeWise.Core.Tests.Events;

public class EventQueryParserTests
{
    private static EventQuery Parse(params (string Key, string Value)[] values)
    {
        var map = values.ToDictionary(v => v.Key, v => v.Value);
        return EventQueryParser.Parse(k => map.GetValueOrDefault(k));
    }

    [Fact]
    public void Parse_AllFilters_BuildsTheQuery()
    {
        var query = Parse(("status", "Detected, awaitingapproval"), ("namespace", "shop"), ("entity_id", "api"), ("entity_type", "deployment"),
            ("from", "2026-11-26T08:00:00Z"), ("to", "2026-11-26T12:00:00+02:00"), ("skip", "20"), ("limit", "10"));

        Assert.Equal([AnomalyStatus.Detected, AnomalyStatus.AwaitingApproval], query.Statuses);
        Assert.Equal(("shop", "api", "deployment", 20, 10), (query.Namespace, query.EntityId, query.EntityType, query.Skip, query.Limit));
        Assert.Equal(new DateTimeOffset(2026, 11, 26, 8, 0, 0, TimeSpan.Zero), query.DetectedFrom);
        Assert.Equal(new DateTimeOffset(2026, 11, 26, 10, 0, 0, TimeSpan.Zero), query.DetectedTo!.Value.ToUniversalTime());
    }

    [Fact]
    public void Parse_Nothing_IsTheFirstPageOfEverything()
    {
        var query = Parse();

        Assert.Equal((0, 50, 0), (query.Skip, query.Limit, query.Statuses.Count));
    }

    [Theory]
    [InlineData("status", "Fixed", "unknown status 'Fixed'")]
    [InlineData("limit", "ten", "limit must be a whole number")]
    [InlineData("limit", "1000", "limit must be between 1 and 500")]
    [InlineData("skip", "-5", "skip must be a whole number")]
    [InlineData("from", "yesterday", "from must be an ISO-8601 time with an offset")]
    [InlineData("from", "2026-11-26T08:00:00", "from must be an ISO-8601 time with an offset")]
    public void Parse_MalformedValue_ThrowsNamingTheParameter(string key, string value, string message)
    {
        var ex = Assert.ThrowsAny<ArgumentException>(() => Parse((key, value)));

        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }
}

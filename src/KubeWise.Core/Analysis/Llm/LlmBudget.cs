using System.Globalization;

namespace KubeWise.Core.Analysis.Llm;

/// <summary>
/// Tokens spent per provider in the last rolling hour (<c>Llm:HourlyTokenBudget</c>); one per process. Once a provider's
/// hour is spent, the rules answer with the reason "budget" until enough of the hour's calls have aged out.
/// </summary>
public sealed class LlmBudget(TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Queue<(DateTimeOffset At, int Tokens)>> _spent = new(StringComparer.Ordinal);

    public void Record(string provider, int tokens)
    {
        if (tokens <= 0)
        {
            return;
        }

        lock (_gate)
        {
            if (!_spent.TryGetValue(provider, out var calls))
            {
                _spent[provider] = calls = new Queue<(DateTimeOffset, int)>();
            }

            calls.Enqueue((time.GetUtcNow(), tokens));
        }
    }

    /// <summary>Tokens <paramref name="provider"/> spent in the hour before now.</summary>
    public int SpentThisHour(string provider)
    {
        var since = time.GetUtcNow().AddHours(-1);
        lock (_gate)
        {
            if (!_spent.TryGetValue(provider, out var calls))
            {
                return 0;
            }

            while (calls.Count > 0 && calls.Peek().At <= since)
            {
                calls.Dequeue();
            }

            return calls.Sum(c => c.Tokens);
        }
    }

    /// <summary>Null while the provider may be asked; otherwise the reason, starting with "budget".</summary>
    public string? Exhausted(string provider, int hourlyCap)
    {
        if (hourlyCap <= 0)
        {
            return null;
        }

        var spent = SpentThisHour(provider);
        return spent < hourlyCap ? null : string.Create(CultureInfo.InvariantCulture,
            $"budget: {provider} spent {spent} of its {hourlyCap} tokens in the last hour (Llm:HourlyTokenBudget).");
    }
}

namespace KubeWise.Core.Remediation.Catalog;

/// <summary>The validated, typed arguments of one command, by parameter name.</summary>
public sealed class ArgumentValues(IReadOnlyDictionary<string, object> values)
{
    public IReadOnlyDictionary<string, object> All => values;

    public bool Has(string name) => values.ContainsKey(name);

    public string String(string name) => (string)values[name];

    public string? OptionalString(string name) => values.TryGetValue(name, out var v) ? (string)v : null;

    public int Int32(string name) => checked((int)(long)values[name]);

    public long? OptionalInt64(string name) => values.TryGetValue(name, out var v) ? (long)v : null;

    public Quantity? OptionalQuantity(string name) => values.TryGetValue(name, out var v) ? (Quantity)v : null;
}

using System.Security.Cryptography;
using System.Text;

namespace KubeWise.Core.Remediation.Catalog;

/// <summary>
/// A typed command from the closed catalog. Its text form (<see cref="ToString"/>) is the seed's
/// <c>operation key=value ...</c>, parameters in the operation's declared order, so parse → print is stable.
/// </summary>
public abstract record RemediationCommand
{
    /// <summary>The catalog entry this command belongs to.</summary>
    public abstract OperationDescriptor Operation { get; }

    /// <summary>The object the command changes.</summary>
    public abstract ObjectReference Target { get; }

    /// <summary>The fields this command writes on <see cref="Target"/> (the descriptor's paths with parameters filled in).</summary>
    public virtual IReadOnlyList<string> ChangedFields => Operation.ChangedFields;

    /// <summary>Whether a rollback can restore <see cref="ChangedFields"/>.</summary>
    public bool Reversible => Operation.Reversible;

    /// <summary>The arguments in print order; optional ones that were not given are left out.</summary>
    public abstract IEnumerable<KeyValuePair<string, object>> Arguments { get; }

    /// <summary>
    /// A short stable hash of the text form, for the <c>kubewise.io/applied</c> idempotency marker and rate keys.
    /// </summary>
    public string Fingerprint => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(ToString())))[..16];

    public sealed override string ToString()
    {
        var builder = new StringBuilder(Operation.Name);
        foreach (var (name, value) in Arguments)
        {
            builder.Append(' ').Append(name).Append('=').Append(ParameterSpec.Format(value));
        }

        return builder.ToString();
    }

    protected static KeyValuePair<string, object> Arg(string name, object value) => new(name, value);
}

namespace KubeWise.Application.Orchestrations;

/// <summary>
/// A person's answer, raised as the external event named in the orchestration's custom status.
/// A new name per wait (<c>Approval-1</c>, <c>Approval-2</c>…): a timed-out wait can swallow a later event of the same name.
/// </summary>
/// <param name="Approved">True to apply, false to reject.</param>
/// <param name="By">Who decided (from the caller's identity, never from a typed field).</param>
/// <param name="Comment">Why, optionally.</param>
/// <param name="Commands">The subset of the suggested commands to apply; empty or null for all of them.</param>
public sealed record ApprovalEvent(bool Approved, string By, string? Comment = null, IReadOnlyList<string>? Commands = null)
{
    public const string NamePrefix = "Approval-";

    public static string NameFor(int round) => NamePrefix + round.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

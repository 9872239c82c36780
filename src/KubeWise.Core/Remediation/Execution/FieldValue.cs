using KubeWise.Core.Remediation.Catalog;

namespace KubeWise.Core.Remediation.Execution;

/// <summary>One field a command touches and its value as JSON text; <see cref="Json"/> is null when the field is absent.</summary>
public sealed record FieldValue(string Path, string? Json);

/// <summary>
/// What validation saw (at suggestion or approval time): the object's identity and the fields the command touches.
/// Execution proceeds only while the live object still matches it. resourceVersion is not part of it: status writes
/// change it every few seconds; it is only the write precondition.
/// </summary>
public sealed record ValidatedState(ObjectReference Target, string Uid, long? Generation, IReadOnlyList<FieldValue> Fields, DateTimeOffset ValidatedAt);

namespace KubeWise.Core.Remediation.Catalog;

/// <summary>
/// The path notation of <see cref="OperationDescriptor.ChangedFields"/>: dotted field names, with map keys that contain
/// dots or slashes (annotation and label keys) in brackets, e.g. <c>metadata.annotations[example.com/owner]</c>.
/// </summary>
public static class FieldPath
{
    public static string Append(string path, string key)
    {
        if (key.AsSpan().IndexOfAny("./[]") >= 0)
        {
            return $"{path}[{key}]";
        }

        return path.Length == 0 ? key : $"{path}.{key}";
    }
}

namespace KubeWise.Cli;

/// <summary>What a setting of a given type accepts, in words, for the messages that reject a value.</summary>
internal static class SettingExpectations
{
    public static string For(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type.IsEnum)
        {
            return $"one of {string.Join(", ", Enum.GetNames(type))}";
        }

        return Type.GetTypeCode(type) switch
        {
            TypeCode.Double or TypeCode.Single or TypeCode.Decimal => "a number such as -0.2",
            TypeCode.Int16 or TypeCode.Int32 or TypeCode.Int64 or TypeCode.UInt16 or TypeCode.UInt32 or TypeCode.UInt64 or TypeCode.Byte => "a whole number such as 30",
            TypeCode.Boolean => "true or false",
            _ when type == typeof(TimeSpan) => "a time span such as 00:05:00",
            _ when type == typeof(Uri) => "an absolute URL",
            _ => $"a {type.Name}",
        };
    }
}

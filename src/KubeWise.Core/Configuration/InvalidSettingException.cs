namespace KubeWise.Core.Configuration;

/// <summary>A setting whose value cannot be used; the message names the setting and the values it accepts.</summary>
public sealed class InvalidSettingException : Exception
{
    public InvalidSettingException(string setting, string message, Exception? inner = null)
        : base(message, inner) => Setting = setting;

    public InvalidSettingException()
        : this(string.Empty, "A setting cannot be used.")
    {
    }

    public InvalidSettingException(string message)
        : this(string.Empty, message)
    {
    }

    public InvalidSettingException(string message, Exception innerException)
        : this(string.Empty, message, innerException)
    {
    }

    /// <summary>The name the user set (original name or options path).</summary>
    public string Setting { get; }
}

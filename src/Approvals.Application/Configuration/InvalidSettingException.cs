namespace Approvals.Application.Configuration;

/// <summary>A setting with a value the application cannot use; the message names the setting and says what it takes.</summary>
public sealed class InvalidSettingException(string key, string message) : InvalidOperationException(message)
{
    public string Key { get; } = key;
}

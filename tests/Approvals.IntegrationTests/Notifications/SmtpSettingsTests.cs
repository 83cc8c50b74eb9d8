using Approvals.Application.Configuration;
using Microsoft.Extensions.Configuration;

namespace Approvals.IntegrationTests.Notifications;

/// <summary>Approvals:Smtp is checked at start like every setting: a mail server that cannot work stops the host, named.</summary>
public sealed class SmtpSettingsTests
{
    private static readonly Dictionary<string, string?> Working = new()
    {
        ["Approvals:Smtp:Host"] = "smtp.zrzy.example",
        ["Approvals:Smtp:From"] = "预审系统 <noreply@zrzy.example>",
        ["Approvals:PublicUrl"] = "https://approvals.zrzy.example",
    };

    private static IConfiguration With(params (string Key, string? Value)[] changes)
    {
        var settings = new Dictionary<string, string?>(Working);
        foreach (var (key, value) in changes) settings[key] = value;
        return new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
    }

    [Theory]
    [InlineData("Approvals:Smtp:Port", "70000")]
    [InlineData("Approvals:Smtp:Security", "Starttls please")]
    [InlineData("Approvals:Smtp:From", "noreply at zrzy")]
    [InlineData("Approvals:PublicUrl", "approvals.zrzy.example")]
    [InlineData("Approvals:Smtp:RetryDelay", "soon")]
    [InlineData("Approvals:Smtp:MaxAttempts", "0")]
    public void A_mail_setting_the_application_cannot_use_stops_the_start_with_a_message_naming_it(string key, string value)
    {
        var refused = Assert.Throws<InvalidSettingException>(() => ApprovalsOptions.Read(With((key, value))));
        Assert.Equal(key, refused.Key);
        Assert.Contains(key, refused.Message);
        Assert.Contains(value, refused.Message);
    }

    [Theory]
    [InlineData("Approvals:Smtp:From")]
    public void A_mail_server_without_a_sender_stops_the_start(string missing)
    {
        var refused = Assert.Throws<InvalidSettingException>(() => ApprovalsOptions.Read(With((missing, null))));
        Assert.Equal(missing, refused.Key);
    }

    [Fact]
    public void A_user_without_a_password_stops_the_start()
    {
        var refused = Assert.Throws<InvalidSettingException>(() => ApprovalsOptions.Read(With(("Approvals:Smtp:User", "notify"))));
        Assert.Equal("Approvals:Smtp:Password", refused.Key);
    }

    [Fact]
    public void Without_a_host_no_mail_is_sent_and_with_one_the_defaults_are_starttls_on_587()
    {
        Assert.Null(ApprovalsOptions.Read(new ConfigurationBuilder().Build()).Smtp);
        var smtp = ApprovalsOptions.Read(With()).Smtp!;
        Assert.Equal(SmtpSecurity.StartTls, smtp.Security);
        Assert.Equal(587, smtp.Port);
        Assert.Equal(465, ApprovalsOptions.Read(With(("Approvals:Smtp:Security", "SslOnConnect"))).Smtp!.Port);
        Assert.Equal(TimeSpan.FromMinutes(1), smtp.RetryDelay);
        Assert.Equal(8, smtp.MaxAttempts);
        Assert.Equal($"https://approvals.zrzy.example/cases/{Guid.Empty}", smtp.CaseLink(Guid.Empty));
        Assert.Equal($"https://approvals.zrzy.example/sub/cases/{Guid.Empty}",
            ApprovalsOptions.Read(With(("Approvals:PublicUrl", "https://approvals.zrzy.example/sub/"))).Smtp!.CaseLink(Guid.Empty));
    }
}

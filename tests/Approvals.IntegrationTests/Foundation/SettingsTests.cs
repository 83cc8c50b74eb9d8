using Approvals.Application.Configuration;
using Microsoft.Extensions.Configuration;

namespace Approvals.IntegrationTests.Foundation;

/// <summary>The Approvals:* settings are checked once, at start, and a bad one is named.</summary>
public sealed class SettingsTests
{
    private static IConfiguration With(string key, string value) =>
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [key] = value }).Build();

    [Theory]
    [InlineData("Approvals:InvitationLifetime", "a week")]
    [InlineData("Approvals:StorageSrid", "zone 38")]
    [InlineData("Approvals:WorkerCount", "0")]
    [InlineData("Approvals:JobInvisibilityTimeout", "-00:05:00")]
    [InlineData("Approvals:Limits:BoundaryPoints", "3")]
    [InlineData("Approvals:Limits:AdHocCheckRetention", "forever")]
    [InlineData("Approvals:Mode", "both")]
    [InlineData("Approvals:Map:TileUrl", "tiles/{z}/{x}/{y}.png")]
    [InlineData("Approvals:PublicUrl", "approvals.example.gov.cn")]
    [InlineData("Approvals:Signing:Path", "/nonexistent/signing.pfx")]
    [InlineData("Approvals:Avoidance:RotationStepDeg", "0")]
    [InlineData("Approvals:Avoidance:SliverM2", "a little")]
    public void A_setting_the_application_cannot_use_stops_the_start_with_a_message_naming_it(string key, string value)
    {
        var refused = Assert.Throws<InvalidSettingException>(() => ApprovalsOptions.Read(With(key, value)));
        Assert.Equal(key, refused.Key);
        Assert.Contains(key, refused.Message);
        Assert.Contains(value, refused.Message);
    }

    [Fact]
    public void Unset_settings_take_the_defaults_the_README_gives()
    {
        var options = ApprovalsOptions.Read(new ConfigurationBuilder().Build());
        Assert.Equal("all", options.Mode);
        Assert.Equal(4526, options.StorageSrid);
        Assert.Equal(4, options.WorkerCount);
        Assert.Equal(TimeSpan.FromMinutes(5), options.JobInvisibilityTimeout);
        Assert.Equal(TimeSpan.FromDays(7), options.InvitationLifetime);
        Assert.Equal(TimeSpan.FromDays(7), options.AdHocCheckRetention);
        Assert.Equal(10485760, options.BoundaryLimits.MaxFileBytes);
        Assert.Equal("*/5 * * * *", options.AuditCheckpointSchedule);
        Assert.Null(options.TileUrl);
        Assert.Equal(new Application.SpatialChecks.Avoidance.AvoidanceOptions(100, 15, 2000, 100, 3, 12), options.Avoidance);
    }

    [Fact]
    public void An_invitation_lifetime_of_3_is_three_days()
    {
        Assert.Equal(TimeSpan.FromDays(3), ApprovalsOptions.Read(With("Approvals:InvitationLifetime", "3")).InvitationLifetime);
    }
}

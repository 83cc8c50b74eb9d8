using Approvals.Application.Cases;
using Approvals.Application.Errors;
using Approvals.Domain.Cases;
using Approvals.Domain.Jurisdictions;

namespace Approvals.UnitTests.Cases;

public sealed class CaseTests
{
    private static readonly DateTimeOffset Monday = new(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(8));
    private static readonly DateOnly AcceptedOn = new(2026, 3, 2);

    private static Case UnderReview() => new()
    {
        Id = Guid.NewGuid(), Status = CaseStatus.UnderReview, CurrentLevel = JurisdictionLevel.County,
        AcceptedOn = AcceptedOn, DueOn = AcceptedOn.AddDays(28),
    };

    [Fact]
    public void A_withdrawn_case_is_closed_with_the_reason_and_its_clock_stopped()
    {
        var c = UnderReview();
        c.PausedSince = Monday.AddDays(-1);
        c.Withdraw("  项目取消 ", Monday);
        Assert.Equal((CaseStatus.Withdrawn, "项目取消", Monday), (c.Status, c.WithdrawalReason!, c.ClosedAt!.Value));
        Assert.Null(c.CurrentLevel);
        Assert.Null(c.PausedSince);
    }

    [Theory]
    [InlineData(CaseStatus.Approved)]
    [InlineData(CaseStatus.Refused)]
    [InlineData(CaseStatus.NotAccepted)]
    [InlineData(CaseStatus.Withdrawn)]
    public void A_closed_case_cannot_be_withdrawn(CaseStatus closed)
    {
        var c = UnderReview();
        c.Status = closed;
        var refused = Assert.Throws<ConflictException>(() => c.Withdraw("项目取消", Monday));
        Assert.Contains("不能撤回", refused.Message);
        Assert.Equal(closed, c.Status);
    }

    [Fact]
    public void Extending_sets_the_deadline_given_from_the_day_of_acceptance_and_keeps_the_reason()
    {
        var c = UnderReview();
        var due = c.Extend(" 涉及跨市协调 ", accepted => accepted.AddDays(42));
        Assert.Equal(AcceptedOn.AddDays(42), due);
        Assert.Equal((true, "涉及跨市协调", due), (c.Extended, c.ExtensionReason!, c.DueOn!.Value));
    }

    [Fact]
    public void The_time_limit_is_extended_once_only_and_the_refusal_quotes_the_first_reason()
    {
        var c = UnderReview();
        c.Extend("涉及跨市协调", accepted => accepted.AddDays(42));
        var refused = Assert.Throws<ConflictException>(() => c.Extend("again", accepted => accepted.AddDays(60)));
        Assert.Contains("涉及跨市协调", refused.Message);
        Assert.Equal(AcceptedOn.AddDays(42), c.DueOn);
    }

    [Fact]
    public void A_case_not_yet_accepted_has_no_time_limit_to_extend()
    {
        var c = UnderReview();
        c.Status = CaseStatus.AwaitingAcceptance;
        c.AcceptedOn = null;
        Assert.Throws<ConflictException>(() => c.Extend("涉及跨市协调", accepted => accepted.AddDays(42)));
        Assert.False(c.Extended);
    }

    [Fact]
    public void A_closed_case_cannot_be_extended()
    {
        var c = UnderReview();
        c.Status = CaseStatus.Approved;
        Assert.Throws<ConflictException>(() => c.Extend("涉及跨市协调", accepted => accepted.AddDays(42)));
        Assert.False(c.Extended);
    }

    [Fact]
    public void The_review_is_forwarded_one_level_up_and_never_down()
    {
        var c = UnderReview();
        c.ForwardTo(JurisdictionLevel.City);
        Assert.Equal(JurisdictionLevel.City, c.CurrentLevel);
        Assert.Throws<ConflictException>(() => c.ForwardTo(JurisdictionLevel.County));
        Assert.Throws<ConflictException>(() => c.ForwardTo(JurisdictionLevel.City));
        Assert.Equal(JurisdictionLevel.City, c.CurrentLevel);
    }

    [Fact]
    public void A_closed_case_is_not_forwarded()
    {
        var c = UnderReview();
        c.Status = CaseStatus.Refused;
        Assert.Throws<ConflictException>(() => c.ForwardTo(JurisdictionLevel.City));
    }

    [Fact]
    public void A_departments_opinion_makes_the_case_another_version()
    {
        var c = UnderReview();
        var before = c.Version;
        c.ReviewGiven();
        Assert.Equal(before + 1, c.Version);
    }
}

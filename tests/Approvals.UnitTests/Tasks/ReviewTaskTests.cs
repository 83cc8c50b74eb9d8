using Approvals.Application.Errors;
using Approvals.Application.Tasks;
using Approvals.Domain.Cases;

namespace Approvals.UnitTests.Tasks;

public sealed class ReviewTaskTests
{
    private static readonly Guid Li = Guid.NewGuid();
    private static readonly Guid Wang = Guid.NewGuid();
    private static readonly DateTimeOffset Monday = new(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(8));

    private static ReviewTask OpenTask() => new() { Id = Guid.NewGuid(), Name = "县级用地审查", Stage = TaskStage.Review, Status = ReviewTaskStatus.Open };

    [Fact]
    public void A_reviewer_who_claims_an_open_task_holds_it_from_that_moment()
    {
        var task = OpenTask();
        task.Claim(Li, "li", Monday);
        Assert.Equal((Li, "li", Monday), (task.AssigneeId!.Value, task.AssigneeName!, task.ClaimedAt!.Value));
    }

    [Fact]
    public void A_task_claimed_by_a_colleague_cannot_be_claimed_and_the_refusal_names_the_colleague()
    {
        var task = OpenTask();
        task.Claim(Li, "li", Monday);
        var refused = Assert.Throws<ConflictException>(() => task.Claim(Wang, "wang", Monday.AddMinutes(1)));
        Assert.Contains("li", refused.Message);
        Assert.Equal(Li, task.AssigneeId);
    }

    [Fact]
    public void Claiming_ones_own_task_again_renews_the_claim()
    {
        var task = OpenTask();
        task.Claim(Li, "li", Monday);
        task.Claim(Li, "li", Monday.AddHours(1));
        Assert.Equal(Monday.AddHours(1), task.ClaimedAt);
    }

    [Theory]
    [InlineData(ReviewTaskStatus.Completed)]
    [InlineData(ReviewTaskStatus.Cancelled)]
    public void A_closed_task_can_be_neither_claimed_released_nor_reassigned(ReviewTaskStatus status)
    {
        var task = OpenTask();
        task.Claim(Li, "li", Monday);
        task.Status = status;
        Assert.Throws<ConflictException>(() => task.Claim(Li, "li", Monday));
        Assert.Throws<ConflictException>(() => task.Release(Li));
        Assert.Throws<ConflictException>(() => task.ReassignTo(Wang, "wang", Monday));
        Assert.Equal(Li, task.AssigneeId);
    }

    [Fact]
    public void Only_the_holder_may_release_a_task_and_then_every_candidate_sees_it_unclaimed()
    {
        var task = OpenTask();
        task.Claim(Li, "li", Monday);
        Assert.Throws<ConflictException>(() => task.Release(Wang));
        task.Release(Li);
        Assert.Equal((null, null, null), (task.AssigneeId, task.AssigneeName, task.ClaimedAt));
    }

    [Fact]
    public void An_unclaimed_task_cannot_be_released()
    {
        Assert.Throws<ConflictException>(() => OpenTask().Release(Li));
    }

    [Fact]
    public void A_supervisor_may_hand_a_claimed_task_to_another_candidate()
    {
        var task = OpenTask();
        task.Claim(Li, "li", Monday);
        task.ReassignTo(Wang, "wang", Monday.AddDays(1));
        Assert.Equal((Wang, "wang", Monday.AddDays(1)), (task.AssigneeId!.Value, task.AssigneeName!, task.ClaimedAt!.Value));
    }

    [Fact]
    public void Completing_records_the_outcome_the_opinion_the_conditions_and_who_completed_it()
    {
        var task = OpenTask();
        task.Claim(Li, "li", Monday);
        task.Complete(TaskOutcome.AgreeWithConditions, "同意", "避让林地", Li, "li", bySystem: false, Monday.AddHours(2));
        Assert.Equal(ReviewTaskStatus.Completed, task.Status);
        Assert.Equal((TaskOutcome.AgreeWithConditions, "同意", "避让林地"), (task.Outcome!.Value, task.Opinion!, task.Conditions!));
        Assert.Equal((Li, "li", Monday.AddHours(2)), (task.CompletedById!.Value, task.CompletedByName!, task.CompletedAt!.Value));
    }

    [Fact]
    public void Anyone_who_may_work_an_unclaimed_task_may_complete_it()
    {
        var task = OpenTask();
        task.Complete(TaskOutcome.Agree, "同意", null, Wang, "wang", bySystem: false, Monday);
        Assert.Equal(ReviewTaskStatus.Completed, task.Status);
    }

    [Fact]
    public void A_colleagues_claim_stands_against_completing_but_not_against_the_system()
    {
        var task = OpenTask();
        task.Claim(Li, "li", Monday);
        var refused = Assert.Throws<ConflictException>(() => task.Complete(TaskOutcome.Agree, "同意", null, Wang, "wang", bySystem: false, Monday));
        Assert.Contains("li", refused.Message);
        Assert.Equal(ReviewTaskStatus.Open, task.Status);

        task.Complete(TaskOutcome.Agree, "同意", null, null, "系统", bySystem: true, Monday);
        Assert.Equal(ReviewTaskStatus.Completed, task.Status);
    }

    [Theory]
    [InlineData(ReviewTaskStatus.Completed)]
    [InlineData(ReviewTaskStatus.Cancelled)]
    public void A_task_no_longer_open_cannot_be_completed_again(ReviewTaskStatus status)
    {
        var task = OpenTask();
        task.Status = status;
        Assert.Throws<ConflictException>(() => task.Complete(TaskOutcome.Disagree, "不同意", null, Li, "li", bySystem: false, Monday));
        Assert.Null(task.Outcome);
    }

    [Fact]
    public void Cancelling_takes_an_open_task_out_of_the_inbox_and_leaves_a_completed_one_as_it_was()
    {
        var open = OpenTask();
        open.Cancel(Monday);
        Assert.Equal((ReviewTaskStatus.Cancelled, Monday), (open.Status, open.CompletedAt!.Value));

        var done = OpenTask();
        done.Complete(TaskOutcome.Agree, "同意", null, Li, "li", bySystem: false, Monday);
        done.Cancel(Monday.AddDays(1));
        Assert.Equal((ReviewTaskStatus.Completed, Monday, TaskOutcome.Agree), (done.Status, done.CompletedAt!.Value, done.Outcome!.Value));
    }
}

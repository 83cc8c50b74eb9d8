namespace Approvals.Domain.Cases;

/// <summary>The points of a case's path that are not a person's task (see <c>Names.Of(CaseMilestone)</c>).</summary>
public enum CaseMilestone
{
    Submitted = 1,
    SpatialCheck = 2,
    Routing = 3,
    JointReview = 4,
    Closed = 5,
}

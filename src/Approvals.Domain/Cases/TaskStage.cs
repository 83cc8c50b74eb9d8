namespace Approvals.Domain.Cases;

/// <summary>The kinds of human task a case passes through.</summary>
public enum TaskStage
{
    /// <summary>The county window checks the application is complete (受理 / 形式审查).</summary>
    Acceptance = 1,
    /// <summary>One department's review at one level (初审 below the deciding level, 审查 at it).</summary>
    Review = 2,
    /// <summary>The decision at the deciding level (预审意见).</summary>
    Decision = 3,
    /// <summary>The applicant corrects and resubmits (补正); the clock is paused meanwhile.</summary>
    Correction = 4,
}

namespace Approvals.Application.Identity;

/// <summary>A company or project owner that applies; its users see its cases and nobody else's.</summary>
public sealed class Organisation
{
    public Guid Id { get; set; }
    public string Name { get; set; } = "";
    /// <summary>统一社会信用代码 (unified social credit code), 18 characters with a check character.</summary>
    public string CreditCode { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
}

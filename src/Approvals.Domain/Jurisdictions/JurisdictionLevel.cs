namespace Approvals.Domain.Jurisdictions;

/// <summary>The administrative tiers a case passes through, lowest first; the order is meaningful (a higher value decides more).</summary>
public enum JurisdictionLevel
{
    County = 1,
    City = 2,
    Province = 3,
    /// <summary>Not a jurisdiction the system administers: cases needing it are reviewed by the province and forwarded.</summary>
    National = 4,
}

using Approvals.Application.Persistence;
using Approvals.Application.Errors;
using Approvals.Application.Localization;
using Approvals.Domain.Cases;
using Approvals.Domain.Jurisdictions;
using Approvals.Domain.UseTypes;
using NetTopologySuite.Geometries;

namespace Approvals.Application.Cases;

/// <summary>
/// One joint application (案件), from submission to decision. The workflow instance drives it; the
/// case row keeps what people search and read: the project, the uses, the boundary, where it stands.
/// </summary>
public sealed class Case : IVersioned
{
    public Guid Id { get; set; }
    /// <summary>Case number shown to people, e.g. 140525-2026-00017 (county, year, sequence).</summary>
    public string Number { get; set; } = "";
    /// <summary>The applicant's key for a retried submission; unique per applicant.</summary>
    public string? IdempotencyKey { get; set; }
    /// <summary>SHA-256 of the submission as sent (without its key): a retry must send the same, or it is another application.</summary>
    public string? SubmissionFingerprint { get; set; }
    public Guid ApplicantUserId { get; set; }
    public Guid OrganisationId { get; set; }

    public string CountyCode { get; set; } = "";
    public string ProjectName { get; set; } = "";
    public string? ProjectCode { get; set; }
    public string ProjectOwner { get; set; } = "";
    public string ProjectType { get; set; } = "";
    /// <summary>The level that approves or files the project itself (land use is reviewed at the same level).</summary>
    public JurisdictionLevel DeclaredApprovalLevel { get; set; }
    public NationalKeyProjectKind? NationalKeyProject { get; set; }
    public bool InfrastructurePublicOrDefence { get; set; }
    public List<CaseUse> Uses { get; set; } = [];

    /// <summary>The boundary file as submitted (GeoJSON, 界址点 TXT or zipped Shapefile), kept as evidence and re-read for each check.</summary>
    public byte[] BoundaryFile { get; set; } = [];
    public string? BoundaryFileName { get; set; }
    public int? BoundarySourceSrid { get; set; }
    /// <summary>The boundary (红线) in the storage CRS.</summary>
    public MultiPolygon Boundary { get; set; } = null!;
    public double BoundaryAreaM2 { get; set; }
    /// <summary>The comparison report the case was last checked with (JSON as produced by the spatial check).</summary>
    public string? SpatialReport { get; set; }
    public DateTimeOffset? SpatialCheckedAt { get; set; }

    public List<string> RequiredDepartments { get; set; } = [];
    public JurisdictionLevel? DecidingLevel { get; set; }
    public JurisdictionLevel? CurrentLevel { get; set; }
    public bool ForwardToNational { get; set; }
    /// <summary>
    /// The rules version the case was first routed with: a later routing (after a correction) and its deadlines use
    /// it, so a version published while the case runs does not change who reviews it or when. Null until routed.
    /// </summary>
    public int? RulesVersion { get; set; }

    public CaseStatus Status { get; set; }
    public DateTimeOffset SubmittedAt { get; set; }
    public DateOnly? AcceptedOn { get; set; }
    /// <summary>The whole case's statutory deadline (working days from acceptance, shifted by paused time and any extension).</summary>
    public DateOnly? DueOn { get; set; }
    public bool Extended { get; set; }
    public string? ExtensionReason { get; set; }
    /// <summary>Set while the clock is paused (waiting for the applicant's correction).</summary>
    public DateTimeOffset? PausedSince { get; set; }

    public DateTimeOffset? ClosedAt { get; set; }
    public string? DocumentNumber { get; set; }
    public string? DecisionOpinion { get; set; }
    /// <summary>The decision's final conditions (the reviews' and the decider's, as the decider settled them).</summary>
    public List<Decisions.DecisionCondition> DecisionConditions { get; set; } = [];
    /// <summary>The authorities that issued the decision (会签), named as they were on the day.</summary>
    public List<Decisions.IssuingAuthority> DecisionIssuers { get; set; } = [];
    /// <summary>A refusal's legal basis as the decider wrote it; null cites the configured default of the lead department.</summary>
    public string? DecisionLegalBasis { get; set; }
    /// <summary>The last day an approval is valid.</summary>
    public DateOnly? DecisionValidUntil { get; set; }
    public JurisdictionLevel? DecidedAtLevel { get; set; }
    public string? DecidedBy { get; set; }
    public string? WithdrawalReason { get; set; }

    public Guid WorkflowInstanceId { get; set; }
    /// <summary>Optimistic concurrency: every change bumps it.</summary>
    public int Version { get; set; }

    public bool IsClosed => Status.IsClosed();

    /// <summary>The applicant withdraws the application: it closes, and its clock stops for good.</summary>
    public void Withdraw(string reason, DateTimeOffset at)
    {
        if (IsClosed) throw new ConflictException(Bilingual.Text("案件已办结，不能撤回", "The case has been decided and cannot be withdrawn"));
        Status = CaseStatus.Withdrawn;
        WithdrawalReason = reason.Trim();
        ClosedAt = at;
        CurrentLevel = null;
        PausedSince = null;
    }

    /// <summary>
    /// The statutory time limit is extended once, for a reason, on an open case whose clock has started.
    /// <paramref name="extendedDue"/> gives the new deadline from the day the case was accepted; it is returned.
    /// </summary>
    public DateOnly Extend(string reason, Func<DateOnly, DateOnly> extendedDue)
    {
        if (IsClosed) throw new ConflictException(Bilingual.Text("案件已办结", "The case is closed"));
        if (AcceptedOn is not { } accepted)
            throw new ConflictException(Bilingual.Text("案件尚未受理，办理期限尚未开始计算", "The case is not accepted yet; its time limit has not started"));
        if (Extended)
            throw new ConflictException(Bilingual.Text($"办理期限只能延长一次（已于此前延长：{ExtensionReason}）", $"The time limit can be extended once only (already extended: {ExtensionReason})"));
        Extended = true;
        ExtensionReason = reason.Trim();
        DueOn = extendedDue(accepted);
        return DueOn.Value;
    }

    /// <summary>The review moves one level up (county → city → province) while the case is open.</summary>
    public void ForwardTo(JurisdictionLevel next)
    {
        if (IsClosed) throw new ConflictException(Bilingual.Text("案件已办结", "The case is closed"));
        if (CurrentLevel is { } current && next <= current)
            throw new ConflictException(Bilingual.Text("案件只能向上一级转报", "A case can only be forwarded to a higher level"));
        CurrentLevel = next;
    }

    /// <summary>
    /// A department's opinion changes where the case stands though no column of the case does: its version moves,
    /// so a withdrawal or extension read before the opinion conflicts rather than acting on an older case.
    /// </summary>
    public void ReviewGiven() => Version++;
}

/// <summary>One requested use with the facts its rules need.</summary>
public sealed record CaseUse(
    UseType Type,
    decimal? AreaHa,
    ForestKind? ForestKind = null,
    ForestUseTerm? ForestTerm = null,
    bool? BasicGrassland = null,
    string? Mineral = null)
{
    /// <summary>The uses as stored: each with only the facts that belong to its type, in the order of the types.</summary>
    public static List<CaseUse> Normalize(IEnumerable<CaseUse> uses) => uses.Select(u => u.Normalized()).OrderBy(u => u.Type).ToList();

    /// <summary>Only the facts that belong to this use's type, so a use switched from one type to another leaves nothing behind.</summary>
    private CaseUse Normalized() => Type switch
    {
        UseType.Land => new CaseUse(UseType.Land, AreaHa),
        UseType.Mineral => new CaseUse(UseType.Mineral, AreaHa, Mineral: Mineral?.Trim()),
        UseType.Forest => new CaseUse(UseType.Forest, AreaHa, ForestKind, ForestTerm ?? ForestUseTerm.Permanent),
        _ => new CaseUse(UseType.Grassland, AreaHa, BasicGrassland: BasicGrassland ?? false),
    };

    public UseRequest ToUseRequest(JurisdictionLevel declaredLevel, NationalKeyProjectKind? nationalKey) => Type switch
    {
        UseType.Land => new LandUseRequest(declaredLevel, nationalKey),
        UseType.Forest => new ForestUseRequest(Domain.Measures.Area.FromHectares(AreaHa ?? 0), ForestKind ?? Domain.UseTypes.ForestKind.Other, ForestTerm ?? ForestUseTerm.Permanent),
        UseType.Grassland => new GrasslandUseRequest(Domain.Measures.Area.FromHectares(AreaHa ?? 0), BasicGrassland ?? false),
        UseType.Mineral => new MineralUseRequest(Mineral ?? ""),
        _ => throw new ArgumentOutOfRangeException(nameof(Type), Type, null),
    };
}

/// <summary>A period during which the statutory clock stood still, and why.</summary>
public sealed class CasePause
{
    public Guid Id { get; set; }
    public Guid CaseId { get; set; }
    public string Reason { get; set; } = "";
    public DateTimeOffset From { get; set; }
    public DateTimeOffset? To { get; set; }
}

/// <summary>
/// One line of the case's timeline: what happened, who did it, the opinion given. Internal notes are
/// kept from the applicant.
/// </summary>
public sealed class CaseEvent
{
    public long Id { get; set; }
    public Guid CaseId { get; set; }
    public DateTimeOffset At { get; set; }
    public string Actor { get; set; } = "";
    /// <summary>Machine-readable kind, e.g. submitted, accepted, review-agreed, forwarded, approved.</summary>
    public string Kind { get; set; } = "";
    public string Summary { get; set; } = "";
    public string SummaryEn { get; set; } = "";
    public string? Opinion { get; set; }
    /// <summary>The opinion in English when the system wrote it (routing's reasons); a person's opinion is in their own words only.</summary>
    public string? OpinionEn { get; set; }
    public JurisdictionLevel? Level { get; set; }
    public string? Department { get; set; }
    public bool VisibleToApplicant { get; set; } = true;
}

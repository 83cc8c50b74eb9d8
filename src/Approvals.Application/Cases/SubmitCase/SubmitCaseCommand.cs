using System.Security.Cryptography;
using System.Text.Json;
using Approvals.Application.Errors;
using Approvals.Application.Identity;
using Approvals.Application.Jurisdictions;
using Approvals.Application.Localization;
using Approvals.Application.Numbering;
using Approvals.Application.Persistence;
using Approvals.Application.Rules;
using Approvals.Application.Workflows;
using Approvals.Application.Workflows.Activities;
using Approvals.Domain.Cases;
using Approvals.Domain.Jurisdictions;
using Approvals.Domain.UseTypes;
using Approvals.Spatial.Boundaries;
using FluentValidation;
using FluentValidation.Results;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Approvals.Application.Cases.SubmitCase;

/// <summary>
/// An applicant submits one joint application for the uses it needs. Retrying with the same
/// idempotency key returns the case already created instead of making a second one.
/// </summary>
public sealed record SubmitCaseCommand(
    string IdempotencyKey,
    string CountyCode,
    ProjectInput Project,
    JurisdictionLevel DeclaredApprovalLevel,
    IReadOnlyList<CaseUse> Uses,
    JsonElement? Boundary = null,
    string? BoundaryText = null,
    int? BoundarySrid = null,
    NationalKeyProjectKind? NationalKeyProject = null,
    bool InfrastructurePublicOrDefence = false) : ICommand<SubmittedCase>
{
    /// <summary>What identifies the submission's content: everything but the key itself, hashed.</summary>
    public string Fingerprint() =>
        Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(this with { IdempotencyKey = "" })));
}

public sealed record ProjectInput(string Name, string? Code, string Owner, string Type);

public sealed record SubmittedCase(Guid Id, string Number, CaseStatus Status);

public sealed class SubmitCaseValidator : AbstractValidator<SubmitCaseCommand>
{
    public SubmitCaseValidator()
    {
        RuleFor(c => c.IdempotencyKey).Must(k => !string.IsNullOrWhiteSpace(k) && k.Length <= 100)
            .WithMessage(_ => Bilingual.Text("缺少防重复提交标识（idempotencyKey，不超过 100 个字符）", "An idempotency key of at most 100 characters is required (idempotencyKey)"));
        RuleFor(c => c.CountyCode).Must(Jurisdiction.IsValidCode)
            .WithMessage(_ => Bilingual.Text("请选择项目所在县（6 位行政区划代码）", "Choose the county the project lies in (six-digit code)"));
        RuleFor(c => c.Project).NotNull().WithMessage(_ => Bilingual.Text("请填写项目信息", "Enter the project"));
        RuleFor(c => c.Project).SetValidator(new ProjectInputValidator());
        RuleFor(c => c.DeclaredApprovalLevel).IsDeclaredApprovalLevel();
        RuleFor(c => c.Uses).AreValidUses();
        RuleForEach(c => c.Uses).ChildRules(ApplicationRules.EachUse);
        RuleFor(c => c).Must(c => (c.Boundary is not null) ^ !string.IsNullOrWhiteSpace(c.BoundaryText))
            .WithName("boundary").OverridePropertyName("boundary")
            .WithMessage(_ => Bilingual.Text("请提供一份红线：GeoJSON（boundary）或界址点坐标文本（boundaryText）", "Give one boundary: GeoJSON (boundary) or the boundary-coordinate text (boundaryText)"));
    }
}

public sealed class SubmitCaseHandler(ApprovalsDbContext db, ActorAccessor actorAccessor, WorkflowHost workflows, TimeProvider clock, BoundaryReader boundaries,
    Configuration.ApprovalsOptions options)
    : ICommandHandler<SubmitCaseCommand, SubmittedCase>
{
    public const string DefinitionId = "joint-preapproval";

    public async ValueTask<SubmittedCase> Handle(SubmitCaseCommand command, CancellationToken ct)
    {
        var actor = actorAccessor.Current;
        if (!actor.IsInRole(Roles.Applicant) || actor.OrganisationId is null || actor.UserId is null)
            throw new ForbiddenException(Bilingual.Text("只有申请人可以提交申请", "Only applicants submit applications"));

        var fingerprint = command.Fingerprint();
        var existing = await FindExistingAsync(actor.UserId.Value, command.IdempotencyKey, fingerprint, ct);
        if (existing is not null) return existing;

        var county = await db.Jurisdictions.AsNoTracking().SingleOrDefaultAsync(j => j.Code == command.CountyCode, ct);
        if (county is null || county.Level != JurisdictionLevel.County)
            throw Invalid("countyCode", Bilingual.Text("所选地区不是本省的县级行政区", "The chosen place is not a county of this province"));
        var city = await db.Jurisdictions.AsNoTracking().SingleAsync(j => j.Code == county.ParentCode, ct);

        var boundary = CaseBoundary.Read(boundaries, command.Boundary, command.BoundaryText, command.BoundarySrid);
        // A boundary in another county would be reviewed by the wrong county's staff: refused before anything is written.
        await CountyFit.EnsureWithinAsync(db, county.Code, boundary.Geometry, ct);

        var now = clock.GetUtcNow();
        // A caller's transaction (a draft that records the case it became) is joined, not nested.
        await using var tx = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        var year = LocalDate.Today(clock).Year;
        var sequence = await NumberSequence.NextAsync(db, $"case:{county.Code}:{year}", ct);
        var c = new Case
        {
            Id = Guid.CreateVersion7(), Number = $"{county.Code}-{year}-{sequence:D5}", IdempotencyKey = command.IdempotencyKey, SubmissionFingerprint = fingerprint,
            ApplicantUserId = actor.UserId.Value, OrganisationId = actor.OrganisationId.Value, CountyCode = county.Code,
            ProjectName = command.Project.Name.Trim(), ProjectCode = command.Project.Code?.Trim(), ProjectOwner = command.Project.Owner.Trim(),
            ProjectType = command.Project.Type.Trim(), DeclaredApprovalLevel = command.DeclaredApprovalLevel,
            NationalKeyProject = command.NationalKeyProject, InfrastructurePublicOrDefence = command.InfrastructurePublicOrDefence,
            Uses = CaseUse.Normalize(command.Uses), Status = CaseStatus.AwaitingAcceptance, SubmittedAt = now,
            WorkflowInstanceId = Guid.CreateVersion7(), CurrentLevel = JurisdictionLevel.County,
        };
        boundary.ApplyTo(c);
        db.Set<Case>().Add(c);
        CaseTimeline.Record(db, c.Id, now, actor.Name, "submitted", $"提交申请，案件编号 {c.Number}", $"Application submitted as case {c.Number}");
        // Land other cases claim is a warning for the reviewers, not a refusal: which claim stands is theirs to decide.
        BoundaryConflicts.RecordWarning(db, c.Id, now, actor.Name, await BoundaryConflicts.FindAsync(db, c.Boundary, c.Id, options, now, ct));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (tx is not null && e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // The same submission raced in twice and the other one won: answer with its case.
            await tx.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            var winner = await FindExistingAsync(actor.UserId.Value, command.IdempotencyKey, fingerprint, ct);
            if (winner is null) throw;
            return winner;
        }
        await workflows.StartAsync(c.WorkflowInstanceId, DefinitionId, CaseVariables.StartInput(c, city.Code, city.ParentCode!), actor.Name, c.Id, ct);
        if (tx is not null) await tx.CommitAsync(ct);
        return new SubmittedCase(c.Id, c.Number, c.Status);
    }

    /// <summary>
    /// The case an earlier submission with this key made, if any. The same key with another body is refused
    /// rather than answered with the first case: the caller would otherwise believe a second application was filed.
    /// </summary>
    private async Task<SubmittedCase?> FindExistingAsync(Guid applicant, string key, string fingerprint, CancellationToken ct)
    {
        var existing = await db.Set<Case>().AsNoTracking()
            .Where(c => c.ApplicantUserId == applicant && c.IdempotencyKey == key)
            .Select(c => new { Submitted = new SubmittedCase(c.Id, c.Number, c.Status), c.SubmissionFingerprint })
            .SingleOrDefaultAsync(ct);
        if (existing is null) return null;
        // Cases submitted before fingerprints were kept have none; they answer as before.
        if (existing.SubmissionFingerprint is not null && existing.SubmissionFingerprint != fingerprint)
            throw new UnprocessableException(Bilingual.Text(
                $"防重复提交标识“{key}”已用于另一份申请（案件 {existing.Submitted.Number}），内容不同：新的申请请使用新的标识",
                $"The idempotency key \"{key}\" was already used for a different application (case {existing.Submitted.Number}); use a new key for a new application"));
        return existing.Submitted;
    }

    private static ValidationException Invalid(string field, string message) => new([new ValidationFailure(field, message)]);
}

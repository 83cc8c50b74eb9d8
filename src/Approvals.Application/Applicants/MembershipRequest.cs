using Approvals.Application.Errors;
using Approvals.Application.Identity;
using Approvals.Application.Localization;
using Approvals.Application.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Application.Applicants;

public enum MembershipRequestStatus
{
    Pending,
    Approved,
    Rejected,
    /// <summary>The requester joined an organisation another way (an invitation) before anybody decided.</summary>
    Superseded,
}

/// <summary>The outcome of deciding a request to join.</summary>
public sealed record MembershipDecision(Guid RequestId, Guid UserId, MembershipRequestStatus Status);

/// <summary>
/// A registrant's request to join an organisation that registered the same credit code before them. The
/// code is printed on every business licence, so knowing it proves nothing: a member of the organisation
/// or an administrator decides, and until then the requester sees nothing of it.
/// </summary>
public sealed class MembershipRequest
{
    public Guid Id { get; set; }
    public Guid OrganisationId { get; set; }
    public Guid UserId { get; set; }
    /// <summary>The organisation's name as the requester typed it, for whoever decides (the requester is not shown the registered one).</summary>
    public string GivenOrganisationName { get; set; } = "";
    public MembershipRequestStatus Status { get; set; }
    public DateTimeOffset RequestedAt { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
    public Guid? DecidedById { get; set; }
    public string? DecidedByName { get; set; }
    /// <summary>Why it was rejected, if the person who rejected it said.</summary>
    public string? Reason { get; set; }

    /// <summary>
    /// The request, if the caller may decide it (a member of its organisation or an administrator), with its row
    /// locked for the caller's transaction so that two people deciding at once take turns.
    /// </summary>
    public static async Task<MembershipRequest> FindDecidableAsync(ApprovalsDbContext db, Actor actor, Guid requestId, CancellationToken ct)
    {
        await db.Database.ExecuteSqlInterpolatedAsync($"SELECT 1 FROM membership_requests WHERE id = {requestId} FOR UPDATE", ct);
        var request = await db.Set<MembershipRequest>().SingleOrDefaultAsync(r => r.Id == requestId, ct);
        // Requests to join other organisations do not exist for the caller, so their ids cannot be probed.
        if (request is null || !actor.MayDecideFor(request.OrganisationId))
            throw new NotFoundException(Bilingual.Text("未找到该加入申请", "No such request to join"));
        return request;
    }

    public void Approve(Actor by, DateTimeOffset now) => Decide(MembershipRequestStatus.Approved, by, null, now);

    public void Reject(Actor by, string? reason, DateTimeOffset now) => Decide(MembershipRequestStatus.Rejected, by, reason, now);

    public void Supersede(DateTimeOffset now)
    {
        if (Status != MembershipRequestStatus.Pending) return;
        Status = MembershipRequestStatus.Superseded;
        DecidedAt = now;
    }

    private void Decide(MembershipRequestStatus outcome, Actor by, string? reason, DateTimeOffset now)
    {
        if (Status != MembershipRequestStatus.Pending)
            throw new ConflictException(Bilingual.Text("该加入申请已处理", "This request to join has already been decided"));
        Status = outcome;
        DecidedAt = now;
        DecidedById = by.UserId;
        DecidedByName = by.Name;
        Reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
    }
}

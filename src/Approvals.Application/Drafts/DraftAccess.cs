using Approvals.Application.Errors;
using Approvals.Application.Identity;
using Approvals.Application.Localization;
using Approvals.Application.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Application.Drafts;

/// <summary>
/// Drafts belong to the applicant's organisation; to anybody else (staff included: a draft is not yet
/// an application) they do not exist.
/// </summary>
public static class DraftAccess
{
    public static async Task<Draft> FindOwnAsync(ApprovalsDbContext db, Actor actor, Guid draftId, CancellationToken ct, bool track = false)
    {
        var query = track ? db.Set<Draft>() : db.Set<Draft>().AsNoTracking();
        var draft = await query.SingleOrDefaultAsync(d => d.Id == draftId, ct);
        if (draft is null || !actor.IsInRole(Roles.Applicant) || actor.OrganisationId != draft.OrganisationId)
            throw new NotFoundException(Bilingual.Text("未找到该申请草稿", "No such draft"));
        return draft;
    }

    /// <summary>
    /// Locks the draft's row for the caller's transaction, so that its submission, its discard and changes to its
    /// documents happen one after another; what is read after it is what the one before committed.
    /// </summary>
    public static Task LockAsync(ApprovalsDbContext db, Guid draftId, CancellationToken ct) =>
        db.Database.ExecuteSqlInterpolatedAsync($"SELECT 1 FROM drafts WHERE id = {draftId} FOR UPDATE", ct);

    /// <summary>A draft that may still change: not submitted yet.</summary>
    public static async Task<Draft> FindEditableAsync(ApprovalsDbContext db, Actor actor, Guid draftId, CancellationToken ct)
    {
        var draft = await FindOwnAsync(db, actor, draftId, ct, track: true);
        if (draft.IsSubmitted)
            throw new ConflictException(Bilingual.Text("该申请已提交，不能再修改草稿", "This application has been submitted; the draft can no longer change"));
        return draft;
    }
}

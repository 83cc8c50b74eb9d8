using Approvals.Application.Cases;
using Approvals.Application.Drafts;
using Approvals.Application.Errors;
using Approvals.Application.Identity;
using Approvals.Application.Localization;
using Approvals.Application.Persistence;
using Approvals.Domain.Cases;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Application.Attachments;

/// <summary>
/// Where attachments hang: a draft (its organisation only) or a case (whoever may see the case, per
/// <see cref="CaseAccess"/>). A submitted case's documents change only while it waits for the
/// applicant's correction (补正), and only by the applicant.
/// </summary>
internal static class AttachmentOwner
{
    public static async Task<Guid> CheckReadableAsync(ApprovalsDbContext db, Actor actor, Guid? draftId, Guid? caseId, CancellationToken ct)
    {
        if (caseId is { } c) return (await CaseAccess.FindVisibleAsync(db, actor, c, ct)).OrganisationId;
        if (draftId is { } d) return (await DraftAccess.FindOwnAsync(db, actor, d, ct)).OrganisationId;
        throw new NotFoundException(Bilingual.Text("未找到该附件", "No such attachment"));
    }

    /// <summary>
    /// Locks the draft's or case's row for the caller's transaction, then checks it may change: whether a
    /// case still awaits its correction is read after a resubmission that got there first has committed,
    /// and two uploads cannot both slip under the limits.
    /// </summary>
    public static async Task<Guid> LockWritableAsync(ApprovalsDbContext db, Actor actor, Guid? draftId, Guid? caseId, CancellationToken ct)
    {
        if (caseId is { } c) await db.Database.ExecuteSqlInterpolatedAsync($"SELECT 1 FROM cases WHERE id = {c} FOR UPDATE", ct);
        else if (draftId is { } d) await DraftAccess.LockAsync(db, d, ct);
        return await CheckWritableAsync(db, actor, draftId, caseId, ct);
    }

    private static async Task<Guid> CheckWritableAsync(ApprovalsDbContext db, Actor actor, Guid? draftId, Guid? caseId, CancellationToken ct)
    {
        if (caseId is { } id)
        {
            var c = await CaseAccess.FindVisibleAsync(db, actor, id, ct);
            if (!actor.IsInRole(Roles.Applicant))
                throw new ForbiddenException(Bilingual.Text("只有申请人可以上传或删除申请材料", "Only the applicant adds or removes application documents"));
            if (c.Status != CaseStatus.AwaitingCorrection)
                throw new ConflictException(Bilingual.Text("只有在补正期间可以修改已提交的申请材料", "A submitted application's documents change only while a correction is requested"));
            return c.OrganisationId;
        }
        if (draftId is { } d) return (await DraftAccess.FindEditableAsync(db, actor, d, ct)).OrganisationId;
        throw new NotFoundException(Bilingual.Text("未找到该附件", "No such attachment"));
    }
}

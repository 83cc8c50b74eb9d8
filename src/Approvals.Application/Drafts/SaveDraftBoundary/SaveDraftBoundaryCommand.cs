using Approvals.Application.Identity;
using Approvals.Application.Localization;
using Approvals.Application.Persistence;
using Approvals.Spatial.Boundaries;
using Approvals.Spatial.Coordinates;
using FluentValidation;
using Mediator;

namespace Approvals.Application.Drafts.SaveDraftBoundary;

/// <summary>
/// Step 3: the boundary (红线), an uploaded file (GeoJSON, 界址点 TXT, zipped Shapefile; recognised by
/// content) or the GeoJSON of a polygon drawn on the map. It is read and checked at once; a boundary
/// the readers refuse leaves the draft as it was.
/// </summary>
/// <returns>The id of the pre-check (spatial check) of the new boundary.</returns>
public sealed record SaveDraftBoundaryCommand(Guid DraftId, byte[] File, string? FileName, int? Srid) : ICommand<Guid>;

public sealed class SaveDraftBoundaryValidator : AbstractValidator<SaveDraftBoundaryCommand>
{
    public SaveDraftBoundaryValidator()
    {
        RuleFor(c => c.File).NotEmpty().OverridePropertyName("boundary")
            .WithMessage(_ => Bilingual.Text("请选择红线文件，或在地图上绘制红线", "Choose a boundary file or draw the boundary on the map"));
        RuleFor(c => c.Srid).Must(s => s is null || Cgcs2000Crs.IsSupported(s.Value)).OverridePropertyName("srid")
            .WithMessage(_ => Bilingual.Text("不支持该坐标系；支持 4490 及 3 度带 4513–4554", "Unsupported coordinate system; use 4490 or a 3-degree zone 4513–4554"));
        RuleFor(c => c.FileName).MaximumLength(260);
    }
}

public sealed class SaveDraftBoundaryHandler(ApprovalsDbContext db, ActorAccessor actorAccessor, TimeProvider clock, IMediator mediator, BoundaryReader reader)
    : ICommandHandler<SaveDraftBoundaryCommand, Guid>
{
    public async ValueTask<Guid> Handle(SaveDraftBoundaryCommand command, CancellationToken ct)
    {
        // The pre-check saves its own record through this context; one transaction keeps the draft and its check together.
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var draft = await DraftAccess.FindEditableAsync(db, actorAccessor.Current, command.DraftId, ct);
        draft.BoundaryFile = command.File;
        draft.BoundaryFileName = Uploads.UploadedFileName.Clean(command.FileName, "boundary");
        draft.BoundarySrid = command.Srid;
        // Throws (nothing saved) when the file does not read.
        await DraftPreCheck.RunAsync(db, mediator, reader, draft, ct);
        draft.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return draft.SpatialCheckId!.Value;
    }
}

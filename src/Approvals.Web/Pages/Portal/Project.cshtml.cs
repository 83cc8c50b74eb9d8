using Approvals.Application.Drafts.GetDraft;
using Approvals.Application.Drafts.SaveDraftProject;
using Approvals.Application.Identity;
using Approvals.Application.Jurisdictions.ListJurisdictions;
using Approvals.Domain.Jurisdictions;
using Approvals.Domain.UseTypes;
using Approvals.Web.Errors;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Approvals.Web.Pages.Portal;

/// <summary>Step 1 of a draft: the project.</summary>
[Authorize(Roles = Roles.Applicant)]
public sealed class ProjectModel(IMediator mediator) : PageModel, IFormPage
{
    public DraftView Draft { get; private set; } = null!;
    public IReadOnlyList<JurisdictionView> Counties { get; private set; } = [];
    public FormErrors Errors { get; } = new();

    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? Code { get; set; }
    [BindProperty] public string? Owner { get; set; }
    [BindProperty] public string? Type { get; set; }
    [BindProperty] public string? CountyCode { get; set; }
    [BindProperty] public string? DeclaredApprovalLevel { get; set; }
    [BindProperty] public string? NationalKeyProject { get; set; }
    [BindProperty] public bool InfrastructurePublicOrDefence { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        await LoadAsync(id, ct);
        if (Draft.IsSubmitted) return Redirect($"/portal/drafts/{id}/submitted");
        (Name, Code, Owner, Type, CountyCode) = (Draft.ProjectName, Draft.ProjectCode, Draft.ProjectOwner, Draft.ProjectType, Draft.CountyCode);
        DeclaredApprovalLevel = Draft.DeclaredApprovalLevel?.ToString();
        NationalKeyProject = Draft.NationalKeyProject?.ToString();
        InfrastructurePublicOrDefence = Draft.InfrastructurePublicOrDefence;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        await mediator.Send(new SaveDraftProjectCommand(id, CountyCode, Name, Code, Owner, Type,
            Enum.TryParse<JurisdictionLevel>(DeclaredApprovalLevel, out var level) ? level : null,
            Enum.TryParse<NationalKeyProjectKind>(NationalKeyProject, out var kind) ? kind : null,
            InfrastructurePublicOrDefence), ct);
        return Redirect($"/portal/drafts/{id}/uses");
    }

    public JurisdictionLevel? DeclaredLevel => Enum.TryParse<JurisdictionLevel>(DeclaredApprovalLevel, out var l) ? l : null;

    public Task ReloadAsync(CancellationToken ct) => LoadAsync(this.RouteId(), ct);

    private async Task LoadAsync(Guid id, CancellationToken ct)
    {
        Draft = await mediator.Send(new GetDraftQuery(id), ct);
        Counties = (await mediator.Send(new ListJurisdictionsQuery(), ct)).Where(j => j.Level == nameof(JurisdictionLevel.County)).ToList();
    }
}

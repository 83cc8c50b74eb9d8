using System.Globalization;
using Approvals.Application.Cases;
using Approvals.Application.Drafts.GetDraft;
using Approvals.Application.Drafts.SaveDraftUses;
using Approvals.Application.Identity;
using Approvals.Application.Localization;
using Approvals.Domain.UseTypes;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Approvals.Web.Pages.Portal;

/// <summary>Step 2 of a draft: the uses requested and their specific facts.</summary>
[Authorize(Roles = Roles.Applicant)]
public sealed class UsesModel(IMediator mediator) : PageModel
{
    public DraftView Draft { get; private set; } = null!;
    public FormErrors Errors { get; } = new();
    private List<UseType> sent = [];

    [BindProperty] public bool UseLand { get; set; }
    [BindProperty] public string? LandAreaHa { get; set; }
    [BindProperty] public bool UseMineral { get; set; }
    [BindProperty] public string? Mineral { get; set; }
    [BindProperty] public string? MineralAreaHa { get; set; }
    [BindProperty] public bool UseForest { get; set; }
    [BindProperty] public string? ForestAreaHa { get; set; }
    [BindProperty] public string? ForestKind { get; set; }
    [BindProperty] public string? ForestTerm { get; set; }
    [BindProperty] public bool UseGrassland { get; set; }
    [BindProperty] public string? GrasslandAreaHa { get; set; }
    [BindProperty] public bool BasicGrassland { get; set; }

    /// <summary>The name the validator gives the fields of a use, e.g. "Uses[1]".</summary>
    public string FieldPrefix(UseType type) => sent.IndexOf(type) is var i and >= 0 ? $"Uses[{i}]" : "-";

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        Draft = await mediator.Send(new GetDraftQuery(id), ct);
        if (Draft.IsSubmitted) return Redirect($"/portal/drafts/{id}/submitted");
        foreach (var u in Draft.Uses)
        {
            var area = u.AreaHa?.ToString(CultureInfo.InvariantCulture);
            switch (u.Type)
            {
                case UseType.Land: (UseLand, LandAreaHa) = (true, area); break;
                case UseType.Mineral: (UseMineral, Mineral, MineralAreaHa) = (true, u.Mineral, area); break;
                case UseType.Forest: (UseForest, ForestAreaHa, ForestKind, ForestTerm) = (true, area, u.ForestKind?.ToString(), u.ForestTerm?.ToString()); break;
                case UseType.Grassland: (UseGrassland, GrasslandAreaHa, BasicGrassland) = (true, area, u.BasicGrassland ?? false); break;
            }
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        var uses = new List<CaseUse>();
        if (UseLand) uses.Add(new CaseUse(UseType.Land, Area(nameof(LandAreaHa), LandAreaHa)));
        if (UseMineral) uses.Add(new CaseUse(UseType.Mineral, Area(nameof(MineralAreaHa), MineralAreaHa), Mineral: Mineral));
        if (UseForest)
            uses.Add(new CaseUse(UseType.Forest, Area(nameof(ForestAreaHa), ForestAreaHa),
                Enum.TryParse<ForestKind>(ForestKind, out var kind) ? kind : null,
                ForestTerm == nameof(ForestUseTerm.Temporary) ? ForestUseTerm.Temporary : ForestUseTerm.Permanent));
        if (UseGrassland) uses.Add(new CaseUse(UseType.Grassland, Area(nameof(GrasslandAreaHa), GrasslandAreaHa), BasicGrassland: BasicGrassland));
        sent = uses.Select(u => u.Type).ToList();
        if (!Errors.Any)
        {
            try
            {
                await mediator.Send(new SaveDraftUsesCommand(id, uses), ct);
                return Redirect($"/portal/drafts/{id}/boundary");
            }
            catch (ValidationException e)
            {
                Errors.Add(e);
            }
        }
        Draft = await mediator.Send(new GetDraftQuery(id), ct);
        return Page();
    }

    private decimal? Area(string field, string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (decimal.TryParse(text.Trim(), NumberStyles.Number, CultureInfo.InvariantCulture, out var value)) return value;
        Errors.Add(field, Bilingual.Text("面积应为数字（公顷），如 2.5", "The area is a number of hectares, e.g. 2.5"));
        return null;
    }
}

using Approvals.Application.Dashboard;
using Approvals.Application.Dashboard.GetDashboardPanel;
using Approvals.Application.Identity;
using Approvals.Application.Jurisdictions.ListJurisdictions;
using Approvals.Web.Endpoints;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Approvals.Web.Pages.Dashboard;

/// <summary>The supervisor dashboard: every panel's table with its chart, for the caller's jurisdiction and the chosen filters.</summary>
[Authorize]
public sealed class IndexModel(IMediator mediator, ActorAccessor actorAccessor, DashboardPanels registry) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? From { get; set; }
    [BindProperty(SupportsGet = true)] public string? To { get; set; }
    [BindProperty(SupportsGet = true)] public string? County { get; set; }
    [BindProperty(SupportsGet = true)] public string? Use { get; set; }
    [BindProperty(SupportsGet = true)] public string? Level { get; set; }

    /// <summary>Each panel of the registry, in order, with its table.</summary>
    public IReadOnlyList<(DashboardPanel Panel, DashboardTable Table)> Panels { get; private set; } = [];

    /// <summary>Tables longer than this show their first rows and a disclosure for the rest (the chart draws them all).</summary>
    public const int RowsShown = 10;
    public IReadOnlyList<JurisdictionView> Counties { get; private set; } = [];
    public Dictionary<string, string> Errors { get; } = new(StringComparer.OrdinalIgnoreCase);
    public DashboardFilter Filter { get; private set; } = new();

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var actor = actorAccessor.Current;
        if (!actor.IsInRole(Roles.Supervisor) && !actor.IsInRole(Roles.Administrator)) return Forbid();
        Counties = (await mediator.Send(new ListJurisdictionsQuery(), ct)).Where(j => j.Level == "County").ToList();
        try
        {
            Filter = DashboardQueryString.Parse(From, To, County, Use, Level);
            var panels = new List<(DashboardPanel, DashboardTable)>();
            // One after another: they share the request's database connection.
            foreach (var panel in registry.All)
                panels.Add((panel, await mediator.Send(new GetDashboardPanelQuery(panel.Name, Filter), ct)));
            Panels = panels;
        }
        catch (ValidationException e)
        {
            foreach (var failure in e.Errors) Errors.TryAdd(failure.PropertyName, failure.ErrorMessage);
        }
        return Page();
    }

    /// <summary>The filters as a query string, for the CSV links.</summary>
    public string QueryString => Request.QueryString.Value ?? "";
}

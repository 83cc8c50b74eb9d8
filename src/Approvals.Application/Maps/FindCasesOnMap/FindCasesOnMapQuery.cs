using Approvals.Application.Cases;
using Approvals.Application.Identity;
using Approvals.Application.Localization;
using Approvals.Application.Persistence;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Approvals.Application.Maps.FindCasesOnMap;

/// <summary>
/// The map's search box: up to ten cases the caller may see (the case access rule) whose number or project name
/// contains the text, each with its extent in lon/lat so the map can zoom to it.
/// </summary>
[RequiresRole(Roles.Applicant, Roles.Clerk, Roles.Reviewer, Roles.Supervisor, Roles.Administrator, RefusalZh = "请先登录", RefusalEn = "Sign in first")]
public sealed record FindCasesOnMapQuery(string Text) : IQuery<IReadOnlyList<CaseOnMap>>;

/// <param name="Extent">West, south, east, north in lon/lat (EPSG:4490, which web maps draw as WGS 84).</param>
public sealed record CaseOnMap(Guid Id, string Number, string Project, string Status, double[] Extent);

public sealed class FindCasesOnMapValidator : AbstractValidator<FindCasesOnMapQuery>
{
    public FindCasesOnMapValidator()
    {
        RuleFor(q => q.Text).Must(t => t is not null && t.Trim().Length is >= 2 and <= 100).OverridePropertyName("q")
            .WithMessage(_ => Bilingual.Text("请输入 2–100 个字符的案件编号或项目名称", "Type 2–100 characters of a case number or project name"));
    }
}

public sealed class FindCasesOnMapHandler(ApprovalsDbContext db, ActorAccessor actorAccessor) : IQueryHandler<FindCasesOnMapQuery, IReadOnlyList<CaseOnMap>>
{
    public async ValueTask<IReadOnlyList<CaseOnMap>> Handle(FindCasesOnMapQuery query, CancellationToken ct)
    {
        var parameters = new List<object>();
        var scope = actorAccessor.Current.Sql("c", value =>
        {
            parameters.Add(value);
            return $"{{{parameters.Count - 1}}}";
        });
        // Searched text is a parameter; LIKE's own wildcards in it are taken literally.
        var pattern = "%" + query.Text.Trim().Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%";
        parameters.Add(pattern);
        var p = parameters.Count - 1;
        var sql = $$"""
            SELECT c.id, c.number, c.project_name AS project, c.status,
                   ST_XMin(e) AS west, ST_YMin(e) AS south, ST_XMax(e) AS east, ST_YMax(e) AS north
            FROM cases c CROSS JOIN LATERAL (SELECT ST_Transform(ST_Envelope(c.boundary), 4490)::box2d AS e) x
            WHERE ({{scope}}) AND (c.number ILIKE {{{p}}} OR c.project_name ILIKE {{{p}}})
            ORDER BY c.submitted_at DESC LIMIT 10
            """;
        var rows = await db.Database.SqlQueryRaw<Row>(sql, parameters.ToArray()).ToListAsync(ct);
        return rows.Select(r => new CaseOnMap(r.Id, r.Number, r.Project, r.Status, [r.West, r.South, r.East, r.North])).ToList();
    }

    private sealed record Row(Guid Id, string Number, string Project, string Status, double West, double South, double East, double North);
}

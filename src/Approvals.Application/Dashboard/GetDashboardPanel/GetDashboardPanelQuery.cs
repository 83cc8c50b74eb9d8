using Approvals.Application.Errors;
using Approvals.Application.Identity;
using Approvals.Application.Localization;
using Approvals.Application.Persistence;
using Approvals.Application.Rules;
using Approvals.Domain.Jurisdictions;
using Approvals.Domain.UseTypes;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Application.Dashboard.GetDashboardPanel;

/// <summary>
/// One panel of the supervisor dashboard (by its name, see <see cref="DashboardPanels"/>) for the caller's jurisdiction
/// (province: all; city: its counties; county: itself), filtered by the period (cases received, or decided, between
/// From and To inclusive, Beijing dates), a county, a use type and the deciding level. Durations are working days with
/// paused time taken out, read from the per-case facts the triggers keep.
/// </summary>
[RequiresRole(Roles.Supervisor, Roles.Administrator, OrSystem = true,
    RefusalZh = "只有督办人员和管理员可以查看统计", RefusalEn = "Only supervisors and administrators see the dashboard")]
public sealed record GetDashboardPanelQuery(string Panel, DashboardFilter Filter) : IQuery<DashboardTable>;

public sealed record DashboardFilter(DateOnly? From = null, DateOnly? To = null, string? County = null, UseType? UseType = null, JurisdictionLevel? Level = null);

public sealed class GetDashboardPanelValidator : AbstractValidator<GetDashboardPanelQuery>
{
    public GetDashboardPanelValidator(DashboardPanels panels)
    {
        RuleFor(q => q.Panel).Must(p => panels.Find(p) is not null).OverridePropertyName("panel")
            .WithMessage(_ => Bilingual.Text("没有这个统计项", "No such panel"));
        RuleFor(q => q.Filter).NotNull();
        RuleFor(q => q.Filter.County).Must(c => c is null || Jurisdiction.IsValidCode(c)).When(q => q.Filter is not null)
            .OverridePropertyName("county").WithMessage(_ => Bilingual.Text("县级行政区划代码应为 6 位数字", "A county code has six digits"));
        RuleFor(q => q.Filter.UseType).IsInEnum().When(q => q.Filter?.UseType is not null)
            .OverridePropertyName("useType").WithMessage(_ => Bilingual.Text("请选择用地、用矿、用林或用草", "Choose land, mineral, forest or grassland use"));
        RuleFor(q => q.Filter.Level).Must(l => l is null or JurisdictionLevel.County or JurisdictionLevel.City or JurisdictionLevel.Province)
            .When(q => q.Filter is not null)
            .OverridePropertyName("level").WithMessage(_ => Bilingual.Text("审查层级应为县、市或省", "The level is county, city or province"));
        RuleFor(q => q.Filter).Must(f => f.From is null || f.To is null || f.From <= f.To).When(q => q.Filter is not null)
            .OverridePropertyName("to").WithMessage(_ => Bilingual.Text("结束日期不能早于开始日期", "The end date cannot be before the start date"));
        RuleFor(q => q.Filter).Must(f => f.From is null || f.To is null || f.To.Value.DayNumber - f.From.Value.DayNumber <= 3 * 366).When(q => q.Filter is not null)
            .OverridePropertyName("from").WithMessage(_ => Bilingual.Text("统计期间最长三年", "The period is at most three years"));
    }
}

public sealed class GetDashboardPanelHandler(ApprovalsDbContext db, ActorAccessor actorAccessor, ProvinceRules rules, TimeProvider clock, DashboardPanels panels)
    : IQueryHandler<GetDashboardPanelQuery, DashboardTable>
{
    public async ValueTask<DashboardTable> Handle(GetDashboardPanelQuery query, CancellationToken ct)
    {
        var jurisdictions = actorAccessor.Current.Jurisdictions;
        // A county outside the caller's jurisdiction does not exist for them.
        if (query.Filter.County is { } county && !jurisdictions.Covers(county))
            throw new NotFoundException(Bilingual.Text("未找到该县", "No such county"));

        await DashboardCalendar.EnsureAsync(db, rules.Calendar, ct);
        var scope = new DashboardScope(jurisdictions, query.Filter, LocalDate.Today(clock));
        var names = await db.Jurisdictions.AsNoTracking().ToDictionaryAsync(j => j.Code, j => Bilingual.Text(j.Name, j.NameEn), ct);
        var panel = panels.Find(query.Panel)!; // the validator refused unknown names
        return await panel.ReadAsync(new DashboardContext(db, scope, rules, names), ct);
    }
}

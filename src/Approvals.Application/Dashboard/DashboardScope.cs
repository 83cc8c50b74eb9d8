using System.Text;
using Approvals.Application.Dashboard.GetDashboardPanel;
using Approvals.Application.Identity;
using Approvals.Application.Tasks;
using Npgsql;

namespace Approvals.Application.Dashboard;

/// <summary>
/// What a panel may count, as SQL conditions with their parameters: the caller's jurisdiction (the one rule of
/// <see cref="JurisdictionScope"/>) and the filters on the per-case facts (alias <c>f</c>), the same for the per-person
/// roll-up (alias <c>w</c>), and the period (<c>@from</c>, <c>@to</c>, <c>@today</c>; whole weeks <c>@w1</c>–<c>@w2</c>
/// and the edge days up to <c>@e1</c> and from <c>@e2</c>).
/// </summary>
public sealed class DashboardScope
{
    private readonly List<NpgsqlParameter> _parameters = [];

    public DashboardScope(JurisdictionScope jurisdictions, DashboardFilter filter, DateOnly today)
    {
        Today = today;
        (From, To) = DashboardWeeks.Period(filter, today);
        Add("from", From);
        Add("to", To);
        Add("today", today);
        var (w1, w2, e1, e2) = DashboardWeeks.Split(From, To);
        Add("w1", w1);
        Add("w2", w2);
        Add("e1", e1);
        Add("e2", e2);

        var where = new StringBuilder(jurisdictions.Sql("f.county_code", v => Add("scope", v)));
        var workload = new StringBuilder(jurisdictions.Sql("w.county_code", v => Add("scope", v)));
        if (filter.County is { } county)
        {
            Add("county", county);
            where.Append(" AND f.county_code = @county");
            workload.Append(" AND w.county_code = @county");
        }
        if (filter.UseType is { } use)
            where.Append(" AND f.uses & ").Append(Add("uses", (short)UseTypeMask.Bit(use))).Append(" <> 0");
        if (filter.Level is { } level)
            where.Append(" AND f.level = ").Append(Add("level", (short)level));
        Where = where.ToString();
        WorkloadWhere = workload.ToString();
        // The province is the whole deployment: its supervisors, like administrators, see every case.
        Unfiltered = jurisdictions.IsWholeProvince && filter.County is null && filter.UseType is null && filter.Level is null;
    }

    public DateOnly Today { get; }
    public DateOnly From { get; }
    public DateOnly To { get; }

    /// <summary>The jurisdiction and the filters on the per-case facts (alias <c>f</c>: any table with county_code, uses and level).</summary>
    public string Where { get; }

    /// <summary>The jurisdiction and the county filter on the per-person roll-up (alias <c>w</c>), which knows neither use nor level.</summary>
    public string WorkloadWhere { get; }

    /// <summary>True when the caller sees every case and filtered nothing: a query may leave <see cref="Where"/> out.</summary>
    public bool Unfiltered { get; }

    /// <summary>Decided cases of the period outside the whole weeks (alias f on the facts).</summary>
    public string EdgeDays => "f.decided AND (f.closed_on BETWEEN @from AND @e1 OR f.closed_on BETWEEN @e2 AND @to)";

    /// <summary>Fresh copies of the parameters for one command (a parameter belongs to one command at a time).</summary>
    public IEnumerable<NpgsqlParameter> Parameters => _parameters.Select(p => p.Clone());

    private string Add(string name, object value)
    {
        // The jurisdiction's condition may be asked for twice (facts and roll-up): one parameter serves both.
        if (_parameters.All(p => p.ParameterName != name)) _parameters.Add(new NpgsqlParameter(name, value));
        return "@" + name;
    }
}

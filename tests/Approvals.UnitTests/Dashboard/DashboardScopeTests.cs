using System.Linq.Expressions;
using Approvals.Application.Dashboard;
using Approvals.Application.Dashboard.GetDashboardPanel;
using Approvals.Application.Identity;
using Approvals.Domain.Jurisdictions;

namespace Approvals.UnitTests.Dashboard;

/// <summary>The dashboard's SQL scope is the jurisdiction rule of <see cref="JurisdictionScope"/>, nothing of its own.</summary>
public sealed class DashboardScopeTests
{
    private static readonly DateOnly Today = new(2026, 12, 6);

    [Fact]
    public void A_city_supervisor_counts_the_citys_counties_through_one_parameter_for_the_facts_and_the_workload()
    {
        var scope = new DashboardScope(JurisdictionScope.Of("140500", JurisdictionLevel.City), new DashboardFilter(County: "140525"), Today);
        Assert.Equal("f.county_code LIKE @scope AND f.county_code = @county", scope.Where);
        Assert.Equal("w.county_code LIKE @scope AND w.county_code = @county", scope.WorkloadWhere);
        Assert.Equal("1405%", scope.Parameters.Single(p => p.ParameterName == "scope").Value);
        Assert.False(scope.Unfiltered);
    }

    [Fact]
    public void The_province_sees_every_row_so_unfiltered_a_query_may_leave_the_condition_out()
    {
        var scope = new DashboardScope(JurisdictionScope.Of("140000", JurisdictionLevel.Province), new DashboardFilter(), Today);
        Assert.Equal("f.county_code LIKE @scope", scope.Where);
        Assert.Equal("14%", scope.Parameters.Single(p => p.ParameterName == "scope").Value);
        Assert.True(scope.Unfiltered);
        Assert.False(new DashboardScope(JurisdictionScope.Of("140000", JurisdictionLevel.Province), new DashboardFilter(Level: JurisdictionLevel.City), Today).Unfiltered);
        Assert.Equal("TRUE", new DashboardScope(JurisdictionScope.Everything, new DashboardFilter(), Today).Where);
        Assert.Equal((new DateOnly(2025, 12, 7), Today), (scope.From, scope.To));
    }

    [Fact]
    public void Someone_without_a_jurisdiction_sees_nothing_and_no_placeholder_code_reaches_the_SQL()
    {
        var scope = new DashboardScope(JurisdictionScope.Nothing, new DashboardFilter(), Today);
        Assert.Equal("FALSE", scope.Where);
        Assert.Equal("FALSE", scope.WorkloadWhere);
        Assert.DoesNotContain(scope.Parameters, p => p.Value is string s && s.Contains('\0'));
        // The jurisdiction list (ListJurisdictionsQuery) of such a user filters by a constant false, not by a code.
        var covering = JurisdictionScope.Nothing.Covering<Jurisdiction>(j => j.Code);
        Assert.Equal(false, Assert.IsType<ConstantExpression>(covering.Body).Value);
    }

    [Theory]
    [InlineData("DaysToDecision", "days_to_decision")]
    [InlineData("CaseId", "case_id")]
    [InlineData("P90", "p90")]
    public void Row_records_read_their_columns_by_snake_case_name(string parameter, string column) =>
        Assert.Equal(column, SnakeCaseRows.SnakeCase(parameter));
}

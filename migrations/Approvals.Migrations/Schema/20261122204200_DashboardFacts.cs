using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Approvals.Migrations.Schema
{
    /// <inheritdoc />
    public partial class DashboardFacts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The dashboard's read model (tables, refresh function, triggers) is SQL the EF model does not describe.
            migrationBuilder.Sql(MigrationSql.Read("20261122204200_DashboardFacts"));
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Also drops the views and functions DashboardRefreshPlansCached added, whose Down leaves them.
            migrationBuilder.Sql(MigrationSql.Read("20261122204200_DashboardFacts.Down"));
        }
    }
}

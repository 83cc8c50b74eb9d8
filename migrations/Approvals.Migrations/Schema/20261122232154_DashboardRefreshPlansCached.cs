using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Approvals.Migrations.Schema
{
    /// <inheritdoc />
    public partial class DashboardRefreshPlansCached : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The dashboard's refresh functions move from SQL to PL/pgSQL (plans kept per session instead of made per
            // call) and read the facts from two views. They compute the same rows; a new database already has them.
            migrationBuilder.Sql(MigrationSql.Read("20261122232154_DashboardRefreshPlansCached"));
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Nothing to undo: the functions compute what the earlier ones did, and DashboardFacts' Down drops them all.
        }
    }
}

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
            migrationBuilder.Sql(Approvals.Application.Dashboard.DashboardSchema.Create);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(Approvals.Application.Dashboard.DashboardSchema.Drop);
        }
    }
}

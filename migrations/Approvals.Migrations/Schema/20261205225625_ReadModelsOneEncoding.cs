using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Approvals.Migrations.Schema
{
    /// <inheritdoc />
    public partial class ReadModelsOneEncoding : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The dashboard takes the tasks' encoding of use types (1 << type), every read model the one beijing_date(),
            // and base-map hits per day become rows per category; the figures are rebuilt at the end.
            migrationBuilder.Sql(MigrationSql.Read("20261205225625_ReadModelsOneEncoding"));
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(MigrationSql.Read("20261205225625_ReadModelsOneEncoding.Down"));
            migrationBuilder.Sql(MigrationSql.Read("20261122232154_DashboardRefreshPlansCached"));
            migrationBuilder.Sql("DROP FUNCTION beijing_date(timestamptz); SELECT dashboard_refresh(NULL);");
        }
    }
}

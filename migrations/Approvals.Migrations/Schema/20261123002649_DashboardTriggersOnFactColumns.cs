using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Approvals.Migrations.Schema
{
    /// <inheritdoc />
    public partial class DashboardTriggersOnFactColumns : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The dashboard's per-case triggers fire only on the columns its facts are made of (a new database has them already).
            migrationBuilder.Sql(MigrationSql.Read("20261123002649_DashboardTriggersOnFactColumns"));
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Back to firing on every insert and update: more refreshes, the same figures.
            migrationBuilder.Sql("""
                DROP TRIGGER IF EXISTS dashboard_case_changed ON cases;
                CREATE CONSTRAINT TRIGGER dashboard_case_changed AFTER INSERT OR UPDATE ON cases DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION dashboard_case_changed();
                DROP TRIGGER IF EXISTS dashboard_case_changed ON review_tasks;
                CREATE CONSTRAINT TRIGGER dashboard_case_changed AFTER INSERT OR UPDATE ON review_tasks DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION dashboard_case_changed();
                """);
        }
    }
}

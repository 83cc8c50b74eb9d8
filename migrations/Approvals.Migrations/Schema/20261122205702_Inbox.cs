using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Approvals.Migrations.Schema
{
    /// <inheritdoc />
    public partial class Inbox : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_review_tasks_jurisdiction_code_department_due_on",
                table: "review_tasks");

            migrationBuilder.AddColumn<string>(
                name: "case_number",
                table: "review_tasks",
                type: "character varying(32)",
                maxLength: 32,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "county_code",
                table: "review_tasks",
                type: "character varying(6)",
                maxLength: 6,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "project_name",
                table: "review_tasks",
                type: "character varying(200)",
                maxLength: 200,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<int>(
                name: "use_types",
                table: "review_tasks",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            // Tasks created before this migration get their case's number, project, county and use types (bit 1 << type).
            // The copies change no dashboard figure, so the dashboard's deferred trigger is off meanwhile: left on, it
            // would refresh every case once per task and leave events pending that forbid the CREATE INDEX below.
            migrationBuilder.Sql("""
                ALTER TABLE review_tasks DISABLE TRIGGER dashboard_case_changed;
                UPDATE review_tasks t SET case_number = c.number, project_name = c.project_name, county_code = c.county_code,
                    use_types = (SELECT coalesce(bit_or(1 << (u->>'type')::int), 0) FROM jsonb_array_elements(c.uses) u)
                FROM cases c WHERE c.id = t.case_id;
                ALTER TABLE review_tasks ENABLE TRIGGER dashboard_case_changed;
                """);

            migrationBuilder.CreateIndex(
                name: "ix_review_tasks_completed_by_id_completed_at",
                table: "review_tasks",
                columns: new[] { "completed_by_id", "completed_at" },
                descending: new[] { false, true },
                filter: "status = 'Completed'")
                .Annotation("Npgsql:IndexInclude", new[] { "id", "stage", "due_on", "created_at", "county_code", "use_types", "case_number", "project_name" });

            migrationBuilder.CreateIndex(
                name: "ix_review_tasks_jurisdiction_code_department_due_on_id",
                table: "review_tasks",
                columns: new[] { "jurisdiction_code", "department", "due_on", "id" },
                filter: "status = 'Open'")
                .Annotation("Npgsql:IndexInclude", new[] { "stage", "assignee_id", "created_at", "county_code", "use_types", "case_number", "project_name" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_review_tasks_completed_by_id_completed_at",
                table: "review_tasks");

            migrationBuilder.DropIndex(
                name: "ix_review_tasks_jurisdiction_code_department_due_on_id",
                table: "review_tasks");

            migrationBuilder.DropColumn(
                name: "case_number",
                table: "review_tasks");

            migrationBuilder.DropColumn(
                name: "county_code",
                table: "review_tasks");

            migrationBuilder.DropColumn(
                name: "project_name",
                table: "review_tasks");

            migrationBuilder.DropColumn(
                name: "use_types",
                table: "review_tasks");

            migrationBuilder.CreateIndex(
                name: "ix_review_tasks_jurisdiction_code_department_due_on",
                table: "review_tasks",
                columns: new[] { "jurisdiction_code", "department", "due_on" },
                filter: "status = 'Open'");
        }
    }
}

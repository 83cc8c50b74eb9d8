using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Approvals.Migrations.Schema
{
    /// <inheritdoc />
    public partial class InboxIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_review_tasks_jurisdiction_code_department_due_on",
                table: "review_tasks");

            migrationBuilder.CreateIndex(
                name: "ix_review_tasks_completed_by_id_completed_at",
                table: "review_tasks",
                columns: new[] { "completed_by_id", "completed_at" },
                descending: new[] { false, true },
                filter: "status = 'Completed'");

            migrationBuilder.CreateIndex(
                name: "ix_review_tasks_jurisdiction_code_department_due_on_id",
                table: "review_tasks",
                columns: new[] { "jurisdiction_code", "department", "due_on", "id" },
                filter: "status = 'Open'");
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

            migrationBuilder.CreateIndex(
                name: "ix_review_tasks_jurisdiction_code_department_due_on",
                table: "review_tasks",
                columns: new[] { "jurisdiction_code", "department", "due_on" },
                filter: "status = 'Open'");
        }
    }
}

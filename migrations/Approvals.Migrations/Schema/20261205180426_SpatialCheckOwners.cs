using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Approvals.Migrations.Schema
{
    /// <inheritdoc />
    public partial class SpatialCheckOwners : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "case_id",
                table: "spatial_checks",
                type: "uuid",
                nullable: true);

            // The checks the workflow ran for a case are the ones the cases' reports name; earlier checks of a
            // corrected case are named by no report any more and stay unattached (administrators only).
            migrationBuilder.Sql("""
                UPDATE spatial_checks s SET case_id = c.id
                FROM cases c
                WHERE c.spatial_report IS NOT NULL AND c.spatial_report->>'id' = s.id::text;
                """);

            migrationBuilder.CreateIndex(
                name: "ix_spatial_checks_case_id",
                table: "spatial_checks",
                column: "case_id");

            migrationBuilder.CreateIndex(
                name: "ix_drafts_spatial_check_id",
                table: "drafts",
                column: "spatial_check_id");

            migrationBuilder.AddForeignKey(
                name: "fk_spatial_checks_cases_case_id",
                table: "spatial_checks",
                column: "case_id",
                principalTable: "cases",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_spatial_checks_cases_case_id",
                table: "spatial_checks");

            migrationBuilder.DropIndex(
                name: "ix_spatial_checks_case_id",
                table: "spatial_checks");

            migrationBuilder.DropIndex(
                name: "ix_drafts_spatial_check_id",
                table: "drafts");

            migrationBuilder.DropColumn(
                name: "case_id",
                table: "spatial_checks");
        }
    }
}

using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Approvals.Migrations.Schema
{
    /// <inheritdoc />
    public partial class DecisionDocuments : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The conditions become a list with who asked for each. A decision's old free text was the decider's own: it
            // becomes one condition of the deciding level (reviews' conditions were never carried over, which is the bug).
            migrationBuilder.Sql("""
                ALTER TABLE cases ALTER COLUMN decision_conditions TYPE jsonb USING
                  CASE WHEN decision_conditions IS NULL OR btrim(decision_conditions) = '' THEN '[]'::jsonb
                       ELSE jsonb_build_array(jsonb_build_object('text', btrim(decision_conditions), 'level', coalesce(decided_at_level, 'County'),
                              'department', NULL, 'authority', NULL, 'authorityEn', NULL, 'byDecider', true)) END;
                ALTER TABLE cases ALTER COLUMN decision_conditions SET DEFAULT '[]'::jsonb;
                ALTER TABLE cases ALTER COLUMN decision_conditions SET NOT NULL;
                """);

            migrationBuilder.AddColumn<string>(
                name: "decision_issuers",
                table: "cases",
                type: "jsonb",
                nullable: false,
                defaultValueSql: "'[]'::jsonb");

            migrationBuilder.AddColumn<string>(
                name: "decision_legal_basis",
                table: "cases",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "decision_valid_until",
                table: "cases",
                type: "date",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "decision_issuers",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "decision_legal_basis",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "decision_valid_until",
                table: "cases");

            // A column type change may not run a sub-query, so the texts go through a column of their own.
            migrationBuilder.Sql("""
                ALTER TABLE cases ADD COLUMN decision_conditions_text text;
                UPDATE cases SET decision_conditions_text =
                  nullif((SELECT string_agg(x->>'text', E'\n') FROM jsonb_array_elements(decision_conditions) x), '');
                ALTER TABLE cases DROP COLUMN decision_conditions;
                ALTER TABLE cases RENAME COLUMN decision_conditions_text TO decision_conditions;
                """);
        }
    }
}

using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Approvals.Migrations.Schema
{
    /// <inheritdoc />
    public partial class ReportVersionsAndRechecks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "case_report_versions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    case_id = table.Column<Guid>(type: "uuid", nullable: false),
                    number = table.Column<int>(type: "integer", nullable: false),
                    reason = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    spatial_check_id = table.Column<Guid>(type: "uuid", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    job_key = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    category_code = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    differences = table.Column<List<string>>(type: "text[]", nullable: false),
                    differences_en = table.Column<List<string>>(type: "text[]", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_case_report_versions", x => x.id);
                    table.ForeignKey(
                        name: "fk_case_report_versions_cases_case_id",
                        column: x => x.case_id,
                        principalTable: "cases",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_case_report_versions_spatial_checks_spatial_check_id",
                        column: x => x.spatial_check_id,
                        principalTable: "spatial_checks",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "layer_rechecks",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    category_code = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    reason = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    previous_layer_ids = table.Column<List<Guid>>(type: "uuid[]", nullable: false),
                    new_layer_ids = table.Column<List<Guid>>(type: "uuid[]", nullable: false),
                    changed_features = table.Column<int>(type: "integer", nullable: false),
                    created_by_name = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_layer_rechecks", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "layer_recheck_cases",
                columns: table => new
                {
                    recheck_id = table.Column<Guid>(type: "uuid", nullable: false),
                    case_id = table.Column<Guid>(type: "uuid", nullable: false),
                    decided = table.Column<bool>(type: "boolean", nullable: false),
                    done_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    changed = table.Column<bool>(type: "boolean", nullable: true),
                    skipped = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_layer_recheck_cases", x => new { x.recheck_id, x.case_id });
                    table.ForeignKey(
                        name: "fk_layer_recheck_cases_cases_case_id",
                        column: x => x.case_id,
                        principalTable: "cases",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_layer_recheck_cases_layer_recheck_recheck_id",
                        column: x => x.recheck_id,
                        principalTable: "layer_rechecks",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_case_report_versions_case_id_job_key",
                table: "case_report_versions",
                columns: new[] { "case_id", "job_key" },
                unique: true,
                filter: "job_key IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_case_report_versions_case_id_number",
                table: "case_report_versions",
                columns: new[] { "case_id", "number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_case_report_versions_spatial_check_id",
                table: "case_report_versions",
                column: "spatial_check_id");

            migrationBuilder.CreateIndex(
                name: "ix_layer_recheck_cases_case_id",
                table: "layer_recheck_cases",
                column: "case_id");

            migrationBuilder.CreateIndex(
                name: "ix_layer_rechecks_created_at",
                table: "layer_rechecks",
                column: "created_at");

            // The cases' checks so far become their first report versions: the first a case had is its submission's.
            migrationBuilder.Sql("""
                INSERT INTO case_report_versions (id, case_id, number, reason, spatial_check_id, created_at, differences, differences_en)
                SELECT gen_random_uuid(), s.case_id, s.n, CASE WHEN s.n = 1 THEN 'submission' ELSE 'correction' END, s.id, s.created_at, '{}', '{}'
                FROM (SELECT id, case_id, created_at, row_number() OVER (PARTITION BY case_id ORDER BY created_at, id)::int AS n
                      FROM spatial_checks WHERE case_id IS NOT NULL) s;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "case_report_versions");

            migrationBuilder.DropTable(
                name: "layer_recheck_cases");

            migrationBuilder.DropTable(
                name: "layer_rechecks");
        }
    }
}

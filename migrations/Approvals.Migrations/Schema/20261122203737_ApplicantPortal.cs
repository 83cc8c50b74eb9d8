using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Approvals.Migrations.Schema
{
    /// <inheritdoc />
    public partial class ApplicantPortal : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "drafts",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    organisation_id = table.Column<Guid>(type: "uuid", nullable: false),
                    created_by_id = table.Column<Guid>(type: "uuid", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    county_code = table.Column<string>(type: "character varying(6)", maxLength: 6, nullable: true),
                    project_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    project_code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    project_owner = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    project_type = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    declared_approval_level = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    national_key_project = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    infrastructure_public_or_defence = table.Column<bool>(type: "boolean", nullable: false),
                    uses = table.Column<string>(type: "jsonb", nullable: false),
                    boundary_file = table.Column<byte[]>(type: "bytea", nullable: true),
                    boundary_file_name = table.Column<string>(type: "character varying(260)", maxLength: 260, nullable: true),
                    boundary_srid = table.Column<int>(type: "integer", nullable: true),
                    boundary_area_m2 = table.Column<double>(type: "double precision", nullable: true),
                    spatial_check_id = table.Column<Guid>(type: "uuid", nullable: true),
                    case_id = table.Column<Guid>(type: "uuid", nullable: true),
                    submitted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_drafts", x => x.id);
                    table.ForeignKey(
                        name: "fk_drafts_case_case_id",
                        column: x => x.case_id,
                        principalTable: "cases",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_drafts_organisations_organisation_id",
                        column: x => x.organisation_id,
                        principalTable: "organisations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "attachments",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    organisation_id = table.Column<Guid>(type: "uuid", nullable: false),
                    draft_id = table.Column<Guid>(type: "uuid", nullable: true),
                    case_id = table.Column<Guid>(type: "uuid", nullable: true),
                    file_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    content_type = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    size = table.Column<long>(type: "bigint", nullable: false),
                    sha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    uploaded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    uploaded_by_name = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_attachments", x => x.id);
                    table.ForeignKey(
                        name: "fk_attachments_case_case_id",
                        column: x => x.case_id,
                        principalTable: "cases",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_attachments_draft_draft_id",
                        column: x => x.draft_id,
                        principalTable: "drafts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_attachments_organisations_organisation_id",
                        column: x => x.organisation_id,
                        principalTable: "organisations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "attachment_contents",
                columns: table => new
                {
                    attachment_id = table.Column<Guid>(type: "uuid", nullable: false),
                    content = table.Column<byte[]>(type: "bytea", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_attachment_contents", x => x.attachment_id);
                    table.ForeignKey(
                        name: "fk_attachment_contents_attachments_attachment_id",
                        column: x => x.attachment_id,
                        principalTable: "attachments",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_attachments_case_id",
                table: "attachments",
                column: "case_id");

            migrationBuilder.CreateIndex(
                name: "ix_attachments_draft_id",
                table: "attachments",
                column: "draft_id");

            migrationBuilder.CreateIndex(
                name: "ix_attachments_organisation_id",
                table: "attachments",
                column: "organisation_id");

            migrationBuilder.CreateIndex(
                name: "ix_drafts_case_id",
                table: "drafts",
                column: "case_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_drafts_organisation_id",
                table: "drafts",
                column: "organisation_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "attachment_contents");

            migrationBuilder.DropTable(
                name: "attachments");

            migrationBuilder.DropTable(
                name: "drafts");
        }
    }
}

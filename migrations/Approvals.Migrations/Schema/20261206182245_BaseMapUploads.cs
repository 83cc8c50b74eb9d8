using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Approvals.Migrations.Schema
{
    /// <inheritdoc />
    public partial class BaseMapUploads : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "base_map_imports",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    category_code = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    file_name = table.Column<string>(type: "character varying(260)", maxLength: 260, nullable: false),
                    file_bytes = table.Column<long>(type: "bigint", nullable: false),
                    source_srid = table.Column<int>(type: "integer", nullable: true),
                    name_field = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    replace = table.Column<bool>(type: "boolean", nullable: false),
                    accept_refused = table.Column<bool>(type: "boolean", nullable: false),
                    uploaded_by_id = table.Column<Guid>(type: "uuid", nullable: false),
                    uploaded_by_name = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    uploaded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    phase = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    features_in_file = table.Column<int>(type: "integer", nullable: false),
                    prepared = table.Column<int>(type: "integer", nullable: false),
                    written = table.Column<int>(type: "integer", nullable: false),
                    repaired = table.Column<int>(type: "integer", nullable: false),
                    refused_count = table.Column<int>(type: "integer", nullable: false),
                    started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    finished_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    message_zh = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    message_en = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    layer_id = table.Column<Guid>(type: "uuid", nullable: true),
                    layer_version = table.Column<int>(type: "integer", nullable: true),
                    refused_report = table.Column<byte[]>(type: "bytea", nullable: true),
                    attempts = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_base_map_imports", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "base_map_import_files",
                columns: table => new
                {
                    import_id = table.Column<Guid>(type: "uuid", nullable: false),
                    content = table.Column<byte[]>(type: "bytea", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_base_map_import_files", x => x.import_id);
                    table.ForeignKey(
                        name: "fk_base_map_import_files_base_map_imports_import_id",
                        column: x => x.import_id,
                        principalTable: "base_map_imports",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            // Uploads are mostly zipped already: storing them out of line without compression saves the server's CPU.
            migrationBuilder.Sql("ALTER TABLE base_map_import_files ALTER COLUMN content SET STORAGE EXTERNAL;");

            migrationBuilder.CreateIndex(
                name: "ix_base_map_imports_uploaded_at",
                table: "base_map_imports",
                column: "uploaded_at");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "base_map_import_files");

            migrationBuilder.DropTable(
                name: "base_map_imports");
        }
    }
}

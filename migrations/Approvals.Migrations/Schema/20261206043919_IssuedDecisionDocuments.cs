using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Approvals.Migrations.Schema
{
    /// <inheritdoc />
    public partial class IssuedDecisionDocuments : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "decision_documents",
                columns: table => new
                {
                    case_id = table.Column<Guid>(type: "uuid", nullable: false),
                    document_number = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    verification_code = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    issued_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    content = table.Column<string>(type: "jsonb", nullable: false),
                    pdf = table.Column<byte[]>(type: "bytea", nullable: false),
                    sha256 = table.Column<string>(type: "character(64)", fixedLength: true, maxLength: 64, nullable: false),
                    signed_by = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_decision_documents", x => x.case_id);
                    table.ForeignKey(
                        name: "fk_decision_documents_cases_case_id",
                        column: x => x.case_id,
                        principalTable: "cases",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_decision_documents_verification_code",
                table: "decision_documents",
                column: "verification_code",
                unique: true);

            // An issued document is never rewritten: the database refuses any change to a stored one.
            migrationBuilder.Sql("""
                CREATE FUNCTION decision_documents_refuse_update() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  RAISE EXCEPTION 'decision_documents: an issued decision document (%) is never changed', OLD.document_number;
                END $$;
                CREATE TRIGGER decision_documents_issued_once BEFORE UPDATE ON decision_documents
                  FOR EACH ROW EXECUTE FUNCTION decision_documents_refuse_update();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "decision_documents");
            migrationBuilder.Sql("DROP FUNCTION decision_documents_refuse_update();");
        }
    }
}

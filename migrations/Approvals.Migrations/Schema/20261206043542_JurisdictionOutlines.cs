using System;
using Microsoft.EntityFrameworkCore.Migrations;
using NetTopologySuite.Geometries;

#nullable disable

namespace Approvals.Migrations.Schema
{
    /// <inheritdoc />
    public partial class JurisdictionOutlines : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "jurisdiction_outlines",
                columns: table => new
                {
                    code = table.Column<string>(type: "character varying(6)", maxLength: 6, nullable: false),
                    geometry = table.Column<MultiPolygon>(type: "geometry(MultiPolygon)", nullable: false),
                    source = table.Column<string>(type: "character varying(260)", maxLength: 260, nullable: false),
                    imported_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_jurisdiction_outlines", x => x.code);
                    table.ForeignKey(
                        name: "fk_jurisdiction_outlines_jurisdictions_code",
                        column: x => x.code,
                        principalTable: "jurisdictions",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_jurisdiction_outlines_geometry",
                table: "jurisdiction_outlines",
                column: "geometry")
                .Annotation("Npgsql:IndexMethod", "gist");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "jurisdiction_outlines");
        }
    }
}

using Microsoft.EntityFrameworkCore.Migrations;
using NetTopologySuite.Geometries;

#nullable disable

namespace Approvals.Migrations.Schema
{
    /// <inheritdoc />
    public partial class BaseMapWebGeometry : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<MultiPolygon>(
                name: "web_geometry",
                table: "base_map_features",
                type: "geometry(MultiPolygon,3857)",
                nullable: true,
                computedColumnSql: "ST_Multi(ST_Transform(geometry, 3857))",
                stored: true);

            migrationBuilder.CreateIndex(
                name: "ix_base_map_features_web_geometry",
                table: "base_map_features",
                column: "web_geometry")
                .Annotation("Npgsql:IndexMethod", "gist");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_base_map_features_web_geometry",
                table: "base_map_features");

            migrationBuilder.DropColumn(
                name: "web_geometry",
                table: "base_map_features");
        }
    }
}

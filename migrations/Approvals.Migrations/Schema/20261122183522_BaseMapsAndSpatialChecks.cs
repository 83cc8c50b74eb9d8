using System;
using Microsoft.EntityFrameworkCore.Migrations;
using NetTopologySuite.Geometries;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Approvals.Migrations.Schema
{
    /// <inheritdoc />
    public partial class BaseMapsAndSpatialChecks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "base_map_feature_parts",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    feature_id = table.Column<long>(type: "bigint", nullable: false),
                    layer_id = table.Column<Guid>(type: "uuid", nullable: false),
                    category_code = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    forest_grade = table.Column<short>(type: "smallint", nullable: true),
                    forest_kind = table.Column<short>(type: "smallint", nullable: true),
                    geometry = table.Column<Polygon>(type: "geometry(Polygon)", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_base_map_feature_parts", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "base_map_layers",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    category_code = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false),
                    source_file_name = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    source_format = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    source_srid = table.Column<int>(type: "integer", nullable: false),
                    imported_by_id = table.Column<Guid>(type: "uuid", nullable: true),
                    imported_by_name = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    imported_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    feature_count = table.Column<int>(type: "integer", nullable: false),
                    repaired_count = table.Column<int>(type: "integer", nullable: false),
                    extent = table.Column<Polygon>(type: "geometry(Polygon)", nullable: true),
                    coverage = table.Column<MultiPolygon>(type: "geometry(MultiPolygon)", nullable: false),
                    is_current = table.Column<bool>(type: "boolean", nullable: false),
                    superseded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    superseded_by_id = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_base_map_layers", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "spatial_checks",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    created_by_id = table.Column<Guid>(type: "uuid", nullable: true),
                    created_by_name = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    source_file_name = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: true),
                    boundary = table.Column<MultiPolygon>(type: "geometry(MultiPolygon)", nullable: false),
                    area_m2 = table.Column<double>(type: "double precision", nullable: false),
                    required_level = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    report = table.Column<string>(type: "jsonb", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_spatial_checks", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "base_map_features",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    layer_id = table.Column<Guid>(type: "uuid", nullable: false),
                    category_code = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    source_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    name = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: true),
                    attributes = table.Column<string>(type: "jsonb", nullable: false),
                    forest_grade = table.Column<short>(type: "smallint", nullable: true),
                    forest_kind = table.Column<short>(type: "smallint", nullable: true),
                    geometry = table.Column<MultiPolygon>(type: "geometry(MultiPolygon)", nullable: false),
                    area_m2 = table.Column<double>(type: "double precision", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_base_map_features", x => x.id);
                    table.ForeignKey(
                        name: "fk_base_map_features_base_map_layers_layer_id",
                        column: x => x.layer_id,
                        principalTable: "base_map_layers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_base_map_feature_parts_geometry",
                table: "base_map_feature_parts",
                column: "geometry")
                .Annotation("Npgsql:IndexMethod", "gist");

            migrationBuilder.CreateIndex(
                name: "ix_base_map_feature_parts_layer_id",
                table: "base_map_feature_parts",
                column: "layer_id");

            migrationBuilder.CreateIndex(
                name: "ix_base_map_features_geometry",
                table: "base_map_features",
                column: "geometry")
                .Annotation("Npgsql:IndexMethod", "gist");

            migrationBuilder.CreateIndex(
                name: "ix_base_map_features_layer_id",
                table: "base_map_features",
                column: "layer_id");

            migrationBuilder.CreateIndex(
                name: "ix_base_map_layers_category_code",
                table: "base_map_layers",
                column: "category_code",
                filter: "is_current");

            migrationBuilder.CreateIndex(
                name: "ix_base_map_layers_category_code_version",
                table: "base_map_layers",
                columns: new[] { "category_code", "version" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_spatial_checks_created_by_id_created_at",
                table: "spatial_checks",
                columns: new[] { "created_by_id", "created_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "base_map_feature_parts");

            migrationBuilder.DropTable(
                name: "base_map_features");

            migrationBuilder.DropTable(
                name: "spatial_checks");

            migrationBuilder.DropTable(
                name: "base_map_layers");
        }
    }
}

using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace Approvals.Migrations.Schema
{
    /// <inheritdoc />
    public partial class JurisdictionExtents : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "jurisdiction_extents",
                columns: table => new
                {
                    code = table.Column<string>(type: "character varying(6)", maxLength: 6, nullable: false),
                    min_longitude = table.Column<double>(type: "double precision", nullable: false),
                    min_latitude = table.Column<double>(type: "double precision", nullable: false),
                    max_longitude = table.Column<double>(type: "double precision", nullable: false),
                    max_latitude = table.Column<double>(type: "double precision", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_jurisdiction_extents", x => x.code);
                    table.CheckConstraint("ck_jurisdiction_extents_box", "min_longitude < max_longitude AND min_latitude < max_latitude AND min_longitude >= -180 AND max_longitude <= 180 AND min_latitude >= -90 AND max_latitude <= 90");
                    table.ForeignKey(
                        name: "fk_jurisdiction_extents_jurisdictions_code",
                        column: x => x.code,
                        principalTable: "jurisdictions",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.InsertData(
                table: "jurisdiction_extents",
                columns: new[] { "code", "max_latitude", "max_longitude", "min_latitude", "min_longitude" },
                values: new object[,]
                {
                    { "140121", 37.799999999999997, 112.7, 37.350000000000001, 112.09999999999999 },
                    { "140122", 38.350000000000001, 113.0, 37.850000000000001, 112.3 },
                    { "140522", 35.719999999999999, 112.7, 35.200000000000003, 112.0 },
                    { "140525", 35.719999999999999, 113.25, 35.200000000000003, 112.40000000000001 },
                    { "140581", 36.049999999999997, 113.2, 35.600000000000001, 112.7 }
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "jurisdiction_extents");
        }
    }
}

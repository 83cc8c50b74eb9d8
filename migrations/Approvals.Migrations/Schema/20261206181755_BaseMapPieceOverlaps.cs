using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Approvals.Migrations.Schema
{
    /// <inheritdoc />
    public partial class BaseMapPieceOverlaps : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "overlaps_other_feature",
                table: "base_map_feature_parts",
                type: "boolean",
                nullable: false,
                defaultValue: true);
            // Pieces indexed before this column are treated as overlapping (the safe side, as before);
            // the next import or roll-back of their category measures them. New pieces always set it.
            migrationBuilder.Sql("ALTER TABLE base_map_feature_parts ALTER COLUMN overlaps_other_feature DROP DEFAULT");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "overlaps_other_feature",
                table: "base_map_feature_parts");
        }
    }
}

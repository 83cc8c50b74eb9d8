using Approvals.Spatial.Coordinates;
using Microsoft.Data.Sqlite;
using NetTopologySuite.IO;

namespace Approvals.Application.BaseMaps;

/// <summary>
/// Reads the first polygon feature table of a GeoPackage (an SQLite file): gpkg_contents names
/// the tables, gpkg_geometry_columns their geometry column and SRS, and each geometry is a GPKG
/// blob. The file is copied to a temporary file because SQLite reads files, not byte arrays.
/// </summary>
internal static class GeoPackageSource
{
    public static SourceLayer Read(byte[] content, string fileName, int? srid)
    {
        var path = Path.Combine(Path.GetTempPath(), $"approvals-{Guid.NewGuid():N}.gpkg");
        File.WriteAllBytes(path, content);
        try
        {
            using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ConnectionString);
            connection.Open();
            string table, column;
            int gpkgSrid;
            using (var find = connection.CreateCommand())
            {
                find.CommandText = """
                    SELECT c.table_name, g.column_name, g.srs_id
                    FROM gpkg_contents c JOIN gpkg_geometry_columns g ON g.table_name = c.table_name
                    WHERE c.data_type = 'features' ORDER BY c.table_name LIMIT 1
                    """;
                using var reader = find.ExecuteReader();
                if (!reader.Read())
                    throw new UnreadableSourceException($"GeoPackage“{fileName}”中没有要素表", $"the GeoPackage \"{fileName}\" has no feature table");
                table = reader.GetString(0);
                column = reader.GetString(1);
                gpkgSrid = reader.GetInt32(2);
            }

            var sourceSrid = srid ?? (Cgcs2000Crs.IsSupported(gpkgSrid) ? gpkgSrid
                : throw new UnreadableSourceException(
                    $"GeoPackage 的坐标系 EPSG:{gpkgSrid} 不受支持，请用 --srid 指定",
                    $"the GeoPackage's coordinate system EPSG:{gpkgSrid} is not supported; give one with --srid"));
            var features = new List<SourceFeature>();
            var geometryReader = new GeoPackageGeoReader();
            using var select = connection.CreateCommand();
            select.CommandText = $"SELECT * FROM \"{table.Replace("\"", "\"\"")}\"";
            using var rows = select.ExecuteReader();
            var n = 0;
            while (rows.Read())
            {
                n++;
                var attributes = new Dictionary<string, object?>(StringComparer.Ordinal);
                NetTopologySuite.Geometries.Geometry? geometry = null;
                string? id = null;
                for (var i = 0; i < rows.FieldCount; i++)
                {
                    var name = rows.GetName(i);
                    var value = rows.IsDBNull(i) ? null : rows.GetValue(i);
                    if (string.Equals(name, column, StringComparison.OrdinalIgnoreCase))
                        geometry = value is byte[] blob ? geometryReader.Read(blob) : null;
                    else if (string.Equals(name, "fid", StringComparison.OrdinalIgnoreCase))
                        id = Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture);
                    else
                        attributes[name] = value;
                }
                features.Add(new SourceFeature(id ?? $"#{n}", geometry, attributes));
            }
            return new SourceLayer("geopackage", sourceSrid, features);
        }
        catch (SqliteException e)
        {
            throw new UnreadableSourceException($"无法读取 GeoPackage：{e.Message}", $"cannot read the GeoPackage: {e.Message}");
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            File.Delete(path);
        }
    }
}

using Approvals.Application.BaseMaps;
using Approvals.Application.Cases;
using Approvals.Application.Identity;
using Approvals.Application.Persistence;
using Approvals.Domain.UseTypes;
using FluentValidation;
using Mediator;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace Approvals.Application.Maps.GetCaseTile;

/// <summary>
/// One vector tile of the cases the caller may see (the case access rule: staff their jurisdiction, an applicant its
/// organisation's), one layer "cases": each boundary with the case's id, number, project, status, uses (Land,
/// Forest, …) and deciding level. Cases change all day, so the tile is made on every request.
/// </summary>
[RequiresRole(Roles.Applicant, Roles.Clerk, Roles.Reviewer, Roles.Supervisor, Roles.Administrator,
    RefusalZh = "请先登录", RefusalEn = "Sign in first")]
public sealed record GetCaseTileQuery(TileAddress Tile) : IQuery<VectorTile>;

public sealed class GetCaseTileValidator : AbstractValidator<GetCaseTileQuery>
{
    public GetCaseTileValidator() => RuleFor(q => q.Tile).SetValidator(new TileAddressValidator());
}

public sealed class GetCaseTileHandler(ApprovalsDbContext db, ActorAccessor actorAccessor, IConfiguration configuration)
    : IQueryHandler<GetCaseTileQuery, VectorTile>
{
    public async ValueTask<VectorTile> Handle(GetCaseTileQuery query, CancellationToken ct)
    {
        var parameters = new List<NpgsqlParameter>();
        var scope = actorAccessor.Current.Sql("c", value =>
        {
            parameters.Add(new NpgsqlParameter($"scope{parameters.Count}", value));
            return $"@scope{parameters.Count - 1}";
        });
        var (z, x, y) = (query.Tile.Z, query.Tile.X, query.Tile.Y);
        var sql = $"""
            WITH tile AS (SELECT ST_TileEnvelope(@z, @x, @y) AS m),
            area AS (SELECT ST_Transform(ST_Expand(tile.m, @margin), @srid) AS b FROM tile),
            shown AS (
                SELECT c.id::text AS id, c.number, c.project_name AS project, c.status, c.county_code AS county,
                       (SELECT string_agg((@useNames::text[])[(u->>'type')::int], ',' ORDER BY (u->>'type')::int)
                        FROM jsonb_array_elements(c.uses) u) AS uses,
                       c.deciding_level AS "decidingLevel", round(c.boundary_area_m2)::bigint AS "areaM2",
                       to_char(beijing_date(c.submitted_at), 'YYYY-MM-DD') AS submitted,
                       ST_AsMVTGeom(ST_Transform(c.boundary, 3857), tile.m, {TileAddress.Extent}, {TileAddress.Buffer}, true) AS geom
                FROM tile, area, cases c
                WHERE c.boundary && area.b AND {scope})
            SELECT coalesce(ST_AsMVT(s, 'cases', {TileAddress.Extent}, 'geom'), ''::bytea) FROM shown s WHERE s.geom IS NOT NULL
            """;
        parameters.AddRange([
            new NpgsqlParameter("z", z), new NpgsqlParameter("x", x), new NpgsqlParameter("y", y),
            new NpgsqlParameter("margin", query.Tile.MarginMetres()),
            new NpgsqlParameter("srid", BaseMapStorage.StorageSrid(configuration)),
            new NpgsqlParameter("useNames", Enum.GetValues<UseType>().OrderBy(u => (int)u).Select(u => u.ToString()).ToArray()),
        ]);
        return new VectorTile(await TileSql.BytesAsync(db, sql, ct, [.. parameters]), ETag: null);
    }
}

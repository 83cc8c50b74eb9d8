using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Approvals.Application.Cases;
using Approvals.Application.Identity;
using Approvals.Application.Persistence;
using Approvals.Application.Rules;
using Approvals.Application.SpatialChecks;
using Approvals.Application.Tasks;
using Approvals.Application.Workflows;
using Approvals.Application.Workflows.Activities;
using Approvals.Domain.Cases;
using Approvals.Domain.Departments;
using Approvals.Domain.Jurisdictions;
using Approvals.Spatial.Coordinates;
using Approvals.Workflows;
using Approvals.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;
using NetTopologySuite.Geometries;
using Npgsql;
using NpgsqlTypes;

namespace Approvals.Application.DemoData.SeedDemoData;

/// <summary>What <c>seed-demo --cases N</c> did.</summary>
public sealed record CaseHistorySummary(int Generated, int Open, long Tasks, TimeSpan Elapsed, string? SkippedBecause);

/// <summary>
/// Loads a year of case history for the demo counties straight into the tables the workflow writes
/// (binary COPY, in chunks, one transaction), so a million cases load in minutes. Each case is simulated
/// with its own seeded randomness (<see cref="CaseHistorySimulator"/>): the same seed and count give the
/// same history. Numbers follow the numbering rules: case numbers per county and year in submission order,
/// decision document numbers per issuer and year in decision order, and the sequences end where the
/// generated numbers do, so the next real case or decision continues them without a gap.
/// </summary>
internal sealed class CaseHistoryGenerator(ApprovalsDbContext db, ProvinceRules rules, PublishedWorkflows published, TimeProvider clock, int storageSrid)
{
    public const string KeyPrefix = "demo-history-";
    private const int ChunkSize = 10_000;
    private const string DefinitionId = "joint-preapproval";

    /// <summary>Approximate centres of the demo counties (lon, lat); the outlines are synthetic anyway.</summary>
    private static readonly Dictionary<string, (double Lon, double Lat, double Weight)> Counties = new()
    {
        ["140525"] = (112.84, 35.50, 0.28), ["140522"] = (112.41, 35.49, 0.20), ["140581"] = (112.92, 35.80, 0.20),
        ["140121"] = (112.36, 37.61, 0.17), ["140122"] = (112.67, 38.06, 0.15),
    };

    /// <summary>How often a generated boundary hits each category (share of cases).</summary>
    private static readonly Dictionary<string, double> HitRates = new()
    {
        ["PBF"] = 0.04, ["EPR"] = 0.03, ["NRS"] = 0.01, ["NPK"] = 0.02, ["UDB"] = 0.45, ["LUZ"] = 0.60, ["CUL"] = 0.30, ["PWF"] = 0.05,
        ["FOR"] = 0.22, ["BGR"] = 0.01, ["WET"] = 0.02, ["MRT"] = 0.08, ["IMD"] = 0.04, ["GHZ"] = 0.12, ["DWS"] = 0.03,
    };

    public async Task<CaseHistorySummary> GenerateAsync(int count, int seed, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        var existing = await db.Set<Case>().CountAsync(ct);
        if (existing > 0)
        {
            var generated = await db.Set<Case>().CountAsync(c => c.IdempotencyKey!.StartsWith(KeyPrefix), ct);
            return new CaseHistorySummary(0, 0, 0, watch.Elapsed, generated > 0
                ? $"{existing:N0} cases exist already ({generated:N0} of them generated); the history is generated into an empty case table only, so nothing was added"
                : $"{existing:N0} cases exist already; the history is generated into an empty case table only, so nothing was added");
        }

        var context = await ContextAsync(ct);
        var definition = (await published.CatalogAsync(db, ct)).Latest(DefinitionId);
        var simulator = new CaseHistorySimulator(context);
        var now = clock.GetUtcNow();
        var (first, days) = Window(now);
        var countyCodes = Counties.Keys.Order(StringComparer.Ordinal).ToArray();
        var cumulative = countyCodes.Select(c => Counties[c].Weight).ToArray();
        for (var i = 1; i < cumulative.Length; i++) cumulative[i] += cumulative[i - 1];

        // Pass 1: submission times, counties and case numbers in submission order; decisions for their document numbers.
        var county = new byte[count];
        var sequence = new int[count];
        var submitted = new DateTimeOffset[count];
        var caseCounters = new Dictionary<string, int>();
        var decisions = new List<(long ClosedTicks, int Index, string Key)>();
        for (var i = 0; i < count; i++)
        {
            var r = new Random(StableSeed.Mix(seed, i, 0xC0DE));
            var day = first.AddDays((int)((long)i * days / count));
            var roll = r.NextDouble() * cumulative[^1];
            county[i] = (byte)Array.FindIndex(cumulative, w => roll < w);
            submitted[i] = new DateTimeOffset(day.ToDateTime(new TimeOnly(0, 0)).AddMinutes(r.Next(8 * 60, 18 * 60)), TimeSpan.FromHours(8)).ToUniversalTime();
            if (submitted[i] > now) submitted[i] = now.AddMinutes(-r.Next(1, 600));
            var key = $"{countyCodes[county[i]]}:{day.Year}";
            sequence[i] = caseCounters[key] = caseCounters.GetValueOrDefault(key) + 1;
        }
        // Each county's cases get parcels of their own (see Parcel): the k-th case of a county takes its k-th cell.
        var ordinal = new int[count];
        var countyTotals = new int[countyCodes.Length];
        for (var i = 0; i < count; i++) ordinal[i] = countyTotals[county[i]]++;
        var documentSequence = new int[count];
        var documentKeys = new string?[count];
        for (var i = 0; i < count; i++)
        {
            var h = Simulate(simulator, i, seed, submitted[i], countyCodes[county[i]], sequence[i], now);
            if (h.Case.Status == CaseStatus.Approved)
            {
                var (key, _) = DocumentIssuer(h, context, 0);
                decisions.Add((h.Case.ClosedAt!.Value.UtcTicks, i, key));
            }
        }
        var decisionCounters = new Dictionary<string, int>();
        foreach (var d in decisions.OrderBy(d => d.ClosedTicks).ThenBy(d => d.Index))
        {
            documentSequence[d.Index] = decisionCounters[d.Key] = decisionCounters.GetValueOrDefault(d.Key) + 1;
            documentKeys[d.Index] = d.Key;
        }

        // Pass 2: write everything in chunks, in one transaction.
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await Dashboard.DashboardCalendar.EnsureAsync(db, rules.Calendar, ct);
        // The dashboard's per-row refresh would cost a trigger call per row: the facts are derived once, at the end.
        await db.Database.ExecuteSqlRawAsync(Dashboard.DashboardSchema.DisableTriggers, ct);
        var open = 0;
        long tasks = 0;
        var chunk = new List<CaseHistory>(ChunkSize);
        for (var start = 0; start < count; start += ChunkSize)
        {
            chunk.Clear();
            for (var i = start; i < Math.Min(count, start + ChunkSize); i++)
            {
                var h = Simulate(simulator, i, seed, submitted[i], countyCodes[county[i]], sequence[i], now);
                if (h.Case.Status == CaseStatus.Approved)
                    h.Case.DocumentNumber = DocumentIssuer(h, context, documentSequence[i]).Number;
                WriteSpatialReport(h, new Random(StableSeed.Mix(seed, i, 0x5A7)), ordinal[i], countyTotals[county[i]]);
                chunk.Add(h);
                if (!h.Case.IsClosed) open++;
                tasks += h.Tasks.Count;
            }
            await CopyAsync(connection, chunk, definition.Version, ct);
        }

        foreach (var (key, last) in caseCounters) await SetSequenceAsync($"case:{key}", last, ct);
        foreach (var (key, last) in decisionCounters) await SetSequenceAsync($"decision:{key}", last, ct);
        await db.Database.ExecuteSqlRawAsync(Dashboard.DashboardSchema.EnableTriggers, ct);
        db.Database.SetCommandTimeout(TimeSpan.FromMinutes(30));
        await db.Database.ExecuteSqlRawAsync("SELECT dashboard_refresh(NULL)", ct);
        await tx.CommitAsync(ct);
        // VACUUM too, not only ANALYZE: the visibility map lets the dashboard's scans skip the heap (a third of the time at a million cases).
        // One statement each: VACUUM refuses to run inside the implicit transaction of a multi-statement command.
        foreach (var statement in new[] { "VACUUM ANALYZE cases", "VACUUM ANALYZE review_tasks", "VACUUM ANALYZE case_events", "VACUUM ANALYZE case_pauses",
                     "VACUUM ANALYZE workflow_instances", "VACUUM ANALYZE dashboard_case_facts", "VACUUM ANALYZE dashboard_pause_facts",
                     "VACUUM ANALYZE dashboard_daily", "VACUUM ANALYZE dashboard_weekly_durations", "VACUUM ANALYZE dashboard_workload" })
            await db.Database.ExecuteSqlRawAsync(statement, ct);
        return new CaseHistorySummary(count, open, tasks, watch.Elapsed, null);
    }

    /// <summary>The <paramref name="k"/>-th of <paramref name="n"/> cells in a scattered order (a step coprime with n visits each once).</summary>
    private static long Scatter(int k, long n)
    {
        var step = (long)(n * 0.618_033_988_75) | 1;
        while (Gcd(step, n) != 1) step += 2;
        return (long)((Int128)k * step % n);

        static long Gcd(long a, long b) => b == 0 ? a : Gcd(b, a % b);
    }

    /// <summary>The last twelve months, clipped to the years the working-day calendar knows (a date outside them cannot be counted).</summary>
    private (DateOnly First, int Days) Window(DateTimeOffset now)
    {
        var today = LocalDate.Today(clock);
        var first = today.AddMonths(-12).AddDays(1);
        var calendarStart = new DateOnly(rules.Calendar.Years[0], 1, 1);
        if (first < calendarStart) first = calendarStart;
        return (first, today.DayNumber - first.DayNumber + 1);
    }

    private CaseHistory Simulate(CaseHistorySimulator simulator, int i, int seed, DateTimeOffset submitted, string countyCode, int sequence, DateTimeOffset now)
    {
        var h = simulator.Simulate(i, seed, submitted, countyCode, sequence);
        h.CutAt(now);
        h.SetDueDate(rules.Calendar, rules.TimeLimits);
        return h;
    }

    private (string Key, string Number) DocumentIssuer(CaseHistory h, HistoryContext context, int sequence)
    {
        var level = h.Case.DecidedAtLevel!.Value;
        var department = CaseTaskActivity.LeadDepartment(h.Case.RequiredDepartments);
        var issuerCode = level switch { JurisdictionLevel.County => h.Case.CountyCode, JurisdictionLevel.City => h.CityCode, _ => "140000" };
        var shortName = level == JurisdictionLevel.Province ? null : IssueDecisionActivity.JurisdictionShortName(context.JurisdictionNames[issuerCode], rules.DocumentNumbering.ProvinceShortName);
        var year = DateOnly.FromDateTime(CaseHistorySimulator.Local(h.Case.ClosedAt!.Value)).Year;
        var key = rules.DocumentNumbering.IssuerKey(level, department, year, shortName).ToString();
        return (key, sequence > 0 ? rules.DocumentNumbering.Number(level, department, year, sequence, shortName).ToString() : "");
    }

    private async Task SetSequenceAsync(string scope, int last, CancellationToken ct) =>
        await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO number_sequences (scope, last_value) VALUES ({scope}, {last})
            ON CONFLICT (scope) DO UPDATE SET last_value = GREATEST(number_sequences.last_value, EXCLUDED.last_value)
            """, ct);

    private async Task<HistoryContext> ContextAsync(CancellationToken ct)
    {
        var jurisdictions = await db.Jurisdictions.AsNoTracking().ToListAsync(ct);
        var missing = Counties.Keys.Where(c => jurisdictions.All(j => j.Code != c)).ToList();
        if (missing.Count > 0) throw new InvalidOperationException($"The demo counties {string.Join(", ", missing)} are missing; run `approvals migrate` first.");
        var users = await db.Users.AsNoTracking().Where(u => u.JurisdictionCode != null || u.UserName == "applicant").ToListAsync(ct);
        var staff = new Dictionary<(string, Department?), DemoStaff>();
        foreach (var u in users.Where(u => u.JurisdictionCode is not null).OrderBy(u => u.UserName, StringComparer.Ordinal))
        {
            var name = u.UserName!;
            // The window clerk stands for the county, the supervisor for a city or the province, where no window exists.
            // Tasks and the timeline name people by their login, as the workflow does (the actor's name).
            if (u.Department is { } d) staff.TryAdd((u.JurisdictionCode!, d), new DemoStaff(u.Id, name));
            else if (name.EndsWith(".clerk", StringComparison.Ordinal) || (name.EndsWith(".supervisor", StringComparison.Ordinal) && !staff.ContainsKey((u.JurisdictionCode!, null))))
                staff[(u.JurisdictionCode!, null)] = new DemoStaff(u.Id, name);
        }
        var applicant = users.Single(u => u.UserName == "applicant");
        var definition = (await published.CatalogAsync(db, ct)).Latest(DefinitionId);
        return new HistoryContext(
            rules.Calendar, rules.TimeLimits,
            jurisdictions.Where(j => j.Level == JurisdictionLevel.County).ToDictionary(j => j.Code, j => j.ParentCode!),
            staff, new DemoStaff(applicant.Id, applicant.UserName!), applicant.OrganisationId!.Value,
            definition.Activities.ToDictionary(a => a.Id, a => a.Name),
            jurisdictions.ToDictionary(j => j.Code, j => j.Name));
    }

    /// <summary>
    /// The case's parcel (lon/lat GeoJSON as the applicant would upload it, and as stored): a rectangle in a cell of its
    /// own in a grid over the county's central area (0.3° × 0.25°, some 750 km²), the cells visited in a scattered order
    /// so that neighbouring cells hold cases of different months. A county's parcels therefore lie side by side like
    /// real ones instead of piling onto each other, and a conflict check meets a realistic handful of candidates; one
    /// case in 40 is drawn half a cell east, over its neighbour's land, so that some do overlap. With a few thousand
    /// cases the parcels are 80–900 m a side; with a million the cells shrink to some 50 m and the parcels with them.
    /// </summary>
    private void WriteSpatialReport(CaseHistory h, Random r, int ordinal, int countyTotal)
    {
        var c = h.Case;
        var centre = Counties[c.CountyCode];
        const double width = 0.3, height = 0.25;
        var widthM = width * 111_320.0 * Math.Cos(centre.Lat * Math.PI / 180);
        var heightM = height * 111_000.0;
        // A quarter of the cells stay empty, so that parcels are spread rather than packed.
        var cells = Math.Max(1, (long)Math.Ceiling(countyTotal * 1.25));
        var columns = (int)Math.Max(1, Math.Ceiling(Math.Sqrt(cells * widthM / heightM)));
        var rows = (int)Math.Ceiling(cells / (double)columns);
        var cell = Scatter(ordinal, (long)columns * rows);
        var (cellW, cellH) = (widthM / columns, heightM / rows);
        var east = Math.Min(r.Next(80, 900), cellW * 0.8);
        var north = Math.Min(r.Next(80, 900), cellH * 0.8);
        var shifted = r.NextDouble() < 0.025 ? cellW / 2 : 0;
        var x = (cell % columns) * cellW + cellW * 0.1 + r.NextDouble() * (cellW * 0.9 - east) + shifted;
        var y = (cell / columns) * cellH + cellH * 0.1 + r.NextDouble() * (cellH * 0.9 - north);
        var south = centre.Lat - height / 2 + y / 111_000.0;
        var metresPerLon = 111_320.0 * Math.Cos(south * Math.PI / 180);
        var west = centre.Lon - width / 2 + x / metresPerLon;
        var dLat = north / 111_000.0;
        var dLon = east / metresPerLon;
        double[][] ring = [[west, south], [west + dLon, south], [west + dLon, south + dLat], [west, south + dLat], [west, south]];
        var geoJson = new JsonObject
        {
            ["type"] = "Polygon",
            ["coordinates"] = new JsonArray(new JsonArray(ring.Select(p => (JsonNode)new JsonArray(Math.Round(p[0], 7), Math.Round(p[1], 7))).ToArray())),
        };
        c.BoundaryFile = Encoding.UTF8.GetBytes(geoJson.ToJsonString());
        c.BoundaryFileName = "boundary.geojson";
        var storage = ring.Select(p => CoordinateTransformer.Transform(p[0], p[1], 4490, storageSrid)).Select(p => new Coordinate(p.X, p.Y)).ToArray();
        var polygon = Geometry.DefaultFactory.CreatePolygon(storage);
        c.Boundary = Geometry.DefaultFactory.CreateMultiPolygon([polygon]);
        c.Boundary.SRID = storageSrid;
        c.BoundaryAreaM2 = Math.Round(polygon.Area, 2);
        if (!h.Routed) return;

        var area = (decimal)c.BoundaryAreaM2;
        var categories = rules.Catalogue.Categories.Select(category =>
        {
            var hit = r.NextDouble() < HitRates.GetValueOrDefault(category.Code, 0.02);
            var overlap = hit ? Math.Round(area * (decimal)(0.02 + r.NextDouble() * 0.9), 2) : 0m;
            return new CategoryResult
            {
                Code = category.Code, Name = category.Name, NameEn = category.NameEn,
                Status = hit ? CategoryStatus.Intersects : CategoryStatus.Clear,
                OverlapM2 = overlap, OverlapHa = Math.Round(overlap / 10_000m, 4), OverlapMu = Math.Round(overlap * 15m / 10_000m, 2),
                PercentOfProject = area == 0 ? 0 : Math.Round(overlap * 100m / area, 2), CoveredPercent = 100,
                Effect = category.Effect, EffectEn = category.EffectEn, Department = category.Department.ToString(),
                RequiredLevel = category.RequiredLevel.ToString(),
            };
        }).ToList();
        var report = new ComparisonReport
        {
            Id = null, CheckedAt = c.SpatialCheckedAt ?? c.SubmittedAt, SourceFileName = c.BoundaryFileName,
            Boundary = new ReportBoundary
            {
                Srid = c.Boundary.SRID, AreaM2 = area, AreaHa = Math.Round(area / 10_000m, 4), AreaMu = Math.Round(area * 15m / 10_000m, 2),
                Format = "geojson", SourceSrid = 4490, Parcels = [new ReportParcel { Number = "1", AreaM2 = area, AreaHa = Math.Round(area / 10_000m, 4) }],
            },
            Categories = categories, RequiredDepartments = c.RequiredDepartments, RequiredLevel = c.DecidingLevel!.Value.ToString(),
            DecidingLevel = c.DecidingLevel.Value.ToString(), Findings = [], FindingsEn = [],
        };
        c.SpatialReport = report.ToJson();
    }

    private static async Task CopyAsync(NpgsqlConnection connection, List<CaseHistory> chunk, int definitionVersion, CancellationToken ct)
    {
        await using (var w = await connection.BeginBinaryImportAsync("""
            COPY cases (id, number, idempotency_key, applicant_user_id, organisation_id, county_code, project_name, project_code, project_owner,
              project_type, declared_approval_level, national_key_project, infrastructure_public_or_defence, uses, boundary_file, boundary_file_name,
              boundary_source_srid, boundary, boundary_area_m2, spatial_report, spatial_checked_at, required_departments, deciding_level, current_level,
              forward_to_national, status, submitted_at, accepted_on, due_on, extended, extension_reason, paused_since, closed_at, document_number,
              decision_opinion, decision_conditions, decided_at_level, decided_by, withdrawal_reason, workflow_instance_id, version) FROM STDIN (FORMAT BINARY)
            """, ct))
        {
            foreach (var h in chunk)
            {
                var c = h.Case;
                w.StartRow();
                w.Write(c.Id, NpgsqlDbType.Uuid);
                w.Write(c.Number, NpgsqlDbType.Varchar);
                w.Write(c.IdempotencyKey, NpgsqlDbType.Varchar);
                w.Write(c.ApplicantUserId, NpgsqlDbType.Uuid);
                w.Write(c.OrganisationId, NpgsqlDbType.Uuid);
                w.Write(c.CountyCode, NpgsqlDbType.Varchar);
                w.Write(c.ProjectName, NpgsqlDbType.Varchar);
                Nullable(w, c.ProjectCode, NpgsqlDbType.Varchar);
                w.Write(c.ProjectOwner, NpgsqlDbType.Varchar);
                w.Write(c.ProjectType, NpgsqlDbType.Varchar);
                w.Write(c.DeclaredApprovalLevel.ToString(), NpgsqlDbType.Varchar);
                w.WriteNull();
                w.Write(c.InfrastructurePublicOrDefence, NpgsqlDbType.Boolean);
                w.Write(JsonSerializer.Serialize(c.Uses, JsonSerializerOptions.Web), NpgsqlDbType.Jsonb);
                w.Write(c.BoundaryFile, NpgsqlDbType.Bytea);
                Nullable(w, c.BoundaryFileName, NpgsqlDbType.Varchar);
                w.WriteNull();
                w.Write((Geometry)c.Boundary, NpgsqlDbType.Geometry);
                w.Write(c.BoundaryAreaM2, NpgsqlDbType.Double);
                Nullable(w, c.SpatialReport, NpgsqlDbType.Jsonb);
                Nullable(w, c.SpatialCheckedAt, NpgsqlDbType.TimestampTz);
                w.Write(c.RequiredDepartments.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text);
                Nullable(w, c.DecidingLevel?.ToString(), NpgsqlDbType.Varchar);
                Nullable(w, c.CurrentLevel?.ToString(), NpgsqlDbType.Varchar);
                w.Write(c.ForwardToNational, NpgsqlDbType.Boolean);
                w.Write(c.Status.ToString(), NpgsqlDbType.Varchar);
                w.Write(c.SubmittedAt, NpgsqlDbType.TimestampTz);
                Nullable(w, c.AcceptedOn, NpgsqlDbType.Date);
                Nullable(w, c.DueOn, NpgsqlDbType.Date);
                w.Write(c.Extended, NpgsqlDbType.Boolean);
                Nullable(w, c.ExtensionReason, NpgsqlDbType.Text);
                Nullable(w, c.PausedSince, NpgsqlDbType.TimestampTz);
                Nullable(w, c.ClosedAt, NpgsqlDbType.TimestampTz);
                Nullable(w, c.DocumentNumber, NpgsqlDbType.Varchar);
                Nullable(w, c.DecisionOpinion, NpgsqlDbType.Text);
                w.Write(JsonSerializer.Serialize(c.DecisionConditions, Decisions.DecisionJson.Options), NpgsqlDbType.Jsonb);
                Nullable(w, c.DecidedAtLevel?.ToString(), NpgsqlDbType.Varchar);
                Nullable(w, c.DecidedBy, NpgsqlDbType.Varchar);
                Nullable(w, c.WithdrawalReason, NpgsqlDbType.Text);
                w.Write(c.WorkflowInstanceId, NpgsqlDbType.Uuid);
                w.Write(c.Version, NpgsqlDbType.Integer);
            }
            await w.CompleteAsync(ct);
        }

        await using (var w = await connection.BeginBinaryImportAsync("COPY case_pauses (id, case_id, reason, \"from\", \"to\") FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var p in chunk.SelectMany(h => h.Pauses))
            {
                w.StartRow();
                w.Write(p.Id, NpgsqlDbType.Uuid);
                w.Write(p.CaseId, NpgsqlDbType.Uuid);
                w.Write(p.Reason, NpgsqlDbType.Varchar);
                w.Write(p.From, NpgsqlDbType.TimestampTz);
                Nullable(w, p.To, NpgsqlDbType.TimestampTz);
            }
            await w.CompleteAsync(ct);
        }

        await using (var w = await connection.BeginBinaryImportAsync("""
            COPY review_tasks (id, case_id, workflow_instance_id, bookmark_id, activity_id, name, stage, level, jurisdiction_code, department,
              candidate_role, organisation_id, assignee_id, assignee_name, claimed_at, created_at, due_on, remind_on, reminded_at, overdue_notified_at,
              status, completed_at, completed_by_id, completed_by_name, outcome, opinion, conditions, correction_request, version,
              case_number, project_name, county_code, use_types) FROM STDIN (FORMAT BINARY)
            """, ct))
        {
            foreach (var h in chunk)
            foreach (var t in h.Tasks)
            {
                w.StartRow();
                w.Write(t.Id, NpgsqlDbType.Uuid);
                w.Write(t.CaseId, NpgsqlDbType.Uuid);
                w.Write(t.WorkflowInstanceId, NpgsqlDbType.Uuid);
                w.Write(t.BookmarkId, NpgsqlDbType.Uuid);
                w.Write(t.ActivityId, NpgsqlDbType.Varchar);
                w.Write(t.Name, NpgsqlDbType.Varchar);
                w.Write(t.Stage.ToString(), NpgsqlDbType.Varchar);
                w.Write(t.Level.ToString(), NpgsqlDbType.Varchar);
                w.Write(t.JurisdictionCode, NpgsqlDbType.Varchar);
                Nullable(w, t.Department?.ToString(), NpgsqlDbType.Varchar);
                w.Write(t.CandidateRole, NpgsqlDbType.Varchar);
                Nullable(w, t.OrganisationId, NpgsqlDbType.Uuid);
                Nullable(w, t.AssigneeId, NpgsqlDbType.Uuid);
                Nullable(w, t.AssigneeName, NpgsqlDbType.Varchar);
                Nullable(w, t.ClaimedAt, NpgsqlDbType.TimestampTz);
                w.Write(t.CreatedAt, NpgsqlDbType.TimestampTz);
                w.Write(t.DueOn, NpgsqlDbType.Date);
                w.Write(t.RemindOn, NpgsqlDbType.Date);
                Nullable(w, t.RemindedAt, NpgsqlDbType.TimestampTz);
                Nullable(w, t.OverdueNotifiedAt, NpgsqlDbType.TimestampTz);
                w.Write(t.Status.ToString(), NpgsqlDbType.Varchar);
                Nullable(w, t.CompletedAt, NpgsqlDbType.TimestampTz);
                Nullable(w, t.CompletedById, NpgsqlDbType.Uuid);
                Nullable(w, t.CompletedByName, NpgsqlDbType.Varchar);
                Nullable(w, t.Outcome?.ToString(), NpgsqlDbType.Varchar);
                Nullable(w, t.Opinion, NpgsqlDbType.Text);
                Nullable(w, t.Conditions, NpgsqlDbType.Text);
                Nullable(w, t.CorrectionRequest, NpgsqlDbType.Text);
                w.Write(t.Version, NpgsqlDbType.Integer);
                // The inbox filters and searches on these copies of the case's fields, as the workflow writes them.
                w.Write(h.Case.Number, NpgsqlDbType.Varchar);
                w.Write(h.Case.ProjectName, NpgsqlDbType.Varchar);
                w.Write(h.Case.CountyCode, NpgsqlDbType.Varchar);
                w.Write(Tasks.UseTypeMask.Of(h.Case.Uses.Select(u => u.Type)), NpgsqlDbType.Integer);
            }
            await w.CompleteAsync(ct);
        }

        await using (var w = await connection.BeginBinaryImportAsync(
            "COPY case_events (case_id, at, actor, kind, summary, summary_en, opinion, level, department, visible_to_applicant) FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var e in chunk.SelectMany(h => h.Events.OrderBy(e => e.At)))
            {
                w.StartRow();
                w.Write(e.CaseId, NpgsqlDbType.Uuid);
                w.Write(e.At, NpgsqlDbType.TimestampTz);
                w.Write(e.Actor, NpgsqlDbType.Varchar);
                w.Write(e.Kind, NpgsqlDbType.Varchar);
                w.Write(e.Summary, NpgsqlDbType.Text);
                w.Write(e.SummaryEn, NpgsqlDbType.Text);
                Nullable(w, e.Opinion, NpgsqlDbType.Text);
                Nullable(w, e.Level?.ToString(), NpgsqlDbType.Varchar);
                Nullable(w, e.Department, NpgsqlDbType.Varchar);
                w.Write(e.VisibleToApplicant, NpgsqlDbType.Boolean);
            }
            await w.CompleteAsync(ct);
        }

        var states = chunk.Select(h => (History: h, State: WorkflowState(h, definitionVersion))).ToList();
        await using (var w = await connection.BeginBinaryImportAsync(
            "COPY workflow_instances (id, definition_id, definition_version, status, state, case_id, created_at, updated_at, version) FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var (h, state) in states)
            {
                w.StartRow();
                w.Write(state.InstanceId, NpgsqlDbType.Uuid);
                w.Write(state.DefinitionId, NpgsqlDbType.Varchar);
                w.Write(state.DefinitionVersion, NpgsqlDbType.Integer);
                w.Write(state.Status.ToString(), NpgsqlDbType.Varchar);
                w.Write(state.ToJson(), NpgsqlDbType.Jsonb);
                w.Write(h.Case.Id, NpgsqlDbType.Uuid);
                w.Write(state.CreatedAt, NpgsqlDbType.TimestampTz);
                w.Write(state.UpdatedAt, NpgsqlDbType.TimestampTz);
                w.Write(1, NpgsqlDbType.Integer);
            }
            await w.CompleteAsync(ct);
        }

        await using (var w = await connection.BeginBinaryImportAsync(
            "COPY workflow_bookmarks (id, instance_id, activity_id, kind, name, due_at, created_at, job_id) FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var (_, state) in states)
            foreach (var b in state.Bookmarks)
            {
                w.StartRow();
                w.Write(b.Id, NpgsqlDbType.Uuid);
                w.Write(state.InstanceId, NpgsqlDbType.Uuid);
                w.Write(b.ActivityId, NpgsqlDbType.Varchar);
                w.Write(b.Kind.ToString(), NpgsqlDbType.Varchar);
                w.Write(b.Name, NpgsqlDbType.Varchar);
                w.WriteNull();
                w.Write(b.CreatedAt, NpgsqlDbType.TimestampTz);
                w.WriteNull();
            }
            await w.CompleteAsync(ct);
        }
    }

    /// <summary>
    /// The workflow instance as the runner would have left it: ended for closed cases; for open ones, waiting on
    /// the open tasks' bookmarks (a review round is a fork scope whose finished branches have arrived at the join).
    /// </summary>
    private static WorkflowInstanceState WorkflowState(CaseHistory h, int definitionVersion)
    {
        var c = h.Case;
        var variables = new JsonObject
        {
            [CaseVariables.CaseId] = c.Id.ToString(),
            [CaseVariables.Jurisdictions] = new JsonObject { ["County"] = c.CountyCode, ["City"] = h.CityCode, ["Province"] = "140000" },
        };
        if (h.Routed)
        {
            variables[CaseVariables.RequiredDepartments] = new JsonArray(c.RequiredDepartments.Select(d => (JsonNode)JsonValue.Create(d)!).ToArray());
            variables[CaseVariables.DecidingLevel] = c.DecidingLevel!.Value.ToString();
            variables[CaseVariables.CurrentLevel] = h.ReviewLevel.ToString();
            variables[CaseVariables.Reviews] = new JsonObject();
        }
        var state = new WorkflowInstanceState
        {
            InstanceId = c.WorkflowInstanceId, DefinitionId = DefinitionId, DefinitionVersion = definitionVersion,
            Variables = variables, CreatedAt = c.SubmittedAt, UpdatedAt = c.ClosedAt ?? h.Tasks.Select(t => t.CompletedAt ?? t.CreatedAt).DefaultIfEmpty(c.SubmittedAt).Max(),
            IdSequence = 1_000,
        };
        if (c.IsClosed)
        {
            state.Status = c.Status == CaseStatus.Withdrawn ? WorkflowStatus.Cancelled : WorkflowStatus.Finished;
            if (c.Status is CaseStatus.Approved or CaseStatus.Refused or CaseStatus.NotAccepted && h.Tasks.LastOrDefault(t => t.Outcome is TaskOutcome.Approve or TaskOutcome.Refuse or TaskOutcome.NotAccept) is { } last)
                variables["decision"] = JsonSerializer.SerializeToNode(new TaskCompletion(last.Outcome!.Value, last.Opinion, last.Conditions, last.CompletedByName), JsonSerializerOptions.Web);
            return state;
        }

        state.Status = WorkflowStatus.Suspended;
        var open = h.Tasks.Where(t => t.Status == ReviewTaskStatus.Open).ToList();
        ForkScope? scope = null;
        if (open[0].Stage == TaskStage.Review)
        {
            // Departments of this round that have given their opinion already wait at the join.
            var roundStart = open.Min(t => t.CreatedAt);
            var done = h.Tasks.Where(t => t.Stage == TaskStage.Review && t.Level == open[0].Level && t.CreatedAt == roundStart && t.Status == ReviewTaskStatus.Completed).ToList();
            foreach (var t in done) ((JsonObject)variables[CaseVariables.Reviews]!)[t.Department!.Value.ToString()] = t.Outcome!.Value.ToString();
            scope = new ForkScope { Id = Guid.CreateVersion7(), ForkActivityId = "review-fork", Expected = done.Count + open.Count, Arrived = done.Count, JoinActivityId = done.Count > 0 ? "review-join" : null };
            state.ForkScopes.Add(scope);
        }
        if (open[0].Stage == TaskStage.Correction)
        {
            var ask = h.Tasks.Last(t => t.Outcome == TaskOutcome.ReturnForCorrection);
            variables[CaseVariables.Correction] = new JsonObject { ["request"] = ask.Opinion, ["stage"] = (h.CorrectionAskedAt ?? TaskStage.Review).ToString() };
        }
        foreach (var t in open)
        {
            var token = new WorkflowToken { Id = Guid.CreateVersion7(), ActivityId = t.ActivityId, ForkScopes = scope is null ? [] : [scope.Id] };
            state.Tokens.Add(token);
            var spec = new TaskSpec(c.Id, t.Stage, t.Level, t.JurisdictionCode, t.Department, t.CandidateRole, t.OrganisationId, t.DueOn, t.RemindOn, t.CorrectionRequest);
            state.Bookmarks.Add(new Bookmark
            {
                Id = t.BookmarkId, ActivityId = t.ActivityId, TokenId = token.Id, Kind = BookmarkKind.HumanTask, Name = t.Name,
                Payload = (JsonObject)JsonSerializer.SerializeToNode(spec, JsonSerializerOptions.Web)!, CreatedAt = t.CreatedAt,
            });
        }
        return state;
    }

    private static void Nullable<T>(NpgsqlBinaryImporter w, T? value, NpgsqlDbType type) where T : class
    {
        if (value is null) w.WriteNull();
        else w.Write(value, type);
    }

    private static void Nullable<T>(NpgsqlBinaryImporter w, T? value, NpgsqlDbType type) where T : struct
    {
        if (value is { } v) w.Write(v, type);
        else w.WriteNull();
    }
}

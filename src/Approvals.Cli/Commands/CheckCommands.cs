using System.CommandLine;
using System.Globalization;
using Approvals.Application.SpatialChecks.Avoidance;
using Approvals.Application.SpatialChecks.CheckBoundary;
using Approvals.Application.SpatialChecks.SuggestAvoidance;
using Approvals.Spatial.Boundaries;
using FluentValidation;
using Mediator;
using Microsoft.Extensions.DependencyInjection;

namespace Approvals.Cli.Commands;

/// <summary>`approvals check --boundary PATH`: the spatial check of one boundary file.</summary>
internal static class CheckCommands
{
    /// <summary>Exit code of a boundary the readers refuse (the reasons go to standard error).</summary>
    public const int RefusedBoundary = 2;

    public static Command Check()
    {
        var boundary = new Option<FileInfo>("--boundary") { Description = "界址点坐标 TXT, GeoJSON or zipped shapefile.", Required = true };
        var srid = new Option<int?>("--srid") { Description = "EPSG code of GeoJSON or .prj-less shapefile coordinates that are not lon/lat." };
        var json = new Option<bool>("--json") { Description = "Print the report as JSON (otherwise a table)." };
        var suggest = new Option<bool>("--suggest") { Description = "When a hit prohibits the project: add avoidance suggestions (the clear part, nearby sites) as \"avoidance\"." };
        var county = new Option<string?>("--county") { Description = "The county code the project lies in: the report checks the boundary against it and nearby sites stay in it." };
        var command = new Command("check", "Overlays a boundary on the 15 base-map categories and prints the comparison report.") { boundary, srid, json, suggest, county };
        command.SetAction((parse, ct) => CliHost.RunAsync("check", async (services, token) =>
        {
            var file = parse.GetValue(boundary)!;
            if (!file.Exists)
            {
                Console.Error.WriteLine($"找不到文件 / File not found: {file.FullName}");
                return RefusedBoundary;
            }
            // The same reader and limits as the web uploads (Approvals:Limits).
            var reader = services.GetRequiredService<BoundaryReader>();
            BoundaryFileContent content;
            await using (var stream = file.OpenRead())
                content = await reader.ReadContentAsync(stream, file.Length, token);
            var read = content.Error is null ? reader.Read(content.Content!, file.Name, parse.GetValue(srid)) : null;
            if (read is not { Succeeded: true })
            {
                foreach (var error in read?.Errors ?? [content.Error!])
                {
                    Console.Error.WriteLine(error.MessageZh);
                    Console.Error.WriteLine("  " + error.MessageEn);
                }
                return RefusedBoundary;
            }
            SpatialCheckResult result;
            try
            {
                result = await services.GetRequiredService<IMediator>().Send(new CheckBoundaryCommand(read.Boundary!, file.Name, CountyCode: parse.GetValue(county)), token);
            }
            catch (ValidationException e)
            {
                foreach (var error in e.Errors) Console.Error.WriteLine(error.ErrorMessage);
                return RefusedBoundary;
            }
            var avoidance = parse.GetValue(suggest)
                ? await services.GetRequiredService<IMediator>().Send(new SuggestAvoidanceQuery(read.Boundary!, CountyCode: parse.GetValue(county)), token)
                : null;
            if (parse.GetValue(json))
            {
                Console.WriteLine(AvoidanceSuggestions.AddTo(result.Report.ToJson(), avoidance, indented: true));
                return 0;
            }
            var r = result.Report;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Spatial check {r.Id}: {r.Boundary.AreaHa:F2} ha in {r.Boundary.Parcels.Count} parcel(s), {r.ElapsedMs:F1} ms"));
            foreach (var c in r.Categories)
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {c.Code,-4} {c.Status,-12} {c.OverlapHa,10:F2} ha {c.PercentOfProject,7:F2} %  {c.Features.Count,4} feature(s)  {c.Name}"));
            Console.WriteLine($"Required departments: {string.Join(", ", r.RequiredDepartments)}; required level: {r.RequiredLevel}");
            foreach (var f in r.Findings) Console.WriteLine("  - " + f);
            if (avoidance is not null) PrintAvoidance(avoidance);
            else if (parse.GetValue(suggest)) Console.WriteLine("Avoidance: nothing the boundary hits prohibits the project.");
            return 0;
        }, ct));
        return command;
    }

    private static void PrintAvoidance(AvoidanceSuggestions a)
    {
        var ci = CultureInfo.InvariantCulture;
        Console.WriteLine($"Avoidance of {string.Join(", ", a.Avoided)} ({a.ElapsedMs.ToString("F0", ci)} ms, {a.CandidatesTried:N0} of {a.CandidatesTotal:N0} placements tried, {a.CandidatesConfirmed} confirmed):");
        Console.WriteLine(a.ClearPart is { } clear
            ? string.Create(ci, $"  clear part: {clear.AreaHa:F2} ha ({clear.PercentRetained:F2} % kept, {clear.SliversDropped} sliver(s) under {a.SliverM2} m² dropped)")
            : "  clear part: none (the boundary lies wholly in prohibited features)");
        foreach (var s in a.Sites)
            Console.WriteLine(string.Create(ci,
                $"  site: moved {s.ShiftM:F0} m (east {s.ShiftEastM:F0}, north {s.ShiftNorthM:F0}), turned {s.RotationDeg:F0}°; restricted {s.RestrictedM2:F0} m²; {string.Join(", ", s.Report.RequiredDepartments)} at {s.Report.DecidingLevel}; hits {string.Join(", ", s.Report.Categories.Select(c => c.Code))}"));
        if (a.MessageEn is not null) Console.WriteLine("  " + a.MessageEn);
    }
}

using System.CommandLine;
using System.Globalization;
using Approvals.Application.BaseMaps.GenerateBaseMaps;
using Approvals.Application.BaseMaps.ImportBaseMapLayer;
using Approvals.Application.BaseMaps.ListBaseMapLayers;
using FluentValidation;
using Mediator;
using Microsoft.Extensions.DependencyInjection;

namespace Approvals.Cli.Commands;

/// <summary>`approvals basemap import|generate|list`: the 15 base-map categories' data.</summary>
internal static class BaseMapCommands
{
    public static Command BaseMap()
    {
        var command = new Command("basemap", "Base maps (底图): import, generate synthetic layers, list what is loaded.");
        command.Subcommands.Add(Import());
        command.Subcommands.Add(Generate());
        command.Subcommands.Add(List());
        return command;
    }

    private static Command Import()
    {
        var category = new Option<string>("--category") { Description = "Category code, e.g. PBF (see `approvals basemap list`).", Required = true };
        var file = new Option<FileInfo>("--file") { Description = "GeoJSON, zipped shapefile (.zip) or GeoPackage (.gpkg).", Required = true };
        var srid = new Option<int?>("--srid") { Description = "EPSG code of the coordinates when the file does not say (GeoJSON defaults to lon/lat, EPSG:4490)." };
        var nameField = new Option<string?>("--name-field") { Description = "Attribute holding the feature's name." };
        var replace = new Option<bool>("--replace") { Description = "Supersede the category's current version(s) instead of adding to them." };
        var acceptRefused = new Option<bool>("--accept-refused") { Description = "Import the features that can be stored and list the refused ones, instead of refusing the whole file." };
        var command = new Command("import", "Imports one file as a new version of one category (one transaction: all or nothing).")
        {
            category, file, srid, nameField, replace, acceptRefused,
        };
        command.SetAction((parse, ct) => CliHost.RunAsync("basemap import", async (services, token) =>
        {
            var path = parse.GetValue(file)!;
            if (!path.Exists)
            {
                Console.Error.WriteLine($"找不到文件 / File not found: {path.FullName}");
                return 2;
            }
            try
            {
                var result = await services.GetRequiredService<IMediator>().Send(new ImportBaseMapLayerCommand(
                    parse.GetValue(category)!, path.Name, await File.ReadAllBytesAsync(path.FullName, token),
                    parse.GetValue(srid), parse.GetValue(nameField), parse.GetValue(replace),
                    progress => { if (progress.Text is not null) Console.Error.WriteLine(progress.Text); }, parse.GetValue(acceptRefused)), token);
                foreach (var refused in result.Refused ?? []) Console.Error.WriteLine($"要素 {refused.FeatureId}：{refused.ReasonZh} / Feature {refused.FeatureId}: {refused.ReasonEn} (not imported)");
                var superseding = result.Superseded.Count > 0 ? $", superseding {result.Superseded.Count} earlier version(s)" : "";
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{result.CategoryCode} version {result.Version}: {result.FeatureCount:N0} features imported, {result.RepairedCount:N0} repaired{superseding}"));
                return 0;
            }
            catch (ValidationException e)
            {
                foreach (var error in e.Errors) Console.Error.WriteLine(error.ErrorMessage);
                return 2;
            }
        }, ct));
        return command;
    }

    private static Command Generate()
    {
        var seed = new Option<int>("--seed") { Description = "Seed: the same seed gives the same layers.", DefaultValueFactory = _ => 1 };
        var features = new Option<int>("--features") { Description = "Total features over the 15 categories.", DefaultValueFactory = _ => 20_000 };
        var realistic = new Option<bool>("--realistic") { Description = "Planar layers for the survey and plan categories; overlaps only for mining rights, nature parks and hazard zones." };
        var command = new Command("generate", "Replaces every category with deterministic synthetic features over the demo counties.") { seed, features, realistic };
        command.SetAction((parse, ct) => CliHost.RunAsync("basemap generate", async (services, token) =>
        {
            try
            {
                var result = await services.GetRequiredService<IMediator>().Send(
                    new GenerateBaseMapsCommand(parse.GetValue(seed), parse.GetValue(features), Console.Error.WriteLine, parse.GetValue(realistic)), token);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"Generated {result.Layers.Sum(l => l.FeatureCount):N0} features in {result.Layers.Count} categories in {result.Elapsed.TotalSeconds:F1} s."));
                return 0;
            }
            catch (ValidationException e)
            {
                foreach (var error in e.Errors) Console.Error.WriteLine(error.ErrorMessage);
                return 2;
            }
        }, ct));
        return command;
    }

    private static Command List()
    {
        var command = new Command("list", "Lists the categories in catalogue order with their current versions, feature counts and extents.");
        command.SetAction((parse, ct) => CliHost.RunAsync("basemap list", async (services, token) =>
        {
            var categories = await services.GetRequiredService<IMediator>().Send(new ListBaseMapLayersQuery(), token);
            Console.WriteLine($"{"#",2} {"code",-4} {"versions",-10} {"features",10}  {"imported",-17} extent (EPSG:{categories.FirstOrDefault()?.StorageSrid})  name");
            foreach (var c in categories)
            {
                var versions = c.CurrentVersions.Count == 0 ? "-" : string.Join(",", c.CurrentVersions.Select(v => "v" + v.ToString(CultureInfo.InvariantCulture)));
                var extent = c.Extent is { } e
                    ? string.Create(CultureInfo.InvariantCulture, $"{e.MinX:F0},{e.MinY:F0} – {e.MaxX:F0},{e.MaxY:F0}")
                    : "(no data)";
                var imported = c.LastImportedAt?.ToOffset(Approvals.Application.Rules.LocalDate.Offset).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? "-";
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{c.Order,2} {c.Code,-4} {versions,-10} {c.FeatureCount,10:N0}  {imported,-17} {extent}  {c.Name}"));
            }
            return 0;
        }, ct));
        return command;
    }
}

using System.CommandLine;
using Approvals.Application.Jurisdictions.ImportJurisdictionOutlines;
using FluentValidation;
using Mediator;
using Microsoft.Extensions.DependencyInjection;

namespace Approvals.Cli.Commands;

/// <summary>`approvals jurisdictions import`: the official county and city outlines (行政区划界线).</summary>
internal static class JurisdictionCommands
{
    public static Command Jurisdictions()
    {
        var command = new Command("jurisdictions", "Jurisdictions (行政区划): import county and city outlines.");
        command.Subcommands.Add(Import());
        return command;
    }

    private static Command Import()
    {
        var file = new Option<FileInfo>("--file") { Description = "GeoJSON, zipped shapefile (.zip) or GeoPackage (.gpkg) of polygons.", Required = true };
        var srid = new Option<int?>("--srid") { Description = "EPSG code of the coordinates when the file does not say (GeoJSON defaults to lon/lat, EPSG:4490)." };
        var codeField = new Option<string>("--code-field") { Description = "Attribute holding the six-digit administrative division code, e.g. XZQDM.", Required = true };
        var command = new Command("import", "Imports county and city outlines keyed by their code; one transaction (all or nothing), an outline replaces the code's previous one.")
        {
            file, srid, codeField,
        };
        command.SetAction((parse, ct) => CliHost.RunAsync("jurisdictions import", async (services, token) =>
        {
            var path = parse.GetValue(file)!;
            if (!path.Exists)
            {
                Console.Error.WriteLine($"找不到文件 / File not found: {path.FullName}");
                return 2;
            }
            try
            {
                var result = await services.GetRequiredService<IMediator>().Send(new ImportJurisdictionOutlinesCommand(
                    path.Name, await File.ReadAllBytesAsync(path.FullName, token), parse.GetValue(srid), parse.GetValue(codeField)!), token);
                Console.WriteLine($"{result.Codes.Count} outline(s) imported ({result.Replaced} replaced): {string.Join(", ", result.Codes)}");
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
}

using Approvals.Application.Errors;
using Approvals.Application.Identity;
using Approvals.Application.Localization;
using Approvals.Application.Persistence;
using Approvals.Application.Rules;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;

namespace Approvals.Application.BaseMaps.GenerateBaseMaps;

/// <summary>
/// Replaces the current version of every category with deterministic synthetic data over the demo
/// counties (<see cref="SyntheticBaseMaps"/>): for the demo and for benchmarks. One transaction.
/// </summary>
/// <param name="Features">Total features over all categories (split evenly).</param>
/// <param name="Realistic">Planar layers where real data is planar (<see cref="SyntheticBaseMaps.GenerateRealistic"/>), instead of overlapping ones everywhere.</param>
[RequiresRole(Roles.Administrator, OrSystem = true, RefusalZh = "只有系统管理员可以生成底图", RefusalEn = "Only administrators may generate base maps")]
public sealed record GenerateBaseMapsCommand(int Seed, int Features, Action<string>? Progress = null, bool Realistic = false) : ICommand<GeneratedBaseMaps>;

public sealed record GeneratedBaseMaps(IReadOnlyList<GeneratedLayer> Layers, TimeSpan Elapsed);

public sealed record GeneratedLayer(string CategoryCode, int Version, int FeatureCount);

public sealed class GenerateBaseMapsValidator : AbstractValidator<GenerateBaseMapsCommand>
{
    public GenerateBaseMapsValidator()
    {
        RuleFor(c => c.Features).InclusiveBetween(15, 5_000_000)
            .WithMessage(_ => Bilingual.Text("要素数量应在 15 到 5,000,000 之间", "The number of features must be between 15 and 5,000,000"));
    }
}

public sealed class GenerateBaseMapsHandler(ApprovalsDbContext db, ProvinceRules rules, ActorAccessor actor, IConfiguration configuration, TimeProvider clock)
    : ICommandHandler<GenerateBaseMapsCommand, GeneratedBaseMaps>
{
    /// <summary>What the generated layers name as their source: the seed, and the mode when realistic.</summary>
    public static string SourceName(int seed, bool realistic) => realistic ? $"synthetic-realistic:seed={seed}" : $"synthetic:seed={seed}";

    public async ValueTask<GeneratedBaseMaps> Handle(GenerateBaseMapsCommand command, CancellationToken ct)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        var srid = BaseMapStorage.StorageSrid(configuration);
        var synthetic = new SyntheticBaseMaps(srid);
        var categories = rules.Catalogue.Categories;
        var layers = new List<GeneratedLayer>();
        db.Database.SetCommandTimeout(TimeSpan.FromHours(1));
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // A bulk load need not wait for its WAL to reach the disk before the next statement; the commit still does.
        await db.Database.ExecuteSqlRawAsync("SET LOCAL synchronous_commit = off; SET LOCAL maintenance_work_mem = '256MB'", ct);
        for (var i = 0; i < categories.Count; i++)
        {
            var category = categories[i];
            var count = command.Features / categories.Count + (i < command.Features % categories.Count ? 1 : 0);
            var features = command.Realistic ? synthetic.GenerateRealistic(category, command.Seed, count) : synthetic.Generate(category, command.Seed, count);
            var (layer, _) = await BaseMapLoader.AddLayerAsync(db, actor.Current, clock.GetUtcNow(), srid,
                new LayerDraft(category.Code, SourceName(command.Seed, command.Realistic), "synthetic", srid, features, 0, synthetic.Coverage, Replace: true),
                (_, _, text) => { if (text is not null) command.Progress?.Invoke(text); }, ct);
            layers.Add(new GeneratedLayer(category.Code, layer.Version, count));
        }
        await tx.CommitAsync(ct);
        // Fresh statistics let the planner pick the spatial index right away.
        await db.Database.ExecuteSqlRawAsync("ANALYZE base_map_features; ANALYZE base_map_feature_parts; ANALYZE base_map_layers", ct);
        return new GeneratedBaseMaps(layers, started.Elapsed);
    }
}

using System.Globalization;
using System.Text;
using Approvals.Application.BaseMaps.ImportBaseMapLayer;
using Approvals.Application.Identity;
using Approvals.Application.Persistence;
using Approvals.Domain.Routing;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Approvals.Application.BaseMaps;

/// <summary>
/// Background work of one uploaded base-map layer (<see cref="StartBaseMapImport.StartBaseMapImportCommand"/>): imports
/// the stored file with <see cref="ImportBaseMapLayerCommand"/> as the administrator who uploaded it, writes the
/// progress to the record once a second, and ends the record as completed, refused or failed, deleting the uploaded bytes.
/// </summary>
/// <remarks>
/// Idempotent: the new version and the record's "completed" commit in one transaction, so a run after a finished import
/// finds it finished and does nothing, and a run after a crash (the record still "running", the import's transaction
/// rolled back with the connection) starts again from the file. Two runs at once (a retry beside a slow first attempt,
/// two nodes) never both import: each holds a session advisory lock on the record for its whole run, and the one that
/// cannot take it leaves.
/// </remarks>
public sealed class BaseMapImportWork(ApprovalsDbContext db, ActorAccessor actor, IMediator mediator, IServiceScopeFactory scopes,
    TimeProvider clock, ILogger<BaseMapImportWork> log)
{
    public sealed record Payload(Guid ImportId);

    /// <summary>How often the progress is written to the record while the import runs.</summary>
    public static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(1);

    /// <summary>Runs the import if it is not finished and no other run holds it; returns whether this run ended it.</summary>
    public async Task<bool> RunAsync(Guid importId, CancellationToken ct)
    {
        var lockKey = "base_map_import:" + importId;
        // A session lock (not a transaction's): it spans the status writes before and after the import's own transaction.
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            var locked = await db.Database.SqlQuery<bool>($"SELECT pg_try_advisory_lock(hashtext({lockKey})) AS \"Value\"").SingleAsync(ct);
            if (!locked) return false;
            try
            {
                return await ImportAsync(importId, ct);
            }
            finally
            {
                await db.Database.ExecuteSqlInterpolatedAsync($"SELECT pg_advisory_unlock(hashtext({lockKey}))", CancellationToken.None);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private async Task<bool> ImportAsync(Guid importId, CancellationToken ct)
    {
        var import = await db.Set<BaseMapImport>().SingleOrDefaultAsync(i => i.Id == importId, ct);
        if (import is null || GetBaseMapImport.BaseMapImportView.IsFinished(import.Status)) return false;
        // The uploader imports: the new version names them, and the audit trail records them for every row the import writes.
        actor.Current = new Actor(import.UploadedById, import.UploadedByName, Roles.Administrator, null, null, null, null, actor.Current.CorrelationId);
        // Messages written into the record are kept in both languages; those only the import's validator words come in Chinese.
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("zh-CN");

        var content = await db.Set<BaseMapImportFile>().AsNoTracking().Where(f => f.ImportId == importId).Select(f => f.Content).SingleOrDefaultAsync(ct);
        if (content is null)
        {
            await FinishAsync(importId, BaseMapImportStatus.Failed, new BilingualText("上传的文件已不在，请重新上传", "The uploaded file is gone; upload it again"), null, ct);
            return true;
        }

        import.Status = BaseMapImportStatus.Running;
        import.Phase = "reading";
        import.StartedAt = clock.GetUtcNow();
        import.Attempts++;
        // A run after a crash starts from the beginning: the counters of the lost attempt mean nothing now.
        import.FeaturesInFile = import.Prepared = import.Written = import.Repaired = import.RefusedCount = 0;
        await db.SaveChangesAsync(ct);

        BaseMapImportProgress? latest = null;
        using var stopWriting = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var writing = WriteProgressAsync(importId, () => Volatile.Read(ref latest), stopWriting.Token);
        try
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var result = await mediator.Send(new ImportBaseMapLayerCommand(
                import.CategoryCode, import.FileName, content, import.SourceSrid, import.NameField, import.Replace,
                progress => Volatile.Write(ref latest, progress), import.AcceptRefused), ct);
            await StopAsync(stopWriting, writing);
            var refused = result.Refused ?? [];
            import.Status = BaseMapImportStatus.Completed;
            import.Phase = "finished";
            import.FeaturesInFile = latest?.FeaturesInFile ?? result.FeatureCount + refused.Count;
            import.Prepared = import.FeaturesInFile;
            import.Written = result.FeatureCount;
            import.Repaired = result.RepairedCount;
            import.RefusedCount = refused.Count;
            import.RefusedReport = refused.Count > 0 ? Csv(refused) : null;
            import.LayerId = result.LayerId;
            import.LayerVersion = result.Version;
            import.FinishedAt = clock.GetUtcNow();
            var repaired = result.RepairedCount > 0 ? $"（修复 {result.RepairedCount:N0} 个）" : "";
            var repairedEn = result.RepairedCount > 0 ? $" ({result.RepairedCount:N0} repaired)" : "";
            (import.MessageZh, import.MessageEn) = refused.Count == 0
                ? ($"已导入为 {result.CategoryCode} 第 {result.Version} 版：{result.FeatureCount:N0} 个要素{repaired}",
                   $"Imported as {result.CategoryCode} version {result.Version}: {result.FeatureCount:N0} features{repairedEn}")
                : ($"已导入为 {result.CategoryCode} 第 {result.Version} 版：{result.FeatureCount:N0} 个要素{repaired}；{refused.Count:N0} 个要素无法导入，见被拒要素清单",
                   $"Imported as {result.CategoryCode} version {result.Version}: {result.FeatureCount:N0} features{repairedEn}; {refused.Count:N0} feature(s) could not be imported, see the report of refused features");
            await db.SaveChangesAsync(ct);
            await db.Set<BaseMapImportFile>().Where(f => f.ImportId == importId).ExecuteDeleteAsync(ct);
            // The new version, the re-checks it causes and this record's end commit together.
            await tx.CommitAsync(ct);
            return true;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The node is stopping: the record stays "running" and the job's next run starts again.
            await StopAsync(stopWriting, writing);
            throw;
        }
        catch (RefusedFeaturesException e)
        {
            await StopAsync(stopWriting, writing);
            var inFile = latest?.FeaturesInFile ?? e.Refused.Count;
            var message = import.AcceptRefused
                ? new BilingualText($"{e.Refused.Count:N0} 个要素全部无法导入，未导入任何数据，原有数据不变；见被拒要素清单",
                    $"None of the {e.Refused.Count:N0} feature(s) can be imported; nothing was imported and the previous data is unchanged; see the report of refused features")
                : new BilingualText($"有 {e.Refused.Count:N0} 个要素无法导入，整个文件未导入，原有数据不变；见被拒要素清单（可勾选“接受被拒要素”只导入其余要素）",
                    $"{e.Refused.Count:N0} feature(s) cannot be imported, so nothing was imported and the previous data is unchanged; see the report of refused features (or tick \"accept refused features\" to import the others)");
            await FinishAsync(importId, BaseMapImportStatus.Refused, message, i =>
            {
                i.FeaturesInFile = inFile;
                i.Prepared = inFile;
                i.Repaired = latest?.Repaired ?? 0;
                i.RefusedCount = e.Refused.Count;
                i.RefusedReport = Csv(e.Refused);
            }, ct);
            return true;
        }
        catch (ValidationException e)
        {
            await StopAsync(stopWriting, writing);
            var first = e.Errors.FirstOrDefault();
            var message = first?.CustomState as BilingualText ?? new BilingualText(first?.ErrorMessage ?? "文件无法导入", first?.ErrorMessage ?? "The file cannot be imported");
            await FinishAsync(importId, BaseMapImportStatus.Failed, message, i => i.FeaturesInFile = latest?.FeaturesInFile ?? 0, ct);
            return true;
        }
        catch (Exception e)
        {
            // Nothing was written (the import's transaction rolled back); a retry of the same file would fail the same way,
            // so the record ends here and says where to look.
            await StopAsync(stopWriting, writing);
            var id = actor.Current.CorrelationId ?? importId.ToString();
            log.LogError(e, "Base-map import {Import} ({File}) failed; log id {CorrelationId}", importId, import.FileName, id);
            await FinishAsync(importId, BaseMapImportStatus.Failed,
                new BilingualText($"导入出错，未导入任何数据（日志编号 {id}）；请稍后重试或联系运维人员", $"The import went wrong and nothing was imported (log id {id}); try again later or ask the operators"),
                null, CancellationToken.None);
            return true;
        }
    }

    /// <summary>Ends a record that wrote no version: its status and message, the uploaded bytes deleted, in one transaction.</summary>
    private async Task FinishAsync(Guid importId, BaseMapImportStatus status, BilingualText message, Action<BaseMapImport>? also, CancellationToken ct)
    {
        // Whatever the failed import left tracked (a layer row it added) belongs to its rolled-back transaction.
        db.ChangeTracker.Clear();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var import = await db.Set<BaseMapImport>().SingleAsync(i => i.Id == importId, ct);
        import.Status = status;
        import.Phase = "finished";
        import.Written = 0;
        import.MessageZh = Truncate(message.Zh);
        import.MessageEn = Truncate(message.En);
        import.FinishedAt = clock.GetUtcNow();
        also?.Invoke(import);
        await db.SaveChangesAsync(ct);
        await db.Set<BaseMapImportFile>().Where(f => f.ImportId == importId).ExecuteDeleteAsync(ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>
    /// Writes the latest progress to the record once a <see cref="ProgressInterval"/>, through a connection of its own:
    /// the import's transaction is long and uncommitted, and a poll must see the counters move while it runs. Only the
    /// counters change (no audit entry a second); a failed write is skipped, the next one tries again.
    /// </summary>
    private async Task WriteProgressAsync(Guid importId, Func<BaseMapImportProgress?> latest, CancellationToken stop)
    {
        BaseMapImportProgress? written = null;
        using var timer = new PeriodicTimer(ProgressInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                var p = latest();
                if (p is null || p == written) continue;
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    await scope.ServiceProvider.GetRequiredService<ApprovalsDbContext>().Set<BaseMapImport>()
                        .Where(i => i.Id == importId && i.Status == BaseMapImportStatus.Running)
                        .ExecuteUpdateAsync(u => u
                            .SetProperty(i => i.Phase, p.Phase).SetProperty(i => i.FeaturesInFile, p.FeaturesInFile)
                            .SetProperty(i => i.Prepared, p.Prepared).SetProperty(i => i.Written, p.Written)
                            .SetProperty(i => i.Repaired, p.Repaired).SetProperty(i => i.RefusedCount, p.Refused), stop);
                    written = p;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    log.LogWarning(e, "Could not write the progress of base-map import {Import}", importId);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    private static async Task StopAsync(CancellationTokenSource stop, Task writing)
    {
        if (!stop.IsCancellationRequested) await stop.CancelAsync();
        await writing;
    }

    /// <summary>The refused features as CSV in UTF-8 with a byte-order mark (Excel then reads the Chinese as Chinese).</summary>
    public static byte[] Csv(IEnumerable<RefusedFeature> refused)
    {
        var csv = new StringBuilder("feature_id,reason_zh,reason_en\r\n");
        foreach (var r in refused)
            csv.Append(Field(r.FeatureId)).Append(',').Append(Field(r.ReasonZh)).Append(',').Append(Field(r.ReasonEn)).Append("\r\n");
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv.ToString())];
    }

    private static string Field(string value)
    {
        // A cell starting like a formula would be run by a spreadsheet: keep it text.
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' && !double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            value = "'" + value;
        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? $"\"{value.Replace("\"", "\"\"")}\"" : value;
    }

    private static string Truncate(string text) => text.Length <= 2000 ? text : text[..2000];
}

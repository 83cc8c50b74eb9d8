using System.IO.Compression;
using System.Text;
using Approvals.Application.Configuration;
using Approvals.Application.Identity;
using Approvals.Application.Localization;
using Approvals.Application.Persistence;
using FluentValidation;
using FluentValidation.Results;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Application.Rules.DraftRulesVersion;

/// <summary>
/// An administrator uploads a change of the rules: one or more rules files, each replacing that file of the version in
/// force (a year file such as <c>2028.json</c> is that calendar year), or one zip holding the whole set. The resulting set
/// is checked exactly as at start-up (<see cref="ProvinceRules.FromFiles"/>); a refused set is a 400 naming the file and
/// what is wrong, and nothing is stored. A valid set is stored as a draft (so that what is previewed is what gets
/// published) and answered with its preview (<see cref="RulesChangePreview"/>).
/// </summary>
[RequiresRole(Roles.Administrator, OrSystem = true, RefusalZh = "只有系统管理员可以上传规则", RefusalEn = "Only administrators upload rules")]
public sealed record DraftRulesVersionCommand(IReadOnlyList<UploadedRulesFile> Files) : ICommand<RulesDraft>;

public sealed record UploadedRulesFile(string FileName, byte[] Content);

public sealed class DraftRulesVersionValidator : AbstractValidator<DraftRulesVersionCommand>
{
    public DraftRulesVersionValidator(ApprovalsOptions options)
    {
        RuleFor(c => c.Files).Must(f => f is { Count: > 0 } && f.All(x => x.Content is { Length: > 0 }))
            .WithMessage(_ => Bilingual.Text("请选择要上传的规则文件", "Choose the rules files to upload"));
        RuleFor(c => c.Files).Must(f => f is null || f.Sum(x => (long)(x.Content?.Length ?? 0)) <= options.RulesUploadBytes)
            .WithMessage(_ => Bilingual.Text($"上传的文件合计超过 {options.RulesUploadBytes:N0} 字节（Approvals:Limits:RulesUploadBytes）",
                $"The files uploaded add up to more than {options.RulesUploadBytes:N0} bytes (Approvals:Limits:RulesUploadBytes)"));
        RuleFor(c => c.Files).Must(f => f is null || f.Count == 1 || !f.Any(x => IsZip(x.FileName)))
            .WithMessage(_ => Bilingual.Text("zip 文件包含整套规则，请单独上传", "A zip holds the whole set of rules: upload it on its own"));
    }

    internal static bool IsZip(string? name) => name?.EndsWith(".zip", StringComparison.OrdinalIgnoreCase) == true;
}

public sealed class DraftRulesVersionHandler(ApprovalsDbContext db, RulesBook book, ApprovalsOptions options, ActorAccessor actor, TimeProvider clock)
    : ICommandHandler<DraftRulesVersionCommand, RulesDraft>
{
    public async ValueTask<RulesDraft> Handle(DraftRulesVersionCommand command, CancellationToken ct)
    {
        var (number, current) = await book.CurrentAsync(db, ct);
        var currentFiles = await db.Set<RulesVersion>().AsNoTracking().Where(v => v.Number == number).Select(v => v.Files).SingleOrDefaultAsync(ct)
            ?? new Dictionary<string, string>(RulesFiles.Read(book.Folder));

        Dictionary<string, string> files;
        if (command.Files is [var zip] && DraftRulesVersionValidator.IsZip(zip.FileName))
            files = Unzip(zip);
        else
        {
            files = new Dictionary<string, string>(currentFiles, StringComparer.Ordinal);
            foreach (var upload in command.Files)
                files[NameOf(upload.FileName)] = Text(upload.FileName, upload.Content);
        }

        ProvinceRules candidate;
        try
        {
            candidate = ProvinceRules.FromFiles(files, book.Folder);
        }
        catch (InvalidDataException e)
        {
            var file = e.Message.Split(':')[0].Trim();
            throw Invalid(RulesFiles.IsRulesFile(file) || file == $"{RulesFiles.CalendarFolder}/" ? file : "files",
                Bilingual.Text($"规则未通过启动时的检查：{e.Message}", $"The rules fail the start-up check: {e.Message}"));
        }
        var changed = RulesVersion.Differences(currentFiles, files);
        if (changed.Count == 0)
            throw Invalid("files", Bilingual.Text($"上传的文件与现行的第 {number} 版相同，没有可发布的更改", $"The files uploaded are the same as version {number} in force; there is nothing to publish"));

        var now = clock.GetUtcNow();
        var draft = new RulesVersion
        {
            Id = Guid.CreateVersion7(), Files = files, ChangedFiles = changed, BasedOn = number,
            UploadedBy = actor.Current.Name, UploadedAt = now,
        };
        db.Set<RulesVersion>().Add(draft);
        await db.SaveChangesAsync(ct);
        return new RulesDraft(draft.Id, number, changed, await RulesChangePreview.ComputeAsync(db, current, candidate, now, ct));
    }

    /// <summary>An uploaded file's name in the set: a rules file's own name, or a year file of the calendar.</summary>
    private static string NameOf(string uploaded)
    {
        var name = uploaded.Replace('\\', '/');
        var calendar = name.LastIndexOf($"{RulesFiles.CalendarFolder}/", StringComparison.Ordinal);
        name = calendar >= 0 ? name[calendar..] : Path.GetFileName(name);
        if (!name.Contains('/') && RulesFiles.IsCalendarYear($"{RulesFiles.CalendarFolder}/{name}")) name = $"{RulesFiles.CalendarFolder}/{name}";
        return RulesFiles.IsRulesFile(name)
            ? name
            : throw Invalid("files", Bilingual.Text(
                $"“{uploaded}”不是规则文件；规则文件为 {string.Join("、", RulesFiles.Fixed)} 和日历年份文件（如 2027.json），或包含整套规则的 zip",
                $"\"{uploaded}\" is not a rules file; the rules files are {string.Join(", ", RulesFiles.Fixed)} and calendar year files (e.g. 2027.json), or a zip of the whole set"));
    }

    private static string Text(string name, byte[] content)
    {
        try
        {
            return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(content).TrimStart('\uFEFF');
        }
        catch (DecoderFallbackException)
        {
            throw Invalid(name, Bilingual.Text($"{name}：规则文件须为 UTF-8 编码的 JSON", $"{name}: a rules file must be JSON in UTF-8"));
        }
    }

    /// <summary>The rules files of a zip (other entries, such as the workflow definition, are passed over), unpacked within the upload limit.</summary>
    private Dictionary<string, string> Unzip(UploadedRulesFile zip)
    {
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        long unpacked = 0;
        try
        {
            using var archive = new ZipArchive(new MemoryStream(zip.Content), ZipArchiveMode.Read);
            foreach (var entry in archive.Entries.Where(e => !e.FullName.EndsWith('/')))
            {
                var name = entry.FullName.Replace('\\', '/');
                var calendar = name.LastIndexOf($"{RulesFiles.CalendarFolder}/", StringComparison.Ordinal);
                name = calendar >= 0 ? name[calendar..] : Path.GetFileName(name);
                if (!RulesFiles.IsRulesFile(name)) continue;
                using var stream = entry.Open();
                using var buffer = new MemoryStream();
                var chunk = new byte[81920];
                int read;
                // Counted as the bytes come out of the decompressor: the entry's declared size may lie.
                while ((read = stream.Read(chunk)) > 0)
                {
                    unpacked += read;
                    if (unpacked > options.RulesUploadBytes)
                        throw Invalid("files", Bilingual.Text($"{zip.FileName} 解压后超过 {options.RulesUploadBytes:N0} 字节（Approvals:Limits:RulesUploadBytes）",
                            $"{zip.FileName} unpacks to more than {options.RulesUploadBytes:N0} bytes (Approvals:Limits:RulesUploadBytes)"));
                    buffer.Write(chunk, 0, read);
                }
                if (!files.TryAdd(name, Text(name, buffer.ToArray())))
                    throw Invalid("files", Bilingual.Text($"{zip.FileName} 中 {name} 出现了两次", $"{zip.FileName} holds {name} twice"));
            }
        }
        catch (InvalidDataException)
        {
            throw Invalid("files", Bilingual.Text($"{zip.FileName} 不是有效的 zip 文件", $"{zip.FileName} is not a valid zip file"));
        }
        if (files.Count == 0)
            throw Invalid("files", Bilingual.Text($"{zip.FileName} 中没有规则文件", $"{zip.FileName} holds no rules files"));
        return files;
    }

    private static ValidationException Invalid(string field, string message) => new([new ValidationFailure(field, message)]);
}

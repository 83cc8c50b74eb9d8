using Approvals.Application.Auditing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Approvals.Application.BaseMaps;

public enum BaseMapImportStatus
{
    /// <summary>Uploaded; its background work has not started yet.</summary>
    Queued,
    /// <summary>The background work is reading, preparing or writing the features.</summary>
    Running,
    /// <summary>A new version of the category was written (<see cref="BaseMapImport.LayerId"/>).</summary>
    Completed,
    /// <summary>Some features could not be stored and refused were not accepted: nothing was written (see the report).</summary>
    Refused,
    /// <summary>The file could not be imported at all (unreadable, no features, an error): nothing was written.</summary>
    Failed,
}

/// <summary>
/// One base-map layer uploaded in the browser and imported by background work (see <see cref="BaseMapImportWork"/>):
/// what was sent and by whom, how far the import has come, and how it ended. The record is its own progress report, so
/// the counters it ticks while running are written without an audit entry each second; its creation and every change
/// of status are audited like any other row.
/// </summary>
public sealed class BaseMapImport
{
    public Guid Id { get; init; }
    public string CategoryCode { get; init; } = "";
    public string FileName { get; init; } = "";
    public long FileBytes { get; init; }
    /// <summary>EPSG code of the coordinates when the file does not say; null: the file's own (GeoJSON: 4490).</summary>
    public int? SourceSrid { get; init; }
    public string? NameField { get; init; }
    /// <summary>Supersede the category's current version(s) instead of adding to them.</summary>
    public bool Replace { get; init; }
    /// <summary>Import the features that can be stored and only list the others (otherwise one refused feature refuses the file).</summary>
    public bool AcceptRefused { get; init; }
    public Guid UploadedById { get; init; }
    public string UploadedByName { get; init; } = "";
    public DateTimeOffset UploadedAt { get; init; }

    public BaseMapImportStatus Status { get; set; }
    /// <summary>What the work is doing now: queued, reading, preparing, writing, indexing, finished (see <see cref="BaseMapImportProgress"/>).</summary>
    public string Phase { get; set; } = "queued";
    public int FeaturesInFile { get; set; }
    public int Prepared { get; set; }
    public int Written { get; set; }
    public int Repaired { get; set; }
    public int RefusedCount { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    /// <summary>How it ended, for a person, in Chinese and English (see <see cref="Localization.Bilingual"/>).</summary>
    public string? MessageZh { get; set; }
    public string? MessageEn { get; set; }
    public Guid? LayerId { get; set; }
    public int? LayerVersion { get; set; }
    /// <summary>The refused features as CSV (feature id, reason zh, reason en), UTF-8; null when none was refused.</summary>
    public byte[]? RefusedReport { get; set; }
    /// <summary>How many times the background work started on it (a crash and a retry make two).</summary>
    public int Attempts { get; set; }
}

/// <summary>
/// The uploaded bytes of a <see cref="BaseMapImport"/>, kept apart so that reading the record for its progress never
/// loads hundreds of megabytes, and deleted once the import ends. The record's audit entry names the file and its size.
/// </summary>
[NotAudited]
public sealed class BaseMapImportFile
{
    public Guid ImportId { get; init; }
    public byte[] Content { get; init; } = [];
}

internal sealed class BaseMapImportConfiguration : IEntityTypeConfiguration<BaseMapImport>
{
    public void Configure(EntityTypeBuilder<BaseMapImport> b)
    {
        b.ToTable("base_map_imports");
        b.HasKey(i => i.Id);
        b.Property(i => i.CategoryCode).HasMaxLength(16);
        b.Property(i => i.FileName).HasMaxLength(260);
        b.Property(i => i.NameField).HasMaxLength(100);
        b.Property(i => i.UploadedByName).HasMaxLength(256);
        b.Property(i => i.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(i => i.Phase).HasMaxLength(32);
        b.Property(i => i.MessageZh).HasMaxLength(2000);
        b.Property(i => i.MessageEn).HasMaxLength(2000);
        b.HasIndex(i => i.UploadedAt);
    }
}

internal sealed class BaseMapImportFileConfiguration : IEntityTypeConfiguration<BaseMapImportFile>
{
    public void Configure(EntityTypeBuilder<BaseMapImportFile> b)
    {
        b.ToTable("base_map_import_files");
        b.HasKey(f => f.ImportId);
        b.HasOne<BaseMapImport>().WithOne().HasForeignKey<BaseMapImportFile>(f => f.ImportId).OnDelete(DeleteBehavior.Cascade);
    }
}

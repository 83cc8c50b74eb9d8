using System.Text.Json;
using Approvals.Application.Rules;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Approvals.Application.Persistence.Configurations;

internal sealed class RulesVersionConfiguration : IEntityTypeConfiguration<RulesVersion>
{
    public void Configure(EntityTypeBuilder<RulesVersion> b)
    {
        b.ToTable("rules_versions");
        b.HasKey(v => v.Id);
        b.HasIndex(v => v.Number).IsUnique();
        b.Property(v => v.Files).HasColumnType("jsonb").HasConversion(
            v => JsonSerializer.Serialize(v, JsonSerializerOptions.Web),
            v => JsonSerializer.Deserialize<Dictionary<string, string>>(v, JsonSerializerOptions.Web) ?? new Dictionary<string, string>(),
            new ValueComparer<Dictionary<string, string>>((a, c) => RulesVersion.Same(a!, c!), v => v.Count, v => new Dictionary<string, string>(v)));
        b.Property(v => v.ChangedFiles).HasColumnType("jsonb").HasConversion(
            v => JsonSerializer.Serialize(v, JsonSerializerOptions.Web),
            v => JsonSerializer.Deserialize<List<string>>(v, JsonSerializerOptions.Web) ?? new List<string>(),
            new ValueComparer<List<string>>((a, c) => a!.SequenceEqual(c!), v => v.Count, v => v.ToList()));
        b.Property(v => v.Note).HasMaxLength(500);
        b.Property(v => v.UploadedBy).HasMaxLength(256);
        b.Property(v => v.PublishedBy).HasMaxLength(256);
    }
}

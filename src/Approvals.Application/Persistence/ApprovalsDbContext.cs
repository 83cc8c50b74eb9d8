using Approvals.Application.Auditing;
using Approvals.Application.Identity;
using Approvals.Domain.Jurisdictions;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Application.Persistence;

/// <summary>
/// The application's persistence model. Handlers use it directly (no repository layer); the
/// provider (Npgsql + PostGIS) is chosen by the host. Every SaveChanges moves the version of the rows it
/// changes (<see cref="ConcurrencyVersions"/>) and appends audit entries for what it changes, in the same transaction.
/// </summary>
public sealed class ApprovalsDbContext(DbContextOptions<ApprovalsDbContext> options, ActorAccessor actor, TimeProvider clock)
    : IdentityDbContext<ApprovalsUser, IdentityRole<Guid>, Guid>(options)
{
    public DbSet<Jurisdiction> Jurisdictions => Set<Jurisdiction>();
    public DbSet<Organisation> Organisations => Set<Organisation>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<Approvals.Application.BaseMaps.BaseMapLayer> BaseMapLayers => Set<Approvals.Application.BaseMaps.BaseMapLayer>();
    public DbSet<Approvals.Application.BaseMaps.BaseMapFeature> BaseMapFeatures => Set<Approvals.Application.BaseMaps.BaseMapFeature>();
    public DbSet<Approvals.Application.BaseMaps.BaseMapFeaturePart> BaseMapFeatureParts => Set<Approvals.Application.BaseMaps.BaseMapFeaturePart>();
    public DbSet<Approvals.Application.SpatialChecks.SpatialCheck> SpatialChecks => Set<Approvals.Application.SpatialChecks.SpatialCheck>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.HasPostgresExtension("postgis");
        builder.Entity<ApprovalsUser>().ToTable("users");
        builder.Entity<IdentityRole<Guid>>().ToTable("roles");
        builder.Entity<IdentityUserRole<Guid>>().ToTable("user_roles");
        builder.Entity<IdentityUserClaim<Guid>>().ToTable("user_claims");
        builder.Entity<IdentityUserLogin<Guid>>().ToTable("user_logins");
        builder.Entity<IdentityUserToken<Guid>>().ToTable("user_tokens");
        builder.Entity<IdentityRoleClaim<Guid>>().ToTable("role_claims");
        builder.ApplyConfigurationsFromAssembly(typeof(ApprovalsDbContext).Assembly);
    }

    /// <summary>Audit drafts of this context's open transaction, appended to the chain when it commits.</summary>
    internal List<AuditTrail.Draft> PendingAudit { get; } = [];

    /// <summary>Who the scope acts as and what time it is, for entries recorded without a row change.</summary>
    internal Actor Actor => actor.Current;
    internal TimeProvider Clock => clock;

    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder) =>
        optionsBuilder.AddInterceptors(AuditChainInterceptor.Instance);

    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        SaveChangesAsync(acceptAllChangesOnSuccess).GetAwaiter().GetResult();

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        ConcurrencyVersions.Advance(ChangeTracker);
        var drafts = AuditTrail.Collect(ChangeTracker, actor.Current, clock.GetUtcNow());
        if (drafts.Count == 0) return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);

        // Without a transaction of the caller's, the save gets its own, so its audit entries commit with it.
        await using var ownTransaction = Database.CurrentTransaction is null
            ? await Database.BeginTransactionAsync(cancellationToken)
            : null;
        var written = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        PendingAudit.AddRange(drafts.Select(d => d.Saved()));
        if (ownTransaction is not null) await ownTransaction.CommitAsync(cancellationToken);
        return written;
    }
}

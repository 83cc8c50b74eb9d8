using System.Globalization;
using Approvals.Spatial.Boundaries;
using Microsoft.Extensions.Configuration;

namespace Approvals.Application.Configuration;

/// <summary>
/// Every <c>Approvals:*</c> setting of the README's table except the rate limits (the web host's own,
/// <c>Hosting/RateLimits</c>, <c>Account/SignInBackoff</c>), read and checked once when a host starts: a bad value
/// stops the web host and the <c>approvals</c> command with a message naming the setting, instead of surfacing
/// at the first request that needs it. Each setting's rule (default, allowed values) is written here only.
/// </summary>
public sealed record ApprovalsOptions
{
    public const string Section = "Approvals";

    /// <summary><c>Approvals:Mode</c>: all, web or worker (the web host maps it to its HostMode).</summary>
    public required string Mode { get; init; }

    /// <summary><c>Approvals:WorkflowsPath</c>: the rules folder; unset, the <c>workflows/</c> shipped beside the binaries.</summary>
    public required string WorkflowsPath { get; init; }

    /// <summary><c>Approvals:DataProtectionKeysPath</c>: the folder of cookie keys shared by the web nodes; unset, per process.</summary>
    public string? DataProtectionKeysPath { get; init; }

    /// <summary><c>Approvals:StorageSrid</c>: the projected CGCS2000 zone base maps and boundaries are stored in.</summary>
    public required int StorageSrid { get; init; }

    /// <summary><c>Approvals:Map:TileUrl</c>: a Leaflet URL template for the portal's maps; unset, no tiles.</summary>
    public string? TileUrl { get; init; }

    /// <summary><c>Approvals:WorkerCount</c>: Hangfire workers per node.</summary>
    public required int WorkerCount { get; init; }

    /// <summary><c>Approvals:JobInvisibilityTimeout</c>: when a job whose worker died runs again.</summary>
    public required TimeSpan JobInvisibilityTimeout { get; init; }

    /// <summary><c>Approvals:InvitationLifetime</c>: how long an invitation link stays usable.</summary>
    public required TimeSpan InvitationLifetime { get; init; }

    /// <summary><c>Approvals:Limits:*</c> (boundary file, unpacked Shapefile, points, parcels) with the storage CRS.</summary>
    public required BoundaryReadOptions BoundaryLimits { get; init; }

    /// <summary><c>Approvals:Limits:LayerUploadBytes</c>: the largest base-map file an administrator may upload in the browser.</summary>
    public long LayerUploadBytes { get; init; } = DefaultLayerUploadBytes;

    /// <summary>512 MB: a province's forest inventory as GeoPackage is a few hundred MB; the bytes wait in the database until imported.</summary>
    public const long DefaultLayerUploadBytes = 512L * 1024 * 1024;

    /// <summary><c>Approvals:Limits:AdHocCheckRetention</c>: how long a check attached to no draft and no case is kept.</summary>
    public required TimeSpan AdHocCheckRetention { get; init; }

    /// <summary><c>Approvals:Audit:CheckpointPath</c>, or null for the user's data folder (see <c>AuditCheckpointFile</c>).</summary>
    public string? AuditCheckpointPath { get; init; }

    /// <summary><c>Approvals:Audit:CheckpointSchedule</c>: the cron expression of the checkpoint job.</summary>
    public required string AuditCheckpointSchedule { get; init; }

    /// <summary><c>Approvals:Decisions:ValidityYears</c>: how long an approval (预审意见) stays valid from its date of issue.</summary>
    public required int DecisionValidityYears { get; init; }

    /// <summary><c>Approvals:Smtp:*</c> with <c>Approvals:PublicUrl</c>: the mail server for notification e-mails; null, none are sent.</summary>
    public SmtpOptions? Smtp { get; init; }
    /// <summary><c>Approvals:Conflicts:ApprovedWithinYears</c>: an approved case's boundary counts as claimed land for this long after its decision.</summary>
    public int ConflictApprovedWithinYears { get; init; } = 3;

    /// <summary><c>Approvals:Conflicts:MinimumOverlapM2</c>: overlaps smaller than this (two surveys of one shared edge) are not conflicts.</summary>
    public double ConflictMinimumOverlapM2 { get; init; } = 1;

    /// <summary><c>Approvals:Avoidance:*</c>: the clear part's sliver size and the nearby-site search.</summary>
    public SpatialChecks.Avoidance.AvoidanceOptions Avoidance { get; init; } = SpatialChecks.Avoidance.AvoidanceOptions.Default;

    /// <summary>
    /// <c>Approvals:Limits:RulesUploadBytes</c>: the largest rules upload in the console (all files of one upload together,
    /// and what a zip unpacks to).
    /// </summary>
    public long RulesUploadBytes { get; init; } = 1_048_576;

    /// <summary>Reads and checks every setting; the first bad one throws <see cref="InvalidSettingException"/>.</summary>
    public static ApprovalsOptions Read(IConfiguration configuration) => new()
    {
        Mode = ReadMode(configuration),
        WorkflowsPath = Text(configuration, "Approvals:WorkflowsPath") ?? Path.Combine(AppContext.BaseDirectory, "workflows"),
        DataProtectionKeysPath = Text(configuration, "Approvals:DataProtectionKeysPath"),
        StorageSrid = ReadStorageSrid(configuration),
        TileUrl = ReadTileUrl(configuration),
        WorkerCount = (int)Number(configuration, "Approvals:WorkerCount", 4, 1, 1000),
        JobInvisibilityTimeout = Duration(configuration, "Approvals:JobInvisibilityTimeout", TimeSpan.FromMinutes(5), "00:05:00 (5 minutes)"),
        InvitationLifetime = ReadInvitationLifetime(configuration),
        BoundaryLimits = ReadBoundaryLimits(configuration),
        AdHocCheckRetention = ReadAdHocCheckRetention(configuration),
        LayerUploadBytes = ReadLayerUploadBytes(configuration),
        AuditCheckpointPath = Text(configuration, "Approvals:Audit:CheckpointPath"),
        AuditCheckpointSchedule = Text(configuration, "Approvals:Audit:CheckpointSchedule") ?? "*/5 * * * *",
        DecisionValidityYears = ReadDecisionValidityYears(configuration),
        Smtp = SmtpOptions.Read(configuration),
        PublicUrl = ReadPublicUrl(configuration),
        SigningCertificate = ReadSigningCertificate(configuration),
        ConflictApprovedWithinYears = (int)Number(configuration, "Approvals:Conflicts:ApprovedWithinYears", 3, 0, 30),
        ConflictMinimumOverlapM2 = Number(configuration, "Approvals:Conflicts:MinimumOverlapM2", 1, 0, 10_000),
        Avoidance = ReadAvoidance(configuration),
        RulesUploadBytes = Number(configuration, "Approvals:Limits:RulesUploadBytes", 1_048_576, 1024, 104_857_600),
    };

    /// <summary>The site's public address, printed in a decision document's QR code (its verification page).</summary>
    public string PublicUrl { get; init; } = "http://127.0.0.1:5080";

    /// <summary>The certificate decision documents are signed with (<c>Approvals:Signing:Path</c> to a PFX, <c>:Password</c>), or none: unsigned.</summary>
    public System.Security.Cryptography.X509Certificates.X509Certificate2? SigningCertificate { get; init; }

    public static string ReadPublicUrl(IConfiguration configuration)
    {
        const string key = "Approvals:PublicUrl";
        var value = Text(configuration, key) ?? "http://127.0.0.1:5080";
        return Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.Query.Length == 0
            ? value.TrimEnd('/')
            : throw new InvalidSettingException(key, $"{key} must be the site's http or https address such as https://approvals.example.gov.cn; it is \"{value}\".");
    }

    /// <summary>The signing certificate, read at start so a wrong path or password stops the host instead of the first decision.</summary>
    public static System.Security.Cryptography.X509Certificates.X509Certificate2? ReadSigningCertificate(IConfiguration configuration)
    {
        const string key = "Approvals:Signing:Path";
        var path = Text(configuration, key);
        if (path is null) return null;
        if (!File.Exists(path)) throw new InvalidSettingException(key, $"{key} names a PFX file that does not exist: \"{path}\".");
        try
        {
            var certificate = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadPkcs12FromFile(
                path, configuration["Approvals:Signing:Password"], System.Security.Cryptography.X509Certificates.X509KeyStorageFlags.EphemeralKeySet);
            return certificate.HasPrivateKey ? certificate
                : throw new InvalidSettingException(key, $"{key}: \"{path}\" holds no private key to sign with.");
        }
        catch (System.Security.Cryptography.CryptographicException e)
        {
            throw new InvalidSettingException(key, $"{key}: \"{path}\" cannot be opened with Approvals:Signing:Password ({e.Message}).");
        }
    }

    /// <summary>The avoidance search's settings; unset ones keep <see cref="SpatialChecks.Avoidance.AvoidanceOptions"/>' defaults.</summary>
    public static SpatialChecks.Avoidance.AvoidanceOptions ReadAvoidance(IConfiguration configuration)
    {
        var d = SpatialChecks.Avoidance.AvoidanceOptions.Default;
        var options = new SpatialChecks.Avoidance.AvoidanceOptions(
            SliverM2: (int)Number(configuration, "Approvals:Avoidance:SliverM2", d.SliverM2, 0, 1_000_000),
            RotationStepDeg: (int)Number(configuration, "Approvals:Avoidance:RotationStepDeg", d.RotationStepDeg, 1, 360),
            RadiusM: (int)Number(configuration, "Approvals:Avoidance:RadiusM", d.RadiusM, 0, 50_000),
            ShiftStepM: (int)Number(configuration, "Approvals:Avoidance:ShiftStepM", d.ShiftStepM, 10, 50_000),
            MaxSites: (int)Number(configuration, "Approvals:Avoidance:MaxSites", d.MaxSites, 0, 10),
            ConfirmedCandidates: (int)Number(configuration, "Approvals:Avoidance:ConfirmedCandidates", d.ConfirmedCandidates, 1, 100));
        // The grid and the turns together make the candidates; beyond a few hundred thousand one search holds a node for minutes.
        var perSide = 2L * (options.RadiusM / options.ShiftStepM) + 1;
        var candidates = perSide * perSide * (long)Math.Ceiling(360.0 / options.RotationStepDeg);
        return candidates <= 500_000 ? options : throw new InvalidSettingException("Approvals:Avoidance",
            $"Approvals:Avoidance:RadiusM / ShiftStepM / RotationStepDeg make {candidates:N0} candidate placements; at most 500,000 (take a larger ShiftStepM or RotationStepDeg, or a smaller RadiusM).");
    }

    /// <summary>Three years unless configured (the validity of a land-use pre-approval, 建设项目用地预审管理办法 art. 16).</summary>
    public static int ReadDecisionValidityYears(IConfiguration configuration) =>
        (int)Number(configuration, "Approvals:Decisions:ValidityYears", 3, 1, 10);

    public static string ReadMode(IConfiguration configuration)
    {
        const string key = "Approvals:Mode";
        var value = Text(configuration, key);
        if (value is null) return "all";
        var mode = value.ToLowerInvariant();
        return mode is "all" or "web" or "worker" ? mode : throw new InvalidSettingException(key, $"{key} must be all, web or worker, not \"{value}\".");
    }

    public static int ReadStorageSrid(IConfiguration configuration) =>
        (int)Number(configuration, "Approvals:StorageSrid", 4526, 1, 998999);

    public static TimeSpan ReadInvitationLifetime(IConfiguration configuration) =>
        Duration(configuration, "Approvals:InvitationLifetime", TimeSpan.FromDays(7), "3 (three days) or 0.12:00:00 (twelve hours)");

    /// <summary>At most 1 GB: the uploaded bytes are kept in one bytea value until imported, and PostgreSQL's limit for one is 1 GB.</summary>
    public static long ReadLayerUploadBytes(IConfiguration configuration) =>
        Number(configuration, "Approvals:Limits:LayerUploadBytes", DefaultLayerUploadBytes, 1024, 1000L * 1024 * 1024);

    public static TimeSpan ReadAdHocCheckRetention(IConfiguration configuration) =>
        Duration(configuration, "Approvals:Limits:AdHocCheckRetention", TimeSpan.FromDays(7), "7.00:00:00 (7 days)");

    /// <summary>The limits of a boundary upload; unset keys keep the readers' defaults (<see cref="BoundaryReadOptions"/> says why).</summary>
    public static BoundaryReadOptions ReadBoundaryLimits(IConfiguration configuration)
    {
        var defaults = BoundaryReadOptions.Default;
        return defaults with
        {
            StorageSrid = ReadStorageSrid(configuration),
            MaxFileBytes = Number(configuration, "Approvals:Limits:BoundaryFileBytes", defaults.MaxFileBytes, 1, int.MaxValue),
            MaxUncompressedBytes = Number(configuration, "Approvals:Limits:ShapefileUnpackedBytes", defaults.MaxUncompressedBytes, 1, int.MaxValue),
            // A parcel needs 4 points (the closing one included).
            MaxVertices = (int)Number(configuration, "Approvals:Limits:BoundaryPoints", defaults.MaxVertices, 4, int.MaxValue),
            MaxParcels = (int)Number(configuration, "Approvals:Limits:BoundaryParcels", defaults.MaxParcels, 1, int.MaxValue),
        };
    }

    private static string? ReadTileUrl(IConfiguration configuration)
    {
        const string key = "Approvals:Map:TileUrl";
        var value = Text(configuration, key);
        // The content-security policy names the tile server's origin, so the template must be an absolute http(s) URL.
        return value is null || Uri.TryCreate(value.Replace("{", "").Replace("}", ""), UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? value
            : throw new InvalidSettingException(key, $"{key} must be an http or https URL template such as https://tiles.example/{{z}}/{{x}}/{{y}}.png; it is \"{value}\".");
    }

    internal static string? Text(IConfiguration configuration, string key) =>
        string.IsNullOrWhiteSpace(configuration[key]) ? null : configuration[key];

    internal static long Number(IConfiguration configuration, string key, long fallback, long min, long max)
    {
        var text = Text(configuration, key);
        if (text is null) return fallback;
        return long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new InvalidSettingException(key, $"{key} must be a whole number between {min} and {max}; it is \"{text}\".");
    }

    internal static TimeSpan Duration(IConfiguration configuration, string key, TimeSpan fallback, string example)
    {
        var text = Text(configuration, key);
        if (text is null) return fallback;
        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var value) && value > TimeSpan.Zero
            ? value
            : throw new InvalidSettingException(key, $"{key} must be a positive time span such as {example}; it is \"{text}\".");
    }
}

using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Approvals.Application.Localization;
using Microsoft.AspNetCore.RateLimiting;

namespace Approvals.Web.Hosting;

/// <summary>
/// ASP.NET Core's rate limiter on what is expensive or worth guessing at: sign-in and registration (a password
/// hash each) per client address and for all clients together, and spatial checks per user. Each limit is a token
/// bucket: <c>Burst</c> requests at once, refilled at <c>PerMinute</c>; up to <c>Queue</c> more wait for a token
/// instead of being refused, so a person (or a test suite) that is just a little fast is slowed, not turned away.
/// Refusals are 429 with Retry-After and a message. Settings: <c>Approvals:RateLimits:{SignInPerClient|SignInOverall|SpatialChecksPerUser}:{Burst|PerMinute|Queue}</c>.
/// Reading (GET, HEAD) the pages that carry these policies is never limited.
/// </summary>
public static class RateLimits
{
    public const string SignIn = "sign-in";
    public const string SpatialChecks = "spatial-checks";
    /// <summary>The public verification page of decision documents: anonymous, reads included (codes are what one would guess at).</summary>
    public const string Verification = "verification";

    /// <param name="Queue">Requests beyond the burst that wait for a token rather than get a 429.</param>
    public sealed record Bucket(int Burst, int PerMinute, int Queue)
    {
        public TokenBucketRateLimiterOptions Options() => new()
        {
            TokenLimit = Burst,
            TokensPerPeriod = 1,
            ReplenishmentPeriod = TimeSpan.FromMinutes(1) / PerMinute,
            QueueLimit = Queue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        };

        public static Bucket From(IConfiguration configuration, string name, Bucket defaults)
        {
            var section = configuration.GetSection($"Approvals:RateLimits:{name}");
            var bucket = new Bucket(section.GetValue("Burst", defaults.Burst), section.GetValue("PerMinute", defaults.PerMinute), section.GetValue("Queue", defaults.Queue));
            if (bucket.Burst < 1 || bucket.PerMinute < 1 || bucket.Queue < 0)
                throw new InvalidOperationException($"Approvals:RateLimits:{name} needs Burst and PerMinute of at least 1 and a Queue of 0 or more.");
            return bucket;
        }
    }

    /// <summary>
    /// Defaults: an office behind one address signs in together in the morning, and a person retries a spatial check a
    /// few times; a script guessing passwords or filling the server with overlays gets about one try a second.
    /// </summary>
    public static readonly Bucket SignInPerClientDefault = new(Burst: 60, PerMinute: 60, Queue: 20);
    public static readonly Bucket SignInOverallDefault = new(Burst: 600, PerMinute: 600, Queue: 100);
    public static readonly Bucket SpatialChecksPerUserDefault = new(Burst: 30, PerMinute: 30, Queue: 10);
    public static readonly Bucket VerificationPerClientDefault = new(Burst: 30, PerMinute: 30, Queue: 10);

    public static IServiceCollection AddApprovalsRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var perClient = Bucket.From(configuration, "SignInPerClient", SignInPerClientDefault);
        var overall = Bucket.From(configuration, "SignInOverall", SignInOverallDefault);
        var perUser = Bucket.From(configuration, "SpatialChecksPerUser", SpatialChecksPerUserDefault);
        var verification = Bucket.From(configuration, "VerificationPerClient", VerificationPerClientDefault);
        return services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = (context, ct) => RefuseAsync(context.HttpContext, RetryAfter(context.Lease), ct);
            options.AddPolicy(SignIn, http => IsRead(http)
                ? RateLimitPartition.GetNoLimiter("")
                : RateLimitPartition.GetTokenBucketLimiter(ClientAddress.Of(http), _ => perClient.Options()));
            options.AddPolicy(SpatialChecks, http => IsRead(http)
                ? RateLimitPartition.GetNoLimiter("")
                : RateLimitPartition.GetTokenBucketLimiter(
                    http.User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "address " + ClientAddress.Of(http), _ => perUser.Options()));
            options.AddPolicy(Verification, http => RateLimitPartition.GetTokenBucketLimiter(ClientAddress.Of(http), _ => verification.Options()));
            // All clients together, on the sign-in endpoints only: many addresses guessing at once still cost a hash each.
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
                !IsRead(http) && http.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName == SignIn
                    ? RateLimitPartition.GetTokenBucketLimiter(SignIn, _ => overall.Options())
                    : RateLimitPartition.GetNoLimiter(""));
        });
    }

    private static bool IsRead(HttpContext http) => HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method);

    private static TimeSpan RetryAfter(RateLimitLease lease) =>
        lease.TryGetMetadata(MetadataName.RetryAfter, out var after) && after > TimeSpan.Zero ? after : TimeSpan.FromMinutes(1);

    /// <summary>
    /// 429 with Retry-After and a message in the reader's language: problem+json for the API, a short page for a
    /// form (a person who submitted it reads it in the browser).
    /// </summary>
    public static async ValueTask RefuseAsync(HttpContext http, TimeSpan retryAfter, CancellationToken ct, string? message = null)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        message ??= Bilingual.Text($"请求过于频繁，请 {seconds} 秒后再试", $"Too many requests; try again in {seconds} seconds");
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        if (http.Request.Path.StartsWithSegments("/api"))
        {
            await Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: message).ExecuteAsync(http);
            return;
        }
        var english = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";
        var back = System.Net.WebUtility.HtmlEncode(http.Request.Path.Value ?? "/");
        http.Response.ContentType = "text/html; charset=utf-8";
        await http.Response.WriteAsync($"""
            <!DOCTYPE html>
            <html lang="{(english ? "en" : "zh-CN")}"><head><meta charset="utf-8"><title>429</title><link rel="stylesheet" href="/css/site.css"></head>
            <body><main><h1>{System.Net.WebUtility.HtmlEncode(message)}</h1><p><a href="{back}">{(english ? "Back" : "返回")}</a></p></main></body></html>
            """, ct);
    }
}

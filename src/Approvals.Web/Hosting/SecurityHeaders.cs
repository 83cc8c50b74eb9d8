using Microsoft.Net.Http.Headers;

namespace Approvals.Web.Hosting;

/// <summary>
/// Headers on every answer: a Content-Security-Policy that allows the site's own scripts, styles and images only
/// (no inline code: the pages load wwwroot/js and wwwroot/css, Leaflet and Chart.js are served from /lib, Leaflet
/// and Chart.js style their elements through the DOM, which the policy does not restrict) and no framing by anyone;
/// X-Content-Type-Options: nosniff; Referrer-Policy: strict-origin-when-cross-origin. An answer that sets a policy
/// of its own (attachments, sandboxed) keeps it.
/// </summary>
public static class SecurityHeaders
{
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app, IConfiguration configuration)
    {
        var policy = PolicyFor(configuration["Approvals:Map:TileUrl"]);
        return app.Use((http, next) =>
        {
            // Decided now: the Hangfire dashboard moves its prefix into PathBase before the answer starts.
            var own = http.Request.Path.StartsWithSegments("/hangfire") ? HangfirePolicy : policy;
            http.Response.OnStarting(() =>
            {
                var headers = http.Response.Headers;
                if (!headers.ContainsKey(HeaderNames.ContentSecurityPolicy))
                    headers[HeaderNames.ContentSecurityPolicy] = own;
                headers[HeaderNames.XContentTypeOptions] = "nosniff";
                headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
                return Task.CompletedTask;
            });
            return next(http);
        });
    }

    /// <summary>
    /// The site's policy. Images may be data: URIs (MapLibre's control icons are data: SVGs in its style sheet, and
    /// Leaflet puts them in place of tiles it removes); with a tile server configured (Approvals:Map:TileUrl), its
    /// origin may serve images too.
    /// </summary>
    public static string PolicyFor(string? tileUrl)
    {
        var images = "'self' data:";
        if (TileOrigin(tileUrl) is { } tiles) images += " " + tiles;
        return $"default-src 'self'; script-src 'self'; style-src 'self'; img-src {images}; font-src 'self'; connect-src 'self'; "
               + "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
    }

    /// <summary>
    /// Hangfire's dashboard (administrators only) is a third-party page whose scripts set inline styles and whose icon
    /// is a data: URI; it gets those, its scripts stay its own files, and it may not be framed either.
    /// </summary>
    private const string HangfirePolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        + "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>"https://{s}.tiles.example/{z}/{x}/{y}.png" → "https://*.tiles.example"; null for none or a same-origin path.</summary>
    private static string? TileOrigin(string? tileUrl)
    {
        if (string.IsNullOrWhiteSpace(tileUrl)) return null;
        var schemeEnd = tileUrl.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd < 0) return null;
        var authorityEnd = tileUrl.IndexOf('/', schemeEnd + 3);
        var origin = authorityEnd < 0 ? tileUrl : tileUrl[..authorityEnd];
        return origin.Replace("{s}", "*", StringComparison.Ordinal);
    }
}

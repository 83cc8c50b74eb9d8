using Approvals.Application.Localization;
using Microsoft.Net.Http.Headers;

namespace Approvals.Web.Hosting;

/// <summary>
/// A state-changing API call (POST, PUT, PATCH, DELETE under /api) that a browser sends on behalf of another site is
/// refused with 403: its Origin is not this site's own scheme, host and port, or its Sec-Fetch-Site says cross-site.
/// The SameSite=Strict cookie already keeps the session off such requests; this also covers a browser that ignores
/// SameSite and requests that need no session (sign-in, registration). Requests without either header come from
/// clients that are not browsers (scripts, the tests' HttpClient) and cannot be driven by another site: they pass.
/// Behind a proxy the own origin is the one the client used: forwarded headers must carry the scheme (deploy/).
/// </summary>
public static class CrossOriginRefusal
{
    public static IApplicationBuilder UseCrossOriginRefusal(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        var request = http.Request;
        if (request.Path.StartsWithSegments("/api") && !HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method)
            && !HttpMethods.IsOptions(request.Method) && IsCrossOrigin(request))
        {
            await Results.Problem(statusCode: StatusCodes.Status403Forbidden,
                title: Bilingual.Text("拒绝跨站请求", "Cross-site request refused"),
                detail: Bilingual.Text("其他网站的页面不能通过本系统的接口修改数据", "A page of another site cannot change anything through this site's API")).ExecuteAsync(http);
            return;
        }
        await next(http);
    });

    private static bool IsCrossOrigin(HttpRequest request)
    {
        if (string.Equals(request.Headers["Sec-Fetch-Site"], "cross-site", StringComparison.OrdinalIgnoreCase)) return true;
        var origin = request.Headers[HeaderNames.Origin].ToString();
        if (origin.Length == 0) return false;
        if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            return true; // "null" (sandboxed frames, file: pages) and anything else that is no web origin
        var ownPort = request.Host.Port ?? (request.IsHttps ? 443 : 80);
        return !(string.Equals(uri.Scheme, request.Scheme, StringComparison.OrdinalIgnoreCase)
                 && string.Equals(uri.Host, request.Host.Host.Trim('[', ']'), StringComparison.OrdinalIgnoreCase)
                 && uri.Port == ownPort);
    }
}

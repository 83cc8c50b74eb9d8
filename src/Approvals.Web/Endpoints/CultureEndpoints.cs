using Microsoft.AspNetCore.Localization;

namespace Approvals.Web.Endpoints;

/// <summary>The language switch in the header: remembers the choice in a cookie and goes back to the page it was used on.</summary>
public static class CultureEndpoints
{
    public static IEndpointRouteBuilder MapCultureEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/culture", (string culture, string? returnUrl, HttpContext http) =>
        {
            var chosen = culture == "en" ? "en" : "zh-CN";
            http.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(chosen)),
                new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, SameSite = SameSiteMode.Lax });
            return Results.LocalRedirect(IsLocalUrl(returnUrl) ? returnUrl! : "/");
        }).ExcludeFromDescription();
        return app;
    }

    /// <summary>
    /// A path of this site, as MVC's Url.IsLocalUrl decides: "/…" but not "//host" or "/\host" (both of which browsers
    /// follow to another host), or "~/…"; no control characters. Anything else goes home rather than off-site.
    /// </summary>
    public static bool IsLocalUrl(string? url) =>
        !string.IsNullOrEmpty(url) && !url.Any(char.IsControl) && (
            url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'))
            || url.Length > 1 && url[0] == '~' && url[1] == '/' && (url.Length == 2 || (url[2] != '/' && url[2] != '\\')));
}

using Microsoft.AspNetCore.Localization;

namespace Approvals.Web.Endpoints;

/// <summary>The language switch in the header: remembers the choice in a cookie and goes back to the page it was used on.</summary>
public static class CultureEndpoints
{
    public static IEndpointRouteBuilder MapCultureEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/culture", (string culture, string? returnUrl, HttpContext http) =>
        {
            Remember(http, culture == "en" ? "en" : "zh-CN");
            return Results.LocalRedirect(IsLocalUrl(returnUrl) ? returnUrl! : "/");
        }).ExcludeFromDescription();
        return app;
    }

    /// <summary>
    /// A link with <c>?culture=en</c> chooses the language like the switch does: the choice is remembered, so the next
    /// page (a link, a form's answer) stays in it instead of falling back to Chinese. Runs after the request's
    /// localization, which has decided whether the query named a culture it supports.
    /// </summary>
    public static IApplicationBuilder UseCultureChosenByLink(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        // The switch (POST /culture) carries the culture in its query too, and remembers it itself.
        if (http.Features.Get<IRequestCultureFeature>() is { Provider: QueryStringRequestCultureProvider } chosen && http.Request.Path != "/culture")
            Remember(http, chosen.RequestCulture.UICulture.Name);
        await next(http);
    });

    private static void Remember(HttpContext http, string culture) =>
        http.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
            new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, SameSite = SameSiteMode.Lax });

    /// <summary>
    /// A path of this site, as MVC's Url.IsLocalUrl decides: "/…" but not "//host" or "/\host" (both of which browsers
    /// follow to another host), or "~/…"; no control characters. Anything else goes home rather than off-site.
    /// </summary>
    public static bool IsLocalUrl(string? url) =>
        !string.IsNullOrEmpty(url) && !url.Any(char.IsControl) && (
            url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'))
            || url.Length > 1 && url[0] == '~' && url[1] == '/' && (url.Length == 2 || (url[2] != '/' && url[2] != '\\')));
}

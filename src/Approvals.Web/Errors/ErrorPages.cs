using Microsoft.AspNetCore.Mvc;

namespace Approvals.Web.Errors;

/// <summary>
/// What a refused or failed request answers depends on who asked: a browser that opened a page (a stale link,
/// another county's case, an address that does not exist) gets a page in the person's language with a way back
/// (<c>/error</c>, <see cref="Pages.Errors.ErrorModel"/>); the API and scripts keep application/problem+json.
/// </summary>
public static class ErrorPages
{
    /// <summary>Where <see cref="ProblemExceptionHandler"/> leaves the problem it made of an exception, for the error page.</summary>
    internal const string ProblemKey = "approvals.error-page.problem";

    /// <summary>Where a page's refusal leaves its message when it answers with a bare status (a 404 from <see cref="RefusalPageFilter"/>).</summary>
    internal const string DetailKey = "approvals.error-page.detail";

    /// <summary>A request for a page: not the API, and the client takes HTML (as browsers say when they navigate).</summary>
    public static bool WantsPage(HttpRequest request) =>
        !request.Path.StartsWithSegments("/api")
        && request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase));

    /// <summary>Exceptions and bare error statuses: an HTML page for pages, problem+json for everything else.</summary>
    public static WebApplication UseErrorAnswers(this WebApplication app)
    {
        app.UseWhen(http => WantsPage(http.Request), pages =>
        {
            // Our own 404s (a case the person may not see) come through here too: they are the page to show, not a failure of it.
            pages.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandlingPath = "/error", AllowStatusCode404Response = true });
            pages.UseStatusCodePagesWithReExecute("/error/{0}");
        });
        app.UseWhen(http => !WantsPage(http.Request), api =>
        {
            api.UseExceptionHandler();
            api.UseStatusCodePages();
        });
        return app;
    }

    internal static ProblemDetails? Problem(HttpContext http) => http.Items[ProblemKey] as ProblemDetails;
}

using Approvals.Application.Identity;
using Approvals.Application.Localization;

namespace Approvals.Web.Hosting;

/// <summary>
/// A user signed in with a one-time password (a new account, an administrator's reset) does nothing before choosing
/// their own: pages send them to <c>/account/password</c>, the API answers 403 saying why. Signing out stays open.
/// </summary>
public static class PasswordChangeRequired
{
    public const string PagePath = "/account/password";

    public static IApplicationBuilder UsePasswordChangeRequired(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (http.User.HasClaim(c => c.Type == ApprovalsClaims.MustChangePassword) && !Allowed(http.Request.Path))
        {
            if (http.Request.Path.StartsWithSegments("/api"))
            {
                await Results.Problem(statusCode: StatusCodes.Status403Forbidden,
                    title: Bilingual.Text("请先修改一次性密码", "Change your one-time password first"),
                    detail: Bilingual.Text($"请在 {PagePath} 或 POST /api/account/password 设置自己的密码", $"Choose your own password at {PagePath} or POST /api/account/password")).ExecuteAsync(http);
                return;
            }
            string back = http.Request.Method == HttpMethods.Get ? (http.Request.Path + http.Request.QueryString).ToString() : "/";
            http.Response.Redirect($"{PagePath}?returnUrl={Uri.EscapeDataString(back)}");
            return;
        }
        await next(http);
    });

    private static bool Allowed(PathString path) =>
        path.StartsWithSegments(PagePath) || path.StartsWithSegments("/account/logout") || path.StartsWithSegments("/api/account/password")
        || path.StartsWithSegments("/api/auth") || path.StartsWithSegments("/culture") || path.StartsWithSegments("/health");
}

using System.Diagnostics;
using Approvals.Application.Identity;
using Approvals.Application.Localization;
using Approvals.Web.Endpoints;
using Approvals.Web.Errors;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Approvals.Web.Pages.Errors;

/// <summary>
/// The page a browser gets when a page request is refused or fails (see <see cref="ErrorPages"/>): what happened in the
/// person's language, what they can do about it, and links back. A failure on our side shows only its reference id;
/// the details are in the log under that id.
/// </summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
public sealed class ErrorModel(ActorAccessor actorAccessor) : PageModel
{
    public int Status { get; private set; }
    public string Heading { get; private set; } = "";
    public string Explanation { get; private set; } = "";
    public string? Detail { get; private set; }
    public IReadOnlyList<string> Reasons { get; private set; } = [];
    public string? CorrelationId { get; private set; }

    /// <summary>The page the person came from, when it is one of ours and not the one that failed.</summary>
    public string? Back { get; private set; }

    public IReadOnlyList<(string Href, string Text)> Links { get; private set; } = [];

    // Re-executed with the failed request's method: a refused form post lands here too.
    public IActionResult OnGet(int? status) => Show(status);

    public IActionResult OnPost(int? status) => Show(status);

    private IActionResult Show(int? routeStatus)
    {
        var problem = ErrorPages.Problem(HttpContext);
        Status = problem?.Status ?? routeStatus ?? StatusCodes.Status404NotFound;
        if (Status < 400 || Status > 599) Status = StatusCodes.Status404NotFound;
        (Heading, Explanation) = Describe(Status);
        if (Status < 500)
        {
            Detail = problem?.Detail ?? HttpContext.Items[ErrorPages.DetailKey] as string;
            if (problem is HttpValidationProblemDetails invalid) Reasons = invalid.Errors.SelectMany(e => e.Value).Distinct().ToList();
            else if (problem?.Title is { } title && problem.Detail is null && Status != StatusCodes.Status404NotFound) Detail = title;
        }
        CorrelationId = problem?.Extensions.TryGetValue("correlationId", out var id) == true ? id?.ToString()
            : Status >= 500 ? Activity.Current?.TraceId.ToString() ?? HttpContext.TraceIdentifier : null;

        var failed = HttpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodeReExecuteFeature>()?.OriginalPath
            ?? HttpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IExceptionHandlerPathFeature>()?.Path;
        var referer = Request.Headers.Referer.ToString();
        if (Uri.TryCreate(referer, UriKind.Absolute, out var from) && from.Authority == Request.Host.Value
            && CultureEndpoints.IsLocalUrl(from.PathAndQuery)
            // Back to the page that failed to open would fail again; back to the page of a refused form is the way to retry.
            && !(HttpMethods.IsGet(Request.Method) && from.AbsolutePath == failed))
            Back = from.PathAndQuery;
        Links = LinksFor(actorAccessor.Current);
        Response.StatusCode = Status;
        return Page();
    }

    private static (string Heading, string Explanation) Describe(int status) => status switch
    {
        StatusCodes.Status404NotFound => (Bilingual.Text("未找到该页面", "Page not found"),
            Bilingual.Text("链接可能已过期，或者您要查看的内容不存在、不在您的管辖范围内。", "The link may be out of date, or what you asked for does not exist or is outside your jurisdiction.")),
        StatusCodes.Status403Forbidden => (Bilingual.Text("无权进行此操作", "Not allowed"),
            Bilingual.Text("您的账号没有办理此事项的权限。", "Your account may not do this.")),
        StatusCodes.Status400BadRequest => (Bilingual.Text("请求无法办理", "The request could not be handled"),
            Bilingual.Text("提交的内容不完整或已过期。请返回上一页，刷新后重试。", "What was sent is incomplete or out of date. Go back, reload the page and try again.")),
        StatusCodes.Status409Conflict => (Bilingual.Text("操作冲突", "Conflict"),
            Bilingual.Text("该事项刚刚已被他人办理或修改。请刷新后查看最新情况。", "Someone else has just handled or changed this. Reload to see where it stands now.")),
        StatusCodes.Status429TooManyRequests => (Bilingual.Text("请求过于频繁", "Too many requests"),
            Bilingual.Text("请稍候片刻再试。", "Wait a moment and try again.")),
        >= 500 => (Bilingual.Text("系统出现错误", "Something went wrong on our side"),
            Bilingual.Text("请稍后重试。如问题持续，请将下面的编号告知系统管理员。", "Try again later. If it keeps happening, give the reference below to the administrator.")),
        _ => (Bilingual.Text("请求无法办理", "The request could not be handled"),
            Bilingual.Text("请返回上一页或回到首页。", "Go back, or start again from the home page.")),
    };

    /// <summary>Where the person can go from here: home, and their own starting point.</summary>
    private static List<(string, string)> LinksFor(Actor actor)
    {
        var links = new List<(string, string)> { ("/", Bilingual.Text("返回首页", "Home page")) };
        if (!actor.IsAuthenticated) links.Add(("/account/login", Bilingual.Text("登录", "Sign in")));
        else if (actor.IsInRole(Roles.Applicant)) links.Add(("/portal", Bilingual.Text("我的申请", "My applications")));
        else if (actor.IsInRole(Roles.Clerk) || actor.IsInRole(Roles.Reviewer) || actor.IsInRole(Roles.Supervisor))
            links.Add(("/inbox", Bilingual.Text("审查待办", "Review inbox")));
        return links;
    }
}

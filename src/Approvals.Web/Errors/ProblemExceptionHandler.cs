using System.Diagnostics;
using Approvals.Application.Errors;
using Approvals.Application.Localization;
using FluentValidation;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Approvals.Web.Errors;

/// <summary>
/// Turns every exception into an application/problem+json answer (for a page, the problem the error page shows): validation failures into a 400
/// with per-field messages, known refusals into 403/404/409, and anything unexpected into a 500
/// that carries only a correlation id (the details go to the log under the same id).
/// </summary>
public sealed class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> log) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        var correlationId = Activity.Current?.TraceId.ToString() ?? http.TraceIdentifier;
        // The culture the request chose was set inside the pipeline and does not flow back out to this handler:
        // the messages written here follow it too.
        if (http.Features.Get<Microsoft.AspNetCore.Localization.IRequestCultureFeature>()?.RequestCulture.UICulture is { } culture)
            System.Globalization.CultureInfo.CurrentUICulture = culture;
        ProblemDetails problem = exception switch
        {
            ValidationException v => new HttpValidationProblemDetails(
                v.Errors.GroupBy(e => CamelCase(e.PropertyName)).ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).Distinct().ToArray()))
            {
                Status = StatusCodes.Status400BadRequest,
                Title = Bilingual.Text("提交的内容有误，请按提示修改", "Some of the input is not valid; correct it as shown"),
            },
            // Kestrel's body limit (MaxRequestBodySize, or an endpoint's [RequestSizeLimit]): too much, not malformed.
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => new ProblemDetails
            {
                Status = StatusCodes.Status413PayloadTooLarge,
                Title = Bilingual.Text("提交的内容过大", "The request is too large"),
                Detail = Bilingual.Text("请求内容超过了允许的大小；请缩小文件或分几次上传", "The request body is larger than allowed; send a smaller file or upload in parts"),
            },
            // A value of the wrong kind (e.g. "areaHa": "1,5", a comma that may be a decimal mark or a thousands separator):
            // named by its field, like any other invalid input, rather than as a parser's message.
            BadHttpRequestException { InnerException: System.Text.Json.JsonException { Path: { Length: > 2 } path } } => UnreadableField(path),
            BadHttpRequestException b => new ProblemDetails
            {
                Status = StatusCodes.Status400BadRequest,
                Title = Bilingual.Text("请求格式不正确", "The request is malformed"),
                Detail = b.InnerException is System.Text.Json.JsonException j
                    ? Bilingual.Text($"请求内容不是有效的 JSON：{j.Message}", $"The request body is not valid JSON: {j.Message}")
                    : b.Message,
            },
            NotFoundException n => new ProblemDetails { Status = StatusCodes.Status404NotFound, Title = Bilingual.Text("未找到", "Not found"), Detail = n.Message },
            ForbiddenException f => new ProblemDetails { Status = StatusCodes.Status403Forbidden, Title = Bilingual.Text("无权操作", "Not allowed"), Detail = f.Message },
            UnprocessableException u => new ProblemDetails { Status = StatusCodes.Status422UnprocessableEntity, Title = Bilingual.Text("无法按此请求办理", "The request cannot be carried out"), Detail = u.Message },
            ConflictException c => new ProblemDetails { Status = StatusCodes.Status409Conflict, Title = Bilingual.Text("操作冲突", "Conflict"), Detail = c.Message },
            Microsoft.EntityFrameworkCore.DbUpdateConcurrencyException => new ProblemDetails
            {
                Status = StatusCodes.Status409Conflict, Title = Bilingual.Text("操作冲突", "Conflict"),
                Detail = Bilingual.Text("数据刚被他人修改，请刷新后重试", "Someone else changed this just now; reload and try again"),
            },
            _ => new ProblemDetails
            {
                Status = StatusCodes.Status500InternalServerError,
                Title = Bilingual.Text("服务器内部错误，请稍后重试并提供编号", "Something went wrong on our side; try again later and quote the id"),
            },
        };
        if (problem.Status == StatusCodes.Status500InternalServerError)
            log.LogError(exception, "Unhandled error {CorrelationId} on {Method} {Path}", correlationId, http.Request.Method, http.Request.Path);
        problem.Extensions["correlationId"] = correlationId;
        http.Response.StatusCode = problem.Status!.Value;
        if (ErrorPages.WantsPage(http.Request))
        {
            // A person's browser: the exception handler goes on to the error page, which shows this problem.
            http.Items[ErrorPages.ProblemKey] = problem;
            return false;
        }
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem, Exception = exception });
    }

    private static HttpValidationProblemDetails UnreadableField(string path)
    {
        var field = path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path;
        return new HttpValidationProblemDetails(new Dictionary<string, string[]>
        {
            [field] = [Bilingual.Text(
                $"“{field}”的值无法读取：数字请写成 JSON 数字，小数用小数点（如 1.5），不用逗号或千位分隔符；文字和选项请用说明中的取值",
                $"The value of \"{field}\" cannot be read: write numbers as JSON numbers with a decimal point (e.g. 1.5), without commas or thousands separators; texts and choices as documented")],
        })
        {
            Status = StatusCodes.Status400BadRequest,
            Title = Bilingual.Text("提交的内容有误，请按提示修改", "Some of the input is not valid; correct it as shown"),
        };
    }

    private static string CamelCase(string name) =>
        string.IsNullOrEmpty(name) ? "" : string.Join('.', name.Split('.').Select(p => p.Length == 0 ? p : char.ToLowerInvariant(p[0]) + p[1..]));
}

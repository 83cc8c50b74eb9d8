using System.Text.Json;
using Approvals.Application.Localization;

namespace Approvals.Web.Hosting;

/// <summary>
/// Refuses, with a 400 that says where, a request that carries a C0 control character (U+0000–U+001F) other than
/// tab, carriage return and line feed in a query parameter, a route value, a form field or a JSON string. No person
/// types them; PostgreSQL refuses NUL in text outright, so it used to surface as a 500 wherever a string reached
/// the database, and the others end up in names, logs and CSV exports. Refusing (rather than stripping at model
/// binding) covers every endpoint and binder at once, including handlers that read the request themselves, and
/// changes nothing silently. Uploaded files' content is not looked at (they are binary); their names are cleaned
/// where they are kept (Application/Uploads).
/// </summary>
public static class ControlCharacterRefusal
{
    public static IApplicationBuilder UseControlCharacterRefusal(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        var where = Find(http.Request.Query.SelectMany(q => q.Value.Select(v => (Name: $"?{q.Key}", Value: (string?)v)).Prepend(($"?{q.Key}", q.Key))))
            ?? Find(http.Request.RouteValues.Select(r => (Name: r.Key, Value: r.Value as string)));
        if (where is null && http.Request.HasFormContentType)
        {
            IFormCollection form;
            try
            {
                form = await http.Request.ReadFormAsync(http.RequestAborted);
            }
            catch (InvalidDataException e) when (e.InnerException is InvalidOperationException)
            {
                // The form reader itself refuses a NUL it decodes (it does not say in which field).
                await RefuseAsync(http, Bilingual.Text("表单", "form"));
                return;
            }
            catch (InvalidDataException)
            {
                // The form options' limits (field count, value length, multipart size): too much, not malformed.
                await Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge,
                    title: Bilingual.Text("提交的表单过大", "The form is too large")).ExecuteAsync(http);
                return;
            }
            where = Find(form.SelectMany(f => f.Value.Select(v => (Name: f.Key, Value: (string?)v)).Prepend((f.Key, f.Key))));
        }
        if (where is null && IsJson(http.Request.ContentType))
            where = await FindInJsonAsync(http.Request);
        if (where is not null)
        {
            await RefuseAsync(http, where);
            return;
        }
        await next(http);
    });

    private static Task RefuseAsync(HttpContext http, string where) =>
        Results.Problem(statusCode: StatusCodes.Status400BadRequest,
            title: Bilingual.Text("请求中含有控制字符", "The request contains a control character"),
            detail: Bilingual.Text($"“{where}”中含有控制字符（如 NUL），请删除后重试", $"\"{where}\" contains a control character (such as NUL); remove it and try again"))
            .ExecuteAsync(http);

    public static bool IsRefused(char c) => c < '\u0020' && c is not ('\t' or '\r' or '\n');

    private static string? Find(IEnumerable<(string Name, string? Value)> values)
    {
        foreach (var (name, value) in values)
            if (value is not null && value.Any(IsRefused))
                return Printable(name);
        return null;
    }

    private static string Printable(string name) => new(name.Where(c => !IsRefused(c)).ToArray());

    private static bool IsJson(string? contentType) =>
        contentType is not null && (contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase)
                                    || contentType.Split(';')[0].Trim().EndsWith("+json", StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Reads the body once (buffered, so the endpoint reads it again from the start) and looks at every string and
    /// property name. Raw control characters are invalid JSON already; escaped ones (\u0000) are what gets through.
    /// A body that is not valid JSON is left for the endpoint to refuse with its own message.
    /// </summary>
    private static async Task<string?> FindInJsonAsync(HttpRequest request)
    {
        request.EnableBuffering();
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, request.HttpContext.RequestAborted);
        request.Body.Position = 0;
        return FindInJson(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
    }

    private static string? FindInJson(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        string? property = null;
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.PropertyName)
                {
                    property = reader.GetString()!;
                    if (reader.ValueIsEscaped && property.Any(IsRefused)) return Printable(property);
                }
                else if (reader.TokenType == JsonTokenType.String && reader.ValueIsEscaped && reader.GetString()!.Any(IsRefused))
                {
                    return property is null ? "JSON" : Printable(property);
                }
            }
        }
        catch (JsonException)
        {
        }
        return null;
    }
}

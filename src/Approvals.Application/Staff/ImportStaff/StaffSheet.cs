using System.Text;
using Approvals.Application.Localization;
using Approvals.Domain.Departments;
using Approvals.Domain.Naming;
using MiniExcelLibs;

namespace Approvals.Application.Staff.ImportStaff;

/// <summary>One person of an import file, as written there, with the row number a spreadsheet shows (the header is row 1).</summary>
public sealed record StaffSheetRow(int Row, string? UserName, string? DisplayName, string? Role, string? Jurisdiction, string? Department, string? Email);

/// <summary>
/// Reads the staff import file: CSV (UTF-8, or GBK as Excel on a Chinese Windows saves it) or xlsx (the first sheet),
/// a header row naming the columns in Chinese or English, in any order; blank rows are skipped but keep their number.
/// </summary>
public static class StaffSheet
{
    public sealed record Column(string Key, string Zh, string En, string[] Aliases);

    public static readonly IReadOnlyList<Column> Columns =
    [
        new("userName", "用户名", "userName", ["用户名", "登录名", "username", "user name", "login"]),
        new("displayName", "姓名", "displayName", ["姓名", "名称", "name", "display name", "displayname"]),
        new("role", "角色", "role", ["角色", "role"]),
        new("jurisdiction", "行政区划", "jurisdiction", ["行政区划", "行政区划代码", "区划代码", "jurisdiction", "jurisdiction code", "jurisdictioncode"]),
        new("department", "部门", "department", ["部门", "department"]),
        new("email", "电子邮箱", "email", ["电子邮箱", "邮箱", "email", "e-mail"]),
    ];

    /// <summary>The header a template file starts with.</summary>
    public static string TemplateCsv => string.Join(",", Columns.Select(c => c.Zh)) + "\r\n"
        + "zezhou.land3,张三,reviewer,140525,用地,zhangsan@example.gov.cn\r\n";

    public static string ColumnName(string key) => Columns.FirstOrDefault(c => c.Key == key) is { } c ? Bilingual.Text(c.Zh, c.En) : key;

    /// <exception cref="FormatException">The file is not a CSV or xlsx table with the needed columns (the message says why).</exception>
    public static IReadOnlyList<StaffSheetRow> Read(string fileName, byte[] content)
    {
        var extension = Path.GetExtension(fileName).ToLowerInvariant();
        List<IDictionary<string, object?>> cells;
        try
        {
            cells = extension switch
            {
                ".csv" or ".txt" => ParseCsv(Decode(content)),
                ".xlsx" => Query(new MemoryStream(content), ExcelType.XLSX),
                _ => throw new FormatException(Bilingual.Text("请上传 CSV 或 xlsx 文件", "Upload a CSV or xlsx file")),
            };
        }
        catch (Exception e) when (e is not FormatException)
        {
            throw new FormatException(Bilingual.Text("文件无法读取，请确认是 CSV 或 xlsx 表格", "The file cannot be read; is it a CSV or xlsx table?"), e);
        }
        if (cells.Count == 0) throw new FormatException(Bilingual.Text("文件是空的", "The file is empty"));

        var header = cells[0];
        var positions = new Dictionary<string, string>();
        foreach (var (cell, value) in header)
        {
            var name = Normalise(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture));
            var column = Columns.FirstOrDefault(c => c.Aliases.Any(a => Normalise(a) == name));
            if (column is not null) positions.TryAdd(column.Key, cell);
        }
        var missing = Columns.Where(c => c.Key is "userName" or "displayName" or "role" or "jurisdiction" && !positions.ContainsKey(c.Key)).ToList();
        if (missing.Count > 0)
            throw new FormatException(Bilingual.Text(
                $"第 1 行应为表头，缺少列：{string.Join("、", missing.Select(c => c.Zh))}（列名：{string.Join(",", Columns.Select(c => c.Zh))}）",
                $"Row 1 must be the header; missing columns: {string.Join(", ", missing.Select(c => c.En))} (columns: {string.Join(",", Columns.Select(c => c.En))})"));

        string? Cell(IDictionary<string, object?> row, string key) =>
            positions.TryGetValue(key, out var at) && row.TryGetValue(at, out var v) && Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture)?.Trim() is { Length: > 0 } text ? text : null;

        var rows = new List<StaffSheetRow>();
        for (var i = 1; i < cells.Count; i++)
        {
            var row = new StaffSheetRow(i + 1, Cell(cells[i], "userName"), Cell(cells[i], "displayName"), Cell(cells[i], "role"),
                Cell(cells[i], "jurisdiction"), Cell(cells[i], "department"), Cell(cells[i], "email"));
            if (row is { UserName: null, DisplayName: null, Role: null, Jurisdiction: null, Department: null, Email: null }) continue;
            rows.Add(row);
        }
        return rows;
    }

    /// <summary>A role as written: its identity name or its Chinese or English title (<see cref="Names.Role"/>).</summary>
    public static string? RoleOf(string text)
    {
        foreach (var role in new[] { Identity.Roles.Clerk, Identity.Roles.Reviewer, Identity.Roles.Supervisor })
        {
            var name = Names.Role(role);
            if (Same(text, role) || Same(text, name.Zh) || Same(text, name.En)) return role;
        }
        return null;
    }

    /// <summary>A department as written: Land/Mineral/Forest/Grassland, or its Chinese name, short (用地) or full.</summary>
    public static Department? DepartmentOf(string text)
    {
        foreach (var department in Enum.GetValues<Department>())
            if (Same(text, department.ToString()) || Same(text, Names.Of(department).Zh) || Same(text, Names.Of(department).En))
                return department;
        // The land department is usually written short.
        return Same(text, "用地") || Same(text, "自然资源") ? Department.Land : null;
    }

    private static bool Same(string a, string b) => string.Equals(a.Trim(), b, StringComparison.OrdinalIgnoreCase);

    private static string Normalise(string? header) =>
        (header ?? "").Trim().TrimStart('\uFEFF').Replace(" ", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal).ToLowerInvariant();

    /// <summary>
    /// RFC 4180 CSV (quoted fields may hold commas, quotes doubled, line breaks), every line kept, blank ones too, so
    /// that row numbers are the ones a spreadsheet shows. Cells are keyed A, B, C… like the xlsx reader's.
    /// </summary>
    private static List<IDictionary<string, object?>> ParseCsv(string text)
    {
        var rows = new List<IDictionary<string, object?>>();
        var row = new Dictionary<string, object?>();
        var cell = new StringBuilder();
        var quoted = false;
        void EndCell()
        {
            row[ColumnLetter(row.Count)] = cell.ToString();
            cell.Clear();
        }
        void EndRow()
        {
            EndCell();
            rows.Add(row);
            row = new Dictionary<string, object?>();
        }
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { cell.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else cell.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') EndCell();
            else if (c == '\r') { if (i + 1 < text.Length && text[i + 1] == '\n') i++; EndRow(); }
            else if (c == '\n') EndRow();
            else cell.Append(c);
        }
        if (cell.Length > 0 || row.Count > 0) EndRow();
        return rows;
    }

    private static string ColumnLetter(int index) => index < 26 ? ((char)('A' + index)).ToString() : ColumnLetter(index / 26 - 1) + (char)('A' + index % 26);

    private static List<IDictionary<string, object?>> Query(Stream stream, ExcelType type) =>
        MiniExcel.Query(stream, useHeaderRow: false, excelType: type).Cast<IDictionary<string, object?>>().ToList();

    /// <summary>UTF-8 when the bytes are valid UTF-8, otherwise GB18030 (a superset of GBK), which Excel writes on Chinese Windows.</summary>
    private static string Decode(byte[] content)
    {
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(content).TrimStart('\uFEFF');
        }
        catch (DecoderFallbackException)
        {
            Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
            return Encoding.GetEncoding("GB18030").GetString(content);
        }
    }
}

using System.Collections.Concurrent;
using System.Data.Common;
using System.Globalization;
using System.Reflection;
using System.Text;

namespace Approvals.Application.Dashboard;

/// <summary>
/// Reads SQL rows into records by column name: each constructor parameter of <typeparamref name="T"/> takes the column
/// of its name in snake_case (<c>DaysToDecision</c> ← <c>days_to_decision</c>), so a query and its row record are read
/// side by side and a reordered SELECT cannot shift values into the wrong field. A column the record needs and the
/// query lacks is an error naming both; numbers widen or narrow to the parameter's type (smallint → int, numeric → double).
/// </summary>
public static class SnakeCaseRows
{
    private static readonly ConcurrentDictionary<Type, (ConstructorInfo Constructor, ParameterInfo[] Parameters)> Constructors = new();

    public static async Task<List<T>> ReadAsync<T>(DbDataReader reader, CancellationToken ct)
    {
        var (constructor, parameters) = Constructors.GetOrAdd(typeof(T), static type =>
        {
            var c = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).First();
            return (c, c.GetParameters());
        });
        var ordinals = new int[parameters.Length];
        for (var i = 0; i < parameters.Length; i++)
        {
            var column = SnakeCase(parameters[i].Name!);
            ordinals[i] = -1;
            for (var o = 0; o < reader.FieldCount; o++)
                if (string.Equals(reader.GetName(o), column, StringComparison.OrdinalIgnoreCase)) ordinals[i] = o;
            if (ordinals[i] < 0)
                throw new InvalidOperationException($"The query for {typeof(T).Name} has no column \"{column}\" (columns: {string.Join(", ", Enumerable.Range(0, reader.FieldCount).Select(reader.GetName))}).");
        }
        var rows = new List<T>();
        var values = new object?[parameters.Length];
        while (await reader.ReadAsync(ct))
        {
            for (var i = 0; i < parameters.Length; i++)
                values[i] = reader.IsDBNull(ordinals[i]) ? null : Convert(reader.GetValue(ordinals[i]), parameters[i].ParameterType);
            rows.Add((T)constructor.Invoke(values));
        }
        return rows;
    }

    /// <summary><c>DaysToDecision</c> → <c>days_to_decision</c>.</summary>
    public static string SnakeCase(string name)
    {
        var s = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0) s.Append('_');
            s.Append(char.ToLowerInvariant(name[i]));
        }
        return s.ToString();
    }

    private static object Convert(object value, Type type)
    {
        var target = Nullable.GetUnderlyingType(type) ?? type;
        if (target.IsInstanceOfType(value)) return value;
        if (target == typeof(DateOnly) && value is DateTime d) return DateOnly.FromDateTime(d);
        if (target.IsEnum) return value is string s ? Enum.Parse(target, s) : Enum.ToObject(target, value);
        return System.Convert.ChangeType(value, target, CultureInfo.InvariantCulture);
    }
}

using System.Linq.Expressions;
using Approvals.Domain.Jurisdictions;

namespace Approvals.Application.Identity;

/// <summary>
/// What a jurisdiction covers: a county itself, a city its counties, the province everything in it (the
/// administrative code carries the hierarchy, so "covers" is "the code starts with the scope's prefix").
/// The one rule, in the three forms queries need: an in-memory check (<see cref="Covers"/>), an EF
/// expression (<see cref="Covering{T}"/>) and a SQL condition for the queries that stay raw SQL (<see cref="Sql"/>).
/// </summary>
public sealed class JurisdictionScope
{
    private readonly string? _prefix; // null: nothing

    private JurisdictionScope(string? prefix, JurisdictionLevel? level)
    {
        _prefix = prefix;
        Level = level;
    }

    /// <summary>Administrators and the system: every jurisdiction.</summary>
    public static readonly JurisdictionScope Everything = new("", null);

    /// <summary>A user without a jurisdiction: none.</summary>
    public static readonly JurisdictionScope Nothing = new(null, null);

    public static JurisdictionScope Of(string code, JurisdictionLevel level) => new(level switch
    {
        JurisdictionLevel.Province => code[..2],
        JurisdictionLevel.City => code[..4],
        JurisdictionLevel.County => code,
        _ => throw new ArgumentOutOfRangeException(nameof(level), level, "Only provinces, cities and counties have a scope."),
    }, level);

    public static JurisdictionScope Of(Jurisdiction jurisdiction) => Of(jurisdiction.Code, jurisdiction.Level);

    /// <summary>The level of the jurisdiction this scope is (null for everything and nothing).</summary>
    public JurisdictionLevel? Level { get; }

    /// <summary>
    /// True when the scope holds every row there is: everything, or the province (a deployment is one province),
    /// so a query may leave the condition out rather than test each row.
    /// </summary>
    public bool IsWholeProvince => _prefix == "" || Level == JurisdictionLevel.Province;

    /// <summary>True when <paramref name="code"/> is this jurisdiction or lies within it.</summary>
    public bool Covers(string code) => _prefix is not null && code.StartsWith(_prefix, StringComparison.Ordinal);

    /// <summary>The same test as an EF expression on the code a row carries.</summary>
    public Expression<Func<T, bool>> Covering<T>(Expression<Func<T, string>> code)
    {
        if (_prefix is null) return Expression.Lambda<Func<T, bool>>(Expression.Constant(false), code.Parameters);
        if (_prefix == "") return Expression.Lambda<Func<T, bool>>(Expression.Constant(true), code.Parameters);
        // A captured value (not a constant) becomes a query parameter, so one plan serves every prefix.
        var holder = new PrefixHolder(_prefix);
        var prefix = Expression.Property(Expression.Constant(holder), nameof(PrefixHolder.Value));
        var startsWith = typeof(string).GetMethod(nameof(string.StartsWith), [typeof(string)])!;
        return Expression.Lambda<Func<T, bool>>(Expression.Call(code.Body, startsWith, prefix), code.Parameters);
    }

    /// <summary>
    /// The same test as a SQL condition on <paramref name="column"/>; <paramref name="parameter"/> adds a query
    /// parameter with the value given and returns its placeholder (e.g. <c>$2</c> or <c>@scope</c>).
    /// </summary>
    public string Sql(string column, Func<object, string> parameter) =>
        _prefix is null ? "FALSE"
        : _prefix == "" ? "TRUE"
        // Codes are digits, so the prefix needs no escaping for LIKE.
        : $"{column} LIKE {parameter(_prefix + "%")}";

    private sealed record PrefixHolder(string Value);
}

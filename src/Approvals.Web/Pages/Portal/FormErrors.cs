using FluentValidation;

namespace Approvals.Web.Pages.Portal;

/// <summary>
/// Validation messages by field, so each page shows every message next to the field it is about. A
/// field matches by its full name ("Uses[2].AreaHa") or its last segment ("AreaHa"), case-insensitively.
/// </summary>
public sealed class FormErrors
{
    private readonly List<(string Field, string Message)> errors = [];

    public bool Any => errors.Count > 0;

    public void Add(string field, string message)
    {
        if (!errors.Contains((field, message))) errors.Add((field, message));
    }

    public void Add(ValidationException e)
    {
        foreach (var failure in e.Errors) Add(failure.PropertyName, failure.ErrorMessage);
    }

    public IReadOnlyList<string> For(string field) => errors.Where(e => Matches(e.Field, field)).Select(e => e.Message).Distinct().ToList();

    /// <summary>Messages about none of <paramref name="fields"/> (shown at the top of the form).</summary>
    public IReadOnlyList<string> Except(params string[] fields) =>
        errors.Where(e => !fields.Any(f => Matches(e.Field, f))).Select(e => e.Message).Distinct().ToList();

    private static bool Matches(string actual, string wanted) =>
        string.Equals(actual, wanted, StringComparison.OrdinalIgnoreCase)
        || (!wanted.Contains('[', StringComparison.Ordinal) && string.Equals(actual.Split('.').Last(), wanted, StringComparison.OrdinalIgnoreCase));
}

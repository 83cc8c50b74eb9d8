using Approvals.Application.Localization;
using FluentValidation;

namespace Approvals.Application.Paging;

/// <summary>
/// The bounds of every paged query, in one place: a page number or size from a query string is whatever a
/// client sends (2147483647 included), and (page - 1) × size must neither overflow nor reach an OFFSET the
/// database refuses.
/// </summary>
public static class PagingRules
{
    public const int MaxPage = 10_000;

    public static IRuleBuilderOptions<T, int> IsPageNumber<T>(this IRuleBuilder<T, int> rule) =>
        rule.InclusiveBetween(1, MaxPage)
            .WithMessage(_ => Bilingual.Text($"页码应在 1 到 {MaxPage} 之间", $"The page is between 1 and {MaxPage}"));

    public static IRuleBuilderOptions<T, int> IsPageSize<T>(this IRuleBuilder<T, int> rule, int max) =>
        rule.InclusiveBetween(1, max)
            .WithMessage(_ => Bilingual.Text($"每页条数应在 1 到 {max} 之间", $"A page holds 1 to {max} rows"));
}

namespace Approvals.Application.Rules;

/// <summary>
/// Dates of the statutory clock are Beijing dates (UTC+8 all year: China keeps no daylight saving). The read models'
/// SQL takes the same date with <c>beijing_date(timestamptz)</c> (migration ReadModelsOneEncoding).
/// </summary>
public static class LocalDate
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    public static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(clock.GetUtcNow().ToOffset(Offset).DateTime);

    public static DateOnly Of(DateTimeOffset at) => DateOnly.FromDateTime(at.ToOffset(Offset).DateTime);
}

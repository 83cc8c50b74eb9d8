using Approvals.Domain.BaseMaps;
using Approvals.Domain.Calendar;
using Approvals.Domain.Routing;

namespace Approvals.Domain.Tests;

/// <summary>The shipped rules files, copied next to the test assembly.</summary>
internal static class WorkflowsFolder
{
    public static string Path { get; } = System.IO.Path.Combine(AppContext.BaseDirectory, "workflows");

    public static string File(string name) => System.IO.Path.Combine(Path, name);

    public static BaseMapCatalogue Catalogue => BaseMapCatalogue.Load(File(BaseMapCatalogue.FileName));

    public static RoutingRules Rules => RoutingRules.Load(File(RoutingRules.FileName));

    public static CaseRouting Routing => CaseRouting.Load(Path);

    public static WorkingDayCalendar Calendar => WorkingDayCalendar.Load(File("calendar"));
}

using Microsoft.Extensions.DependencyInjection;

namespace Approvals.Application.Dashboard;

/// <summary>
/// The dashboard's panels, in page order: every concrete <see cref="DashboardPanel"/> of the application, found by
/// scanning the assembly (<see cref="DashboardPanelRegistration.AddDashboardPanels"/>). This is the only list of panels; the page, the CSV and JSON endpoints and the benchmark
/// iterate it.
/// </summary>
public sealed class DashboardPanels
{
    private readonly Dictionary<string, DashboardPanel> _byName;

    public DashboardPanels(IEnumerable<DashboardPanel> panels)
    {
        All = panels.OrderBy(p => p.Order).ToList();
        _byName = new Dictionary<string, DashboardPanel>(StringComparer.OrdinalIgnoreCase);
        foreach (var panel in All)
            if (!_byName.TryAdd(panel.Name, panel))
                throw new InvalidOperationException($"Two dashboard panels are named {panel.Name}.");
        if (All.GroupBy(p => p.Order).FirstOrDefault(g => g.Count() > 1) is { } same)
            throw new InvalidOperationException($"Dashboard panels {string.Join(", ", same.Select(p => p.Name))} share the place {same.Key}.");
    }

    public IReadOnlyList<DashboardPanel> All { get; }

    public IEnumerable<string> Names => All.Select(p => p.Name);

    /// <summary>The panel named <paramref name="name"/> (any case), or null.</summary>
    public DashboardPanel? Find(string? name) => name is not null && _byName.TryGetValue(name, out var p) ? p : null;
}

public static class DashboardPanelRegistration
{
    /// <summary>Registers every concrete panel of the application (a panel may take services in its constructor) and the registry.</summary>
    public static IServiceCollection AddDashboardPanels(this IServiceCollection services)
    {
        foreach (var type in typeof(DashboardPanel).Assembly.GetTypes()
                     .Where(t => t is { IsAbstract: false, IsClass: true } && typeof(DashboardPanel).IsAssignableFrom(t)))
            services.AddSingleton(typeof(DashboardPanel), type);
        services.AddSingleton<DashboardPanels>();
        return services;
    }
}

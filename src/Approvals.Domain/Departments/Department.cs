namespace Approvals.Domain.Departments;

/// <summary>The reviewing section for each use type; every level has all four.</summary>
public enum Department
{
    Land = 1,
    Mineral = 2,
    Forest = 3,
    Grassland = 4,
}

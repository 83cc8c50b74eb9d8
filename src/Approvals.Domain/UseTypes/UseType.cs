using Approvals.Domain.Departments;

namespace Approvals.Domain.UseTypes;

/// <summary>What an applicant asks for: 用地 / 用矿 / 用林 / 用草. A case asks for one or more.</summary>
public enum UseType
{
    Land = 1,
    Mineral = 2,
    Forest = 3,
    Grassland = 4,
}

/// <summary>Which department reviews which use type (one to one).</summary>
public static class UseTypeDepartments
{
    /// <summary>The department that reviews requests of <paramref name="useType"/>.</summary>
    public static Department ReviewingDepartment(this UseType useType) => useType switch
    {
        UseType.Land => Department.Land,
        UseType.Mineral => Department.Mineral,
        UseType.Forest => Department.Forest,
        UseType.Grassland => Department.Grassland,
        _ => throw new ArgumentOutOfRangeException(nameof(useType), useType, "Unknown use type."),
    };

    /// <summary>The use type a department reviews.</summary>
    public static UseType ReviewedUseType(this Department department) => department switch
    {
        Department.Land => UseType.Land,
        Department.Mineral => UseType.Mineral,
        Department.Forest => UseType.Forest,
        Department.Grassland => UseType.Grassland,
        _ => throw new ArgumentOutOfRangeException(nameof(department), department, "Unknown department."),
    };
}

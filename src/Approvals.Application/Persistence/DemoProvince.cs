using Approvals.Domain.Jurisdictions;

namespace Approvals.Application.Persistence;

/// <summary>The demo province of DOMAIN.md (Shanxi) with real administrative division codes.</summary>
public static class DemoProvince
{
    public static readonly Jurisdiction[] Jurisdictions =
    [
        new("140000", "山西省", "Shanxi Province", JurisdictionLevel.Province, null),
        new("140500", "晋城市", "Jincheng City", JurisdictionLevel.City, "140000"),
        new("140525", "泽州县", "Zezhou County", JurisdictionLevel.County, "140500"),
        new("140522", "阳城县", "Yangcheng County", JurisdictionLevel.County, "140500"),
        new("140581", "高平市", "Gaoping City (county-level)", JurisdictionLevel.County, "140500"),
        new("140100", "太原市", "Taiyuan City", JurisdictionLevel.City, "140000"),
        new("140121", "清徐县", "Qingxu County", JurisdictionLevel.County, "140100"),
        new("140122", "阳曲县", "Yangqu County", JurisdictionLevel.County, "140100"),
    ];
}

"""Demo content for the 一张图: facility kinds, a dozen facilities in 城关镇 and its villages, and simplified outlines
of the county, 城关镇 and four of its villages (invented shapes around the demo review points, not real borders).

Idempotent like the rest of the demo: kinds by slug, facilities by (division, name), outlines by division.
"""

from catalog.models import Department, Division, DivisionOutline, Facility, FacilityKind, MapSettings

KINDS = [
    # (slug, name, symbol)
    ("service-center", "社区服务中心", "服"),
    ("clinic", "卫生院", "医"),
    ("library", "图书馆", "书"),
    ("bus-stop", "公交站点", "公"),
    ("toilet", "公共卫生间", "厕"),
    ("garbage", "垃圾投放点", "垃"),
]

# Outlines as (longitude, latitude) corners; the ring is closed when stored.
OUTLINES = {
    "示范县": [(119.55, 29.03), (119.62, 29.01), (119.70, 29.02), (119.78, 29.06), (119.79, 29.13),
            (119.73, 29.17), (119.64, 29.16), (119.57, 29.12), (119.54, 29.07)],
    "城关镇": [(119.605, 29.048), (119.640, 29.044), (119.662, 29.052), (119.664, 29.072), (119.652, 29.086),
            (119.622, 29.087), (119.604, 29.074)],
    "东坪村": [(119.606, 29.062), (119.628, 29.060), (119.638, 29.068), (119.634, 29.082), (119.618, 29.084),
            (119.605, 29.073)],
    "李家村": [(119.606, 29.049), (119.630, 29.046), (119.636, 29.055), (119.628, 29.060), (119.606, 29.062)],
    "南湾村": [(119.630, 29.046), (119.641, 29.044), (119.661, 29.052), (119.662, 29.062), (119.638, 29.068),
            (119.628, 29.060), (119.636, 29.055)],
    "杨柳村": [(119.662, 29.062), (119.664, 29.072), (119.652, 29.086), (119.634, 29.082), (119.638, 29.068)],
}

FACILITIES = [
    # (division, kind slug, name, address, opening hours, (latitude, longitude))
    ("城关镇", "service-center", "城关镇便民服务中心", "城关镇中山路66号", "工作日 8:30—12:00，14:30—17:30",
     ("29.076300", "119.640100")),
    ("城关镇", "clinic", "城关镇中心卫生院", "城关镇健康路12号", "门诊 每天 7:30—17:30，急诊 24小时",
     ("29.072800", "119.646900")),
    ("城关镇", "library", "城关镇图书分馆", "城关镇文化站二楼", "周二至周日 9:00—17:00", ("29.078100", "119.637400")),
    ("城关镇", "bus-stop", "中山路口公交站", "中山路与健康路交叉口", "首班 6:00，末班 19:00",
     ("29.074600", "119.642300")),
    ("城关镇", "toilet", "中山公园公共卫生间", "中山公园东门", "每天 6:00—22:00", ("29.079200", "119.644800")),
    ("东坪村", "service-center", "东坪村党群服务中心", "城关镇东坪村村委会", "每天 8:00—18:00",
     ("29.070100", "119.628800")),
    ("东坪村", "clinic", "东坪村卫生室", "东坪村村委会东侧", "每天 8:00—11:30，14:00—17:00",
     ("29.071000", "119.625900")),
    ("东坪村", "garbage", "东坪村垃圾分类投放点（村口）", "东坪村村口停车场旁", "每天 6:30—8:30，18:00—20:00",
     ("29.068400", "119.622600")),
    ("东坪村", "bus-stop", "东坪村公交站", "东坪村村口", "首班 6:20，末班 18:40", ("29.067900", "119.624100")),
    ("南湾村", "service-center", "南湾村便民服务站", "城关镇南湾村文化礼堂", "每天 8:30—17:30",
     ("29.055600", "119.648200")),
    ("南湾村", "garbage", "南湾村垃圾分类投放点", "南湾村文化礼堂西侧", "每天 6:30—8:30，18:00—20:00",
     ("29.054900", "119.646100")),
    ("李家村", "toilet", "李家村公共卫生间", "李家村休闲广场", "每天 6:00—21:00", ("29.053300", "119.618700")),
]


def _ring(corners):
    ring = [[lng, lat] for lng, lat in corners]
    return ring + [ring[0]]


def load(out=None):
    kinds = {}
    for order, (slug, name, symbol) in enumerate(KINDS, 1):
        kinds[slug], _ = FacilityKind.objects.update_or_create(
            slug=slug, defaults={"name": name, "symbol": symbol, "order": order})
    divisions = {division.name: division for division in Division.objects.filter(name__in=set(OUTLINES) | {
        row[0] for row in FACILITIES})}
    for name, corners in OUTLINES.items():
        DivisionOutline.objects.update_or_create(
            division=divisions[name],
            defaults={"geometry": {"type": "Polygon", "coordinates": [_ring(corners)]}, "source": "演示数据（示意）"})
    township = divisions["城关镇"]
    department = Department.objects.filter(division=township).order_by("order", "pk").first()
    for order, (division_name, slug, name, address, hours, (lat, lng)) in enumerate(FACILITIES, 1):
        Facility.objects.update_or_create(
            division=divisions[division_name], name=name,
            defaults={"kind": kinds[slug], "department": department, "address": address, "opening_hours": hours,
                      "latitude": lat, "longitude": lng, "order": order, "is_active": True})
    MapSettings.current().save()  # no tile source: the offline map, as on most county intranets
    return []

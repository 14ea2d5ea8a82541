"""Build the district data set: 10,000 units, 200,000 members, 5,000 brands, 100,000 progress."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from sqlalchemy import insert

from brandoffice.app import open_context
from brandoffice.idcard import make_id_number
from brandoffice.model import Brand, Campaign, Member, Organisation, Phase, Task, TaskProgress
from brandoffice.model import table_of as t
from brandoffice.services.context import AppContext
from brandoffice.textsearch import initials

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡"
    "余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯"
    "龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国红玉兰文斌宇浩凯鹏飞鑫波志宏"
    "海燕春梅晨阳雪琳"
)
SECTORS = ["社区", "机关", "学校", "国有企业", "非公企业", "社会组织", "事业单位", "卫生", "农村"]
CATEGORIES = ["在职党员", "流动党员", "外来党员", "村民党员", "离退休党员"]


def person_name(rng: random.Random) -> str:
    """Return a plausible Chinese name."""
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def build_district(path: Path, *, scale: float = 1.0, seed: int = 7) -> AppContext:
    """Create the district data set at ``path`` (scale 1.0 = full size) and return a context."""
    rng = random.Random(seed)
    ctx = open_context(str(path), clock=lambda: dt.datetime(2026, 5, 20, 9))
    n_units = max(20, int(10_000 * scale))
    n_members = max(100, int(200_000 * scale))
    n_brands = max(10, int(5_000 * scale))
    n_tasks = 10
    streets = max(2, n_units // 100)
    orgs: list[dict[str, object]] = [
        {"id": 1, "parent_id": None, "name": "示范区委组织部", "kind": "党委", "level": "区县"}
    ]
    for s in range(streets):
        orgs.append(
            {
                "id": 2 + s,
                "parent_id": 1,
                "name": f"第{s + 1}街道党工委",
                "kind": "党工委",
                "level": "街道乡镇",
                "sector": "街道",
            }
        )
    next_id = 2 + streets
    while next_id <= n_units:
        parent = 2 + (next_id % streets)
        sector = SECTORS[next_id % len(SECTORS)]
        orgs.append(
            {
                "id": next_id,
                "parent_id": parent,
                "name": f"{sector}第{next_id}党支部",
                "kind": "党支部",
                "level": "基层单位",
                "sector": sector,
                "grade": rng.choice(["先进", "中间", "后进"]),
            }
        )
        next_id += 1
    for org in orgs:
        org.setdefault("sector", None)
        org.setdefault("grade", None)
        org.update(
            initials=initials(str(org["name"])),
            member_count=0,
            is_demo_point=False,
            sort_order=0,
            secretary=person_name(rng),
        )
    members = []
    born0 = dt.date(1950, 1, 1)
    for i in range(n_members):
        born = born0 + dt.timedelta(days=rng.randrange(0, 365 * 50))
        name = person_name(rng)
        members.append(
            {
                "org_id": rng.randrange(2 + streets, n_units + 1),
                "name": name,
                "initials": initials(name),
                "gender": None,
                "id_number": make_id_number(f"3201{i % 100:02d}", born, i // 100 % 1000),
                "phone": f"13{rng.randrange(0, 10**9):09d}",
                "category": rng.choice(CATEGORIES),
                "join_date": born + dt.timedelta(days=365 * 25),
                "posts": [],
            }
        )
    brands = [
        {
            "org_id": 2 + streets + i % (n_units - streets - 1),
            "name": f"品牌{i:05d}号",
            "initials": f"pp{i:05d}h",
            "status": rng.choice(["培育", "申报", "评审", "命名"]),
            "year": 2026,
            "service_items": [],
            "slogan": f"口号{i}",
        }
        for i in range(n_brands)
    ]
    with ctx.db.write.begin() as s:
        s.execute(insert(t(Organisation)), orgs)
        _insert_unique_ids(s, members)
        s.execute(insert(t(Brand)), brands)
        s.execute(
            insert(t(Campaign)),
            [{"id": 1, "name": "2026年全区党建品牌创建活动", "year": 2026, "scope_org_id": 1}],
        )
        s.execute(
            insert(t(Phase)),
            [
                {
                    "id": 1,
                    "campaign_id": 1,
                    "name": "具体实施",
                    "start_on": dt.date(2026, 5, 1),
                    "end_on": dt.date(2026, 8, 31),
                    "position": 0,
                }
            ],
        )
        s.execute(
            insert(t(Task)),
            [
                {
                    "id": k + 1,
                    "phase_id": 1,
                    "name": f"任务{k + 1}",
                    "due_on": dt.date(2026, 5 + k % 4, 20),
                    "scope": "全部",
                    "scope_values": [],
                    "evidence_kind": "文件",
                    "weight": 1.0,
                    "position": k,
                }
                for k in range(n_tasks)
            ],
        )
        per_task = min(n_units, max(1, int(100_000 * scale) // n_tasks))
        s.execute(
            insert(t(TaskProgress)),
            [
                {
                    "task_id": k + 1,
                    "org_id": o + 1,
                    "status": rng.choice(["未开始", "进行中", "已完成", "已完成"]),
                }
                for k in range(n_tasks)
                for o in range(per_task)
            ],
        )
    return ctx


def _insert_unique_ids(session: object, members: list[dict[str, object]]) -> None:
    seen: set[object] = set()
    for m in members:
        if m["id_number"] in seen:
            m["id_number"] = None
        seen.add(m["id_number"])
    session.execute(insert(t(Member)), members)  # type: ignore[attr-defined]

"""Street and place names in Chinese with pinyin aliases (a fixed list, so output is reproducible)."""

from __future__ import annotations

# (Chinese stem, English alias) — typical stems of Shuangliu place names.
STEMS: tuple[tuple[str, str], ...] = (
    ("棠湖", "Tanghu"), ("藏卫", "Zangwei"), ("白河", "Baihe"), ("星空", "Xingkong"), ("长顺", "Changshun"),
    ("花园", "Huayuan"), ("东升", "Dongsheng"), ("西航港", "Xihanggang"), ("双华", "Shuanghua"),
    ("广都", "Guangdu"), ("空港", "Konggang"), ("黄甲", "Huangjia"), ("九江", "Jiujiang"), ("彭镇", "Pengzhen"),
    ("华阳", "Huayang"), ("协和", "Xiehe"), ("胜利", "Shengli"), ("公兴", "Gongxing"), ("黄水", "Huangshui"),
    ("永安", "Yong'an"), ("金桥", "Jinqiao"), ("籍田", "Jitian"), ("正兴", "Zhengxing"), ("太平", "Taiping"),
    ("煎茶", "Jiancha"), ("永兴", "Yongxing"), ("兴隆", "Xinglong"), ("新兴", "Xinxing"), ("三星", "Sanxing"),
    ("怡心", "Yixin"), ("牧华", "Muhua"), ("应天寺", "Yingtiansi"), ("丝路", "Silu"), ("航都", "Hangdu"),
    ("迎春", "Yingchun"), ("锦华", "Jinhua"), ("怡然", "Yiran"), ("蛟龙", "Jiaolong"), ("瑞峰", "Ruifeng"),
    ("天府", "Tianfu"), ("光明", "Guangming"), ("清泰", "Qingtai"), ("长城", "Changcheng"), ("广场", "Guangchang"),
    ("塔桥", "Taqiao"), ("临港", "Lingang"), ("物联", "Wulian"), ("月亮湾", "Yueliangwan"), ("红石", "Hongshi"),
    ("芙蓉", "Furong"), ("文星", "Wenxing"), ("大件", "Dajian"), ("城北", "Chengbei"), ("城南", "Chengnan"),
    ("白家", "Baijia"), ("航枢", "Hangshu"), ("工业港", "Gongyegang"), ("云华", "Yunhua"), ("银河", "Yinhe"),
    ("金河", "Jinhe"), ("锦江", "Jinjiang"), ("棠中", "Tangzhong"), ("龙桥", "Longqiao"), ("石堰", "Shiyan"),
)

CLASS_SUFFIX = {
    "arterial": ("大道", "Avenue"),
    "secondary": ("路", "Road"),
    "branch": ("街", "Street"),
    "back_alley": ("巷", "Lane"),
}

ORDINAL_ZH = ("一", "二", "三", "四", "五", "六", "七", "八", "九", "十")


def stem(i: int) -> tuple[str, str]:
    """The i-th stem; past the list, numbered variants keep names unique."""
    zh, en = STEMS[i % len(STEMS)]
    round_ = i // len(STEMS)
    if round_:
        return f"{zh}{ORDINAL_ZH[(round_ - 1) % 10]}", f"{en} {round_ + 1}"
    return zh, en


def street_name(i: int, street_class: str, direction: str) -> tuple[str, str]:
    """Name of a street line; direction 'ew' or 'ns' keeps row and column names apart."""
    zh, en = stem(i)
    suffix_zh, suffix_en = CLASS_SUFFIX[street_class]
    if direction == "ns" and street_class != "arterial":
        return f"{zh}北{suffix_zh}", f"{en} North {suffix_en}"
    return f"{zh}{suffix_zh}", f"{en} {suffix_en}"

"""The 主题分类 (topics) the demo files items under, and words that pick fitting corpus
paragraphs for each. Names are those preloaded by catalog's 0003_preload_taxonomies.
"""

TopicNames = tuple[str, str]  # (一级, 二级)

GENERAL = ("综合政务", "其他")
OPENNESS = ("综合政务", "政务公开")
FINANCE = ("财政、金融、审计", "财政")
SAFETY = ("市场监管、安全生产监管", "安全生产监管")
EDUCATION = ("科技、教育", "教育")
HEALTH = ("卫生、体育", "卫生")
SOCIAL_SECURITY = ("劳动、人事、监察", "社会保障")
EMPLOYMENT = ("劳动、人事、监察", "劳动就业")
EMERGENCY = ("综合政务", "应急管理")
PROJECTS = ("国民经济管理、国有资产监管", "重大建设项目")
STATISTICS = ("国民经济管理、国有资产监管", "统计")
ECONOMY = ("国民经济管理、国有资产监管", "宏观经济")
CONSTRUCTION = ("城乡建设、环境保护", "城乡建设（含住房）")
ENVIRONMENT = ("城乡建设、环境保护", "环境监测、保护与治理")
AGRICULTURE = ("农业、林业、水利", "农业、畜牧业、渔业")
PERSONNEL = ("劳动、人事、监察", "人事工作")

KEYWORDS = {
    GENERAL: ("政府", "改革"),
    OPENNESS: ("政务", "公开", "政府"),
    FINANCE: ("财政", "预算", "资金"),
    SAFETY: ("安全",),
    EDUCATION: ("教育", "学校"),
    HEALTH: ("医疗", "卫生", "健康"),
    SOCIAL_SECURITY: ("养老", "社会保障", "低保"),
    EMPLOYMENT: ("就业",),
    EMERGENCY: ("应急", "灾害", "安全"),
    PROJECTS: ("投资", "项目", "基础设施"),
    STATISTICS: ("增长", "%"),
    ECONOMY: ("经济", "增长"),
    CONSTRUCTION: ("住房", "城市"),
    ENVIRONMENT: ("生态", "环境", "污染"),
    AGRICULTURE: ("农业", "农村", "乡村"),
    PERSONNEL: ("人才", "干部"),
}

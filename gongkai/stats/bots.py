"""Which requests come from obvious bots, by their User-Agent. Pure rule, no ORM."""

import re

# Crawlers, monitors, HTTP libraries and headless tools announce themselves in the UA.
# Not "sogou": Sogou's crawlers all say "spider", its mobile browser (SogouMobileBrowser)
# is used by people; "cubot" is a phone brand (CUBOT_X30), not a robot.
BOT_PATTERN = re.compile(
    r"(?<!cu)bot|crawl|spider|slurp|baiduspider|yisou|bytespider|petalbot|"
    r"curl|wget|python-requests|python-urllib|httpx|aiohttp|go-http-client|java/|okhttp|"
    r"libwww|scrapy|phantomjs|headlesschrome|monitor|pingdom|uptime|check_http|wrk|"
    r"apachebench|siege|feed|fetcher|preview",
    re.IGNORECASE,
)


def is_bot(user_agent: str | None) -> bool:
    """A missing or empty User-Agent counts as a bot: browsers always send one."""
    if not user_agent or not user_agent.strip():
        return True
    return BOT_PATTERN.search(user_agent) is not None

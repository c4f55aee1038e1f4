"""One parser per vendor layout; `LAYOUTS` is the registry the importer chooses from."""

from .hanweb import HanwebLayout
from .trs import TrsLayout

LAYOUTS = {"hanweb": HanwebLayout, "trs": TrsLayout}

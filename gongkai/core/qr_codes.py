"""QR codes of public page URLs, rendered on the server as inline SVG."""

from functools import lru_cache

import segno


@lru_cache(maxsize=4096)
def qr_code_svg(url: str) -> str:
    """Inline SVG encoding `url`. Cached per URL. Mask pattern 0 is fixed: segno's search
    for the best of the 8 masks cost ~3 ms a code (most of a published page); any mask
    is valid and scanners read it (the penalty score only affects hard-to-read codes)."""
    svg = segno.make(url, error="m", mask=0).svg_inline(
        scale=3, border=2, svgclass="qr-code", title="当前页面二维码", omitsize=False
    )
    # role/aria-label make the image's purpose known to screen readers.
    return svg.replace("<svg ", '<svg role="img" aria-label="当前页面二维码" ', 1)

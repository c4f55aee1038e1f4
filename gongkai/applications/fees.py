"""信息处理费 amounts, 国办函〔2020〕109号 Arts. 3-5 (shared/reference/rules.md §1.5).

Both schemes are progressive (超额累进): each unit is priced by the band it falls in.
Amounts are whole yuan. Pure module: no ORM, no clock.
"""

PER_REQUEST_FREE = 10  # 件 per applicant per calendar month
PER_REQUEST_FIRST_BAND_END = 30
PER_REQUEST_BASE_PRICE = 100
PER_REQUEST_BAND_SIZE = 10
# 按量: (last page of the band, price per page); pages beyond the last band cost 40.
PER_PAGE_BANDS = ((30, 0), (100, 10), (200, 20))
PER_PAGE_TOP_PRICE = 40


def per_request_unit_price(position: int) -> int:
    """The price of the applicant's `position`-th request (件) in a calendar month.

    ≤10 free; 11-30 ¥100; from the 31st each further band of 10 adds ¥100
    (31-40 ¥200, 41-50 ¥300 …).
    """
    if position <= PER_REQUEST_FREE:
        return 0
    if position <= PER_REQUEST_FIRST_BAND_END:
        return PER_REQUEST_BASE_PRICE
    bands_above = -(-(position - PER_REQUEST_FIRST_BAND_END) // PER_REQUEST_BAND_SIZE)
    return PER_REQUEST_BASE_PRICE * (1 + bands_above)


def per_request_fee(*, earlier_requests: int, requests: int) -> int:
    """The fee for `requests` 件 after `earlier_requests` 件 in the same calendar month."""
    if earlier_requests < 0 or requests < 1:
        raise ValueError("earlier_requests must be >= 0 and requests >= 1")
    first = earlier_requests + 1
    return sum(per_request_unit_price(n) for n in range(first, first + requests))


def per_page_fee(pages: int) -> int:
    """The fee for one application of `pages` pages: ≤30 free, 31-100 ¥10, 101-200 ¥20,
    ≥201 ¥40 per page, each price applying only to the pages in its band."""
    if pages < 1:
        raise ValueError("pages must be >= 1")
    total, band_start = 0, 0
    for band_end, price in PER_PAGE_BANDS:
        total += max(0, min(pages, band_end) - band_start) * price
        band_start = band_end
    return total + max(0, pages - band_start) * PER_PAGE_TOP_PRICE

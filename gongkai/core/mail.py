"""Plain notices to staff and the public (互动交流 replies, the 公开办's veto alert).

One place for what every such mail needs: each address once, no mail without an
address, and a mail server that is down never undoes what the mail reports (the reply,
the inspection run): the failure is logged and the caller carries on. Mail goes
through Django's backend, so GONGKAI_EMAIL_URL decides where.
"""

import logging
from collections.abc import Iterable

from django.core.mail import send_mail

logger = logging.getLogger(__name__)


def send_notice(
    subject: str, body: str, recipients: Iterable[str], *, what: str
) -> int:
    """Send one plain-text mail to the distinct non-empty `recipients`; the number of
    mails sent (0 when there is no address or the server refused). `what` names the
    mail in the log."""
    addresses = sorted({address for address in recipients if address})
    if not addresses:
        return 0
    try:
        return send_mail(subject, body, None, addresses)
    except OSError:
        logger.exception("%s mail to %d recipient(s) failed", what, len(addresses))
        return 0

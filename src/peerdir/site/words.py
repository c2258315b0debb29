"""English text that reaches pages from data rather than from a template, marked for the catalogs.

Templates translate these with `_(text)` at the point of use; marking them here is what puts them
in locale/peerdir.pot (tests/test_i18n.py checks that every attendance label and type explanation is).
"""

from __future__ import annotations


def _(text: str) -> str:
    return text  # a marker for `peerdir i18n extract`: the page's own gettext translates


ATTENDANCE_LABELS = (_("In person"), _("Online"), _("Hybrid (in person and online)"), _("Temporarily closed"))
TYPE_EXPLANATIONS = (_("anyone may attend, including family, friends and the curious"),
                     _("for people who have a desire to stop drinking or using"),
                     _("focused on people new to recovery"),
                     _("the venue is closed for now; check for an online option"))
DAY_PARTS = (_("Morning, 4:00 AM to noon"), _("Afternoon, noon to 5:00 PM"), _("Evening, 5:00 to 9:00 PM"),
             _("Night, 9:00 PM to 4:00 AM"))

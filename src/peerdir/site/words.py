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
# The programs' full names (reference/programs.yaml); a directory's own programs show as written.
PROGRAMS = (_("Alcoholics Anonymous"), _("Narcotics Anonymous"), _("Cocaine Anonymous"), _("Crystal Meth Anonymous"),
            _("Al-Anon Family Groups"), _("Alateen"), _("SMART Recovery"), _("Recovery Dharma"),
            _("Refuge Recovery"), _("Celebrate Recovery"), _("LifeRing Secular Recovery"),
            _("All Recovery (any path welcome)"), _("Other peer-support program"))
# The type codes peerdir adds to the Meeting Guide's (reference/extra_types.yaml), which names the
# Meeting Guide's own in Spanish itself.
EXTRA_TYPES = (_("Blind / Visually Impaired"), _("Deaf / Hard of Hearing"), _("Loners / Isolationists"),
               _("Quebec Sign Language"), _("Russian Sign Language"), _("Just for Today reading (NA)"),
               _("Basic Text study (NA)"), _("It Works, How and Why study (NA)"), _("Recovery tools practice (SMART)"))
# What rows, sheets and embeds say of how to join.
ROWS = (_("also online"), _("by phone {phone}"))
# The titles of the nav in mkdocs.yml, for another language's frame.
NAV = (_("Home"), _("Meetings"), _("Sober homes"), _("Online communities"), _("Articles"), _("Crisis help"),
       _("About"), _("Privacy"))
# Time zones' names (models/text_rules.py ZONE_NAMES), and any other zone's: "Kolkata time".
ZONES = (_("Eastern Time"), _("Central Time"), _("Mountain Time"), _("Mountain Time (Arizona)"), _("Pacific Time"),
         _("Alaska Time"), _("Hawaii Time"), _("UK Time"), _("UTC"), _("{place} time"))
# A listing page's link to its file in GitHub's editor, drawn by listing.js (which the build gives it).
EDIT_LINK = _("Edit this listing on GitHub")
# The theme's palette toggle in mkdocs.yml.
PALETTE = (_("Dark colours"), _("Light colours"))
# A home's and a community's values from their models' fixed lists, shown through the `word` filter.
HOMES = (_("Men"), _("Women"), _("Any gender"), _("LGBTQ+"), _("Men with children"), _("Women with children"),
         _("Young adults"), _("Peer-run"), _("Monitored"), _("Supervised"), _("Service provider"), _("certified"),
         _("pending"), _("expired"), _("not certified"), _("{amount} per week"), _("{amount} per month"))
COMMUNITIES = (_("forum"), _("chat"), _("video meetings"), _("app"), _("social group"), _("email list"),
               _("phone line"), _("12-step"), _("smart"), _("secular"), _("faith-based"), _("harm reduction"),
               _("buddhist"), _("all paths"), _("free"), _("paid"), _("free with paid tier"))

"""The listing kinds. One module per kind; shared field types live in `common`."""

from peerdir.models.article import ArticleMeta
from peerdir.models.community import Community
from peerdir.models.home import Home
from peerdir.models.meeting import Attendance, Meeting
from peerdir.models.region import Region

__all__ = ["ArticleMeta", "Attendance", "Community", "Home", "Meeting", "Region"]

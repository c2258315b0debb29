"""Reading other directories' feeds: the parts every importer shares (addresses, dates, regions, program).

Pure functions of the source's values; the writers live in `peerdir.formats.meeting_guide_import`.
"""

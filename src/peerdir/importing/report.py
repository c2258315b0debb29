"""What an import did, record by record, by reason: nothing a feed held disappears without a line here."""

from __future__ import annotations

from dataclasses import dataclass, field

from peerdir.diagnostics import Problem


@dataclass
class ImportReport:
    imported: list[str] = field(default_factory=list)  # files written for the first time
    changed: list[str] = field(default_factory=list)  # files rewritten because the source changed
    unchanged: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (record, reason)
    refused: list[tuple[str, str]] = field(default_factory=list)  # (record, field: problem): nothing written
    notes: list[tuple[str, str]] = field(default_factory=list)  # (slug, a value left out or kept aside, and why)
    # (field, how it was transformed) -> slugs: what was written differs in form from what the source said
    transformed: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    new_types: dict[str, str] = field(default_factory=dict)  # code -> name, declared in data/types.yaml
    unknown_types: dict[str, list[str]] = field(default_factory=dict)  # code -> slugs
    assumed_zone: list[str] = field(default_factory=list)  # slugs whose zone came from --timezone
    gone: list[str] = field(default_factory=list)  # files of this source whose meeting left the source
    pruned: list[str] = field(default_factory=list)  # those of them --prune removed
    ignored_keys: dict[str, int] = field(default_factory=dict)  # key -> how many records had it
    new_regions: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # validation problems of written files (a bug)

    @property
    def nothing_changed(self) -> bool:
        return not (self.imported or self.changed or self.new_regions or self.pruned)

    @property
    def ok(self) -> bool:
        return not self.skipped and not self.problems and not self.refused

    def transform(self, slug: str, field_name: str, how: str) -> None:
        self.transformed.setdefault((field_name, how), []).append(slug)

    def lines(self) -> list[str]:
        if self.refused:
            out = [f"nothing written: {len(self.refused)} record{'s' if len(self.refused) > 1 else ''} of the feed "
                   "hold values peerdir refuses; fix them in the feed (or ask its maintainers) and import again"]
            return out + [f"  refused {label}: {why}" for label, why in self.refused]
        out = [f"imported {len(self.imported)}, changed {len(self.changed)}, unchanged {len(self.unchanged)}, "
               f"skipped {len(self.skipped)}, gone from the source {len(self.gone)}"
               + (f" (removed {len(self.pruned)})" if self.pruned else "")]
        if self.nothing_changed and not self.unchanged and self.skipped:
            out.append("nothing written: every record was skipped (the reasons follow)")
        elif self.nothing_changed and not self.gone:
            out.append(f"nothing changed: the data already matches the source ({len(self.unchanged)} meetings)")
        elif self.nothing_changed:
            out.append(f"nothing changed, but {len(self.gone)} meeting{'s' if len(self.gone) > 1 else ''} left the "
                       "source: listed below as gone")
        out += [f"  new region: {slug}" for slug in self.new_regions]
        out += [f"  new type {code} ({name}) declared in data/types.yaml" for code, name in self.new_types.items()]
        out += [f"  imported: {path}" for path in self.imported]
        out += [f"  changed: {path}" for path in self.changed]
        out += [f"  unchanged: {path}" for path in self.unchanged]
        out += [f"  skipped {label}: {reason}" for label, reason in self.skipped]
        for (field_name, how), slugs in sorted(self.transformed.items()):
            out.append(f"  transformed {field_name} ({len(slugs)}): {how}: {', '.join(slugs)}")
        if self.assumed_zone:
            out.append(f"  zone assumed from --timezone ({len(self.assumed_zone)}): the source gives none and the "
                       f"region is new: {', '.join(self.assumed_zone)}")
        out += [f"  note {slug}: {message}" for slug, message in self.notes]
        removed = set(self.pruned)
        out += [f"  {'removed' if path in removed else 'gone'}: {path}"
                + ("" if path in removed else " is no longer in the source (--prune removes it)") for path in self.gone]
        if self.ignored_keys:
            keys = ", ".join(f"{k} ({n})" for k, n in sorted(self.ignored_keys.items()))
            out.append(f"  keys peerdir does not store, ignored: {keys}")
        out += [f"  INVALID {p.as_text()}" for p in self.problems]
        return out

"""One test per fixed defect, each on the smallest input that showed it."""

from __future__ import annotations

import json

from iku.core.layout import Line, Word
from iku.stages.metadata import _completed_by_twin, _voted_by_twins
from iku.stages.sections import Signature, _without_debris


def test_signature_ink_before_the_name_is_not_part_of_it():
    """The booklet scan's signatory came out "won ANDRI SETYAWAN, ..." (the signature's ink read as a word)."""
    assert _without_debris("won ANDRI SETYAWAN, S.STP., M.Si.") == "ANDRI SETYAWAN, S.STP., M.Si."
    assert _without_debris("~ BUDI SANTOSO") == "BUDI SANTOSO"
    assert _without_debris("dr. H. ANWAR, M.Kes") == "dr. H. ANWAR, M.Kes"  # a degree keeps its dot
    assert _without_debris("Drs. ERI SUHAERI, M.Si") == "Drs. ERI SUHAERI, M.Si"


def test_a_stamped_decree_signature_takes_the_name_from_its_lampiran_twin():
    """The mixed sample's decree page lost its name line under the stamp; the Lampiran signs again with the
    same NIP and a readable name."""
    nip = "19670101 199103 1 006"
    line = Line([Word("NIP.", 0, 0, 10, 8, page=3, conf=0.8)])
    decree = Signature(nip=nip, line=line)
    twin = Signature(name="Drs. ERI SUHAERI, M.Si", title="CAMAT CIRUAS", nip=nip,
                     line=Line([Word("NIP.", 0, 0, 10, 8, page=11)]))
    other = Signature(name="SOMEONE ELSE", nip="19800101 200501 1 001", line=line)
    got = _completed_by_twin(decree, [decree, other, twin])
    assert (got.name, got.title, got.nip, got.line) == ("Drs. ERI SUHAERI, M.Si", "CAMAT CIRUAS", nip, line)
    assert _completed_by_twin(decree, [decree, other]).name is None  # another NIP is another person


def test_folder_manifest_dumps_a_measure_that_is_none_beside_a_named_one(tmp_path):
    # a batch of real IKU sheets crashed writing its folder tables: the same indicator key with measure None
    # and with measure "persen" made the manifest's sort compare None with str
    from collections import Counter

    from iku.analysis.store import Manifest

    m = Manifest("fp", counts=Counter({("jumlah dokumen", None): 1, ("jumlah dokumen", "persen"): 2}),
                 cmap={("jumlah dokumen", None): ("Jumlah dokumen", "c1"), ("jumlah dokumen", "persen"): ("J", "c2")})
    data = json.loads(m.dump())
    assert set(map(tuple, data["counts"])) == {("jumlah dokumen", None, 1), ("jumlah dokumen", "persen", 2)}
    assert len(data["canonical"]) == 2
    assert m.dump() == m.dump()


def _read(text: str, page: int, conf: float) -> Line:
    return Line([Word(t, 10.0 * k, 0, 10.0 * k + 8, 8, page=page, conf=conf) for k, t in enumerate(text.split())])


def test_a_scanned_name_is_voted_with_the_blocks_the_same_nip_closes():
    """The decree's block and the Lampiran's, each signed over: one reading of the name is often right where
    the other is not. Readings alike add up; the rank's line read as a name takes no part; readings that differ
    leave the name doubtful (below the W503 threshold); a name read alike stays where the decree printed it;
    a block read from its text layer is taken as printed."""
    nip = "19720711 200006 1 017"

    def block(name: str | None, page: int, conf: float, digits: str = nip) -> Signature:
        line = _read(name, page, conf) if name else None
        return Signature(name=name, nip=digits, line=_read("NIP.", page, conf), name_line=line)

    decree = block("SIFLAMINAH, S.STP", 1, 0.8)
    lampiran = block("SITI AMINAH, S.STP", 3, 0.85)
    got = _voted_by_twins(decree, [decree, lampiran])
    assert got.name == "SITI AMINAH, S.STP" and got.name_line.page == 3 and got.name_line.conf <= 0.5
    again = block("SIFLAMINAH, S.STP", 5, 0.6, "19720711 200006 1 011")  # one digit misread: the same person
    # the reading whose words are known names comes first, however many readings of a glued word weigh
    assert _voted_by_twins(decree, [decree, lampiran, again]).name == "SITI AMINAH, S.STP"
    # among readings as many of whose letters are known names, the weights decide: 0.8 + 0.6 > 0.85
    own, other_reading = block("RINA MAREINA", 1, 0.8), block("RINA MARLINA", 3, 0.85)
    twice = block("RINA MAREINA", 5, 0.6, "19720711 200006 1 011")
    assert _voted_by_twins(own, [own, other_reading, twice]).name == "RINA MAREINA"
    assert _voted_by_twins(own, [own, other_reading]).name == "RINA MARLINA"
    rank_read = block("Tingkat", 3, 0.9)
    assert _voted_by_twins(decree, [decree, rank_read]).name == "SIFLAMINAH, S.STP"
    alike = block("SIFLAMINAH. S.STP", 3, 0.95)  # the same letters, punctuated otherwise
    same = _voted_by_twins(decree, [decree, alike])
    assert same.name_line is decree.name_line
    other = block("SITI AMINAH, S.STP", 3, 0.9, "19800101 200501 1 001")  # another NIP: another person
    assert _voted_by_twins(decree, [decree, other]) == decree
    printed = block("SITI AMINAH, S.STP", 1, 1.0)
    assert _voted_by_twins(printed, [printed, lampiran]) == printed

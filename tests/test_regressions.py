"""One test per fixed defect, each on the smallest input that showed it."""

from __future__ import annotations

import json

from iku.core.layout import Line, Word
from iku.stages.metadata import _completed_by_twin
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

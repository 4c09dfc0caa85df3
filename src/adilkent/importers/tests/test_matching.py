"""Name matching between sources: each rule on hand-checkable cases; nothing guessed."""

from adilkent.importers.matching import match_names
from adilkent.text import fold, mahalle_key


def _match(left, right, **kwargs):
    return match_names([(n, n, "d") for n in left], [(n, n, "d") for n in right], **kwargs)


def test_suffix_and_case_differences_match_exactly():
    result = _match(
        ["Aşağışakran Mah.", "B.Hayrettin Paşa Mah."], ["AŞAĞIŞAKRAN Mh.", "B.Hayrettin Paşa Mh."]
    )
    assert sorted(m[2] for m in result.matched) == ["exact", "exact"]
    assert not result.unmatched_left and not result.unmatched_right


def test_spacing_and_word_order_are_separate_reported_rules():
    result = _match(
        ["Dağ Kızılca Mah.", "Hacılar (Dereköy Bucağı) Mah."],
        ["Dağkızılca Mh.", "Dereköy Hacılar Mh."],
    )
    methods = {left: method for left, _right, method in result.matched}
    assert methods == {"Dağ Kızılca Mah.": "spacing", "Hacılar (Dereköy Bucağı) Mah.": "word order"}


def test_a_spelling_variant_is_not_matched_but_offered_as_candidate():
    result = _match(["Kırklar Mah."], ["Kırıklar Mh.", "Buca OSB"])
    assert result.matched == []
    [unmatched] = result.unmatched_left
    assert unmatched.name == "Kırklar Mah."
    assert unmatched.candidates[0].name == "Kırıklar Mh."
    assert unmatched.candidates[0].score > unmatched.candidates[1].score


def test_ambiguous_names_are_never_paired():
    # Two polygons with the same name: which one is the mahalle cannot be decided by name.
    result = _match(["Yeni Mah."], ["Yeni Mh.", "YENİ Mh."])
    assert result.matched == []
    assert len(result.unmatched_left) == 1 and len(result.unmatched_right) == 2


def test_names_only_meet_within_their_group():
    result = match_names([(1, "Atatürk Mah.", "aliaga")], [(2, "Atatürk Mh.", "bornova")])
    assert result.matched == []
    assert result.unmatched_left[0].candidates == []  # nothing in the same district


def test_confirmed_alias_matches_first():
    aliases = {("d", mahalle_key("Kırklar Mah.")): mahalle_key("Kırıklar Mh.")}
    result = _match(["Kırklar Mah."], ["Kırıklar Mh."], aliases=aliases)
    assert result.matched == [("Kırklar Mah.", "Kırıklar Mh.", "alias")]


def test_group_keys_are_compared_as_given():
    assert fold("ÇİĞLİ") == fold("Çiğli")

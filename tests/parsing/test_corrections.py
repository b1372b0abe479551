"""Corrections laid over the shipped parser: only very similar messages take their label."""

from __future__ import annotations

from bot.parsing import Parser
from bot.parsing.corrections import MATCH, CorrectedParser, Correction, bigrams, fit, similarity
from bot.parsing.normalize import normalize
from bot.services.requests import ParserBook

SHIPPED = Parser()


def score(a: str, b: str) -> float:
    return similarity(bigrams(normalize(a)), bigrams(normalize(b)))


def corrected(*examples: Correction) -> CorrectedParser:
    return CorrectedParser(SHIPPED, fit(examples))


def test_the_threshold_keeps_rephrasings_in_and_other_complaints_out() -> None:
    # The same complaint with a number or a particle changed: above.
    assert score("3栋门口快递柜又坏了", "5栋门口快递柜又坏了") >= MATCH
    assert score("楼下广场舞音乐太吵了", "楼下广场舞的音乐太吵了") >= MATCH
    assert (
        score("The lift in building 3 is broken again", "The lift in building 5 is broken again")
        >= MATCH
    )
    # Another complaint about the same thing, or a fragment of it: below.
    assert score("快递柜又坏了", "快递柜被人砸了") < MATCH
    assert score("楼下广场舞音乐太吵了", "楼下装修太吵了") < MATCH
    assert score("The lift in building 3 is broken again", "Lift broken") < MATCH


def test_a_misfiled_phrasing_follows_its_correction() -> None:
    text = "家里空调坏了，推荐个师傅"
    assert SHIPPED.parse(text).is_request  # a private repair, not the grid's: misfiled
    parser = corrected(Correction(text, False, None, False))
    assert not parser.parse("家里空调坏了，谁推荐个师傅").is_request
    assert parser.parse("楼道灯坏了好几天了").is_request  # unrelated: the shipped verdict


def test_a_category_correction_and_the_latest_label_wins() -> None:
    text = "The kids in the courtyard are loud every evening"
    assert SHIPPED.parse(text).category != "dispute"
    parser = corrected(
        Correction(text, False, None, False), Correction(text, True, "dispute", False)
    )
    result = parser.parse("The kids in the courtyard are so loud every evening")
    assert (result.is_request, result.category, result.urgent) == (True, "dispute", False)
    assert result.confidence >= 0.9


def test_a_danger_is_never_silenced_by_a_different_text() -> None:
    assert SHIPPED.parse("楼道里有煤气味").urgent
    parser = corrected(Correction("楼道里有煤气味，已经处理好了", False, None, False))
    assert score("楼道里有煤气味", "楼道里有煤气味，已经处理好了") < 0.9
    result = parser.parse("楼道里有煤气味")
    assert result.is_request and result.urgent and result.danger == "gas"
    # Nor is urgency turned off by a look-alike marked not urgent.
    parser = corrected(Correction("3楼楼道里有煤气味", True, "safety", False))
    assert parser.parse("5楼楼道里有煤气味").urgent


def test_one_communitys_corrections_leave_anothers_parser_alone() -> None:
    book = ParserBook({})
    text = "家里空调坏了，推荐个师傅"
    book.load({"和美社区": fit([Correction(text, False, None, False)])})
    assert not book.for_community("和美社区").parse(text).is_request
    assert book.for_community("阳光社区").parse(text) == SHIPPED.parse(text)
    book.load({})  # learned again with nothing: back to the shipped model
    assert book.for_community("和美社区").parse(text).is_request

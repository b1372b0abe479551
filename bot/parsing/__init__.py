"""Resident message parser: is it a request, which category, where, how urgent.

    from bot.parsing import parse
    parse("3栋2单元楼道灯坏了").to_dict()

The model file is loaded on first use, not at import.
"""

from bot.parsing.model import CATEGORIES
from bot.parsing.parser import Parser, ParseResult, parse
from bot.parsing.vocabulary import Vocabulary

__all__ = ["CATEGORIES", "ParseResult", "Parser", "Vocabulary", "parse"]

"""Lyrics: the embedded rule-based writer, syllables, rhymes, constraint checks, LRC and
syllable slots for instrumentals that come without a score."""

from ai_artist.engines.lyrics.constraints import RhymePair, check_lyrics, rhyme_pairs
from ai_artist.engines.lyrics.lrc import parse_lrc, timings_from_score, to_lrc
from ai_artist.engines.lyrics.rhymes import rhyme_candidates, rhymes_with
from ai_artist.engines.lyrics.syllables import count_syllables, split_syllables
from ai_artist.engines.lyrics.writer import EmbeddedWriter, make_title

__all__ = [
    "EmbeddedWriter",
    "RhymePair",
    "check_lyrics",
    "count_syllables",
    "make_title",
    "parse_lrc",
    "rhyme_candidates",
    "rhyme_pairs",
    "rhymes_with",
    "split_syllables",
    "timings_from_score",
    "to_lrc",
]

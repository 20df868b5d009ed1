"""The music domain: plan a song, compose its score, render stems, analyze audio.

Embedded engines run offline on a laptop CPU: :class:`EmbeddedComposer` (rule-based, genre
styles as data, narrowed by the artist's sound from :func:`artist_sound`) and
:class:`EmbeddedRenderer` (General MIDI SoundFont + synthesized electronic voices + per-stem
effects). The analyzer (``ai_artist.engines.music.analyze``) imports librosa, so it is not
re-exported.
"""

from ai_artist.engines.music.compose import EmbeddedComposer
from ai_artist.engines.music.midi import score_to_midi
from ai_artist.engines.music.plan import plan_song
from ai_artist.engines.music.protocols import Composer, Renderer
from ai_artist.engines.music.render import EmbeddedRenderer
from ai_artist.engines.music.sound import artist_sound
from ai_artist.engines.music.soundfont import find_soundfont
from ai_artist.engines.music.styles import GENRES, GenreStyle, get_style

__all__ = [
    "GENRES",
    "Composer",
    "EmbeddedComposer",
    "EmbeddedRenderer",
    "GenreStyle",
    "Renderer",
    "artist_sound",
    "find_soundfont",
    "get_style",
    "plan_song",
    "score_to_midi",
]

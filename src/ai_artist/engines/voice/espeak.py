"""The espeak-ng formant voice (``espeakng-loader`` ships the library and its data).

Used when piper cannot load, or when asked for by name. espeak-ng reports every phoneme
(in IPA) with the sample where it starts, so the singer gets the same per-phoneme timing
as from piper. Synthesis runs about a thousand times faster than real time and is
deterministic: the library is loaded fresh for every utterance (it keeps generator state
between utterances), and calls are serialised by a lock.
"""

from __future__ import annotations

import _ctypes
import ctypes
import threading

import numpy as np

from ai_artist.engines.voice.tts import TTS_SAMPLE_RATE_HZ, Phone, Speech, check_alignment
from ai_artist.errors import ProviderError

ESPEAK_VOICE = "en-us"
WORDS_PER_MINUTE = 165
"""Speaking rate at ``length_scale`` 1."""

_OUTPUT_SYNCHRONOUS = 0x02
_PHONEME_EVENTS = 0x0001
_PHONEME_IPA = 0x0002
_DONT_EXIT = 0x8000
_CHARS_UTF8 = 1
_POSITION_CHARACTER = 1
_EVENT_END_OF_LIST = 0
_EVENT_WORD = 1
_EVENT_PHONEME = 7
_PARAM_RATE = 1
_LOCK = threading.Lock()


class _EventId(ctypes.Union):
    _fields_ = (("number", ctypes.c_int), ("name", ctypes.c_char_p), ("string", ctypes.c_char * 8))


class _Event(ctypes.Structure):
    _fields_ = (
        ("type", ctypes.c_int),
        ("unique_identifier", ctypes.c_uint),
        ("text_position", ctypes.c_int),
        ("length", ctypes.c_int),
        ("audio_position", ctypes.c_int),
        ("sample", ctypes.c_int),
        ("user_data", ctypes.c_void_p),
        ("id", _EventId),
    )


_Callback = ctypes.CFUNCTYPE(
    ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.POINTER(_Event)
)


class _Collector:
    """Receives audio chunks and events from the library during one synthesis."""

    def __init__(self) -> None:
        self.chunks: list[np.ndarray] = []
        self.events: list[tuple[int, int, str]] = []  # (type, sample, phoneme)

    def reset(self) -> None:
        self.chunks, self.events = [], []

    def __call__(
        self, wav: ctypes.Array[ctypes.c_short], count: int, events: ctypes.Array[_Event]
    ) -> int:
        if count > 0 and wav:
            self.chunks.append(np.ctypeslib.as_array(wav, shape=(count,)).copy())
        index = 0
        while events[index].type != _EVENT_END_OF_LIST:
            event = events[index]
            text = ""
            if event.type == _EVENT_PHONEME:
                text = bytes(event.id.string).split(b"\0")[0].decode("utf-8", "replace")
            self.events.append((event.type, event.sample, text))
            index += 1
        return 0


class _Session:
    """libespeak-ng loaded for one synthesis, then unloaded.

    The library keeps state between utterances (its pitch flutter and noise generators run
    on), so the same text would not give the same samples twice; a fresh load per
    utterance (~10 ms) makes synthesis deterministic.
    """

    collector = _Collector()
    callback = _Callback(collector)  # one C callback for the process: the library calls it

    def __init__(self) -> None:
        try:
            import espeakng_loader
        except ImportError as error:
            raise ProviderError(
                "the espeak-ng voice needs espeakng-loader: pip install 'espeakng-loader>=0.2,<1'",
                provider="espeak",
            ) from error
        try:
            self.lib = ctypes.CDLL(espeakng_loader.get_library_path())
            self.data_path = espeakng_loader.get_data_path()
        except (OSError, RuntimeError) as error:
            raise ProviderError(f"cannot load libespeak-ng: {error}", provider="espeak") from error
        self.lib.espeak_Initialize.restype = ctypes.c_int
        self.lib.espeak_Synth.argtypes = [
            ctypes.c_char_p,
            ctypes.c_size_t,
            ctypes.c_uint,
            ctypes.c_int,
            ctypes.c_uint,
            ctypes.c_uint,
            ctypes.c_void_p,
            ctypes.c_void_p,
        ]

    def synthesize(
        self, data: bytes, *, wpm: int
    ) -> tuple[list[np.ndarray], list[tuple[int, int, str]]]:
        """Audio chunks (int16) and (type, sample, phoneme) events of one utterance."""
        options = _PHONEME_EVENTS | _PHONEME_IPA | _DONT_EXIT
        rate = self.lib.espeak_Initialize(_OUTPUT_SYNCHRONOUS, 0, self.data_path.encode(), options)
        try:
            if rate != TTS_SAMPLE_RATE_HZ:
                raise ProviderError(
                    f"libespeak-ng runs at {rate} Hz; accepted: {TTS_SAMPLE_RATE_HZ} Hz",
                    provider="espeak",
                )
            self.lib.espeak_SetSynthCallback(self.callback)
            if self.lib.espeak_SetVoiceByName(ESPEAK_VOICE.encode()) != 0:
                raise ProviderError(f"espeak-ng has no voice {ESPEAK_VOICE!r}", provider="espeak")
            self.lib.espeak_SetParameter(_PARAM_RATE, wpm, 0)
            self.collector.reset()
            status = self.lib.espeak_Synth(
                data, len(data) + 1, 0, _POSITION_CHARACTER, 0, _CHARS_UTF8, None, None
            )
            if status != 0:
                raise ProviderError(f"espeak-ng failed with status {status}", provider="espeak")
            return self.collector.chunks, self.collector.events
        finally:
            self.lib.espeak_Terminate()
            _ctypes.dlclose(self.lib._handle)


def phones_from_events(events: list[tuple[int, int, str]], total_samples: int) -> list[Phone]:
    """Phones from espeak-ng's (type, start sample, IPA) events.

    A multi-letter phoneme ("ˈeɪ") becomes its letters, the first carrying the samples and
    the others zero; word events become zero-length pauses; silent phonemes are pauses.
    """
    marks: list[tuple[int, str]] = []
    for kind, sample, text in events:
        if kind == _EVENT_WORD:
            marks.append((sample, " "))
        elif kind == _EVENT_PHONEME:
            marks.append((sample, text or "_"))
    phones: list[Phone] = [Phone("_", marks[0][0])] if marks and marks[0][0] > 0 else []
    for index, (sample, text) in enumerate(marks):
        end = marks[index + 1][0] if index + 1 < len(marks) else total_samples
        length = max(0, min(end, total_samples) - sample)
        if text == " ":
            phones.append(Phone(" ", length))
            continue
        letters = list(text)
        carrier = next((i for i, ch in enumerate(letters) if ch not in "ˈˌ"), 0)
        for i, ch in enumerate(letters):
            phones.append(Phone(ch, length if i == carrier else 0))
    return phones


class EspeakSpeech:
    """Speech from the espeak-ng American English formant voice."""

    name = "espeak"

    def __init__(self) -> None:
        with _LOCK:  # fail early when the library cannot load
            _Session().synthesize(b"a", wpm=WORDS_PER_MINUTE)

    def speak(self, text: str, *, length_scale: float = 1.0) -> Speech:
        """Speak ``text``; ``length_scale`` > 1 speaks slower. Deterministic."""
        wpm = round(WORDS_PER_MINUTE / max(0.25, length_scale))
        with _LOCK:
            chunks, events = _Session().synthesize(text.encode("utf-8"), wpm=wpm)
        if not chunks:
            raise ProviderError(f"espeak-ng produced no audio for {text!r}", provider="espeak")
        audio = (np.concatenate(chunks).astype(np.float32) / 32768.0).astype(np.float32)
        phones = phones_from_events(events, audio.size)
        return Speech(audio=audio, phones=check_alignment(phones, audio.size))

"""Scores as Standard MIDI Files (type 1, 480 ticks per beat), byte-identical for a score."""

from __future__ import annotations

import io

import mido

from ai_artist.domain import Note, Part, Score

TICKS_PER_BEAT = 480
DRUM_CHANNEL = 9
VOCAL_TRACK = "Vocal"
VOCAL_PROGRAM = 54
"""GM 'Synth Voice' (counted from 0): the vocal melody's track program."""


def score_to_midi(score: Score) -> bytes:
    """A multitrack MIDI file: a tempo track, one named track per part, and the "Vocal" track."""
    tracks = [(part.name, part.program, part.is_drum, part.notes) for part in score.parts]
    vocal = [note for phrase in score.melody for note in phrase.notes]
    tracks.append((VOCAL_TRACK, VOCAL_PROGRAM, False, vocal))
    return _midi_bytes(
        tracks,
        title=score.title,
        tempo_bpm=score.tempo_bpm,
        beats_per_bar=score.beats_per_bar,
        end_beat=score.total_beats,
    )


def part_to_midi(
    part: Part, *, tempo_bpm: float, end_beat: float, reverb_send: int = 0, title: str = ""
) -> bytes:
    """A single-part MIDI file that lasts until ``end_beat`` (for rendering one stem).

    ``reverb_send`` (0..127) sets CC91 and CC93 (reverb/chorus sends of the synthesizer).
    """
    return _midi_bytes(
        [(part.name, part.program, part.is_drum, part.notes)],
        title=title,
        tempo_bpm=tempo_bpm,
        beats_per_bar=4,
        end_beat=end_beat,
        reverb_send=reverb_send,
    )


def _ticks(beat: float) -> int:
    return round(beat * TICKS_PER_BEAT)


def _midi_bytes(
    tracks: list[tuple[str, int, bool, list[Note]]],
    *,
    title: str,
    tempo_bpm: float,
    beats_per_bar: int,
    end_beat: float,
    reverb_send: int | None = None,
) -> bytes:
    midi = mido.MidiFile(type=1, ticks_per_beat=TICKS_PER_BEAT)
    conductor = mido.MidiTrack()
    conductor.append(mido.MetaMessage("track_name", name=title, time=0))
    conductor.append(mido.MetaMessage("set_tempo", tempo=mido.bpm2tempo(tempo_bpm), time=0))
    conductor.append(
        mido.MetaMessage("time_signature", numerator=beats_per_bar, denominator=4, time=0)
    )
    conductor.append(mido.MetaMessage("end_of_track", time=_ticks(end_beat)))
    midi.tracks.append(conductor)
    channels = iter(c for c in range(16) if c != DRUM_CHANNEL)
    for name, program, is_drum, notes in tracks:
        channel = DRUM_CHANNEL if is_drum else next(channels)
        midi.tracks.append(
            _track(name, program, channel, notes, end_beat=end_beat, reverb_send=reverb_send)
        )
    buffer = io.BytesIO()
    midi.save(file=buffer)
    return buffer.getvalue()


def _track(
    name: str,
    program: int,
    channel: int,
    notes: list[Note],
    *,
    end_beat: float,
    reverb_send: int | None,
) -> mido.MidiTrack:
    track = mido.MidiTrack()
    track.append(mido.MetaMessage("track_name", name=name, time=0))
    track.append(mido.Message("program_change", channel=channel, program=program, time=0))
    if reverb_send is not None:
        for control in (91, 93):
            track.append(
                mido.Message(
                    "control_change", channel=channel, control=control, value=reverb_send, time=0
                )
            )
    # (tick, 0 = note off first, pitch, velocity)
    events: list[tuple[int, int, int, int]] = []
    for note in notes:
        start = _ticks(note.start_beat)
        end = max(start + 1, _ticks(note.end_beat))
        events.append((start, 1, note.pitch, note.velocity))
        events.append((end, 0, note.pitch, 0))
    events.sort()
    last_tick = 0
    for tick, is_on, pitch, velocity in events:
        kind = "note_on" if is_on else "note_off"
        track.append(
            mido.Message(
                kind, channel=channel, note=pitch, velocity=velocity, time=tick - last_tick
            )
        )
        last_tick = tick
    final = max(last_tick, _ticks(end_beat))
    # A no-op controller at the end makes synthesizers render up to end_beat.
    track.append(
        mido.Message(
            "control_change", channel=channel, control=7, value=100, time=final - last_tick
        )
    )
    track.append(mido.MetaMessage("end_of_track", time=0))
    return track

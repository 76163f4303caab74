"""Training audio with exact beat and downbeat references for the beat/downbeat network (beat_model.py).

Chart songs in MMA grooves that neither the dev set nor the held-out set uses (asserted by reading
those files), plus openMSX MIDI pieces the dev set does not use, rendered per stem by
../shared/eval's generator (perfeval.songgen) with every Debian GM soundfont FluidSynth loads, then
augmented towards real recordings (amp distortion on guitar-heavy songs, stem gains, EQ,
compression, reverb, noise, phone/mic band limits, level and clipping) and mixed to mono.
About a quarter of the examples are "performer alone" (other + vocals, no drums or bass).

Usage: python make_beat_data.py [OUT_DIR] [--count N] [--music21 M] [--jobs 2] [--seed S]
Per example: OUT/<id>/audio.wav (44.1 kHz mono 16-bit), beats.txt (time<TAB>beat_in_bar, 1 = downbeat),
recipe.json (everything needed to rebuild it). OUT/split.txt: <id><TAB>train|valid; whole grooves or
MIDI files are held out for validation. Deterministic (example k depends only on the seed and k) and
resumable (an example whose recipe.json exists is skipped).
"""
import argparse
import concurrent.futures as cf
import glob
import json
import os
import random
import re
import shutil
import sys
import tempfile
import time

import numpy as np
import soundfile as sf
from scipy.signal import butter, fftconvolve, lfilter, resample_poly, sosfilt

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
EVAL_LIB = os.path.normpath(os.path.join(REPO, '..', 'shared', 'eval', 'lib'))
sys.dont_write_bytecode = True
sys.path.insert(0, EVAL_LIB)
from perfeval import songgen  # noqa: E402
from perfeval.songgen import sec, song, midi_song  # noqa: E402

SR = songgen.SR
MMA_LIB = '/usr/share/mma/lib'
MSX_DIR = '/usr/share/games/openttd/baseset/openmsx'
DEFAULT_OUT = os.path.expanduser('~/.cache/performia/beat-train')
SOUNDFONTS = ['/usr/share/sounds/sf2/FluidR3_GM.sf2', '/usr/share/sounds/sf2/TimGM6mb.sf2',
              '/usr/share/sounds/sf2/OPL-3_FM_128M.sf2', '/usr/share/sounds/sf3/FluidR3Mono_GM.sf3',
              '/usr/share/sounds/sf3/MuseScore_General.sf3', '/usr/share/sounds/sf3/MuseScore_General_Lite.sf3']

# groove, style, lowest and highest playable tempo (notated beats per minute), meter, guitar-friendly.
# 6/8 grooves written in MMA 'Time 6' count dotted quarters (three MMA beats per notated beat).
GROOVES = [
    ('HeavyMetal', 'metal', 90, 210, '4/4', True), ('metal1A', 'metal', 100, 210, '4/4', True),
    ('metal2A', 'metal', 100, 210, '4/4', True), ('DigitalRock', 'rock', 90, 180, '4/4', True),
    ('Rock1', 'rock', 80, 190, '4/4', True), ('Rock2', 'rock', 80, 190, '4/4', True),
    ('BasicRock', 'rock', 80, 170, '4/4', True), ('SoftRock', 'rock', 70, 140, '4/4', True),
    ('FolkRock', 'rock', 90, 160, '4/4', True), ('BubbleRock', 'rock', 100, 160, '4/4', True),
    ('JazzRock', 'rock', 100, 180, '4/4', True), ('PopRock1', 'rock', 90, 170, '4/4', True),
    ('PopRock2', 'rock', 90, 170, '4/4', True), ('ShuffleRock', 'shuffle', 90, 170, '4/4', True),
    ('16Beat1', 'pop', 70, 130, '4/4', True), ('16Beat2', 'pop', 70, 130, '4/4', True),
    ('8BeatPop1', 'pop', 90, 150, '4/4', True), ('Pop', 'pop', 90, 140, '4/4', True),
    ('80sPop', 'pop', 100, 150, '4/4', True), ('DancePop1', 'pop', 110, 140, '4/4', True),
    ('ElectricPop', 'pop', 100, 140, '4/4', True), ('60sPop', 'pop', 100, 160, '4/4', True),
    ('Funk1', 'funk', 85, 125, '4/4', True), ('Funk2', 'funk', 85, 125, '4/4', True),
    ('DSoul', 'funk', 80, 120, '4/4', True),
    ('Samba', 'latin', 90, 130, '4/4', False), ('Salsa', 'latin', 160, 220, '4/4', False),
    ('Mambo', 'latin', 160, 210, '4/4', False), ('Merengue', 'latin', 110, 160, '4/4', False),
    ('Son', 'latin', 90, 130, '4/4', False), ('Calypso', 'latin', 100, 150, '4/4', False),
    ('Beguine', 'latin', 90, 140, '4/4', False), ('LFusion', 'latin', 90, 140, '4/4', False),
    ('EasySwing', 'swing', 90, 170, '4/4', False), ('BigBand', 'swing', 110, 220, '4/4', False),
    ('WesternSwing', 'swing', 130, 200, '4/4', False), ('Dixie', 'swing', 120, 220, '4/4', False),
    ('Bebop', 'swing', 170, 230, '4/4', False), ('JazzCombo', 'swing', 100, 200, '4/4', False),
    ('16Shuffle1', 'shuffle', 70, 120, '4/4', True), ('PopShuffle1', 'shuffle', 90, 150, '4/4', True),
    ('FastBlues', 'shuffle', 120, 180, '4/4', True), ('Blues', 'shuffle', 70, 130, '4/4', True),
    ('RockWaltz', 'waltz', 90, 170, '3/4', True), ('CountryWaltz', 'waltz', 80, 160, '3/4', False),
    ('FastWaltz', 'waltz', 150, 220, '3/4', False), ('PopWaltz', 'waltz', 90, 160, '3/4', True),
    ('FrenchWaltz', 'waltz', 100, 180, '3/4', False), ('LatinWaltz', 'waltz', 100, 180, '3/4', False),
    ('68Swing', '6/8', 50, 80, '6/8', False), ('Blues68', '6/8', 45, 75, '6/8', True),
    ('68Ballad', '6/8', 40, 70, '6/8', True), ('68March', '6/8', 100, 130, '6/8', False),
    ('RockBallad', 'ballad', 60, 90, '4/4', True), ('GuitarBallad', 'ballad', 60, 90, '4/4', True),
    ('PianoBallad', 'ballad', 55, 85, '4/4', False), ('FolkBallad', 'ballad', 60, 95, '4/4', False),
    ('8BeatBallad1', 'ballad', 60, 90, '4/4', True), ('OldieBallad', 'ballad', 55, 85, '4/4', False),
    ('Ska', 'other', 130, 180, '4/4', True), ('Zydeco', 'other', 110, 170, '4/4', False),
    ('Charleston', 'other', 170, 230, '4/4', False), ('QuickStep', 'other', 180, 220, '4/4', False),
    ('HillCountry', 'other', 90, 140, '4/4', True), ('Strut', 'other', 80, 120, '4/4', False),
    ('Folk', 'other', 80, 140, '4/4', False), ('Ragtime', 'other', 80, 140, '4/4', False),
]
# whole grooves held out for validation (one or two per style; never in training)
VALID_GROOVES = {'metal2A', 'PopRock2', 'Funk2', 'Son', 'JazzCombo', 'PopShuffle1', 'FrenchWaltz', 'Blues68',
                 'FolkBallad'}
# openMSX pieces whose bass group FluidSynth never finishes rendering (a note that never ends: the wav grows
# without bound and filled the disk); left out
SKIP_MIDI = {'flying_scotsman.mid', 'ttsong_iii_imuh3.mid', 'boogi_marabi_redfarn.mid'}
SKIP_MUSIC21 = {'NInWoodPileJig.abc'}  # same: a note of its 'other' group never ends in FluidSynth
FILE_LIMIT_BYTES = 1 << 30  # per file written by a worker or its children (FluidSynth): a runaway render dies
VALID_MIDI = 2  # this many openMSX pieces are held out (the first after a seeded shuffle)

KEYS = ['C', 'Db', 'D', 'Eb', 'E', 'F', 'F#', 'G', 'Ab', 'A', 'Bb', 'B']
# progressions in C major / A minor, transposed per song
MAJOR_PROGS = ['C | Am | F | G', 'C | G | Am | F', 'F | G | C | Am', 'C | F | C | G', 'C | C | F | G',
               'Am | F | C | G', 'C | Em | F | G', 'Dm | G | C | C', 'C | Bb | F | C', 'C | F | G | F']
MINOR_PROGS = ['Am | F | G | Am', 'Am | Dm | E | Am', 'Am | G | F | E', 'Am | C | G | D', 'Am | Am | Dm | E',
               'Am | F | C | G']
WORDS = ['oh', 'la', 'yeah', 'go', 'run', 'now', 'home', 'day', 'light', 'road', 'heart', 'rain', 'sun',
         'gone', 'know', 'down', 'time', 'night', 'sky', 'way', 'free', 'stay', 'love', 'dream', 'hold', 'on']
CHART_REFS = ('chords.lab', 'key.txt')  # kept for chart examples: the chord network's labels
GUITAR_PROGRAMS = (29, 30, 31)  # GM overdriven, distortion guitar, guitar harmonics -> 30/31 mostly


# ---------------------------------------------------------------------------------------- exclusions
def mma_library():
    """groove name (lower case) -> library file, for every DefGroove in the MMA library."""
    lib = {}
    for path in sorted(glob.glob(os.path.join(MMA_LIB, '*', '*.mma'))):
        with open(path, errors='replace') as f:
            for line in f:
                m = re.match(r'\s*DefGroove\s+(\S+)', line, re.I)
                if m:
                    lib.setdefault(m.group(1).lower(), []).append(path)
    return lib


def forbidden_sources():
    """Grooves (lower case) and MIDI files that the dev and held-out sets use: every groove defined in
    a library file that defines one of their grooves (so Intro/End/Plus variants too), and the MIDI files."""
    text = ''
    for p in (os.path.join(EVAL_LIB, 'perfeval', 'devsongs.py'), os.path.join(REPO, 'Benchmarks', 'holdout_songs.py')):
        with open(p) as f:
            text += f.read()
    used = set(re.findall(r"groove='([^']+)'", text))
    used |= set(re.findall(r"chart\('[^']+',\s*'([^']+)'", text))
    used |= set(re.findall(r"end='([^']+)'", text))
    assert len(used) >= 20, 'could not read the dev/held-out grooves (%d found)' % len(used)
    lib = mma_library()
    names = set()
    for g in used:
        for suffix in ('', 'intro', 'end', 'plus'):
            names.add(g.lower() + suffix)
        for path in lib.get(g.lower(), []):
            names |= {n for n, ps in lib.items() if path in ps}
    midis = set(re.findall(r"([\w-]+\.mid)", text))
    assert midis, 'could not read the dev MIDI files'
    return names, midis


def groove_variants(lib, groove):
    """(intro, end, [other main variants]) defined in the same library file as groove."""
    path = lib[groove.lower()][0]
    with open(path, errors='replace') as f:
        names = re.findall(r'^\s*DefGroove\s+(\S+)', f.read(), re.M | re.I)
    low = {n.lower(): n for n in names}
    g = groove.lower()
    base = g[:-1] if g.endswith('a') and g[:-1] + 'b' in low else g  # pflib metal1A/metal1B/metal1E
    intro = low.get(g + 'intro') or low.get(base + 'intro')
    end = low.get(g + 'end') or low.get(base + 'e') or low.get(base + 'end')
    alts = [low[n] for n in (g + 'plus', base + 'b', g + 'sus', g + '1', g + 'walk') if n in low]
    return intro, end, alts


# ---------------------------------------------------------------------------------------- charts
def transpose(sym, semis):
    m = re.match(r'^([A-G][#b]?)(.*)$', sym)
    pc = (songgen.pitch_class(m.group(1)) + semis) % 12
    return KEYS[pc] + m.group(2)


def transpose_line(line, semis):
    return ' | '.join(' '.join(transpose(c, semis) for c in bar.split()) for bar in line.split('|'))


def lyric(rng, nbeats):
    n = rng.randint(max(2, int(nbeats * 0.3)), max(3, int(nbeats * 0.6)))
    toks = [rng.choice(WORDS) for _ in range(n)]
    if rng.random() < 0.5:
        toks.insert(0, '_')
    return ' '.join(toks)


def chart_spec(k, rng, groove, style, lo, hi, meter, guitar_ok, lib, guitar_heavy, sung):
    """One chart song of 35-75 s in groove, at a tempo in its range, in a random key."""
    fast = guitar_heavy and rng.random() < 0.5 and hi >= 170
    tempo = rng.randint(max(lo, 160), min(hi, 200)) if fast else rng.randint(max(lo, 55), min(hi, 230))
    intro, end, alts = groove_variants(lib, groove)
    minor = rng.random() < 0.35
    key_pc = rng.randrange(12)
    semis = (key_pc - (9 if minor else 0)) % 12
    key = '%s %s' % (KEYS[key_pc], 'minor' if minor else 'major')
    progs = MINOR_PROGS if minor else MAJOR_PROGS
    kw = {}
    if meter == '6/8':
        ratio = 3 if groove != '68March' else 1
        bpb = 2
        kw = dict(mma_beat_ratio=ratio, mma_bar_beats=2 * ratio)
    else:
        bpb = int(meter.split('/')[0])
    if meter == '3/4':
        progs = ['%s | %s' % (p, p.split(' | ')[-1]) for p in progs]  # waltz lines hold the last chord
    bar_s = bpb * 60.0 / tempo
    target_s = rng.uniform(40.0, 68.0)
    nlines = max(2, int(round(target_s / bar_s / (5 if meter == '3/4' else 4))) - 1)
    verse = transpose_line(rng.choice(progs), semis)
    chorus = transpose_line(rng.choice(progs), semis)
    tonic = transpose('Am' if minor else 'C', semis)
    main_alt = rng.choice(alts) if alts and rng.random() < 0.6 else groove
    sections = []
    if intro and rng.random() < 0.7:
        sections.append(sec('intro', [tonic + ' | ' + transpose_line('E' if minor else 'G', semis)], groove=intro))
    line_beats = bpb * (5 if meter == '3/4' else 4)
    for j in range(nlines):
        part = 'chorus' if (j // 2) % 2 else 'verse'
        chords = chorus if part == 'chorus' else verse
        line = (chords, lyric(rng, line_beats)) if sung and rng.random() < 0.8 else chords
        sections.append(sec(part, [line], groove=main_alt if part == 'chorus' else groove))
    if end:
        sections.append(sec('outro', [tonic + ' | ' + tonic], groove=end))
    setup = []
    voices = {}
    if guitar_heavy:
        prog = rng.choice((30, 30, 31, 31, 29))
        setup = ['AllTracks Chord Voice %d' % prog]
        voices['chord'] = prog
        if rng.random() < 0.5:
            setup.append('AllTracks Arpeggio Voice %d' % rng.choice((30, 31, 27)))
        if rng.random() < 0.5:
            setup.append('AllTracks Bass Voice %d' % rng.choice((33, 34, 35)))
    drift = round(rng.uniform(0.01, 0.04), 3) if rng.random() < 0.4 else None
    sid = 'c%04d_%s_%d' % (k, groove.lower(), tempo)
    spec = song(sid, sid, key=key, tempo=tempo, time=meter, seed=10000 + k, sections=sections,
                groove_setup=setup, drift=drift, vocal_db=round(rng.uniform(-6, 2), 1), tail=1.0, **kw)
    info = dict(source='chart', groove=groove, groove_variants=[g for g in (intro, main_alt, end) if g],
                style=style, tempo_bpm=tempo, meter=meter, key=key, drift=drift, mma_setup=setup,
                sung=sung, guitar_heavy=guitar_heavy)
    return spec, info


def midi_spec(k, rng, path):
    sid = 'm%04d_%s' % (k, re.sub(r'\W+', '', os.path.basename(path)[:-4].lower())[:24])
    drift = round(rng.uniform(0.01, 0.03), 3) if rng.random() < 0.3 else None
    spec = midi_song(sid, sid, path, seed=20000 + k, max_seconds=rng.uniform(45, 72), drift=drift)
    return spec, dict(source='midi', midi_file=os.path.basename(path), drift=drift, guitar_heavy=False, sung=False)


# ---------------------------------------------------------------------------------------- music21 corpus
M21_GM = {'chorale': [[19, 19, 19, 19], [48, 48, 48, 48], [52, 52, 52, 52], [56, 60, 57, 58], [0, 0, 0, 0],
                      [73, 71, 69, 70], [24, 24, 25, 25], [30, 30, 30, 30], [40, 41, 42, 43], [16, 16, 19, 19]],
          'tune': [[40], [73], [21], [24], [25], [0], [78], [105], [22], [30], [11], [46]]}
# beat tempo range (beats per minute, beats as beat_grid counts them) per kind and meter
M21_TEMPO = {'chorale': (55, 95), 'compound': (80, 130), '2/2': (80, 120), '2/4': (90, 130), '3/4': (90, 180),
             '4/4': (110, 200)}


def music21_candidates(seed):
    """Bach chorales and Ryan's Mammoth dance tunes (jigs, reels, hornpipes, waltzes, marches, polkas), shuffled."""
    from music21 import corpus
    paths = sorted(str(p) for p in corpus.getCorePaths())
    bach = [p for p in paths if '/bach/bwv' in p]
    tunes = [p for p in paths if '/ryansMammoth/' in p and re.search(r'(Jig|Reel|Hornpipe|Waltz|March|Polka)\.abc$', p)]
    random.Random(seed + 2).shuffle(bach)
    random.Random(seed + 3).shuffle(tunes)
    out = []
    for a, b in zip(bach, tunes):
        out += [a, b]
    return out


def music21_spec(j, rng, path):
    name = re.sub(r'\W+', '', os.path.basename(path).rsplit('.', 1)[0].lower())[:24]
    sid = 's%04d_%s' % (j, name)
    kind = 'chorale' if '/bach/' in path else 'tune'
    spec = midi_song(sid, sid, None, seed=30000 + j, builder=music21_builder, m21_path=path, m21_kind=kind,
                     max_seconds=rng.uniform(45, 72), drift=round(rng.uniform(0.01, 0.03), 3) if rng.random() < 0.3 else None,
                     m21_programs=rng.choice(M21_GM[kind]), m21_bass=kind == 'chorale' and rng.random() < 0.5,
                     m21_tempo_u=rng.random())
    info = dict(source='music21', music21_file=os.path.relpath(path, path.split('/corpus/')[0] + '/corpus'),
                kind=kind, guitar_heavy=False, sung=False, drift=spec['drift'])
    return spec, info


def music21_builder(spec, out_dir, soundfont, workdir):
    """Render a music21 corpus score through MIDI: one tempo (drawn in the kind's range so that the piece lasts
    35 s or more), one meter, a pickup bar padded to a whole bar so that bar lines fall on the beat grid; beats
    before the first note are dropped."""
    import mido
    from music21 import converter, stream
    from music21.midi import translate
    s = converter.parse(spec['m21_path'])
    if isinstance(s, stream.Opus):
        s = s.scores[0]
    try:
        s = s.expandRepeats()
    except Exception:
        pass
    sigs = {ts.ratioString for ts in s.recurse().getElementsByClass('TimeSignature')}
    if len(sigs) != 1:
        raise ValueError('%s: needs exactly one time signature, has %s' % (spec['m21_path'], sorted(sigs)))
    num, den = (int(x) for x in sigs.pop().split('/'))
    parts = [p for p in s.parts if p.recurse().notes][:4]
    if not parts:
        raise ValueError('%s: no notes' % spec['m21_path'])
    m0 = parts[0].getElementsByClass('Measure')[0]
    bar_ql = m0.barDuration.quarterLength
    pad_ql = bar_ql - m0.duration.quarterLength if m0.duration.quarterLength < bar_ql - 1e-6 else 0.0
    sc = stream.Score(parts)
    compound = den == 8 and num % 3 == 0 and num > 3
    beat_ql = 1.5 if compound else 4.0 / den
    nbeats = (float(s.highestTime) + pad_ql) / beat_ql
    lo, hi = M21_TEMPO['chorale' if spec['m21_kind'] == 'chorale' else
                      'compound' if compound else '%d/%d' % (num, den) if '%d/%d' % (num, den) in M21_TEMPO else '4/4']
    hi = min(hi, nbeats * 60.0 / 35.0)
    if hi < lo:
        raise ValueError('%s: too short (%.0f beats) for 35 s at %d BPM' % (spec['m21_path'], nbeats, lo))
    bpm = lo + spec['m21_tempo_u'] * (hi - lo)
    mf = translate.streamToMidiFile(sc)
    raw = os.path.join(workdir, 'm21.mid')
    mf.open(raw, 'wb')
    mf.write()
    mf.close()
    mid = mido.MidiFile(raw)
    tpb = mid.ticks_per_beat
    pad = int(round(pad_ql * tpb))
    chans = []
    for tr in mid.tracks:
        t, ev = 0, []
        for msg in tr:
            t += msg.time
            if msg.type in ('set_tempo', 'time_signature', 'program_change', 'end_of_track'):
                continue
            if not msg.is_meta and msg.type in ('note_on', 'note_off'):
                if msg.channel not in chans:
                    chans.append(msg.channel)
                ev.append((t + pad, msg))
            elif not msg.is_meta:
                ev.append((t + pad, msg))
            else:
                ev.append((t, msg))
        tr.clear()
        last = 0
        for at, msg in sorted(ev, key=lambda e: e[0]):
            tr.append(msg.copy(time=at - last))
            last = at
        tr.append(mido.MetaMessage('end_of_track', time=0))
    if 9 in chans:
        raise ValueError('%s: a part landed on the drum channel' % spec['m21_path'])
    head = [mido.MetaMessage('set_tempo', tempo=int(round(60e6 / (bpm * beat_ql))), time=0),
            mido.MetaMessage('time_signature', numerator=num, denominator=den, time=0)]
    progs = list(spec['m21_programs'])
    for i, ch in enumerate(chans):
        prog = progs[i % len(progs)]
        if spec['m21_bass'] and i == len(chans) - 1 and len(chans) > 1:
            prog = 32
        head.append(mido.Message('program_change', channel=ch, program=prog, time=0))
    for m in reversed(head):
        mid.tracks[0].insert(0, m)
    path = os.path.join(workdir, 'song.mid')
    mid.save(path)
    sub = dict(spec, path=path, sources=['music21 corpus: ' + spec['m21_path'].split('/corpus/')[-1]],
               licence='music21 corpus (BSD/public domain scores); soundfont licence per its Debian package')
    sub.pop('builder')
    meta = songgen.build_midi_song(sub, out_dir, soundfont, workdir)
    drop = int(np.ceil(pad_ql / beat_ql - 1e-9))  # beats on the padding, before the pickup's first note
    bp = os.path.join(out_dir, 'ref', 'beats.txt')
    rows = [ln for ln in open(bp).read().splitlines() if ln][drop:]
    with open(bp, 'w') as f:
        f.write('\n'.join(rows) + '\n')
    first_note = min(t for tr in mid.tracks for t in np.cumsum([m.time for m in tr])[[
        i for i, m in enumerate(tr) if m.type == 'note_on' and m.velocity > 0]])
    assert abs(first_note - pad) < tpb / 8, '%s: first note at tick %d, pad %d' % (spec['m21_path'], first_note, pad)
    meta['m21_bpm'] = round(bpm, 2)
    return meta


# ---------------------------------------------------------------------------------------- augmentation
def db(x):
    return 10.0 ** (x / 20.0)


def rms(x):
    return float(np.sqrt(np.mean(np.square(x, dtype=np.float64)))) if len(x) else 0.0


def amp_distortion(x, drive_db, asym, cab_hz, rng_pre_db):
    """Guitar amp: pre-emphasis (first-order high shelf), tanh waveshaper with asymmetric bias, DC block,
    cabinet low-pass (4th order Butterworth at cab_hz) and high-pass at 90 Hz."""
    a = np.exp(-2 * np.pi * 700.0 / SR)
    hp = lfilter([1, -1], [1, -a], x)  # rough high band
    y = x + (db(rng_pre_db) - 1.0) * hp
    y = y / max(np.abs(y).max(), 1e-9)
    g = db(drive_db)
    y = np.tanh(g * y + asym) - np.tanh(asym)
    y = lfilter([1, -1], [1, -0.995], y)
    y = sosfilt(butter(4, cab_hz, 'low', fs=SR, output='sos'), y)
    y = sosfilt(butter(2, 90.0, 'high', fs=SR, output='sos'), y)
    return (y * rms(x) / max(rms(y), 1e-12)).astype(np.float32)


def compressor(x, thresh_db, ratio, attack_ms, release_ms, makeup_db):
    """Feed-forward peak compressor with attack/release smoothing of the gain (computed on a 32-sample grid)."""
    hop = 32
    n = len(x) // hop * hop
    lvl = np.abs(x[:n]).reshape(-1, hop).max(axis=1)
    ldb = 20 * np.log10(np.maximum(lvl, 1e-9))
    over = np.maximum(ldb - thresh_db, 0.0)
    target = -over * (1 - 1.0 / ratio)
    at = np.exp(-hop / (SR * attack_ms / 1000.0))
    rt = np.exp(-hop / (SR * release_ms / 1000.0))
    g = np.empty_like(target)
    s = 0.0
    for i, t in enumerate(target):
        c = at if t < s else rt
        s = c * s + (1 - c) * t
        g[i] = s
    gain = np.repeat(db(g + makeup_db), hop)
    gain = np.concatenate([gain, np.full(len(x) - n, gain[-1] if len(gain) else 1.0)])
    return (x * gain).astype(np.float32)


def peaking(x, f0, gain_db, q):
    """RBJ peaking EQ."""
    A = 10 ** (gain_db / 40.0)
    w = 2 * np.pi * f0 / SR
    al = np.sin(w) / (2 * q)
    b = [1 + al * A, -2 * np.cos(w), 1 - al * A]
    a = [1 + al / A, -2 * np.cos(w), 1 - al / A]
    return lfilter(b, a, x).astype(np.float32)


def tilt(x, db_per_oct):
    """Spectral tilt around 1 kHz: shelf pair (low shelf -t, high shelf +t, first order)."""
    a = np.exp(-2 * np.pi * 1000.0 / SR)
    low = lfilter([1 - a], [1, -a], x)
    high = x - low
    g = db(db_per_oct * 3.0)
    return (low / g + high * g).astype(np.float32)


def room_reverb(x, rt60, wet_db, seed):
    r = np.random.default_rng(seed)
    n = int(SR * min(2.5, 1.2 * rt60))
    t = np.arange(n) / SR
    ir = r.standard_normal(n) * 10.0 ** (-3.0 * t / rt60)
    ir = lfilter([0.4], [1.0, -0.6], ir)
    ir /= np.sqrt(np.sum(ir ** 2))
    ir = np.concatenate([np.zeros(int(0.012 * SR)), ir])
    return (x + db(wet_db) * fftconvolve(x, ir)[:len(x)]).astype(np.float32)


def add_noise(x, kind, snr_db, seed):
    r = np.random.default_rng(seed)
    w = r.standard_normal(len(x))
    if kind == 'pink':  # Kellet's economy pink filter
        w = lfilter([0.049922035, -0.095993537, 0.050612699, -0.004408786], [1, -2.494956002, 2.017265875, -0.522189400], w)
    w *= rms(x) / max(rms(w), 1e-12) / db(snr_db)
    return (x + w).astype(np.float32)


def phone(x):
    y = sosfilt(butter(4, [300.0, 3400.0], 'band', fs=SR, output='sos'), x)
    y = resample_poly(resample_poly(y, 80, 441), 441, 80)[:len(x)]
    return np.pad(y, (0, len(x) - len(y))).astype(np.float32)


def mic(x, hp_hz, lp_hz):
    y = sosfilt(butter(2, hp_hz, 'high', fs=SR, output='sos'), x)
    return sosfilt(butter(2, lp_hz, 'low', fs=SR, output='sos'), y).astype(np.float32)


def draw_chain(rng, info):
    """The random augmentation recipe of one example (a list of (op, params))."""
    chain = []
    gains = {s: round(rng.uniform(-6, 3), 1) for s in ('drums', 'bass', 'other', 'vocals')}
    if info['guitar_heavy']:
        gains['drums'] = round(rng.uniform(-1, 5), 1)
    chain.append(('stem_gains_db', gains))
    if info['guitar_heavy'] or rng.random() < 0.08:
        heavy = info['guitar_heavy']
        chain.append(('amp_distortion_other', dict(drive_db=round(rng.uniform(12, 32) if heavy else rng.uniform(4, 12), 1),
                                                   asym=round(rng.uniform(0.0, 0.4), 2),
                                                   cab_hz=round(rng.uniform(4000, 6000)),
                                                   pre_db=round(rng.uniform(3, 12), 1))))
    post = []
    if rng.random() < 0.7:
        post.append(('eq_tilt', dict(db_per_oct=round(rng.uniform(-2.5, 2.5), 2))))
    for _ in range(rng.choice((0, 1, 1, 2, 3))):
        post.append(('peaking', dict(f0=round(float(np.exp(rng.uniform(np.log(80), np.log(8000))))),
                                     gain_db=round(rng.uniform(-9, 9), 1), q=round(rng.uniform(0.5, 3.0), 2))))
    if rng.random() < 0.5:
        post.append(('compressor', dict(thresh_db=round(rng.uniform(-30, -10), 1), ratio=round(rng.uniform(2, 8), 1),
                                        attack_ms=round(rng.uniform(1, 30), 1), release_ms=round(rng.uniform(40, 300)),
                                        makeup_db=0.0)))
    rng.shuffle(post)
    chain += post
    if rng.random() < 0.55:
        chain.append(('reverb', dict(rt60=round(rng.uniform(0.2, 1.5), 2), wet_db=round(rng.uniform(-18, -4), 1),
                                     seed=rng.randrange(1 << 30))))
    u = rng.random()
    if u < 0.10:
        chain.append(('phone', {}))
    elif u < 0.28:
        chain.append(('mic', dict(hp_hz=round(rng.uniform(60, 250)), lp_hz=round(rng.uniform(6000, 12000)))))
    if rng.random() < 0.45:
        chain.append(('noise', dict(kind=rng.choice(('white', 'pink')), snr_db=round(rng.uniform(15, 40), 1),
                                    seed=rng.randrange(1 << 30))))
    clip = rng.random() < 0.12
    chain.append(('level', dict(peak_dbfs=round(rng.uniform(-20, 0), 1),
                                clip_over_db=round(rng.uniform(1, 6), 1) if clip else 0.0)))
    return chain


def apply_chain(stems, chain, alone):
    """stems: name -> mono float32. Returns the mono mix after the chain."""
    x = None
    for op, p in chain:
        if op == 'stem_gains_db':
            for s in stems:
                stems[s] = stems[s] * np.float32(db(p[s]))
            continue
        if op == 'amp_distortion_other':
            if np.any(stems['other']):
                stems['other'] = amp_distortion(stems['other'], p['drive_db'], p['asym'], p['cab_hz'], p['pre_db'])
            continue
        if x is None:
            keep = ('other', 'vocals') if alone else ('drums', 'bass', 'other', 'vocals')
            x = sum(stems[s] for s in keep).astype(np.float32)
        if op == 'eq_tilt':
            x = tilt(x, p['db_per_oct'])
        elif op == 'peaking':
            x = peaking(x, p['f0'], p['gain_db'], p['q'])
        elif op == 'compressor':
            x = x / max(np.abs(x).max(), 1e-9)
            x = compressor(x, p['thresh_db'], p['ratio'], p['attack_ms'], p['release_ms'], p['makeup_db'])
        elif op == 'reverb':
            x = room_reverb(x, p['rt60'], p['wet_db'], p['seed'])
        elif op == 'phone':
            x = phone(x)
        elif op == 'mic':
            x = mic(x, p['hp_hz'], p['lp_hz'])
        elif op == 'noise':
            x = add_noise(x, p['kind'], p['snr_db'], p['seed'])
        elif op == 'level':
            x = x * np.float32(db(p['peak_dbfs'] + p['clip_over_db']) / max(np.abs(x).max(), 1e-9))
            x = np.clip(x, -1.0, 1.0)
    return x


# ---------------------------------------------------------------------------------------- plan
def working_soundfonts():
    """The soundfonts FluidSynth renders a test note with; the others are reported and skipped."""
    import mido
    ok = []
    tmp = tempfile.mkdtemp(prefix='beattrain-sf-')
    m = mido.MidiFile()
    tr = mido.MidiTrack()
    m.tracks.append(tr)
    tr += [mido.Message('program_change', program=30, time=0), mido.Message('note_on', note=52, velocity=100, time=0),
           mido.Message('note_off', note=52, time=480)]
    m.save(os.path.join(tmp, 't.mid'))
    for path in SOUNDFONTS:
        try:
            y = songgen.fluid_render(os.path.join(tmp, 't.mid'), os.path.join(tmp, 't.wav'), path)
            assert np.abs(y).max() > 1e-4, 'silent'
            ok.append(path)
        except Exception as e:
            print('soundfont skipped (%s): %s' % (e, path), flush=True)
    shutil.rmtree(tmp, ignore_errors=True)
    return ok


def plan(count, seed, soundfonts, n_music21=0):
    """The first count chart/openMSX examples and the first n_music21 music21 examples: a list of
    (spec, info, chain, soundfont). Example k depends only on (seed, k)."""
    lib = mma_library()
    forbidden, forbidden_midi = forbidden_sources()
    for g, *_ in GROOVES:
        assert g.lower() in lib, 'groove %s is not in the MMA library' % g
        for v in groove_variants(lib, g)[:2] + tuple(groove_variants(lib, g)[2]):
            assert v is None or v.lower() not in forbidden, 'groove %s (%s) is used by the dev/held-out set' % (v, g)
        assert g.lower() not in forbidden, 'groove %s is used by the dev/held-out set' % g
    assert VALID_GROOVES <= {g for g, *_ in GROOVES}
    msx = sorted(p for p in glob.glob(os.path.join(MSX_DIR, '*.mid')) if os.path.basename(p) not in forbidden_midi)
    for p in msx:
        assert os.path.basename(p) not in forbidden_midi
    random.Random(seed).shuffle(msx)
    valid_midi = set(os.path.basename(p) for p in msx[:VALID_MIDI])
    order = list(range(len(GROOVES)))
    random.Random(seed + 1).shuffle(order)
    guitar = [i for i in order if GROOVES[i][5] and GROOVES[i][1] in ('metal', 'rock', 'shuffle', 'pop', 'funk')]
    out = []
    ci = gi = mi = 0
    for k in range(count):
        rng = random.Random(seed * 1000003 + k)
        # every 8th example is an openMSX piece; a third of the rest guitar-heavy
        if k % 8 == 7 and msx:
            path = msx[mi % len(msx)]
            mi += 1
            if os.path.basename(path) in SKIP_MIDI:
                continue
            spec, info = midi_spec(k, rng, path)
            info['split'] = 'valid' if os.path.basename(path) in valid_midi else 'train'
        else:
            heavy = k % 3 == 0
            if heavy:
                g = GROOVES[guitar[gi % len(guitar)]]
                gi += 1
            else:
                g = GROOVES[order[ci % len(order)]]
                ci += 1
            spec, info = chart_spec(k, rng, *g, lib=lib, guitar_heavy=heavy, sung=rng.random() < 0.4)
            info['split'] = 'valid' if g[0] in VALID_GROOVES else 'train'
        alone = k % 4 == 1
        info['performer_alone'] = alone
        sfont = soundfonts[rng.randrange(len(soundfonts))]
        chain = draw_chain(rng, info)
        out.append((spec, info, chain, sfont))
    for j, path in enumerate(music21_candidates(seed)[:n_music21]):
        if os.path.basename(path) in SKIP_MUSIC21:
            continue
        rng = random.Random(seed * 1000003 + 500000 + j)
        spec, info = music21_spec(j, rng, path)
        info['split'] = 'valid' if j % 10 == 9 else 'train'  # each piece is used once: a held-out piece is unseen
        info['performer_alone'] = j % 4 == 1
        sfont = soundfonts[rng.randrange(len(soundfonts))]
        out.append((spec, info, draw_chain(rng, info), sfont))
    return out


# ---------------------------------------------------------------------------------------- build
def build(item, out_root):
    spec, info, chain, sfont = item
    dst = os.path.join(out_root, spec['id'])
    if os.path.exists(os.path.join(dst, 'recipe.json')):
        return None
    t0 = time.time()
    tmp = tempfile.mkdtemp(prefix='beattrain-')
    try:
        try:
            meta = songgen.build_one(spec, tmp, sfont)
        except ValueError as e:  # Festival syllabification disagreed: render the song unsung
            if not any(isinstance(ln, tuple) for s in spec.get('sections', []) for ln in s['lines']):
                raise
            for s in spec['sections']:
                s['lines'] = [ln[0] if isinstance(ln, tuple) else ln for ln in s['lines']]
            info = dict(info, sung=False, unsung_because=str(e)[:200])
            meta = songgen.build_one(spec, tmp, sfont)
        src = os.path.join(tmp, spec['id'])
        stems = {}
        for s in ('drums', 'bass', 'other', 'vocals'):
            y, sr = sf.read(os.path.join(src, 'stems', s + '.wav'), dtype='float32', always_2d=True)
            stems[s] = y.mean(axis=1)
        alone = info['performer_alone']
        if alone and rms(stems['other']) + rms(stems['vocals']) < 0.1 * rms(sum(stems.values())):
            alone = False  # nothing much to follow without drums and bass: keep the full band
            info = dict(info, performer_alone=False, performer_alone_skipped='other+vocals too quiet')
        os.makedirs(dst + '.part', exist_ok=True)
        with open(os.path.join(src, 'ref', 'beats.txt')) as f:
            beats = [ln for ln in f.read().splitlines() if ln]
        if info['source'] == 'midi':  # openMSX pieces may open with silent bars: no beats before the first note
            raw = sum(stems.values())
            first_s = int(np.argmax(np.abs(raw) > 1e-3 * np.abs(raw).max())) / SR
            kept = [ln for ln in beats if float(ln.split('\t')[0]) >= first_s - 0.05]
            info = dict(info, beats_dropped_before_first_note=len(beats) - len(kept))
            beats = kept
        with open(os.path.join(dst + '.part', 'beats.txt'), 'w') as f:
            f.write('\n'.join(beats) + '\n')
        for name in CHART_REFS if info['source'] == 'chart' else ():  # the chord network's labels
            shutil.copy(os.path.join(src, 'ref', name), os.path.join(dst + '.part', name))
        x = apply_chain(stems, chain, alone)
        sf.write(os.path.join(dst + '.part', 'audio.wav'), np.round(x * 32767).astype(np.int16), SR, subtype='PCM_16')
        recipe = dict(id=spec['id'], **info, soundfont=os.path.basename(sfont), seed=spec['seed'],
                      augmentation=[dict(op=op, **p) for op, p in chain], stems_mixed=['other', 'vocals'] if alone else
                      ['drums', 'bass', 'other', 'vocals'], duration_s=round(len(x) / SR, 3), sample_rate=SR,
                      tempo_ref_bpm=meta['tempo_ref'], music_start_s=meta['music_start'],
                      songgen_meta=dict((k, meta.get(k)) for k in ('meter', 'tempo_map', 'stems_present', 'grooves',
                                                                   'excerpt', 'sources', 'licence')),
                      build_seconds=round(time.time() - t0, 1))
        with open(os.path.join(dst + '.part', 'recipe.json'), 'w') as f:
            json.dump(recipe, f, indent=1)
        if os.path.isdir(dst):
            shutil.rmtree(dst)
        os.rename(dst + '.part', dst)
        return recipe
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def chart_refs(spec, out_root):
    """Writes chords.lab and key.txt of a chart example built before they were kept, from its
    chart (the plan) and its stored beats.txt: beat i holds the chart's i-th beat chord from beat i
    to beat i + 1 (the last one for the median beat period: a drifting tempo moves the end of the
    music a few ms), 'N' before the first beat and after the
    last. songgen.build_chart_song writes the same rows from the same beat times (checked against a
    full rebuild by --check-refs). Returns False when the beats and the chart disagree."""
    dst = os.path.join(out_root, spec['id'])
    with open(os.path.join(dst, 'recipe.json')) as f:
        recipe = json.load(f)
    with open(os.path.join(dst, 'beats.txt')) as f:
        times = [float(ln.split('\t')[0]) for ln in f.read().splitlines() if ln]
    chords = songgen.flatten(spec)['chords']
    if len(chords) != len(times):
        return False
    ends = times[1:] + [times[-1] + float(np.median(np.diff(times)))]
    rows = [(0.0, times[0], 'N')] + [(t, e, songgen.parse_chord(c)['harte']) for t, e, c in zip(times, ends, chords)]
    rows.append((ends[-1], recipe['duration_s'], 'N'))
    songgen.formats.write_lab(os.path.join(dst, 'chords.lab'), songgen._merge_rows(rows))
    songgen.formats.write_key(os.path.join(dst, 'key.txt'), spec['key'])
    return True


def check_refs(item, out_root):
    """Rebuilds one stored chart example in a temporary folder and compares: audio.wav and beats.txt
    byte for byte, and the chords.lab that chart_refs wrote against the rebuilt one (times within
    1 ms, the end of the last chord within 50 ms). Returns a list of differences (empty: the labels
    belong to the stored audio)."""
    import filecmp
    spec = item[0]
    tmp = tempfile.mkdtemp(prefix='chordrefs-')
    try:
        build(item, tmp)
        a, b = os.path.join(out_root, spec['id']), os.path.join(tmp, spec['id'])
        bad = [n for n in ('audio.wav', 'beats.txt') if not filecmp.cmp(os.path.join(a, n), os.path.join(b, n), shallow=False)]
        rows = [songgen.formats.read_lab(os.path.join(d, 'chords.lab')) for d in (a, b)]
        gap = np.abs(rows[0][0] - rows[1][0]) if rows[0][1] == rows[1][1] else None
        if gap is not None:  # the end of the music is extrapolated from the median beat period
            gap[-2, 1] = gap[-1, 0] = max(0.0, gap[-1, 0] - 0.049)
        if gap is None or gap.max() > 1e-3:
            bad.append('chords.lab (stored %s, rebuilt %s)' % (
                list(zip(rows[0][1], rows[0][0].round(3).tolist())), list(zip(rows[1][1], rows[1][0].round(3).tolist()))))
        if open(os.path.join(a, 'key.txt')).read() != open(os.path.join(b, 'key.txt')).read():
            bad.append('key.txt')
        return bad
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def limit_file_size():
    import resource
    resource.setrlimit(resource.RLIMIT_FSIZE, (FILE_LIMIT_BYTES, FILE_LIMIT_BYTES))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('out', nargs='?', default=DEFAULT_OUT)
    ap.add_argument('--count', type=int, default=200)
    ap.add_argument('--music21', type=int, default=0, help='music21 corpus pieces to try (Bach chorales, dance tunes)')
    ap.add_argument('--jobs', type=int, default=2)
    ap.add_argument('--seed', type=int, default=20261205)
    ap.add_argument('--refs-only', action='store_true',
                    help='add chords.lab and key.txt to the stored chart examples (no audio is rendered)')
    ap.add_argument('--check-refs', metavar='ID', help='rebuild this stored chart example and compare its refs')
    a = ap.parse_args()
    sfs = working_soundfonts()
    items = plan(a.count, a.seed, sfs, a.music21)
    os.makedirs(a.out, exist_ok=True)
    if a.check_refs:
        item = next(it for it in items if it[0]['id'] == a.check_refs)
        bad = check_refs(item, a.out)
        print('%s: %s' % (a.check_refs, 'differs: ' + ', '.join(bad) if bad else 'audio, beats, chords and key match'))
        sys.exit(1 if bad else 0)
    if a.refs_only:
        charts = [it for it in items if it[1]['source'] == 'chart' and os.path.exists(os.path.join(a.out, it[0]['id'], 'recipe.json'))]
        failed = [it[0]['id'] for it in charts if not chart_refs(it[0], a.out)]
        print('chord refs for %d chart examples; beats and chart disagree in %d: %s' % (
            len(charts) - len(failed), len(failed), ' '.join(failed)))
        return
    t0 = time.time()
    done = 0
    with cf.ProcessPoolExecutor(max_workers=a.jobs, initializer=limit_file_size) as ex:
        futs = {ex.submit(build, it, a.out): it for it in items}
        for fu in cf.as_completed(futs):
            spec = futs[fu][0]
            try:
                r = fu.result()
            except Exception as e:  # one bad song must not stop the run; it is reported and left out
                print('FAILED %s: %s' % (spec['id'], str(e).splitlines()[0] if str(e) else repr(e)), flush=True)
                continue
            if r:
                done += 1
                print('%-32s %5.1fs %s %-5s %s%s%s %s %4.1fs' % (
                    r['id'], r['duration_s'], r['split'], r.get('meter', r['songgen_meta']['meter']),
                    'heavy ' if r['guitar_heavy'] else '', 'alone ' if r['performer_alone'] else '',
                    'sung ' if r['sung'] else '', r['soundfont'], r['build_seconds']), flush=True)
    rows, total = [], 0.0
    for spec, info, _, _ in items:
        rp = os.path.join(a.out, spec['id'], 'recipe.json')
        if os.path.exists(rp):
            with open(rp) as f:
                r = json.load(f)
            rows.append('%s\t%s' % (spec['id'], r['split']))
            total += r['duration_s']
    with open(os.path.join(a.out, 'split.txt'), 'w') as f:
        f.write('\n'.join(rows) + '\n')
    print('built %d now; %d complete, %.2f h of audio; wall %.1f s' % (done, len(rows), total / 3600, time.time() - t0))


if __name__ == '__main__':
    main()

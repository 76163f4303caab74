#!/usr/bin/env python3
"""Chord-transition statistics for the band's harmony model (`HarmonyModel`, issue 4).

Reads the chord charts (MMA song files) that Debian's `mma` package ships, normalises every chord
to Performia's vocabulary, expresses it relative to the song's key and counts transitions between
consecutive *different* chords (unigrams, bigrams, trigrams) into
`Resources/band/harmony-model.txt`.

Licence: the charts are part of MMA (Bob van der Poel, GPL-2+). Only counts of chord transitions
-- facts about the music, not the charts' text -- go into the model file. MMA's chord table
(`/usr/share/mma/MMA/chordtable.py`) is read at training time to learn each chord type's notes;
nothing of it is copied.

Usage:
    python3 Training/train_harmony.py [--out Resources/band/harmony-model.txt] [--without-heldout]
    python3 Training/train_harmony.py --list        # every song, its key and the split

Normalisation (chord type -> quality) is by the chord type's notes in MMA's chord table, not by
its name: a major third (4) makes the major family, a minor third (3) without a major one the
minor family, neither a suspended chord (sus4 when the fourth is there, else sus2; a bare
power chord counts as major). Then: major third + raised fifth without a perfect one -> aug
(aug, +7, 7#5, M7#5); major + minor seventh -> 7 (9, 11, 13, 7b9, 7#9, 7b5 ...); major + major
seventh -> maj7 (M9, M13 ...); other major (6, 69, add9, (b5)) -> maj; minor third + flat fifth
without a perfect one -> dim (dim3, dim7, m7b5: the triad decides); minor + minor seventh -> min7
(m9, m11 ...); other minor (m6, mM7, m(add9)) -> min; suspended chords keep sus4/sus2 with or
without their seventh (7sus -> sus4). Slash basses, inversions (`>n`), octave marks (`+`/`-`),
barre marks (`:n`) and polychord tops are dropped.
"""
import argparse
import os
import re
import subprocess
import sys

sys.dont_write_bytecode = True

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MMA_LIB = '/usr/share/mma'
QUALITIES = ['maj', 'min', '7', 'maj7', 'min7', 'dim', 'aug', 'sus2', 'sus4']
NATURALS = {'C': 0, 'D': 2, 'E': 4, 'F': 5, 'G': 7, 'A': 9, 'B': 11}
HELDOUT_EVERY = 5          # every 5th song (in path order) is held out for evaluation


# ----------------------------------------------------------------------------------------------
# Chord names
# ----------------------------------------------------------------------------------------------

def quality_from_notes(notes):
    """Performia quality of a chord type given its notes (semitones above the root)."""
    pcs = {n % 12 for n in notes}
    if 4 in pcs:
        if 8 in pcs and 7 not in pcs:
            return 'aug'
        if 10 in pcs:
            return '7'
        if 11 in pcs:
            return 'maj7'
        return 'maj'
    if 3 in pcs:
        if 6 in pcs and 7 not in pcs:
            return 'dim'
        if 10 in pcs:
            return 'min7'
        return 'min'
    if 5 in pcs:
        return 'sus4'
    if 2 in pcs:
        return 'sus2'
    return 'maj'


def load_chord_types():
    """MMA's chord type -> Performia quality, from the notes in MMA's own chord table."""
    sys.path.insert(0, MMA_LIB)
    try:
        from MMA import chordtable  # noqa: E402  (GPL-2+ program data, read not copied)
    finally:
        sys.path.pop(0)
    return {name: quality_from_notes(entry[0]) for name, entry in chordtable.chordlist.items()}


CHORD_TYPES = None


def parse_root(text):
    """(pitch class, rest) of a note name at the start of `text`, or None."""
    if not text or text[0] not in NATURALS:
        return None
    pc = NATURALS[text[0]]
    i = 1
    while i < len(text) and text[i] in '#b':
        pc += 1 if text[i] == '#' else -1
        i += 1
        if i >= 2:           # MMA allows one accidental on a root
            break
    return pc % 12, text[i:]


def normalise_mma_chord(token):
    """An MMA chord token -> (root pc, quality), 'N' for no chord, or None when unknown."""
    global CHORD_TYPES
    if CHORD_TYPES is None:
        CHORD_TYPES = load_chord_types()
    name = token.replace('&', 'b')
    if '|' in name:                      # polychord: the lower chord
        name = name.split('|')[0]
    if 'z' in name:                      # mute shortcut: Cz, CzC, z, z!
        name = name.split('z', 1)[0]
        if not name:
            return 'N'
    name = name.split(':', 1)[0].split('>', 1)[0]
    name = name.lstrip('+-')
    if '/' in name[1:]:
        name = name[:name.index('/', 1)]
    parsed = parse_root(name)
    if parsed is None:
        return None
    root, kind = parsed
    kind = kind or 'M'
    quality = CHORD_TYPES.get(kind)
    if quality is None:
        return None
    return root, quality


HARTE_QUALITIES = {
    'maj': 'maj', 'min': 'min', '7': '7', 'maj7': 'maj7', 'min7': 'min7', 'dim': 'dim',
    'aug': 'aug', 'sus2': 'sus2', 'sus4': 'sus4', 'hdim7': 'dim', 'dim7': 'dim', 'maj6': 'maj',
    '6': 'maj', 'min6': 'min', '9': '7', '11': '7', '13': '7', 'maj9': 'maj7', 'maj11': 'maj7',
    'maj13': 'maj7', 'min9': 'min7', 'min11': 'min7', 'min13': 'min7', 'minmaj7': 'min',
    '5': 'maj', '1': 'maj', 'aug7': 'aug', 'sus4(b7)': 'sus4', '7sus4': 'sus4',
}


def normalise_harte(label):
    """A Harte label (`G:maj`, `F#:hdim7`, `C:maj/3`) -> (root, quality), 'N', or None."""
    label = label.strip()
    if label in ('N', 'X', ''):
        return 'N'
    if ':' in label:
        root_text, kind = label.split(':', 1)
    else:
        root_text, kind = label, 'maj'
    if '/' in root_text:
        root_text = root_text.split('/')[0]
    kind = kind.split('/')[0]
    parsed = parse_root(root_text)
    if parsed is None or parsed[1]:
        return None
    quality = HARTE_QUALITIES.get(kind)
    if quality is None:
        base = kind.split('(')[0]
        quality = HARTE_QUALITIES.get(base)
    if quality is None:
        return None
    return parsed[0], quality


# ----------------------------------------------------------------------------------------------
# Keys
# ----------------------------------------------------------------------------------------------

def harmonic_function(root, quality, tonic, minor):
    """Same table as KeyEstimator.harmonicFunction (Sources/PerformiaAnalysis/Harmony)."""
    degree = (root - tonic) % 12
    minor_like = quality in ('min', 'min7')
    major_like = quality in ('maj', '7', 'maj7', 'sus2', 'sus4')
    dim = quality == 'dim'
    if not minor:
        table = {0: 3 if major_like else -1,
                 7: 2.5 if major_like else (0.3 if minor_like else -1),
                 5: 2 if major_like else (0.5 if minor_like else -1),
                 2: 1.5 if minor_like else (0.5 if major_like else -1),
                 9: 1.5 if minor_like else (0.3 if major_like else -1),
                 4: 1 if minor_like else (0.3 if major_like else -1),
                 11: 1 if (dim or quality == 'min7') else -1,
                 10: 0.3 if major_like else -1}
    else:
        table = {0: 3 if minor_like else -1,
                 7: 2.5 if major_like else (1.5 if minor_like else -1),
                 5: 2 if minor_like else (0.5 if major_like else -1),
                 3: 1.5 if major_like else -1,
                 8: 1.5 if major_like else -1,
                 10: 1.5 if major_like else -1,
                 2: 1 if (dim or quality == 'min7') else -1,
                 11: 1 if dim else -1}
    return table.get(degree, -1)


def key_scores(chords, candidates):
    """Chord-function score of each candidate key (tonic, minor) for [(root, quality, beats)];
    the first and last chords count 4 times (songs open and close on the tonic)."""
    scores = []
    for tonic, minor in candidates:
        total = 0.0
        for i, (root, quality, beats) in enumerate(chords):
            weight = max(0.5, beats) * (4 if i in (0, len(chords) - 1) else 1)
            total += weight * harmonic_function(root, quality, tonic, minor)
        scores.append(total)
    return scores


def estimate_key(chords, candidates=None):
    candidates = candidates or [(t, m) for m in (False, True) for t in range(12)]
    scores = key_scores(chords, candidates)
    best = max(range(len(candidates)), key=lambda i: (scores[i], -i))
    return candidates[best]


SIGNATURE_MAJORS = {'#': [0, 7, 2, 9, 4, 11, 6, 1], 'b': [0, 5, 10, 3, 8, 1, 6, 11]}


def parse_keysig(args):
    """MMA `KeySig` arguments -> (tonic of the major key of the signature, explicit mode or None).
    Forms: `Eb`, `Am`, `G minor`, `F Major`, `2b`, `3#`, `c` (case-insensitive tonic)."""
    if not args:
        return None
    text = args[0]
    mode = None
    rest = ' '.join(args[1:]).lower()
    if rest.startswith('min'):
        mode = True
    elif rest.startswith('maj'):
        mode = False
    m = re.fullmatch(r'([0-7])([#b&])', text)
    if m:
        return SIGNATURE_MAJORS['#' if m.group(2) == '#' else 'b'][int(m.group(1))], mode
    text = text[0].upper() + text[1:].replace('&', 'b')
    if text.endswith('m') and text != 'm':
        text, mode = text[:-1], True
    parsed = parse_root(text)
    if parsed is None or parsed[1]:
        return None
    tonic = parsed[0]
    if mode is True:
        return tonic, True
    return tonic, mode


# ----------------------------------------------------------------------------------------------
# MMA files
# ----------------------------------------------------------------------------------------------

BLOCK_STARTS = {'begin', 'mset', 'defcall', 'if'}
BLOCK_ENDS = {'end', 'endmset', 'enddefcall', 'endif'}


class MMASong:
    def __init__(self, path):
        self.path = path
        self.events = []       # (token, beat-in-bar, explicit key or None) ; token: (pc, q), 'N'
        self.keysig_used = False
        self.stats = dict(lines=0, chord_lines=0, skipped_lines=0, unknown_chords=0, roman=0,
                          repeats=0)
        self.unknown = []


def split_line(raw):
    line = raw.split('//', 1)[0]
    line = re.sub(r'\{[^}]*\}', ' ', line)   # solo / riff data
    line = re.sub(r'\[[^\]]*\]', ' ', line)  # lyrics
    return line.split()


def is_chord_token(tok):
    if tok in ('/', '-', 'z', 'z!'):
        return True
    base = tok.split('@', 1)[0]
    if base[:1] in ('I', 'V', 'i', 'v'):     # a Roman-numeral chord: counted, not parsed
        return False
    return normalise_mma_chord(base) is not None


ROMAN = re.compile(r'[b#&]?(VII|VI|IV|V|III|II|I|vii|vi|iv|v|iii|ii|i)(.*)')


def is_roman(token):
    """A Roman-numeral chord (`I`, `V7`, `ii`, `bVII`, `v07`): MMA reads it against KeySig; such
    lines are counted and skipped."""
    m = ROMAN.fullmatch(token.split('@', 1)[0].split('/', 1)[0])
    if not m:
        return False
    rest = m.group(2)
    if CHORD_TYPES is None:
        normalise_mma_chord('C')
    return rest in ('', '0', '07', 'o', 'o7') or rest in CHORD_TYPES or rest.lstrip('m') in CHORD_TYPES


def parse_mma(path):
    """Chord events of one MMA song, bar by bar, with repeats expanded (`Repeat` body,
    `RepeatEnding [n]` alternative endings, `RepeatEnd [n]`: body, ending 1, body, ending 2 ...,
    body; without endings the body n times, default 2). Blocks (`Begin`/`End`, `MSet`, `DefCall`,
    `If`) and every other directive are skipped."""
    song = MMASong(path)
    with open(path, encoding='latin-1') as f:
        text = f.read()
    text = re.sub(r'\\\s*\n', ' ', text)       # continuation lines
    # Each open Repeat has a body and a list of endings; a bar goes to the innermost open part.
    top = []
    repeats = []           # [{'body': [...], 'endings': [(times, [...]), ...]}]
    depth = 0
    beats_per_bar = 4
    key = None             # current KeySig: (tonic, explicit mode or None)
    last = None

    def target():
        if not repeats:
            return top
        open_repeat = repeats[-1]
        return open_repeat['endings'][-1][1] if open_repeat['endings'] else open_repeat['body']

    for raw in text.split('\n'):
        words = split_line(raw)
        if not words:
            continue
        song.stats['lines'] += 1
        head = words[0].lower()
        if head in BLOCK_STARTS:
            depth += 1
            continue
        if head in BLOCK_ENDS:
            depth = max(0, depth - 1)
            continue
        if depth:
            continue
        if head == 'keysig':
            key = parse_keysig(words[1:])
            continue
        if head == 'time':
            m = re.fullmatch(r'(\d+)(?:/(\d+))?', words[1] if len(words) > 1 else '')
            if m:
                n, d = int(m.group(1)), m.group(2)
                beats_per_bar = n // 3 if (d == '8' and n % 3 == 0) else n
            continue
        if head == 'repeat':
            song.stats['repeats'] += 1
            repeats.append({'body': [], 'endings': []})
            continue
        if head == 'repeatending':
            if repeats:
                times = int(words[1]) if len(words) > 1 and words[1].isdigit() else 1
                repeats[-1]['endings'].append((times, []))
            continue
        if head in ('repeatend', 'endrepeat'):
            if repeats:
                done = repeats.pop()
                count = int(words[1]) if len(words) > 1 and words[1].isdigit() else 2
                played = []
                if done['endings']:
                    for times, ending in done['endings']:
                        for _ in range(times):
                            played += done['body'] + ending
                    played += done['body']
                else:
                    for _ in range(count):
                        played += done['body']
                target().extend(played)
            continue
        tokens = words[1:] if words[0].isdigit() else words
        if not tokens:
            continue
        count = 1
        if len(tokens) > 1 and tokens[-2] == '*' and tokens[-1].isdigit():
            count = int(tokens[-1])
            tokens = tokens[:-2]
        if not tokens:
            continue
        if not is_chord_token(tokens[0]):
            if is_roman(tokens[0]):
                song.stats['roman'] += 1
            song.stats['skipped_lines'] += 1
            continue
        song.stats['chord_lines'] += 1
        bar = []
        beat = 0.0
        for tok in tokens:
            name, at = (tok.split('@', 1) + [None])[:2]
            if at is not None:
                try:
                    beat = float(at) - 1
                except ValueError:
                    pass
            if name in ('/', '-'):
                beat += 1
                continue
            chord = normalise_mma_chord(name)
            if chord is None:
                song.stats['unknown_chords'] += 1
                song.unknown.append(name)
                chord = '?'
            bar.append((chord, beat, key))
            last = chord
            beat += 1
        for _ in range(count):
            target().append((beats_per_bar, bar))
    while repeats:                 # an unclosed Repeat: played once
        done = repeats.pop()
        target().extend(done['body'] + [b for _, e in done['endings'] for b in e])
    song.bars = top
    return song


def segments(song):
    """The song as runs of consecutive different chords: [[(pc, q, beats, downbeat, key), ...]],
    cut at no-chord and unknown chords; a chord's length in beats runs to the next event."""
    timeline = []
    bar_start = 0.0
    for beats_per_bar, bar in song.bars:
        for chord, beat, key in bar:
            timeline.append((bar_start + beat, chord, beat == 0, key))
        bar_start += beats_per_bar
    runs, run = [], []
    for i, (t, chord, downbeat, key) in enumerate(timeline):
        end = timeline[i + 1][0] if i + 1 < len(timeline) else bar_start
        length = max(0.5, end - t)
        if chord in ('N', '?'):
            if run:
                runs.append(run)
            run = []
            continue
        root, quality = chord
        if run and run[-1][0] == root and run[-1][1] == quality:
            run[-1] = (root, quality, run[-1][2] + length, run[-1][3], run[-1][4])
            continue
        run.append((root, quality, length, downbeat, key))
    if run:
        runs.append(run)
    return runs


def song_key(song, runs):
    """(tonic, minor, how) for the song: the first KeySig, its mode chosen by chord function when
    the directive does not name it; else the chord-function estimate over all 24 keys."""
    chords = [(r, q, b) for run in runs for (r, q, b, _, _) in run]
    keys = [k for run in runs for (_, _, _, _, k) in run if k is not None]
    if keys:
        tonic, mode = keys[0]
        if mode is not None:
            return tonic, mode, 'keysig'
        relative = ((tonic + 9) % 12, True)
        tonic, minor = estimate_key(chords, [(tonic, False), relative])
        return tonic, minor, 'keysig+mode'
    tonic, minor = estimate_key(chords)
    return tonic, minor, 'estimated'


def reference_tonic(tonic, minor):
    """Degrees count from the tonic of the key's major: a minor key's relative major (the corpus
    has two minor songs in 44, too few for statistics of their own; `HarmonyModel.reference`)."""
    return (tonic + 3) % 12 if minor else tonic


def relative_token(root, quality, reference):
    return (root - reference) % 12, quality


def song_files():
    """Every .mma file the mma package installs, in path order."""
    try:
        out = subprocess.run(['dpkg', '-L', 'mma'], check=True, capture_output=True, text=True).stdout
        paths = [p for p in out.split('\n') if p.endswith('.mma') and os.path.isfile(p)]
    except (OSError, subprocess.CalledProcessError):
        paths = []
        for base in ('/usr/share/doc/mma/examples', MMA_LIB):
            for d, _, files in os.walk(base):
                paths += [os.path.join(d, f) for f in files if f.endswith('.mma')]
    return sorted(set(paths))


def mma_version():
    try:
        return subprocess.run(['dpkg-query', '-W', '-f=${Version}', 'mma'], check=True,
                              capture_output=True, text=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return 'unknown'


def load_corpus(verbose=False):
    """[(path, tonic, minor, how, runs)] for the songs with at least two chord changes, identical
    chord sequences kept once; and a stats dict."""
    stats = dict(files=0, no_chords=0, duplicates=0, songs=0, chord_lines=0, skipped_lines=0,
                 unknown_chords=0, roman_lines=0, repeats=0, chords=0, transitions=0,
                 downbeat_changes=0, keysig=0, keysig_mode=0, estimated=0, minor=0, unknown=set())
    songs, seen = [], set()
    for path in song_files():
        stats['files'] += 1
        song = parse_mma(path)
        runs = segments(song)
        changes = sum(max(0, len(r) - 1) for r in runs)
        if changes < 2:
            stats['no_chords'] += 1
            continue
        signature = tuple((r, q) for run in runs for (r, q, _, _, _) in run)
        if signature in seen:
            stats['duplicates'] += 1
            continue
        seen.add(signature)
        stats['chord_lines'] += song.stats['chord_lines']
        stats['skipped_lines'] += song.stats['skipped_lines']
        stats['unknown_chords'] += song.stats['unknown_chords']
        stats['unknown'].update(song.unknown)
        stats['roman_lines'] += song.stats['roman']
        stats['repeats'] += song.stats['repeats']
        tonic, minor, how = song_key(song, runs)
        stats[{'keysig': 'keysig', 'keysig+mode': 'keysig_mode', 'estimated': 'estimated'}[how]] += 1
        stats['minor'] += minor
        stats['chords'] += sum(len(r) for r in runs)
        stats['transitions'] += changes
        stats['downbeat_changes'] += sum(1 for r in runs for c in r[1:] if c[3])
        songs.append((path, tonic, minor, how, runs))
    stats['songs'] = len(songs)
    return songs, stats


def split(songs):
    train = [s for i, s in enumerate(songs) if i % HELDOUT_EVERY != HELDOUT_EVERY - 1]
    heldout = [s for i, s in enumerate(songs) if i % HELDOUT_EVERY == HELDOUT_EVERY - 1]
    return train, heldout


def sequences(songs):
    """Key-relative sequences [[(degree, quality), ...], ...] of consecutive different chords,
    one per run (a run ends at no chord)."""
    out = []
    for _, tonic, minor, _, runs in songs:
        reference = reference_tonic(tonic, minor)
        for run in runs:
            out.append([relative_token(r, q, reference) for (r, q, _, _, _) in run])
    return out


# ----------------------------------------------------------------------------------------------
# Counting and writing
# ----------------------------------------------------------------------------------------------

def count_ngrams(seqs):
    """{n: {tuple of tokens: count}} for n = 1, 2, 3."""
    counts = {1: {}, 2: {}, 3: {}}
    for seq in seqs:
        for n in (1, 2, 3):
            for i in range(len(seq) - n + 1):
                gram = tuple(seq[i:i + n])
                counts[n][gram] = counts[n].get(gram, 0) + 1
    return counts


def token_text(token):
    return '%d:%s' % token


def model_text(counts, songs_used):
    lines = [
        'performia-harmony 1',
        '# Key-relative chord n-gram counts for HarmonyModel (Sources/PerformiaBand), written by',
        '# Training/train_harmony.py from the example songs of Debian\'s mma package (mma %s,' % mma_version(),
        '# GPL-2+, Bob van der Poel). Only counts of chord transitions are kept, not the charts.',
        '# %d songs, %d chords, %d changes between consecutive different chords.'
        % (songs_used, sum(counts[1].values()), sum(counts[2].values())),
        '# Token degree:quality: degree = semitones of the root above the reference tonic (the',
        '# tonic of the key\'s major; for a minor key its relative major). "N tokens... count":',
        '# an N-gram count over sequences of consecutive different chords; no chord ends a sequence.',
        'reference relative-major',
    ]
    for n in (1, 2, 3):
        for gram in sorted(counts[n], key=lambda g: (-counts[n][g], [QUALITIES.index(q) + 9 * d for d, q in g])):
            lines.append('%d %s %d' % (n, ' '.join(token_text(t) for t in gram), counts[n][gram]))
    lines.append('end')
    return '\n'.join(lines) + '\n'


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--out', default=os.path.join(ROOT, 'Resources', 'band', 'harmony-model.txt'))
    parser.add_argument('--without-heldout', action='store_true',
                        help='count only the training split (every %dth song held out)' % HELDOUT_EVERY)
    parser.add_argument('--list', action='store_true', help='print each song, its key and split')
    args = parser.parse_args()
    songs, stats = load_corpus()
    train, heldout = split(songs)
    if args.list:
        for i, (path, tonic, minor, how, runs) in enumerate(songs):
            part = 'heldout' if i % HELDOUT_EVERY == HELDOUT_EVERY - 1 else 'train'
            names = ['C', 'Db', 'D', 'Eb', 'E', 'F', 'Gb', 'G', 'Ab', 'A', 'Bb', 'B']
            print('%-7s %-3s %-5s %-11s %4d %s' % (part, names[tonic], 'minor' if minor else 'major', how,
                                                 sum(len(r) for r in runs), os.path.relpath(path, '/usr/share')))
    used = train if args.without_heldout else songs
    counts = count_ngrams(sequences(used))
    text = model_text(counts, len(used))
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, 'w') as f:
        f.write(text)
    unknown = sorted(stats.pop('unknown'))
    print('files %(files)d, without chord changes %(no_chords)d, duplicate songs %(duplicates)d, '
          'songs %(songs)d' % stats, file=sys.stderr)
    print('in them: chord lines %(chord_lines)d, directive/other lines skipped %(skipped_lines)d (Roman-numeral lines '
          '%(roman_lines)d), unknown chord names %(unknown_chords)d, repeats expanded %(repeats)d' % stats,
          file=sys.stderr)
    print('chords %(chords)d, transitions %(transitions)d (on a downbeat %(downbeat_changes)d)' % stats,
          file=sys.stderr)
    print('keys: KeySig %(keysig)d, KeySig + mode by chord function %(keysig_mode)d, estimated '
          '%(estimated)d; minor %(minor)d' % stats, file=sys.stderr)
    if unknown:
        print('unknown chord names: ' + ' '.join(unknown[:40]), file=sys.stderr)
    print('split: %d train, %d held out; wrote %s (%d bytes, %s)' % (
        len(train), len(heldout), os.path.relpath(args.out, ROOT), len(text.encode()),
        'training split only' if args.without_heldout else 'all songs'), file=sys.stderr)


if __name__ == '__main__':
    main()

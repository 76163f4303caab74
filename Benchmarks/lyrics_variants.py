#!/usr/bin/env python3
"""Versions of the sung dev songs where the singer does not follow the chart: the second verse
skipped (`<song>_skip`, songs with two verses), the last chorus sung twice (`<song>_repeat`), and
both (`<song>_skip_repeat`). The audio is cut and joined at the reference section boundaries
(bar lines, 10 ms crossfades); `ref/lyrics.tsv`, `syllables.tsv`, `sections.lab` follow the cut,
`ref/chart-words.txt` gives each reference word's index among the chart's words, and `chart.cho`
is the original chart — what the performer put on the stand. For `performia-eval lyric-follow`
(the live Living Chart); never training data.

Usage: ~/.cache/performia-eval/venv/bin/python Benchmarks/lyrics_variants.py DEVSET OUT
"""
import os
import shutil
import sys

import numpy as np
import soundfile as sf


def rows(path):
    out = []
    with open(path) as f:
        for line in f:
            if line.startswith('#') or not line.strip():
                continue
            p = line.rstrip('\n').split('\t')
            out.append((float(p[0]), float(p[1]), p[2]))
    return out


def write(path, items):
    with open(path, 'w') as f:
        for s, e, t in items:
            f.write('%.4f\t%.4f\t%s\n' % (s, e, t))


def splice(song_dir, out_dir, segments):
    x, sr = sf.read(os.path.join(song_dir, 'mix.wav'), dtype='float32')
    fade = int(0.01 * sr)
    parts, offsets, t = [], [], 0.0
    for a, b in segments:
        seg = x[int(a * sr):int(b * sr)].copy()
        ramp = np.linspace(0, 1, fade, dtype=np.float32)[:, None]
        seg[:fade] *= ramp
        seg[-fade:] *= ramp[::-1]
        parts.append(seg)
        offsets.append(t)
        t += len(seg) / sr
    os.makedirs(os.path.join(out_dir, 'ref'), exist_ok=True)
    sf.write(os.path.join(out_dir, 'mix.wav'), np.concatenate(parts), sr, subtype='PCM_16')
    shutil.copy(os.path.join(song_dir, 'chart.cho'), os.path.join(out_dir, 'chart.cho'))

    def moved(items, with_index=False):
        out = []
        for k, (a, b) in enumerate(segments):
            for i, (s, e, txt) in enumerate(items):
                if a <= s < b:
                    item = (offsets[k] + s - a, offsets[k] + min(e, b) - a, txt)
                    out.append((item, i) if with_index else item)
        return out

    words = moved(rows(os.path.join(song_dir, 'ref', 'lyrics.tsv')), with_index=True)
    write(os.path.join(out_dir, 'ref', 'lyrics.tsv'), [w for w, _ in words])
    with open(os.path.join(out_dir, 'ref', 'chart-words.txt'), 'w') as f:
        f.write(''.join('%d\n' % i for _, i in words))
    write(os.path.join(out_dir, 'ref', 'syllables.tsv'), moved(rows(os.path.join(song_dir, 'ref', 'syllables.tsv'))))
    write(os.path.join(out_dir, 'ref', 'sections.lab'), moved(rows(os.path.join(song_dir, 'ref', 'sections.lab'))))
    return t


def main():
    devset, out = sys.argv[1], sys.argv[2]
    made = []
    for song in sorted(os.listdir(devset)):
        d = os.path.join(devset, song)
        if not os.path.exists(os.path.join(d, 'ref', 'lyrics.tsv')):
            continue
        secs = rows(os.path.join(d, 'ref', 'sections.lab'))
        end = sf.info(os.path.join(d, 'mix.wav')).duration
        verses = [s for s in secs if s[2] == 'verse']
        choruses = [s for s in secs if s[2] == 'chorus']
        variants = {}
        if len(verses) >= 2:
            v = verses[1]
            variants['skip'] = [(0.0, v[0]), (v[1], end)]
        if choruses:
            c = choruses[-1]
            variants['repeat'] = [(0.0, c[1]), (c[0], c[1]), (c[1], end)]
            if len(verses) >= 2:
                v = verses[1]
                variants['skip_repeat'] = [(0.0, v[0]), (v[1], c[1]), (c[0], c[1]), (c[1], end)]
        for name, segments in variants.items():
            seconds = splice(d, os.path.join(out, '%s_%s' % (song, name)), segments)
            made.append('%s_%s (%.1f s)' % (song, name, seconds))
    print('lyrics variants: ' + ', '.join(made))


if __name__ == '__main__':
    main()

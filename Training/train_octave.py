"""Fits TempoOctaveModel's weights (conditional logit over each song's octave candidates).

    python3 Training/train_octave.py FEATURES.jsonl SET_DIR [SET_DIR…]

FEATURES.jsonl: `.build/release/performia-eval tempo-features SET_DIR/*/mix.wav` output. A candidate is right when
within 4 % of the song's meta.json tempo_ref; songs with no right candidate are left out. Maximises
the log-likelihood of the right candidate with an L2 penalty, by gradient ascent; prints the
weights (for Sources/PerformiaAnalysis/TempoOctaveModel.swift) and leave-one-out accuracy."""
import json
import os
import sys

import numpy as np

L2 = 0.1


def load(features_path, set_dirs):
    meta = {}
    for d in set_dirs:
        for song in os.listdir(d):
            m = os.path.join(d, song, 'meta.json')
            if os.path.exists(m):
                meta[os.path.join(os.path.realpath(d), song)] = json.load(open(m))['tempo_ref']
    songs = []
    for line in open(features_path):
        row = json.loads(line)
        ref = meta[os.path.dirname(os.path.realpath(row['path']))]
        feats = np.array([c['features'] for c in row['candidates']])
        right = [i for i, c in enumerate(row['candidates']) if abs(c['bpm'] - ref) / ref < 0.04]
        if right and len(row['candidates']) > 1:
            songs.append((feats, right[0], row['path']))
    return songs


# The tempo prior is fixed (log-normal, 120 BPM, one octave: Ellis 2007, librosa's default), not
# learned: a learned prior would learn the tempo distribution of the training songs, which is a
# choice made when writing them, not a property of music. Only the evidence weights are fitted.
FIXED = {0: 0.0, 1: -0.5}


def fit(songs, steps=4000, rate=0.05):
    w = np.zeros(songs[0][0].shape[1])
    for i, v in FIXED.items():
        w[i] = v
    for _ in range(steps):
        grad = -L2 * w
        for feats, right, _ in songs:
            s = feats @ w
            p = np.exp(s - s.max())
            p /= p.sum()
            grad += feats[right] - p @ feats
        for i in FIXED:
            grad[i] = 0
        w += rate * grad / len(songs)
    return w


def accuracy(w, songs):
    return np.mean([np.argmax(f @ w) == r for f, r, _ in songs])


if __name__ == '__main__':
    songs = load(sys.argv[1], sys.argv[2:])
    w = fit(songs)
    prior = np.array([0, -0.5, 1, 0, 0])
    loo = np.mean([np.argmax(songs[i][0] @ fit(songs[:i] + songs[i + 1:], steps=1500)) == songs[i][1]
                   for i in range(len(songs))])
    print('songs with a right candidate: %d' % len(songs))
    print('training accuracy: prior model %.3f, fitted %.3f; leave-one-out %.3f' % (accuracy(prior, songs), accuracy(w, songs), loo))
    print('weights: [%s]' % ', '.join('%.4f' % x for x in w))

"""Stems on the real recordings (../shared/eval/build-realset: exact stems/guitar.wav and stems/rest.wav):
museval BSS Eval v4 SDR, median over 1 s frames as ../shared/eval/score computes it, of the guitar
against an estimate's `other` stem and of the rest against the sum of its other stems; beside the
ideal-ratio-mask oracle (power ratio, the live separator's 1024/512 sqrt-Hann STFT).

    ~/.cache/performia-eval/venv/bin/python Benchmarks/stems_realset.py REALSET EST_ROOT [EST_ROOT…]
EST_ROOT/<song>/stems/{vocals,drums,bass,other}.wav (what Benchmarks/stems writes).
"""
import os
import sys
import warnings

import museval
import numpy as np
import soundfile as sf
from scipy.signal import stft, istft


def sdr(ref, est):
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        s, _, _, _ = museval.evaluate(ref[None], est[None], win=44100, hop=44100)
    return float(np.nanmedian(s[0]))


def read(path, n):
    x, sr = sf.read(path, dtype='float64', always_2d=True)
    assert sr == 44100, path
    if len(x) < n:
        x = np.pad(x, ((0, n - len(x)), (0, 0)))
    return x[:n]


def oracle(guitar, rest):
    window = np.sqrt(np.hanning(1025)[:1024])
    spectra = [stft(s.T, nperseg=1024, noverlap=512, window=window)[2] for s in (guitar, rest)]
    power = [np.abs(s) ** 2 for s in spectra]
    mix = spectra[0] + spectra[1]
    total = np.maximum(power[0] + power[1], 1e-20)
    out = [istft(mix * p / total, nperseg=1024, noverlap=512, window=window)[1].T[:len(guitar)] for p in power]
    return out


def main():
    realset, roots = sys.argv[1], sys.argv[2:]
    rows = {}
    for song in sorted(os.listdir(realset)):
        stems = os.path.join(realset, song, 'stems')
        if not os.path.isdir(stems):
            continue
        guitar = sf.read(os.path.join(stems, 'guitar.wav'), dtype='float64', always_2d=True)[0]
        rest = read(os.path.join(stems, 'rest.wav'), len(guitar))
        g, r = oracle(guitar, rest)
        rows.setdefault('oracle IRM (1024)', []).append((sdr(guitar, g), sdr(rest, r)))
        for root in roots:
            est = os.path.join(root, song, 'stems')
            parts = {k: read(os.path.join(est, k + '.wav'), len(guitar)) for k in ('vocals', 'drums', 'bass', 'other')}
            rows.setdefault(root, []).append((sdr(guitar, parts['other']),
                                              sdr(rest, parts['vocals'] + parts['drums'] + parts['bass'])))
        print(song, {k: tuple(round(x, 2) for x in v[-1]) for k, v in rows.items()}, flush=True)
    for name, values in rows.items():
        v = np.array(values)
        print('%-40s guitar in other %.2f dB   rest in the others %.2f dB   mean %.2f dB' % (
            name, v[:, 0].mean(), v[:, 1].mean(), v.mean()))


if __name__ == '__main__':
    main()

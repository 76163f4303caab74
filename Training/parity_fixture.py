"""Writes the Swift runtime's parity fixtures (Tests/Fixtures/neural/): two small `BeatTCN`s with
fixed seeds (bands 12, channels 8, 4 layers; one centred with kernel 5, one causal with kernel 3)
a small `ChordCNN` (bands 12, channels 8, 3 layers, kernel 3, random input normalisation) and a
small causal `StemTCN` (the 1024-point STFT's 35 bands, band channels 8, channels 16, 3 layers,
kernel 3; stem-centred.pfnn, its weights as a centred model, for the offline separator's tests) as
performia-nn weights files, and for each a random input and what PyTorch computes for it.

    <name>.pfnn   the weights (beat_model.save, chord_model.save)
    <name>.f32    little-endian: u32 frames T, u32 bands B, T×B float32 spectrum (row-major),
                  then for a beat model T float32 beat activations and T float32 downbeat
                  activations; for the chord model (chord.f32) T×25 float32 class probabilities;
                  for the stem model (stem.f32) u32 frames T, u32 bins F, T×F float32 STFT
                  magnitudes, then T×4×F float32 masks (frame, stem, bin)

The activations are computed in float64 (the network's math without float32 rounding), so the
test measures the Swift runtime's float32 error. Tests/PerformiaNeuralTests/BeatTCNTests.swift
and ChordCNNTests.swift hold the runtime to max |difference| <= 1e-4.
Usage: ~/.cache/performia/train-venv/bin/python Training/parity_fixture.py
"""
import os
import struct

import numpy as np
import torch

from beat_model import BeatTCN, network_input, save
import chord_model
import stem_model

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..')
OUT = os.path.join(ROOT, 'Tests', 'Fixtures', 'neural')
FRAMES, BANDS = 300, 12
MODELS = [('centred', dict(kernel=5, causal=False), 1), ('causal', dict(kernel=3, causal=True), 2)]


def main():
    os.makedirs(OUT, exist_ok=True)
    for name, options, seed in MODELS:
        torch.manual_seed(seed)
        model = BeatTCN(BANDS, channels=8, layers=4, **options).eval()
        # A log band spectrum's range (log(1 + x) of magnitudes): mostly 0 … 3, with onsets.
        spec = torch.rand(FRAMES, BANDS) * 2 + (torch.rand(FRAMES, 1) > 0.9) * torch.rand(FRAMES, BANDS) * 2
        save(model, os.path.join(OUT, name + '.pfnn'), dict(seed=seed, purpose='parity fixture'))
        with torch.no_grad():
            out = model.double()(network_input(spec.double())[None])[0]
        with open(os.path.join(OUT, name + '.f32'), 'wb') as f:
            f.write(struct.pack('<II', FRAMES, BANDS))
            f.write(spec.numpy().astype('<f4').tobytes())
            f.write(out[:, 0].numpy().astype('<f4').tobytes())
            f.write(out[:, 1].numpy().astype('<f4').tobytes())
        beat, downbeat = out[:, 0].numpy(), out[:, 1].numpy()
        print('%s: beat %.3f…%.3f, downbeat %.3f…%.3f' % (name, beat.min(), beat.max(), downbeat.min(), downbeat.max()))

    torch.manual_seed(3)
    model = chord_model.ChordCNN(BANDS, channels=8, kernel=3, layers=3).eval()
    model.norm.mean.copy_(torch.rand(BANDS))
    model.norm.scale.copy_(0.5 + torch.rand(BANDS))
    with torch.no_grad():
        model.head.weight.mul_(6)  # peaked class probabilities, as a trained model's
    spec = torch.rand(FRAMES, BANDS) * 2
    chord_model.save(model, os.path.join(OUT, 'chord.pfnn'), dict(seed=3, purpose='parity fixture'))
    with torch.no_grad():
        out = model.double()(spec.double()[None])[0]
    with open(os.path.join(OUT, 'chord.f32'), 'wb') as f:
        f.write(struct.pack('<II', FRAMES, BANDS))
        f.write(spec.numpy().astype('<f4').tobytes())
        f.write(out.numpy().astype('<f4').tobytes())
    print('chord: class probabilities %.3f…%.3f' % (out.min(), out.max()))

    torch.manual_seed(4)
    model = stem_model.StemTCN(band_channels=8, channels=16, kernel=3, layers=3).eval()
    model.input_mean.copy_(torch.randn(stem_model.BINS) - 4)
    model.input_scale.copy_(0.3 + 0.2 * torch.rand(stem_model.BINS))
    with torch.no_grad():
        for p in model.parameters():
            if p.dim() == 1 and p.shape[0] in (8, 16):  # layer norms and biases away from their defaults
                p.add_(0.3 * torch.randn_like(p))
        model.dec2.weight.mul_(4)  # masks away from 1/4, as a trained model's
    frames = 24
    magnitudes = torch.exp(torch.randn(frames, stem_model.BINS) * 2 - 3)  # |X| over ~5 decades
    stem_model.save(model, os.path.join(OUT, 'stem.pfnn'), dict(seed=4, purpose='parity fixture'))
    with torch.no_grad():
        X = torch.polar(magnitudes.double(), torch.zeros(frames, stem_model.BINS, dtype=torch.float64))
        masks = model.double().masks(X.T[None])[0].permute(2, 0, 1)  # [T, 4, F]
    with open(os.path.join(OUT, 'stem.f32'), 'wb') as f:
        f.write(struct.pack('<II', frames, stem_model.BINS))
        f.write(magnitudes.numpy().astype('<f4').tobytes())
        f.write(masks.numpy().astype('<f4').tobytes())
    print('stem: masks %.3f…%.3f' % (masks.min(), masks.max()))
    # Its centred twin (the same weights, centred convolutions) for the offline separator's tests.
    centred = stem_model.StemTCN(band_channels=8, channels=16, kernel=3, layers=3, causal=False)
    centred.load_state_dict(model.float().state_dict())
    stem_model.save(centred, os.path.join(OUT, 'stem-centred.pfnn'), dict(seed=4, purpose='separator test fixture'))


if __name__ == '__main__':
    main()

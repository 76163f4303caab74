"""Trains the beat and downbeat network (`beat_model.BeatTCN`) on the examples of
make_beat_data.py and writes its weights file.

    python Training/train_beat.py DATA_DIR OUT.pfnn [--causal] [--minutes M] [--seed S]

DATA_DIR holds <id>/audio.spectrum.npy (+ .json, from `performia-eval spectrum`), <id>/beats.txt
and split.txt (`<id>\ttrain|valid`). Training resumes from DATA_DIR/checkpoints/<name>.pt
(model, optimiser, epoch, best validation score, RNG states) when it exists, so a run cut off
by the end of a session goes on where it stopped; `--minutes` bounds the wall time of one call.

Targets: 1 on the frame nearest each beat (downbeat), 0.5 on its two neighbours (the target
widening of Böck & Davies 2020). Loss: binary cross-entropy with positive frames weighted up.
Augmentation on top of the audio's (make_beat_data.py): time-stretching of the spectrogram by
0.8…1.25 (linear interpolation of frames; the beat times scale with it), which spreads the tempi.
Validation (model selection only): beat and downbeat F-measure at ±70 ms of activation peaks
above 0.5 (a proxy for the decoded result, never the evaluation sets).
"""
import argparse
import json
import math
import os
import random
import subprocess
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import beat_model  # noqa: E402

FPS = 100.0


def load_examples(root):
    split = {}
    with open(os.path.join(root, 'split.txt')) as f:
        for line in f:
            parts = line.split()
            if len(parts) == 2:
                split[parts[0]] = parts[1]
    examples = {'train': [], 'valid': []}
    for ident, part in sorted(split.items()):
        base = os.path.join(root, ident)
        spec_path = os.path.join(base, 'audio.spectrum.npy')
        if not os.path.exists(spec_path) or not os.path.exists(os.path.join(base, 'beats.txt')):
            continue
        with open(os.path.join(base, 'audio.spectrum.json')) as f:
            info = json.load(f)
        beats = []
        with open(os.path.join(base, 'beats.txt')) as f:
            for line in f:
                fields = line.split()
                if fields and not line.startswith('#'):
                    beats.append((float(fields[0]), int(float(fields[1])) if len(fields) > 1 else 0))
        spec = np.load(spec_path).astype(np.float32)
        times = np.array([b[0] for b in beats]) - info['firstSeconds']
        downs = np.array([b[0] for b in beats if b[1] == 1]) - info['firstSeconds']
        examples[part].append((ident, spec, times * FPS, downs * FPS))
    return examples


def targets(count, frames):
    t = np.zeros(count, np.float32)
    for f in frames:
        k = int(round(f))
        if 0 <= k < count:
            t[k] = 1
            for n in (k - 1, k + 1):
                if 0 <= n < count and t[n] < 0.5:
                    t[n] = 0.5
    return t


def stretch(spec, beats, downs, factor):
    """The spectrogram played `factor` times slower (more frames), beat frames scaled."""
    count = spec.shape[0]
    new_count = int(count * factor)
    position = np.arange(new_count) / factor
    lo = np.minimum(position.astype(int), count - 1)
    hi = np.minimum(lo + 1, count - 1)
    w = (position - lo)[:, None].astype(np.float32)
    return spec[lo] * (1 - w) + spec[hi] * w, beats * factor, downs * factor


def batch(rng, examples, size, crop):
    xs, ys = [], []
    for _ in range(size):
        _, spec, beats, downs = examples[rng.randrange(len(examples))]
        spec, beats, downs = stretch(spec, beats, downs, math.exp(rng.uniform(math.log(0.8), math.log(1.25))))
        start = rng.randrange(max(1, spec.shape[0] - crop))
        piece = spec[start:start + crop]
        if piece.shape[0] < crop:
            piece = np.concatenate([piece, np.zeros((crop - piece.shape[0], piece.shape[1]), np.float32)])
        y = np.stack([targets(crop, beats - start), targets(crop, downs - start)], axis=1)
        xs.append(piece)
        ys.append(y)
    x = torch.from_numpy(np.stack(xs))
    prev = torch.cat([x[:, :1], x[:, :-1]], dim=1)
    return torch.cat([x, torch.clamp(x - prev, min=0)], dim=2), torch.from_numpy(np.stack(ys))


def peaks(activation, threshold=0.5):
    a = activation
    found = []
    for k in range(1, len(a) - 1):
        if a[k] >= threshold and a[k] >= a[k - 1] and a[k] > a[k + 1]:
            found.append(k)
    return np.array(found, float)


def f_measure(estimated, reference, tolerance=7.0):
    if len(reference) == 0 and len(estimated) == 0:
        return 1.0
    if len(reference) == 0 or len(estimated) == 0:
        return 0.0
    used = set()
    hits = 0
    for r in reference:
        k = int(np.argmin(np.abs(estimated - r)))
        if abs(estimated[k] - r) <= tolerance and k not in used:
            used.add(k)
            hits += 1
    return 2 * hits / (len(estimated) + len(reference))


def validate(model, examples):
    model.eval()
    scores = []
    with torch.no_grad():
        for _, spec, beats, downs in examples:
            x = beat_model.network_input(torch.from_numpy(spec)).unsqueeze(0)
            out = model(x)[0].numpy()
            scores.append((f_measure(peaks(out[:, 0]), beats), f_measure(peaks(out[:, 1]), downs)))
    model.train()
    return tuple(float(np.mean([s[i] for s in scores])) for i in range(2)) if scores else (0.0, 0.0)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('data')
    parser.add_argument('out')
    parser.add_argument('--causal', action='store_true')
    parser.add_argument('--minutes', type=float, default=40)
    parser.add_argument('--seed', type=int, default=20261205)
    parser.add_argument('--channels', type=int, default=32)
    parser.add_argument('--kernel', type=int, default=5)
    parser.add_argument('--layers', type=int, default=10)
    parser.add_argument('--crop', type=int, default=1500)
    parser.add_argument('--batch', type=int, default=8)
    parser.add_argument('--steps-per-epoch', type=int, default=100)
    parser.add_argument('--epochs', type=int, default=60)
    parser.add_argument('--lr', type=float, default=2e-3)
    args = parser.parse_args()
    torch.set_num_threads(2)
    started = time.time()
    name = os.path.splitext(os.path.basename(args.out))[0]
    ckpt_dir = os.path.join(args.data, 'checkpoints')
    os.makedirs(ckpt_dir, exist_ok=True)
    ckpt_path = os.path.join(ckpt_dir, name + '.pt')
    log_path = os.path.join(ckpt_dir, name + '.log')

    examples = load_examples(args.data)
    print('examples: %d train, %d valid' % (len(examples['train']), len(examples['valid'])), flush=True)
    bands = examples['train'][0][1].shape[1]
    torch.manual_seed(args.seed)
    rng = random.Random(args.seed)
    model = beat_model.BeatTCN(bands, args.channels, args.kernel, args.layers, args.causal)
    optimiser = torch.optim.Adam(model.parameters(), lr=args.lr)
    epoch, best, best_state, spent = 0, -1.0, None, 0.0
    if os.path.exists(ckpt_path):
        state = torch.load(ckpt_path, weights_only=False)
        model.load_state_dict(state['model'])
        optimiser.load_state_dict(state['optimiser'])
        epoch, best, best_state, spent = state['epoch'], state['best'], state['best_state'], state['seconds']
        rng.setstate(state['rng'])
        torch.set_rng_state(state['torch_rng'])
        print('resumed at epoch %d (best %.3f, %.0f s spent)' % (epoch, best, spent), flush=True)
    positive = torch.tensor([8.0, 20.0])
    while epoch < args.epochs and time.time() - started < args.minutes * 60:
        epoch_start = time.time()
        for group in optimiser.param_groups:  # cosine decay over the planned epochs
            group['lr'] = args.lr * 0.5 * (1 + math.cos(math.pi * epoch / args.epochs))
        total = 0.0
        for _ in range(args.steps_per_epoch):
            x, y = batch(rng, examples['train'], args.batch, args.crop)
            logits = model.logits(x)
            weight = 1 + (positive - 1) * (y > 0).float()
            loss = F.binary_cross_entropy_with_logits(logits, y, weight=weight)
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            total += loss.item()
        epoch += 1
        beat_f, down_f = validate(model, examples['valid'])
        score = beat_f + down_f
        if score > best:
            best = score
            best_state = {k: v.clone() for k, v in model.state_dict().items()}
        spent += time.time() - epoch_start
        line = 'epoch %d loss %.4f valid beat F %.3f downbeat F %.3f (%.0f s)' % (
            epoch, total / args.steps_per_epoch, beat_f, down_f, spent)
        print(line, flush=True)
        with open(log_path, 'a') as f:
            f.write(line + '\n')
        torch.save(dict(model=model.state_dict(), optimiser=optimiser.state_dict(), epoch=epoch, best=best,
                        best_state=best_state, seconds=spent, rng=rng.getstate(), torch_rng=torch.get_rng_state()),
                   ckpt_path)
    model.load_state_dict(best_state)
    model.eval()
    beat_f, down_f = validate(model, examples['valid'])
    commit = subprocess.run(['git', 'rev-parse', '--short', 'HEAD'], capture_output=True, text=True,
                            cwd=os.path.dirname(os.path.abspath(__file__))).stdout.strip()
    beat_model.save(model, args.out, dict(
        commit=commit, seed=args.seed, epochs=epoch, seconds=int(spent),
        train_examples=len(examples['train']), valid_examples=len(examples['valid']),
        valid_beat_f='%.3f' % beat_f, valid_downbeat_f='%.3f' % down_f,
        recipe='Training/train_beat.py --channels %d --kernel %d --layers %d --crop %d --batch %d --lr %g%s' % (
            args.channels, args.kernel, args.layers, args.crop, args.batch, args.lr, ' --causal' if args.causal else '')))
    print('wrote %s: valid beat F %.3f downbeat F %.3f after %d epochs, %.0f s' % (
        args.out, beat_f, down_f, epoch, spent), flush=True)


if __name__ == '__main__':
    main()

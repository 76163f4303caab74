"""Trains the chord network (`chord_model.ChordCNN`) on the chart examples of make_beat_data.py
and writes its weights file.

    python Training/train_chord.py DATA_DIR OUT.pfnn [--minutes M] [--seed S]

DATA_DIR holds <id>/audio.spectrum.npy (+ .json, from `performia-eval spectrum`), <id>/chords.lab
(chart examples only: `make_beat_data.py --refs-only` adds it to examples built before it was
kept) and split.txt (`<id>\ttrain|valid`, whole grooves held out). Examples without chords.lab
(the openMSX and music21 pieces, which have no chord chart) are left out. Training resumes from
DATA_DIR/checkpoints/<name>.pt (model, optimiser, epoch, best validation score, RNG states);
`--minutes` bounds the wall time of one call.

Targets: the chord class of each frame (chord_model's 25 classes; a frame takes the label at its
centre time). Loss: cross-entropy. Augmentation on top of the audio's: transposition by −5…+6
semitones (the band spectrum shifted by whole bands, silence let in at the edge, roots rotated),
so every root is seen in every register (Korzeniowski & Widmer 2016 pitch-shift the same way).
Input normalisation: each band's mean and 1 / standard deviation over the training frames,
stored in the model (norm.mean, norm.scale). Validation (model selection only): frame accuracy
on the validation grooves, never the evaluation sets.
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
import chord_model  # noqa: E402

FPS = 100.0
PITCH = {'C': 0, 'D': 2, 'E': 4, 'F': 5, 'G': 7, 'A': 9, 'B': 11}
MINOR_QUALITIES = ('min', 'min7', 'minmaj7', 'min6', 'dim', 'dim7', 'hdim7')


def chord_class(label):
    """A Harte label -> chord_model class (0 = N; major/minor by the third)."""
    if label in ('N', 'X'):
        return 0
    root_text, _, quality = label.partition(':')
    root_text = root_text.split('/')[0]
    root = PITCH[root_text[0]] + sum(1 if c == '#' else -1 for c in root_text[1:])
    minor = quality.split('/')[0] in MINOR_QUALITIES
    return 1 + 2 * (root % 12) + (1 if minor else 0)


def frame_classes(lab_path, count, first_seconds):
    classes = np.zeros(count, np.int64)
    times = first_seconds + np.arange(count) / FPS
    with open(lab_path) as f:
        for line in f:
            fields = line.split()
            if len(fields) >= 3:
                start, end = float(fields[0]), float(fields[1])
                classes[(times >= start) & (times < end)] = chord_class(fields[2])
    return classes


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
        if not os.path.exists(spec_path) or not os.path.exists(os.path.join(base, 'chords.lab')):
            continue
        with open(os.path.join(base, 'audio.spectrum.json')) as f:
            info = json.load(f)
        spec = np.load(spec_path).astype(np.float32)
        examples[part].append((ident, spec, frame_classes(os.path.join(base, 'chords.lab'), len(spec), info['firstSeconds'])))
    return examples


def transpose(spec, classes, semitones):
    """The spectrum `semitones` higher (bands shifted, zeros let in) and the chord roots with it."""
    if semitones == 0:
        return spec, classes
    out = np.zeros_like(spec)
    if semitones > 0:
        out[:, semitones:] = spec[:, :-semitones]
    else:
        out[:, :semitones] = spec[:, -semitones:]
    chord = classes > 0
    moved = classes.copy()
    moved[chord] = 1 + 2 * (((classes[chord] - 1) // 2 + semitones) % 12) + (classes[chord] - 1) % 2
    return out, moved


def batch(rng, examples, size, crop):
    xs, ys = [], []
    for _ in range(size):
        _, spec, classes = examples[rng.randrange(len(examples))]
        start = rng.randrange(max(1, spec.shape[0] - crop))
        piece, labels = transpose(spec[start:start + crop], classes[start:start + crop], rng.randint(-5, 6))
        if piece.shape[0] < crop:
            pad = crop - piece.shape[0]
            piece = np.concatenate([piece, np.zeros((pad, piece.shape[1]), np.float32)])
            labels = np.concatenate([labels, np.full(pad, -100, np.int64)])  # ignored by the loss
        xs.append(piece)
        ys.append(labels)
    return torch.from_numpy(np.stack(xs)), torch.from_numpy(np.stack(ys))


def validate(model, examples):
    """Frame accuracy over all validation frames: all classes, and the chord frames' roots."""
    model.eval()
    hits = root_hits = frames = chord_frames = 0
    with torch.no_grad():
        for _, spec, classes in examples:
            guess = model.logits(torch.from_numpy(spec)[None])[0].argmax(dim=1).numpy()
            hits += int((guess == classes).sum())
            frames += len(classes)
            chord = classes > 0
            root_hits += int(((guess[chord] - 1) // 2 == (classes[chord] - 1) // 2).sum())  # N's (0 - 1) // 2 = -1: no root
            chord_frames += int(chord.sum())
    model.train()
    return hits / max(frames, 1), root_hits / max(chord_frames, 1)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('data')
    parser.add_argument('out')
    parser.add_argument('--minutes', type=float, default=40)
    parser.add_argument('--seed', type=int, default=20261205)
    parser.add_argument('--channels', type=int, default=48)
    parser.add_argument('--kernel', type=int, default=5)
    parser.add_argument('--layers', type=int, default=6)
    parser.add_argument('--crop', type=int, default=1000)
    parser.add_argument('--batch', type=int, default=16)
    parser.add_argument('--steps-per-epoch', type=int, default=100)
    parser.add_argument('--epochs', type=int, default=60)
    parser.add_argument('--lr', type=float, default=2e-3)
    parser.add_argument('--threads', type=int, default=1)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    started = time.time()
    name = os.path.splitext(os.path.basename(args.out))[0]
    ckpt_dir = os.path.join(args.data, 'checkpoints')
    os.makedirs(ckpt_dir, exist_ok=True)
    ckpt_path = os.path.join(ckpt_dir, name + '.pt')
    log_path = os.path.join(ckpt_dir, name + '.log')

    examples = load_examples(args.data)
    print('chart examples: %d train, %d valid' % (len(examples['train']), len(examples['valid'])), flush=True)
    bands = examples['train'][0][1].shape[1]
    torch.manual_seed(args.seed)
    rng = random.Random(args.seed)
    model = chord_model.ChordCNN(bands, args.channels, args.kernel, args.layers)
    every = np.concatenate([e[1] for e in examples['train']])
    model.norm.mean.copy_(torch.from_numpy(every.mean(axis=0)))
    model.norm.scale.copy_(torch.from_numpy(1 / np.maximum(every.std(axis=0), 1e-3)))
    del every
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
    while epoch < args.epochs and time.time() - started < args.minutes * 60:
        epoch_start = time.time()
        for group in optimiser.param_groups:  # cosine decay over the planned epochs
            group['lr'] = args.lr * 0.5 * (1 + math.cos(math.pi * epoch / args.epochs))
        total = 0.0
        for _ in range(args.steps_per_epoch):
            x, y = batch(rng, examples['train'], args.batch, args.crop)
            loss = F.cross_entropy(model.logits(x).reshape(-1, chord_model.CLASSES), y.reshape(-1), ignore_index=-100)
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            total += loss.item()
        epoch += 1
        accuracy, root = validate(model, examples['valid'])
        if accuracy > best:
            best = accuracy
            best_state = {k: v.clone() for k, v in model.state_dict().items()}
        spent += time.time() - epoch_start
        line = 'epoch %d loss %.4f valid frame accuracy %.3f root %.3f (%.0f s)' % (
            epoch, total / args.steps_per_epoch, accuracy, root, spent)
        print(line, flush=True)
        with open(log_path, 'a') as f:
            f.write(line + '\n')
        torch.save(dict(model=model.state_dict(), optimiser=optimiser.state_dict(), epoch=epoch, best=best,
                        best_state=best_state, seconds=spent, rng=rng.getstate(), torch_rng=torch.get_rng_state()),
                   ckpt_path)
    model.load_state_dict(best_state)
    model.eval()
    accuracy, root = validate(model, examples['valid'])
    commit = subprocess.run(['git', 'rev-parse', '--short', 'HEAD'], capture_output=True, text=True,
                            cwd=os.path.dirname(os.path.abspath(__file__))).stdout.strip()
    chord_model.save(model, args.out, dict(
        commit=commit, seed=args.seed, epochs=epoch, seconds=int(spent),
        train_examples=len(examples['train']), valid_examples=len(examples['valid']),
        valid_frame_accuracy='%.3f' % accuracy, valid_root_accuracy='%.3f' % root,
        recipe='Training/train_chord.py --channels %d --kernel %d --layers %d --crop %d --batch %d --lr %g' % (
            args.channels, args.kernel, args.layers, args.crop, args.batch, args.lr)))
    print('wrote %s: valid frame accuracy %.3f, root %.3f after %d epochs, %.0f s' % (
        args.out, accuracy, root, epoch, spent), flush=True)


if __name__ == '__main__':
    main()

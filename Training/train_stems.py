"""Train the live four-stem separator (stem_model.StemTCN) on make_stem_data.py's examples.

Usage: python train_stems.py [DATA] [--checkpoint PT] [--out PFNN] [--minutes M] [--seed S] ...
    DATA        ~/.cache/performia/stem-train (split.txt, <id>/{drums,bass,other,vocals}.wav)
    --checkpoint training state (model, step, wall time, scores; about 7.5 MB, committed); resumed when it
                exists (default Training/checkpoints/stem-live.pt; its log beside it, stem-live.log). Adam's
                moments go to --optimizer-state (~/.cache/performia/stem-live-optimizer.pt, 15 MB, not committed)
    --out       the weights for the runtime (performia-nn), written at the end (default DATA/stem-live.pfnn)

Batches: random crops (--crop-seconds, default 4 s) of the training examples; with probability --remix
(0.5) each stem comes from a different random song at a random offset (Uhlich et al. 2017), otherwise all
four from one song at one offset; per-stem gains in [-6, +3] dB, a stem silenced with probability 0.1, a
common gain in [-12, +6] dB. The mixture is always the sum of the four stems.
Loss (--loss): `compressed`, L1 between power-law compressed magnitudes, |Ŝ|^0.3 against |S|^0.3 (the
compression of speech enhancement, e.g. Braun & Tashev 2021), divided by the batch mixture's mean |X|^0.3;
`both` (the default since 2026-12-06 step ~1800 live / ~1300 offline), that plus L1 between the linear
magnitudes divided by the mean |X|: the compressed term lets quiet bins and absent stems count, the linear
one weighs bins by their energy as SDR does (with the compressed term alone the dev-set SDR stalled at
~2.7 dB while the loss still fell). The first run's loss, L1 on the complex STFT plus L1 on the magnitude
normalised by the mean magnitude, settled on constant masks without the layer norms. A step whose loss is
not finite is skipped.
Validation (every --valid-minutes and at the end): the first --valid-seconds of each validation example
(held-out soundfont and grooves), signal-to-distortion ratio per stem as the simple global SDR,
10·log10(Σ s² / Σ (s - ŝ)²) over the excerpt (the MDX-challenge 'SDR', not museval's framewise BSS-eval
median), averaged over the examples where that stem is present (RMS above -60 dBFS); beside it, once, the
same numbers for ideal-ratio-mask oracles with the same STFT (magnitude ratio |S|/Σ|S| and power ratio
|S|²/Σ|S|², phase of the mixture) and for trivial baselines (mixture/4 as each stem; the mixture as each stem).
Torch runs on one thread (the machine is shared); run it under nice.
"""
import argparse
import json
import os
import random
import sys
import time

import numpy as np
from scipy.io import wavfile
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import stem_model as sm  # noqa: E402

DEFAULT_DATA = os.path.expanduser('~/.cache/performia/stem-train')
PRESENT_RMS = 1e-3  # -60 dBFS


class Data:
    """int16 stems of every example of one split, loaded once (re-scanned to pick up new examples)."""

    def __init__(self, root, split):
        self.root, self.split, self.ids, self.audio = root, split, [], []

    def refresh(self):
        path = os.path.join(self.root, 'split.txt')
        if not os.path.exists(path):
            return 0
        with open(path) as f:
            rows = [ln.split('\t') for ln in f.read().splitlines() if ln]
        new = 0
        for ex, sp in rows:
            if sp != self.split or ex in self.ids:
                continue
            try:
                st = [wavfile.read(os.path.join(self.root, ex, s + '.wav'))[1] for s in sm.STEMS]
                assert all(x.dtype == np.int16 and x.ndim == 1 for x in st)
            except Exception as e:  # being written: next time
                print('skip %s: %s' % (ex, e), flush=True)
                continue
            n = min(len(x) for x in st)
            self.ids.append(ex)
            self.audio.append(np.stack([x[:n] for x in st]))
            new += 1
        return new

    def seconds(self):
        return sum(a.shape[1] for a in self.audio) / sm.SR


def crop(a, n, rng):
    if a.shape[-1] <= n:
        return np.pad(a, [(0, 0)] * (a.ndim - 1) + [(0, n - a.shape[-1])])
    o = rng.randrange(a.shape[-1] - n)
    return a[..., o:o + n]


def batch(data, size, n, rng, remix):
    out = np.zeros((size, 4, n), np.float32)
    for i in range(size):
        if rng.random() < remix:
            for s in range(4):
                out[i, s] = crop(data.audio[rng.randrange(len(data.audio))][s], n, rng)
        else:
            out[i] = crop(data.audio[rng.randrange(len(data.audio))], n, rng)
        out[i] /= 32768.0
        for s in range(4):
            out[i, s] *= 0.0 if rng.random() < 0.1 else 10 ** (rng.uniform(-6, 3) / 20)
        out[i] *= 10 ** (rng.uniform(-12, 6) / 20)
    return torch.from_numpy(out)


COMPRESSION = 0.3


def loss_fn(model, stems, kind='both'):
    """stems [N, 4, samples] -> scalar loss (`kind`: compressed or both)."""
    x = stems.sum(1)
    X = sm.stft(x)
    n, s, L = stems.shape
    S = sm.stft(stems.reshape(n * s, L)).view(n, s, sm.BINS, -1)
    Xm, Sm = X.abs(), S.abs()
    Ym = model.masks(X) * Xm.unsqueeze(1)
    c = COMPRESSION
    loss = ((Ym + 1e-8) ** c - (Sm + 1e-8) ** c).abs().mean() / (Xm ** c).mean().clamp(min=1e-6)
    if kind == 'both':
        loss = loss + (Ym - Sm).abs().mean() / Xm.mean().clamp(min=1e-6)
    return loss


def sdr(ref, est):
    return 10 * np.log10((np.sum(ref ** 2) + 1e-10) / (np.sum((ref - est) ** 2) + 1e-10))


def valid_clips(data, seconds):
    n = int(seconds * sm.SR)
    return [a[:, :n].astype(np.float32) / 32768.0 for a in data.audio]


def score(clips, separate):
    """separate(mix [samples], stems [4, samples]) -> estimates [4, samples]; per-stem mean SDR and count."""
    per = {s: [] for s in sm.STEMS}
    for st in clips:
        est = separate(st.sum(0), st)
        for i, s in enumerate(sm.STEMS):
            if np.sqrt(np.mean(st[i] ** 2)) > PRESENT_RMS:
                per[s].append(sdr(st[i], est[i]))
    res = {s: (round(float(np.mean(v)), 2) if v else None) for s, v in per.items()}
    res['mean'] = round(float(np.mean([v for v in res.values() if v is not None])), 2)
    res['count'] = {s: len(v) for s, v in per.items()}
    return res


def oracle(kind):
    def sep(mix, st):
        S = sm.stft(torch.from_numpy(st))
        X = sm.stft(torch.from_numpy(mix)[None])
        p = S.abs() if kind == 'irm1' else S.abs() ** 2
        M = p / p.sum(0, keepdim=True).clamp(min=1e-12)
        return sm.istft(M * X, st.shape[1]).numpy()
    return sep


def model_separator(model):
    def sep(mix, st):
        with torch.no_grad():
            return model.separate(torch.from_numpy(mix)[None])[0].numpy()
    return sep


def baselines(clips):
    return dict(irm1_magnitude_ratio=score(clips, oracle('irm1')), irm2_power_ratio=score(clips, oracle('irm2')),
                mixture_quarter=score(clips, lambda m, st: np.stack([m / 4] * 4)),
                mixture_each=score(clips, lambda m, st: np.stack([m] * 4)))


def input_stats(model, data, rng):
    """Per-bin mean and 1/std of the log magnitude over 64 random 4-s training mixtures."""
    with torch.no_grad():
        st = batch(data, 64, 4 * sm.SR, rng, 0.0)
        u = torch.log(sm.stft(st.sum(1)).abs() + 1e-4)  # [N, F, T]
        mean = u.mean(dim=(0, 2))
        std = u.std(dim=(0, 2)).clamp(min=1e-3)
    model.input_mean.copy_(mean)
    model.input_scale.copy_(1.0 / std)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('data', nargs='?', default=DEFAULT_DATA)
    ap.add_argument('--checkpoint', default=os.path.join(HERE, 'checkpoints', 'stem-live.pt'))
    ap.add_argument('--optimizer-state', default=os.path.expanduser('~/.cache/performia/stem-live-optimizer.pt'),
                    help='Adam moments, kept apart so that the committed checkpoint stays small; used when its step '
                         'matches the checkpoint, else Adam restarts')
    ap.add_argument('--out', default=None)
    ap.add_argument('--minutes', type=float, default=30.0, help='wall-time bound of this call')
    ap.add_argument('--seed', type=int, default=1216)
    ap.add_argument('--batch', type=int, default=8)
    ap.add_argument('--crop-seconds', type=float, default=4.0)
    ap.add_argument('--lr', type=float, default=1e-3)
    ap.add_argument('--remix', type=float, default=0.5)
    ap.add_argument('--valid-minutes', type=float, default=8.0)
    ap.add_argument('--valid-seconds', type=float, default=30.0)
    ap.add_argument('--final-valid-seconds', type=float, default=600.0, help='at the end (600: whole examples)')
    ap.add_argument('--threads', type=int, default=1)
    ap.add_argument('--loss', choices=('compressed', 'both'), default='both')
    ap.add_argument('--sweep-mask-exponent', action='store_true',
                    help='no training: the validation SDR of the checkpoint with masks M^a / sum M^a for a few a '
                         '(StemSeparator.maskExponent), to choose the offline post-filter')
    ap.add_argument('--baselines-only', action='store_true')
    ap.add_argument('--centred', action='store_true',
                    help='the offline model: centred convolutions (defaults: checkpoint stem-offline.pt, '
                         'weights DATA/stem-offline.pfnn, Adam state stem-offline-optimizer.pt)')
    a = ap.parse_args()
    if a.centred:
        for key, live, offline in (('checkpoint', 'stem-live.pt', 'stem-offline.pt'),
                                   ('optimizer_state', 'stem-live-optimizer.pt', 'stem-offline-optimizer.pt')):
            setattr(a, key, getattr(a, key).replace(live, offline))
    torch.set_num_threads(a.threads)
    out = a.out or os.path.join(a.data, 'stem-offline.pfnn' if a.centred else 'stem-live.pfnn')
    logpath = os.path.splitext(a.checkpoint)[0] + '.log'
    os.makedirs(os.path.dirname(os.path.abspath(a.checkpoint)), exist_ok=True)

    def log(msg):
        line = '%s %s' % (time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime()), msg)
        print(line, flush=True)
        with open(logpath, 'a') as f:
            f.write(line + '\n')

    train, valid = Data(a.data, 'train'), Data(a.data, 'valid')
    train.refresh()
    valid.refresh()
    log('data: %d train examples (%.1f min), %d valid (%.1f min)' % (
        len(train.ids), train.seconds() / 60, len(valid.ids), valid.seconds() / 60))
    if a.baselines_only:
        log('baselines %s' % json.dumps(baselines(valid_clips(valid, a.valid_seconds))))
        return
    if a.sweep_mask_exponent:
        model = sm.StemTCN(causal=not a.centred)
        model.load_state_dict(torch.load(a.checkpoint, weights_only=False)['model'])
        model.eval()
        clips = valid_clips(valid, a.valid_seconds)
        for exponent in (1.0, 1.5, 2.0, 3.0):
            def sep(mix, st, exponent=exponent):
                with torch.no_grad():
                    X = sm.stft(torch.from_numpy(mix)[None])
                    M = model.masks(X) ** exponent
                    M = M / M.sum(1, keepdim=True).clamp(min=1e-12)
                    return sm.istft((M * X.unsqueeze(1))[0], mix.shape[-1]).numpy()
            log('mask exponent %.1f: valid SDR %s' % (exponent, json.dumps(score(clips, sep))))
        return
    model = sm.StemTCN(causal=not a.centred)
    opt = torch.optim.Adam(model.parameters(), lr=a.lr)
    state = dict(step=0, train_seconds=0.0, audio_seconds=0.0, history=[], seed=a.seed, calls=0)
    if os.path.exists(a.checkpoint):
        ck = torch.load(a.checkpoint, weights_only=False)
        model.load_state_dict(ck['model'])
        state = ck['state']
        if os.path.exists(a.optimizer_state):
            oc = torch.load(a.optimizer_state, weights_only=False)
            if oc['step'] == state['step']:
                opt.load_state_dict(oc['optimizer'])
                log('optimizer state from %s' % a.optimizer_state)
        log('resumed %s at step %d (%.1f min trained before)' % (a.checkpoint, state['step'], state['train_seconds'] / 60))
    else:
        input_stats(model, train, random.Random(a.seed))
    for g in opt.param_groups:
        g['lr'] = a.lr
    state['calls'] += 1
    rng = random.Random(a.seed * 7919 + state['step'])
    torch.manual_seed(a.seed * 7919 + state['step'])
    log('model: %s, %d parameters, receptive field %d frames; batch %d x %.1f s, lr %g, remix %.2f, loss %s' % (
        'centred (offline)' if a.centred else 'causal (live), latency %d samples (%.1f ms)' % (
            model.latency_samples(), 1000.0 * model.latency_samples() / sm.SR),
        sm.parameter_count(model), model.receptive_frames(), a.batch, a.crop_seconds, a.lr, a.remix, a.loss))

    def save_all(tag, seconds):
        valid.refresh()
        clips = valid_clips(valid, seconds)
        key = 'baselines_%s_%g' % (','.join(valid.ids), seconds)
        if key not in state.setdefault('baselines', {}):
            state['baselines'][key] = baselines(clips)
            log('baselines on %d valid clips of %g s: %s' % (len(clips), seconds, json.dumps(state['baselines'][key])))
        model.eval()
        res = score(clips, model_separator(model))
        model.train()
        state['history'].append(dict(step=state['step'], train_minutes=round(state['train_seconds'] / 60, 2),
                                     audio_hours=round(state['audio_seconds'] / 3600, 3), valid_clips=len(clips),
                                     valid_seconds=seconds,
                                     valid=res, train_examples=len(train.ids)))
        tput = state['audio_seconds'] / max(state['train_seconds'], 1e-9)
        log('%s step %d, %.1f min trained, %.2f h of audio seen, %.2f audio-s/s: valid SDR %s' % (
            tag, state['step'], state['train_seconds'] / 60, state['audio_seconds'] / 3600, tput, json.dumps(res)))
        tmp = a.checkpoint + '.tmp'
        torch.save(dict(optimizer=opt.state_dict(), step=state['step']), tmp)
        os.replace(tmp, a.optimizer_state)
        torch.save(dict(model=model.state_dict(), state=state), tmp)
        os.replace(tmp, a.checkpoint)
        sm.save(model, out, dict(step=state['step'], train_minutes=round(state['train_seconds'] / 60, 1), seed=a.seed,
                                 valid_sdr=json.dumps(res).replace('=', ':'), valid_clip_seconds=seconds))
        return res

    t_end = time.time() + 60 * a.minutes
    next_valid = time.time() + 60 * a.valid_minutes
    n = int(a.crop_seconds * sm.SR)
    run_loss, run_n, t_log = 0.0, 0, time.time()
    model.train()
    while time.time() < t_end:
        t0 = time.time()
        st = batch(train, a.batch, n, rng, a.remix)
        loss = loss_fn(model, st, a.loss)
        if not torch.isfinite(loss):
            log('step %d: loss not finite, skipped' % state['step'])
            continue
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 5.0)
        opt.step()
        state['step'] += 1
        state['train_seconds'] += time.time() - t0
        state['audio_seconds'] += a.batch * a.crop_seconds
        run_loss += float(loss.detach())
        run_n += 1
        if time.time() - t_log > 60:
            log('step %d loss %.4f (%.2f s/step)' % (state['step'], run_loss / run_n, (time.time() - t_log) / run_n))
            run_loss, run_n, t_log = 0.0, 0, time.time()
        if time.time() > next_valid:
            save_all('valid', a.valid_seconds)
            if train.refresh():
                log('data: now %d train examples (%.1f min)' % (len(train.ids), train.seconds() / 60))
            next_valid = time.time() + 60 * a.valid_minutes
    save_all('final', a.final_valid_seconds)
    log('wrote %s and %s' % (a.checkpoint, out))


if __name__ == '__main__':
    main()

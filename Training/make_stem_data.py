"""Training audio with exact stems (vocals, drums, bass, other) for the stem separators (stem_model.py).

Songs are planned with make_beat_data's chart/groove machinery (imported, not copied: the same MMA grooves
that neither the dev set nor the held-out set uses, asserted by make_beat_data.forbidden_sources; the
same key/tempo/progression/lyric drawing; the same augmentation recipe draw_chain), rendered per stem by
../shared/eval's generator (perfeval.songgen, FluidSynth + Festival), then augmented PER STEM so that the
targets stay exact: mixture = drums + bass + other + vocals, always (the trainer never stores a mix).

  * sung share: chart songs are sung with probability 0.65 (80 % of their lines carry lyrics);
  * held out for validation: one whole soundfont (HOLDOUT_SOUNDFONT, never rendered into a training
    example) and make_beat_data.VALID_GROOVES (never in training). Validation examples (every 6th) are a
    held-out groove rendered with the held-out soundfont, so the validation score measures generalisation
    to unseen timbres and unseen grooves at once;
  * every 10th training example is an openMSX MIDI piece (not the dev set's; not the two make_beat_data
    holds out);
  * augmentation, per stem: stem gains, amp distortion on 'other' for guitar-heavy songs, EQ tilt and
    peaking, compression (per stem, threshold relative to the mix peak), a room reverb (the same room for
    every stem: a stem's reverb belongs to that stem), phone/mic band limits, one common output level.
    make_beat_data's noise and clipping act on the mix only (they belong to no stem): dropped here and
    recorded as dropped. Extra: an independent spectral tilt per stem (with probability 0.5 each).
    Remixing stems across songs happens at training time (train_stems.py).

Stored mono (the live separator runs per channel: mono halves the data and the training cost; a stereo
input is separated per channel or as mid/side by the runtime), 44.1 kHz, 16-bit PCM per stem. The mixture
is computed by the trainer as the sum of the stored 16-bit stems, so it is exactly their sum.

Usage: python make_stem_data.py [OUT_DIR] [--count N] [--jobs 1] [--seed S]
Per example: OUT/<id>/{drums,bass,other,vocals}.wav and recipe.json (everything needed to rebuild it).
OUT/split.txt: <id><TAB>train|valid. Deterministic (example k depends only on the seed and k) and resumable
(an example whose recipe.json exists is skipped).
"""
import argparse
import concurrent.futures as cf
import glob
import json
import os
import random
import shutil
import sys
import tempfile
import time

import numpy as np
import soundfile as sf

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True
sys.path.insert(0, HERE)
import make_beat_data as mbd  # noqa: E402  (planning, exclusions, augmentation primitives)
from make_beat_data import songgen  # noqa: E402

SR = mbd.SR
STEMS = ('drums', 'bass', 'other', 'vocals')
DEFAULT_OUT = os.path.expanduser('~/.cache/performia/stem-train')
HOLDOUT_SOUNDFONT = 'TimGM6mb.sf2'  # small GM set with no relative among the others (FluidR3 and its mono
#                                     version, MuseScore General and its Lite version are pairs)
VALID_EVERY = 6  # example k is a validation example when k % VALID_EVERY == VALID_EVERY - 1
MIDI_EVERY = 10  # among training examples, k % MIDI_EVERY == MIDI_EVERY - 1 is an openMSX piece
SUNG_P = 0.65


def plan(count, seed, soundfonts):
    """A list of (spec, info, chain, soundfont, extra) for examples 0..count-1; example k depends only on (seed, k)."""
    lib = mbd.mma_library()
    forbidden, forbidden_midi = mbd.forbidden_sources()
    for g, *_ in mbd.GROOVES:
        intro, end, alts = mbd.groove_variants(lib, g)
        for v in (g, intro, end, *alts):
            assert v is None or v.lower() not in forbidden, 'groove %s (%s) is used by the dev/held-out set' % (v, g)
    hold = [s for s in soundfonts if os.path.basename(s) == HOLDOUT_SOUNDFONT]
    assert hold, 'the held-out soundfont %s does not render' % HOLDOUT_SOUNDFONT
    train_sf = [s for s in soundfonts if s not in hold]
    valid_g = [g for g in mbd.GROOVES if g[0] in mbd.VALID_GROOVES]
    train_g = [g for g in mbd.GROOVES if g[0] not in mbd.VALID_GROOVES]
    r = random.Random(seed)
    r.shuffle(valid_g)
    random.Random(seed + 1).shuffle(train_g)
    guitar = [g for g in train_g if g[5] and g[1] in ('metal', 'rock', 'shuffle', 'pop', 'funk')]
    random.Random(seed + 3).shuffle(guitar)
    msx = sorted(p for p in glob.glob(os.path.join(mbd.MSX_DIR, '*.mid'))
                 if os.path.basename(p) not in forbidden_midi and os.path.basename(p) not in mbd.SKIP_MIDI)
    random.Random(seed + 2).shuffle(msx)
    out = []
    vi = ti = gi = mi = 0
    for k in range(count):
        rng = random.Random(seed * 1000003 + k)
        if k % VALID_EVERY == VALID_EVERY - 1:
            g = valid_g[vi % len(valid_g)]
            vi += 1
            heavy = bool(g[5]) and g[1] in ('metal', 'rock', 'shuffle', 'pop', 'funk') and rng.random() < 0.4
            spec, info = mbd.chart_spec(k, rng, *g, lib=lib, guitar_heavy=heavy, sung=rng.random() < SUNG_P)
            info['split'] = 'valid'
            sfont = hold[0]
        elif k % MIDI_EVERY == MIDI_EVERY - 1 and msx:
            spec, info = mbd.midi_spec(k, rng, msx[mi % len(msx)])
            mi += 1
            info['split'] = 'train'
            sfont = train_sf[rng.randrange(len(train_sf))]
        else:
            heavy = k % 3 == 0
            if heavy:
                g = guitar[gi % len(guitar)]
                gi += 1
            else:
                g = train_g[ti % len(train_g)]
                ti += 1
            spec, info = mbd.chart_spec(k, rng, *g, lib=lib, guitar_heavy=heavy, sung=rng.random() < SUNG_P)
            info['split'] = 'train'
            sfont = train_sf[rng.randrange(len(train_sf))]
        spec['id'] = 'x' + spec['id'][1:]  # own namespace: never confused with a beat-train folder
        info['performer_alone'] = False
        chain = mbd.draw_chain(rng, info)
        extra = {s: round(rng.uniform(-2.0, 2.0), 2) if rng.random() < 0.5 else 0.0 for s in STEMS}
        out.append((spec, info, chain, sfont, extra))
    return out


def apply_chain_stems(stems, chain, stem_tilt):
    """stems: name -> mono float32, changed per stem; returns (stems, applied ops, dropped ops)."""
    applied, dropped = [], []
    mix_peak = max(np.abs(sum(stems.values())).max(), 1e-9)
    for op, p in chain:
        if op == 'stem_gains_db':
            for s in stems:
                stems[s] = stems[s] * np.float32(mbd.db(p[s]))
        elif op == 'amp_distortion_other':
            if np.any(stems['other']):
                stems['other'] = mbd.amp_distortion(stems['other'], p['drive_db'], p['asym'], p['cab_hz'], p['pre_db'])
        elif op in ('noise',):
            dropped.append(op)
            continue
        elif op == 'level':
            continue  # below, without clipping
        else:
            if op == 'compressor':
                mix_peak = max(np.abs(sum(stems.values())).max(), 1e-9)
            for s in stems:
                x = stems[s]
                if not np.any(x):
                    continue
                if op == 'eq_tilt':
                    x = mbd.tilt(x, p['db_per_oct'])
                elif op == 'peaking':
                    x = mbd.peaking(x, p['f0'], p['gain_db'], p['q'])
                elif op == 'compressor':
                    x = mbd.compressor(x / mix_peak, p['thresh_db'], p['ratio'], p['attack_ms'], p['release_ms'],
                                       p['makeup_db']) * np.float32(mix_peak)
                elif op == 'reverb':
                    x = mbd.room_reverb(x, p['rt60'], p['wet_db'], p['seed'])
                elif op == 'phone':
                    x = mbd.phone(x)
                elif op == 'mic':
                    x = mbd.mic(x, p['hp_hz'], p['lp_hz'])
                stems[s] = np.asarray(x, dtype=np.float32)
        applied.append(op)
        if op == 'stem_gains_db':  # independent colour per stem right after the gains
            for s in stems:
                if stem_tilt[s] and np.any(stems[s]):
                    stems[s] = mbd.tilt(stems[s], stem_tilt[s])
    lvl = [p for op, p in chain if op == 'level'][0]
    if lvl['clip_over_db']:
        dropped.append('clip')
    mix = sum(stems.values())
    g = mbd.db(lvl['peak_dbfs']) / max(np.abs(mix).max(), 1e-9)
    top = max(max(np.abs(x).max() for x in stems.values()) * g, np.abs(mix).max() * g)
    if top > 0.98:  # no stem and no mix beyond full scale (a stem can peak above the mix)
        g *= 0.98 / top
    for s in stems:
        stems[s] = (stems[s] * np.float32(g)).astype(np.float32)
    applied.append('level')
    return stems, applied, dropped


def build(item, out_root):
    spec, info, chain, sfont, extra = item
    dst = os.path.join(out_root, spec['id'])
    if os.path.exists(os.path.join(dst, 'recipe.json')):
        return None
    t0 = time.time()
    tmp = tempfile.mkdtemp(prefix='stemtrain-')
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
        for s in STEMS:
            y, sr = sf.read(os.path.join(src, 'stems', s + '.wav'), dtype='float32', always_2d=True)
            assert sr == SR
            stems[s] = y.mean(axis=1)
        n = max(len(x) for x in stems.values())
        stems = {s: np.pad(x, (0, n - len(x))) for s, x in stems.items()}
        stems, applied, dropped = apply_chain_stems(stems, chain, extra)
        os.makedirs(dst + '.part', exist_ok=True)
        levels = {}
        for s in STEMS:
            q = np.round(stems[s] * 32767).astype(np.int16)
            sf.write(os.path.join(dst + '.part', s + '.wav'), q, SR, subtype='PCM_16')
            levels[s] = round(float(20 * np.log10(max(mbd.rms(q / 32768.0), 1e-9))), 1)
        recipe = dict(id=spec['id'], **info, soundfont=os.path.basename(sfont), seed=spec['seed'],
                      augmentation=[dict(op=op, **p) for op, p in chain], augmentation_applied=applied,
                      augmentation_dropped=dropped, stem_tilt_db_per_oct=extra, stem_rms_dbfs=levels,
                      channels=1, duration_s=round(n / SR, 3), sample_rate=SR,
                      songgen_meta=dict((k, meta.get(k)) for k in ('meter', 'tempo_map', 'stems_present', 'grooves',
                                                                   'excerpt', 'sources', 'licence', 'sung')),
                      build_seconds=round(time.time() - t0, 1))
        with open(os.path.join(dst + '.part', 'recipe.json'), 'w') as f:
            json.dump(recipe, f, indent=1)
        if os.path.isdir(dst):
            shutil.rmtree(dst)
        os.rename(dst + '.part', dst)
        return recipe
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def write_split(items, out):
    rows, total = [], 0.0
    for it in items:
        rp = os.path.join(out, it[0]['id'], 'recipe.json')
        if os.path.exists(rp):
            with open(rp) as f:
                r = json.load(f)
            rows.append('%s\t%s' % (it[0]['id'], r['split']))
            total += r['duration_s']
    with open(os.path.join(out, 'split.txt'), 'w') as f:
        f.write('\n'.join(rows) + '\n')
    return len(rows), total


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('out', nargs='?', default=DEFAULT_OUT)
    ap.add_argument('--count', type=int, default=120)
    ap.add_argument('--jobs', type=int, default=1)
    ap.add_argument('--seed', type=int, default=20261216)
    a = ap.parse_args()
    sfs = mbd.working_soundfonts()
    items = plan(a.count, a.seed, sfs)
    os.makedirs(a.out, exist_ok=True)
    t0 = time.time()
    done = 0
    with cf.ProcessPoolExecutor(max_workers=a.jobs, initializer=mbd.limit_file_size) as ex:
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
                write_split(items, a.out)  # kept current, so a trainer can start while this runs
                print('%-32s %5.1fs %s %s%s%s %4.1fs' % (
                    r['id'], r['duration_s'], r['split'], 'heavy ' if r['guitar_heavy'] else '',
                    'sung ' if r['sung'] else '', r['soundfont'], r['build_seconds']), flush=True)
    n, total = write_split(items, a.out)
    print('built %d now; %d complete, %.2f h of audio; wall %.1f s' % (done, n, total / 3600, time.time() - t0))


if __name__ == '__main__':
    main()

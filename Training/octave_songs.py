"""Training songs for the tempo-octave model: chart songs rendered by ../shared/eval's generator in
MMA grooves that neither the dev set nor the held-out set uses, at tempi drawn across each
groove's playable range. Usage: python octave_songs.py EVAL_LIB OUT_DIR"""
import os
import random
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, sys.argv[1])
from perfeval import songgen  # noqa: E402
from perfeval.songgen import sec, song  # noqa: E402

# groove, tempo range (BPM), time signature, has an End groove
GROOVES = [
    ('BasicRock', 90, 160, '4/4', True), ('Beguine', 90, 140, '4/4', True), ('BigBand', 110, 220, '4/4', True),
    ('Calypso', 100, 150, '4/4', True), ('Charleston', 170, 240, '4/4', True), ('CountryBlues', 80, 140, '4/4', True),
    ('Dixie', 120, 220, '4/4', True), ('EasySwing', 90, 170, '4/4', True), ('FolkRock', 100, 150, '4/4', True),
    ('Jive', 140, 190, '4/4', True), ('Mambo', 160, 210, '4/4', True), ('Merengue', 110, 160, '4/4', True),
    ('QuickStep', 180, 220, '4/4', True), ('RockBallad', 60, 90, '4/4', True), ('RockWaltz', 90, 170, '3/4', True),
    ('Samba', 90, 120, '4/4', True), ('ShowTune', 90, 150, '4/4', True), ('Ska', 130, 180, '4/4', True),
    ('SlowCountry', 60, 90, '4/4', True), ('Softshoe', 90, 140, '4/4', False), ('Son', 90, 130, '4/4', True),
    ('Strut', 80, 120, '4/4', True), ('WesternSwing', 130, 200, '4/4', True), ('Zydeco', 110, 170, '4/4', True),
    ('HillCountry', 90, 140, '4/4', True), ('Spiritual', 60, 100, '4/4', True), ('GuitarBallad', 60, 90, '4/4', True),
    ('ModernJazz', 100, 200, '4/4', True), ('BubbleRock', 110, 150, '4/4', True), ('Bebop', 170, 240, '4/4', True),
]
PROGRESSIONS = [['C | Am | F | G', 'C | Am | Dm | G'], ['F | G | C | Am', 'F | G | C | C'],
                ['Dm7 | G7 | Cmaj7 | A7', 'Dm7 | G7 | C | C'], ['C | F | C | G7', 'C | F | G7 | C']]
WALTZ = ['C | C | Am | Am', 'F | G | C | G']


def make(rng, index, groove, lo, hi, time, has_end):
    tempo = rng.randint(lo, hi)
    verse = WALTZ if time == '3/4' else rng.choice(PROGRESSIONS)
    chorus = WALTZ if time == '3/4' else rng.choice(PROGRESSIONS)
    sections = [sec('intro', ['C | G'], groove=groove), sec('verse', verse, groove=groove),
                sec('chorus', chorus, groove=groove), sec('verse', verse, groove=groove)]
    if has_end:
        sections.append(sec('outro', ['C | C'], groove=groove + 'End'))
    return song('train_%02d_%s_%d' % (index, groove.lower(), tempo), groove, key='C major', tempo=tempo, time=time,
                seed=1000 + index, sections=sections)


if __name__ == '__main__':
    rng = random.Random(20261124)
    specs = [make(rng, i, *GROOVES[i % len(GROOVES)]) for i in range(2 * len(GROOVES))]
    songgen.build_set(specs, sys.argv[2], '/usr/share/sounds/sf2/FluidR3_GM.sf2', jobs=2)

"""A second take of the chart songs of a set (see second-take): the same charts played again,
the way a performer plays a song they rehearsed: another tempo, a tempo that wanders, another
melody and other random choices in the band's grooves, another room."""
import os
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, sys.argv[1])
from perfeval import songgen  # noqa: E402

TEMPO_FACTORS = (0.93, 1.06)  # alternately slower and faster than the first take
DRIFT = 0.03                  # ±3 % smooth tempo wander per beat
SEED_OFFSET = 1000


def second_take(spec, index):
    take = dict(spec)
    take['tempo'] = round(spec['tempo'] * TEMPO_FACTORS[index % 2])
    take['seed'] = spec.get('seed', 1) + SEED_OFFSET
    take['drift'] = DRIFT
    return take


def load_songs(which, here):
    if which == 'devset':
        from perfeval.devsongs import SONGS
        return SONGS
    sys.path.insert(0, here)
    from holdout_songs import SONGS
    return SONGS


if __name__ == '__main__':
    which, out = sys.argv[2], sys.argv[3]
    songs = [s for s in load_songs(which, os.path.dirname(os.path.realpath(__file__))) if s['kind'] == 'chart']
    songgen.build_set([second_take(s, i) for i, s in enumerate(songs)], out,
                      '/usr/share/sounds/sf2/FluidR3_GM.sf2', jobs=2)

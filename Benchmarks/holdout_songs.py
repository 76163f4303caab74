"""The held-out rhythm set (see holdout-set). Charts written for this benchmark; no lyrics."""
import os
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, sys.argv[1])
from perfeval import songgen  # noqa: E402
from perfeval.songgen import sec, song  # noqa: E402


def chart(id, groove, tempo, key, time='4/4', seed=1, verse=None, chorus=None, intro=None, end=None, **kw):
    verse = verse or ['C | Am | F | G', 'C | Am | Dm | G']
    chorus = chorus or ['F | G | C | Am', 'F | G | C | C']
    return song(id, id.replace('_', ' ').title(), key=key, tempo=tempo, time=time, seed=seed, sections=[
        sec('intro', intro or ['C | G'], groove=groove + 'Intro'),
        sec('verse', verse, groove=groove),
        sec('chorus', chorus, groove=groove),
        sec('verse', verse, groove=groove),
        sec('outro', ['C | C'], groove=end or groove + 'End'),
    ], **kw)


WALTZ_VERSE = ['C | C | Am | Am', 'F | G | C | G']
SONGS = [
    chart('ballad_62', 'Ballad', 62, 'C major', seed=101),
    chart('slowjazz_72', 'SlowJazz', 72, 'C major', seed=102,
          verse=['Dm7 | G7 | Cmaj7 | A7', 'Dm7 | G7 | Cmaj7 | Cmaj7']),
    chart('bolero_96', 'Bolero', 96, 'A minor', seed=103, verse=['Am | Dm | E7 | Am', 'Am | Dm | E7 | E7'],
          chorus=['Dm | Am | E7 | Am', 'Dm | Am | E7 | Am'], intro=['Am | E7']),
    chart('chacha_120', 'ChaCha', 120, 'C major', seed=104),
    chart('foxtrot_126', 'Foxtrot', 126, 'C major', seed=105, end='FoxTrotEnd'),
    chart('rhumba_110', 'Rhumba', 110, 'C major', seed=106),
    chart('tango_130', 'Tango', 130, 'A minor', seed=107, verse=['Am | E7 | E7 | Am', 'Am | Dm | E7 | Am'],
          chorus=['Dm | Am | E7 | Am', 'Dm | Am | E7 | Am'], intro=['Am | E7']),
    chart('polka_150', 'Polka', 150, 'C major', seed=108),
    chart('jazzwaltz_150', 'JazzWaltz', 150, 'C major', time='3/4', seed=109, verse=WALTZ_VERSE,
          chorus=['F | F | C | C', 'D7 | G7 | C | C'], intro=['C | G']),
    chart('fastswing_208', 'FastSwing', 208, 'C major', seed=110),
    chart('countryswing_180', 'CountrySwing', 180, 'C major', seed=111),
    chart('shuffle_136', 'ShuffleBoggie', 136, 'C major', seed=112),
    chart('twist_164', 'Twist', 164, 'C major', seed=113),
    chart('rock128_84', 'Rock128', 84, 'C major', seed=114),
]

if __name__ == '__main__':
    songgen.build_set(SONGS, sys.argv[2], '/usr/share/sounds/sf2/FluidR3_GM.sf2', jobs=2)

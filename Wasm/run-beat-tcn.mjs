// Runs the wasm build's BeatTCN (PerformiaNeural) over a log band spectrum: a weights file
// (performia-nn, Training/beat_model.py) and raw little-endian Float32 values, frame by frame,
// BANDS per frame. `stream` runs the causal streaming form one frame at a time instead of the
// whole sequence. Prints one line per frame: beat TAB downbeat, at full precision (the shortest
// text that reads back as the same Float32).
// Usage: node Wasm/run-beat-tcn.mjs WEIGHTS.pfnn SPECTRUM.f32 [stream]
import { readFileSync } from 'node:fs';
import { loadCore, readSamples } from './load-core.mjs';

const [weightsPath, spectrumPath, mode] = process.argv.slice(2);
if (!weightsPath || !spectrumPath || (mode !== undefined && mode !== 'stream')) {
  console.error('usage: node Wasm/run-beat-tcn.mjs WEIGHTS.pfnn SPECTRUM.f32 [stream]');
  process.exit(2);
}
const core = await loadCore();
const weights = readFileSync(weightsPath);
const session = core.performia_beat_tcn_create(Math.max(1, weights.length));
if (session === 0) {
  console.error(`${weightsPath}: performia_beat_tcn_create refused ${weights.length} bytes`);
  process.exit(1);
}
const message = () => {
  const length = core.performia_beat_tcn_message_length(session);
  const text = new TextDecoder().decode(new Uint8Array(core.memory.buffer, core.performia_beat_tcn_message(session), length));
  return text.replace(/^weights: /, `${weightsPath}: `);
};
new Uint8Array(core.memory.buffer, core.performia_beat_tcn_input(session), weights.length).set(weights);
const bands = core.performia_beat_tcn_load(session, weights.length);
if (bands <= 0) {
  console.error(message());
  process.exit(1);
}
const spectrum = readSamples(spectrumPath);
const frameCount = spectrum.length / 4 / bands;
if (!Number.isInteger(frameCount) || frameCount < 1) {
  console.error(`${spectrumPath}: ${spectrum.length / 4} values are not whole frames of ${bands} bands`);
  process.exit(1);
}
new Uint8Array(core.memory.buffer, core.performia_beat_tcn_spectrum(session, frameCount), spectrum.length).set(spectrum);
if (core.performia_beat_tcn_run(session, mode === 'stream' ? 1 : 0) !== frameCount) {
  console.error(message());
  process.exit(1);
}
const output = new Float32Array(core.memory.buffer, core.performia_beat_tcn_output(session), 2 * frameCount).slice();
core.performia_beat_tcn_destroy(session);
const lines = [];
for (let t = 0; t < frameCount; t++) lines.push(`${output[t]}\t${output[frameCount + t]}\n`);
process.stdout.write(lines.join(''));

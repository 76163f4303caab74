// Runs the wasm build's onset detector over a raw little-endian Float32 mono file, 128 frames per
// call as an AudioWorklet render quantum delivers them, then finishes the stream. Prints one
// line per onset frame: time (in frames since the first sample) TAB flux TAB lowFlux, each at
// full precision (the shortest text that reads back as the same number).
// Usage: node Wasm/run-onsets.mjs SAMPLES.f32 SAMPLE_RATE
import { loadCore, readSamples } from './load-core.mjs';

const [samplesPath, rateText] = process.argv.slice(2);
const sampleRate = Number(rateText);
if (!samplesPath || !(sampleRate > 0)) {
  console.error('usage: node Wasm/run-onsets.mjs SAMPLES.f32 SAMPLE_RATE');
  process.exit(2);
}
const core = await loadCore();
const bytes = readSamples(samplesPath);
const quantum = 128;
const detector = core.performia_onset_create(sampleRate, quantum);
if (detector === 0) {
  console.error(`performia_onset_create refused sample rate ${rateText} (8000 … 192000 Hz)`);
  process.exit(1);
}
const lines = [];
const collect = (count) => {
  for (let i = 0; i < count; i++) {
    const time = core.performia_onset_time(detector, i);
    lines.push(`${time}\t${core.performia_onset_flux(detector, i)}\t${core.performia_onset_low_flux(detector, i)}`);
  }
};
const frameCount = bytes.length / 4;
for (let start = 0; start < frameCount; start += quantum) {
  const frames = Math.min(quantum, frameCount - start);
  // Memory may have grown in an earlier call, which detaches old views: take a fresh one.
  new Uint8Array(core.memory.buffer, core.performia_onset_input(detector), frames * 4)
    .set(bytes.subarray(start * 4, (start + frames) * 4));
  collect(core.performia_onset_process(detector, frames));
}
collect(core.performia_onset_finish(detector));
core.performia_onset_destroy(detector);
process.stdout.write(lines.map((line) => line + '\n').join(''));

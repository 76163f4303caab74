// Runs the wasm build's onset detector over a raw little-endian Float32 mono file in blocks of
// 128 frames (an AudioWorklet render quantum) and prints one line per onset frame:
// time<TAB>flux<TAB>lowFlux. Usage: node Wasm/run-onsets.mjs WASM SAMPLES.f32 SAMPLE_RATE
import { readFileSync } from 'node:fs';

const [wasmPath, samplesPath, rateText] = process.argv.slice(2);
if (!wasmPath || !samplesPath || !rateText) {
  console.error('usage: node run-onsets.mjs WASM SAMPLES.f32 SAMPLE_RATE');
  process.exit(2);
}
const { instance } = await WebAssembly.instantiate(readFileSync(wasmPath), {});
const core = instance.exports;
const bytes = readFileSync(samplesPath);
const samples = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
const block = 128;
if (core.performia_onset_prepare(Number(rateText), block) !== 1) {
  console.error('performia_onset_prepare refused sample rate ' + rateText);
  process.exit(1);
}
const lines = [];
for (let start = 0; start < samples.length; start += block) {
  const frames = Math.min(block, samples.length - start);
  // The memory may grow during process(); take a fresh view every block.
  new Float32Array(core.memory.buffer, core.performia_onset_input(), block)
    .set(samples.subarray(start, start + frames));
  const count = core.performia_onset_process(frames);
  for (let i = 0; i < count; i++) {
    lines.push(`${core.performia_onset_time(i)}\t${core.performia_onset_flux(i)}\t${core.performia_onset_low_flux(i)}`);
  }
}
process.stdout.write(lines.join('\n') + '\n');

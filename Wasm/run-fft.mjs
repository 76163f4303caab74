// Runs the wasm build's RealFFT (the pure-Swift RadixTwoFFT) over a raw little-endian Float32
// file whose sample count (a power of two, 4 … 2^20) is the transform size. Prints one line per
// bin, real TAB imaginary, at full precision. Usage: node Wasm/run-fft.mjs SAMPLES.f32
import { loadCore, readSamples } from './load-core.mjs';

const [samplesPath] = process.argv.slice(2);
if (!samplesPath) {
  console.error('usage: node Wasm/run-fft.mjs SAMPLES.f32');
  process.exit(2);
}
const core = await loadCore();
const bytes = readSamples(samplesPath);
const fft = core.performia_fft_create(bytes.length / 4);
if (fft === 0) {
  console.error(`performia_fft_create refused size ${bytes.length / 4} (a power of two, 4 … 2^20)`);
  process.exit(1);
}
new Uint8Array(core.memory.buffer, core.performia_fft_input(fft), bytes.length).set(bytes);
const bins = core.performia_fft_forward(fft);
const real = new Float32Array(core.memory.buffer, core.performia_fft_real(fft), bins);
const imaginary = new Float32Array(core.memory.buffer, core.performia_fft_imaginary(fft), bins);
const lines = [];
for (let k = 0; k < bins; k++) lines.push(`${real[k]}\t${imaginary[k]}\n`);
core.performia_fft_destroy(fft);
process.stdout.write(lines.join(''));

// Reads a ChordPro chart with the wasm build's ChordProReader and prints its ChordProReport
// (the document written back, warnings, the band's chords, or the error) as raw bytes.
// Usage: node Wasm/run-chordpro.mjs CHART.cho
import { readFileSync } from 'node:fs';
import { loadCore } from './load-core.mjs';

const [chartPath] = process.argv.slice(2);
if (!chartPath) {
  console.error('usage: node Wasm/run-chordpro.mjs CHART.cho');
  process.exit(2);
}
const core = await loadCore();
const bytes = readFileSync(chartPath);
const reader = core.performia_chordpro_create(Math.max(1, bytes.length));
if (reader === 0) {
  console.error(`performia_chordpro_create refused ${bytes.length} bytes`);
  process.exit(1);
}
new Uint8Array(core.memory.buffer, core.performia_chordpro_input(reader), bytes.length).set(bytes);
const length = core.performia_chordpro_read(reader, bytes.length);
const report = new Uint8Array(core.memory.buffer, core.performia_chordpro_output(reader), length).slice();
core.performia_chordpro_destroy(reader);
process.stdout.write(report);

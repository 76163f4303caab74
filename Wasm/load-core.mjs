// Loads the browser build of the portable core, .build/wasm/performia-core.wasm (made by
// scripts/build-wasm), under node, and returns its exports (Wasm/PerformiaWasm/Exports.swift).
// The module imports nothing.
import { existsSync, readFileSync } from 'node:fs';

export const wasmURL = new URL('../.build/wasm/performia-core.wasm', import.meta.url);

export async function loadCore() {
  if (!existsSync(wasmURL)) {
    throw new Error(`${wasmURL.pathname} is missing: run scripts/build-wasm first`);
  }
  const { instance } = await WebAssembly.instantiate(readFileSync(wasmURL), {});
  return instance.exports;
}

// Reads a file of raw little-endian Float32 samples as bytes (copied into wasm memory as they
// are, so neither the host's endianness nor the Buffer's alignment matters).
export function readSamples(path) {
  const bytes = readFileSync(path);
  if (bytes.length % 4 !== 0) throw new Error(`${path}: ${bytes.length} bytes is not a whole number of Float32 samples`);
  return bytes;
}

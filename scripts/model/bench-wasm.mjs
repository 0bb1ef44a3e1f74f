// Times the sentence encoder in WebAssembly under Node, on the sentences examples/encode_bench.rs
// uses natively. Build the module first (wasm SIMD comes from .cargo/config.toml):
//
//   cargo build --release --target wasm32-unknown-unknown --example encode_bench
//   node scripts/model/bench-wasm.mjs [WASM] [MODEL]
//
// WASM defaults to target/wasm32-unknown-unknown/release/examples/encode_bench.wasm under
// $CARGO_TARGET_DIR (or target/), MODEL to www/model/use-m3.bin.
import { readFileSync, readdirSync, existsSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const targetDir = process.env.CARGO_TARGET_DIR || join(root, "target");
const wasmPath = process.argv[2] || join(targetDir, "wasm32-unknown-unknown/release/examples/encode_bench.wasm");
const modelPath = process.argv[3] || join(root, "www/model/use-m3.bin");

const fixture = readFileSync(join(root, "tests/fixtures/encoder/sentences.txt"), "utf8")
  .split("\n").filter((l) => l && !l.startsWith("#") && l !== "<empty>");
const udhrDir = join(root, "..", "shared", "eval", "udhr");
const udhr = existsSync(udhrDir)
  ? readdirSync(udhrDir).filter((f) => f.endsWith(".txt")).sort()
    .flatMap((f) => readFileSync(join(udhrDir, f), "utf8").split("\n").filter((l) => l.trim()))
  : [];

// The library's wasm-bindgen glue comes along as imports the encoder never calls: stubs.
const module = new WebAssembly.Module(readFileSync(wasmPath));
const imports = {};
for (const { module: m, name, kind } of WebAssembly.Module.imports(module)) {
  if (kind !== "function") throw new Error(`unexpected import ${m}.${name} (${kind})`);
  (imports[m] ??= {})[name] = () => { throw new Error(`${m}.${name} called`); };
}
const instance = await WebAssembly.instantiate(module, imports);
const x = instance.exports;
const put = (bytes) => {
  const ptr = x.bench_buffer(bytes.length);
  new Uint8Array(x.memory.buffer, ptr, bytes.length).set(bytes);
};
const model = readFileSync(modelPath);
let t = performance.now();
put(model);
if (x.bench_load() !== 0) throw new Error(`${modelPath}: the model does not load`);
console.log(`model\t${modelPath}\t${model.length} bytes\tloaded in ${(performance.now() - t).toFixed(0)} ms\t${(x.memory.buffer.byteLength / 2 ** 20).toFixed(0)} MiB wasm memory`);

put(new TextEncoder().encode("The cat sleeps on the sofa.\nLe chat dort sur le canapé."));
console.log(`check\tcosine(cat en, cat fr) = ${x.bench_cosine().toFixed(6)}`);

const time = (lines, fn, minMs) => {
  put(new TextEncoder().encode(lines.join("\n")));
  let best = Infinity, tokens = 0;
  const start = performance.now();
  do {
    const t0 = performance.now();
    tokens = fn();
    best = Math.min(best, performance.now() - t0);
  } while (performance.now() - start < minMs);
  return { best, tokens };
};
const all = fixture.concat(udhr);
const tok = time(all, x.bench_tokenize, 1000);
console.log(`tokenize\t${(all.length / tok.best * 1000).toFixed(0)} sentences/s`);
for (const [name, set] of [["fixture", fixture], ["all", all]]) {
  const r = time(set, x.bench_embed, 3000);
  console.log(`embed ${name}\t${(set.length / r.best * 1000).toFixed(0)} sentences/s\t${(r.tokens / r.best * 1000).toFixed(0)} tokens/s\t${r.best.toFixed(1)} ms for ${set.length} sentences`);
}

// Times the wasm build's `compare` in Node on the inputs `examples/measure.rs --write DIR`
// wrote, with every lexicon of www/lexicons loaded, as the page runs it. Run by scripts/bench.
//
// node scripts/bench-node.mjs PKG_DIR INPUT_DIR
// Prints one tab-separated line per input: name, seconds (the fastest of up to 5 runs
// within about 2 s, the same rule as the native run); a refused input gets a `skipped` line.
import { createRequire } from "node:module";
import { readFileSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { performance } from "node:perf_hooks";

const [pkgDir, inputDir] = process.argv.slice(2);
const transdiff = createRequire(import.meta.url)(resolve(pkgDir, "transdiff.js"));
const lexicons = resolve(import.meta.dirname, "../www/lexicons");
for (const file of readdirSync(lexicons).filter((f) => f.endsWith(".bin")).sort()) {
  transdiff.load_lexicon(readFileSync(join(lexicons, file)));
}

console.log("name\tseconds");
for (const line of readFileSync(join(inputDir, "inputs.tsv"), "utf8").split("\n").filter(Boolean)) {
  const [name, units] = line.split("\t");
  const source = readFileSync(join(inputDir, `${name}.source.txt`), "utf8");
  const target = readFileSync(join(inputDir, `${name}.target.txt`), "utf8");
  const time = () => {
    const start = performance.now();
    transdiff.compare(source, target, { units });
    return (performance.now() - start) / 1000;
  };
  let best;
  try {
    best = time();
  } catch (error) {
    console.log(`skipped ${name}: ${error.message}`);
    continue;
  }
  for (let runs = 1, total = best; runs < 5 && total < 2; runs++) {
    const seconds = time();
    best = Math.min(best, seconds);
    total += seconds;
  }
  console.log(`${name}\t${best.toFixed(4)}`);
}

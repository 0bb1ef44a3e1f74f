// The synthetic document pairs of the benchmarks, generated exactly as
// benches/inputs/synthetic.rs generates them (same generator, same seed, same text), so a
// browser test can compare the pair `scripts/bench` measures without a fixture on disk.
//
// The source has N sentences drawn from a Zipf vocabulary; the "translation" maps every word
// to another word (no shared words, as between two languages), keeps numbers and names, and
// merges, splits, drops and inserts sentences.

const MASK = (1n << 64n) - 1n;

/** xorshift64*, as `Rng` in synthetic.rs. */
class Rng {
  constructor(seed) {
    this.state = BigInt(seed) & MASK;
  }

  next() {
    let x = this.state;
    x ^= x >> 12n;
    x ^= (x << 25n) & MASK;
    x ^= x >> 27n;
    this.state = x;
    return (x * 0x2545f4914f6cdd1dn) & MASK;
  }

  below(n) {
    return Number(this.next() % BigInt(n));
  }

  chance(percent) {
    return this.below(100) < percent;
  }

  /** Zipf-like rank in 0..n. */
  zipf(n) {
    const u = Number(this.next() >> 11n) / 2 ** 53;
    return Math.min(Math.max(Math.trunc(n ** u) - 1, 0), n - 1);
  }
}

function word(rng, letters) {
  const length = 2 + rng.below(9);
  let out = '';
  for (let k = 0; k < length; k++) out += letters[rng.below(letters.length)];
  return out;
}

/** Inserts `item` at `index` (Vec::insert). */
const insert = (list, index, item) => list.splice(index, 0, item);

/**
 * The pair of `n` source sentences for `seed` (the benchmarks use `0x5eed + n`): the source
 * and target sentences, one a line in the texts compared.
 */
export function syntheticPair(n, seed = 0x5eed + n) {
  const rng = new Rng(seed);
  const VOCABULARY = 20000;
  const srcWords = Array.from({ length: VOCABULARY }, () => word(rng, 'abcdefghijklmnoprstuvw'));
  const tgtWords = Array.from({ length: VOCABULARY }, () => word(rng, 'aeiouyzxqkjhgfdsl'));
  const names = Array.from({ length: 2000 }, () => {
    const w = word(rng, 'abcdefghijklmnopqrstuvwxyz');
    return `${w[0].toUpperCase()}${w.slice(1)}son`;
  });
  const source = [];
  const translated = [];
  for (let k = 0; k < n; k++) {
    const length = 4 + rng.below(28);
    const s = [];
    const t = [];
    for (let w = 0; w < length; w++) {
      const r = rng.zipf(VOCABULARY);
      s.push(srcWords[r]);
      if (!rng.chance(8)) t.push(tgtWords[r]);
    }
    if (rng.chance(15)) {
      const number = String(rng.below(100000) + 10);
      insert(s, rng.below(s.length), number);
      insert(t, rng.below(t.length + 1), number);
    }
    if (rng.chance(10)) {
      const name = names[rng.below(names.length)];
      insert(s, rng.below(s.length), name);
      insert(t, rng.below(t.length + 1), name);
    }
    source.push(`${s.join(' ')}.`);
    translated.push(`${t.join(' ')}.`);
  }
  const target = [];
  for (let i = 0; i < n;) {
    const roll = rng.below(100);
    if (roll < 3) {
      i += 1; // dropped
    } else if (roll < 6) {
      const length = 4 + rng.below(20);
      const words = [];
      for (let w = 0; w < length; w++) words.push(tgtWords[rng.zipf(VOCABULARY)]);
      target.push(`${words.join(' ')}.`);
    } else if (roll < 11 && i + 1 < n) {
      target.push(`${translated[i]} ${translated[i + 1]}`);
      i += 2;
    } else if (roll < 15 && translated[i].split(' ').length >= 8) {
      const words = translated[i].split(' ');
      const cut = Math.floor(words.length / 2);
      target.push(`${words.slice(0, cut).join(' ')}.`);
      target.push(words.slice(cut).join(' '));
      i += 1;
    } else {
      target.push(translated[i]);
      i += 1;
    }
  }
  return { source, target };
}

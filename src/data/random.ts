/**
 * A small seeded pseudo-random generator (xoshiro128**, seeded by splitmix32) for synthetic
 * data: the same seed gives the same sequence on every machine and Deno version, which
 * `Math.random` cannot promise.
 *
 * @module
 */

/**
 * A deterministic random source: xoshiro128** (period 2^128 - 1, 32-bit output).
 *
 * @example
 * const a = new Random(42);
 * const b = new Random(42);
 * a.int(100) === b.int(100); // true: same seed, same sequence
 */
export class Random {
  #s0: number;
  #s1: number;
  #s2: number;
  #s3: number;

  /**
   * Seeds the state from a 32-bit integer (other numbers are reduced modulo 2^32) with splitmix32,
   * so nearby seeds give unrelated sequences.
   *
   * @example
   * const rng = new Random(7);
   */
  constructor(seed: number) {
    let x = seed >>> 0;
    const next = () => {
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.#s0 = next();
    this.#s1 = next();
    this.#s2 = next();
    this.#s3 = next();
  }

  /**
   * The next 32-bit unsigned integer.
   *
   * @example
   * new Random(1).uint32(); // an integer in [0, 2^32)
   */
  uint32(): number {
    const result = Math.imul(rotl(Math.imul(this.#s1, 5), 7), 9) >>> 0;
    const t = this.#s1 << 9;
    this.#s2 ^= this.#s0;
    this.#s3 ^= this.#s1;
    this.#s1 ^= this.#s2;
    this.#s0 ^= this.#s3;
    this.#s2 ^= t;
    this.#s3 = rotl(this.#s3, 11);
    return result;
  }

  /**
   * A float in [0, 1).
   *
   * @example
   * const u = new Random(1).float(); // 0 <= u < 1
   */
  float(): number {
    return this.uint32() / 4294967296;
  }

  /**
   * An integer in [0, n), for n up to 2^32.
   *
   * @example
   * new Random(1).int(6); // 0..5
   */
  int(n: number): number {
    return Math.floor(this.float() * n);
  }

  /**
   * An integer in [lo, hi], both included.
   *
   * @example
   * new Random(1).between(1, 5); // 1..5
   */
  between(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }

  /**
   * True with probability `p`.
   *
   * @example
   * new Random(1).chance(0.25); // true about one time in four
   */
  chance(p: number): boolean {
    return this.float() < p;
  }

  /**
   * One item of a non-empty list, uniformly.
   *
   * @example
   * new Random(1).pick(["a", "b", "c"]);
   */
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }

  /**
   * An index into `cumulative` (ascending cumulative weights, last = total), chosen with
   * probability proportional to each step.
   *
   * @example
   * new Random(1).weighted([1, 3, 4]); // 0 with p 1/4, 1 with p 1/2, 2 with p 1/4
   */
  weighted(cumulative: readonly number[]): number {
    const x = this.float() * cumulative[cumulative.length - 1];
    let i = 0;
    while (x >= cumulative[i]) i++;
    return i;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

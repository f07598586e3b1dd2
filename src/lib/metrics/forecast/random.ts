/**
 * Seeded uniform random numbers that are bit-for-bit the same in every browser and in Node:
 * sfc32 (Chris Doty-Humphrey's Small Fast Counting generator, 32-bit, from PractRand), whose
 * 128-bit state is seeded through splitmix32 (a golden-ratio Weyl sequence through MurmurHash3's
 * fmix32 finaliser). The state moves by 32-bit integer arithmetic only (`Math.imul`, shifts,
 * `| 0`), and an output is exactly uint32 / 2³², so no engine-specific rounding enters.
 */

const GOLDEN = 0x9e3779b9;
const TWO_POW_32 = 4294967296;
/** sfc32's customary warm-up: outputs discarded after seeding. */
const WARM_UP = 12;

/** The splitmix32 output for the `index`-th step (1-based) from `start`. */
function splitmix32(start: number, index: number): number {
  let z = (start + Math.imul(GOLDEN, index)) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return z ^ (z >>> 16);
}

export class Sfc32 {
  /** a, b, c and the counter d; a typed array keeps them unboxed int32s in every engine. */
  private readonly state: Int32Array;

  constructor(a: number, b: number, c: number, d: number) {
    this.state = Int32Array.of(a, b, c, d);
    for (let i = 0; i < WARM_UP; i++) this.next();
  }

  /** A uniform double in [0, 1) with 32 random bits. */
  next(): number {
    const s = this.state;
    const a = s[0]!;
    const b = s[1]!;
    const c = s[2]!;
    const d = s[3]!;
    const t = (((a + b) | 0) + d) | 0;
    s[0] = b ^ (b >>> 9);
    s[1] = (c + (c << 3)) | 0;
    s[2] = (((c << 21) | (c >>> 11)) + t) | 0;
    s[3] = (d + 1) | 0;
    return (t >>> 0) / TWO_POW_32;
  }
}

function assertUint32(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 0 || value >= TWO_POW_32) {
    throw new RangeError(`${name} ${value} is not an integer in [0, 2³²)`);
  }
}

/**
 * The generator for run `run` of seed `seed`: sfc32 with a, b the first two splitmix32 outputs
 * from `seed` and c, d the first two from `run`. splitmix32's mixer and sfc32's step are both
 * bijections, so distinct (seed, run) pairs never share a state; each run having its own stream
 * makes results independent of how runs are split between workers.
 */
export function runStream(seed: number, run: number): Sfc32 {
  assertUint32('seed', seed);
  assertUint32('run', run);
  return new Sfc32(
    splitmix32(seed, 1),
    splitmix32(seed, 2),
    splitmix32(run, 1),
    splitmix32(run, 2),
  );
}

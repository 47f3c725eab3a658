// Passwords from the platform's CSPRNG, without modulo bias, holding at least one of each chosen class: one
// generator for the window (renderer/vault/GeneratorPanel.tsx) and the command line (keyhold generate).

export interface GeneratorOptions {
  length: number;
  lower: boolean;
  upper: boolean;
  digits: boolean;
  symbols: boolean;
  /** Leave out characters that are easy to misread: Il1O0o. */
  avoidAmbiguous: boolean;
}

export const DEFAULT_GENERATOR: GeneratorOptions = {
  length: 24,
  lower: true,
  upper: true,
  digits: true,
  symbols: true,
  avoidAmbiguous: false,
};

export const MIN_LENGTH = 8;
export const MAX_LENGTH = 128;

const CLASSES = {
  lower: 'abcdefghijklmnopqrstuvwxyz',
  upper: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
  digits: '0123456789',
  symbols: '!#$%&*+-./:;=?@^_~',
} as const;
const AMBIGUOUS = /[Il1O0o]/g;

type RandomSource = (bytes: Uint32Array) => Uint32Array;
const cryptoSource: RandomSource = (bytes) => crypto.getRandomValues(bytes);

/** A uniform integer in [0, bound): values from the biased tail are drawn again. */
function uniform(bound: number, random: RandomSource): number {
  const limit = Math.floor(0x1_0000_0000 / bound) * bound;
  const cell = new Uint32Array(1);
  for (;;) {
    const value = random(cell)[0] as number;
    if (value < limit) return value % bound;
  }
}

export function generatePassword(options: GeneratorOptions, random: RandomSource = cryptoSource): string {
  const length = Math.min(MAX_LENGTH, Math.max(MIN_LENGTH, Math.floor(options.length)));
  const chosen = (Object.keys(CLASSES) as (keyof typeof CLASSES)[])
    .filter((name) => options[name])
    .map((name) => (options.avoidAmbiguous ? CLASSES[name].replace(AMBIGUOUS, '') : CLASSES[name]));
  if (chosen.length === 0) chosen.push(CLASSES.lower);
  const all = chosen.join('');
  const chars = chosen.map((set) => set[uniform(set.length, random)] as string);
  while (chars.length < length) chars.push(all[uniform(all.length, random)] as string);
  // Fisher–Yates, so the guaranteed characters are not always first.
  for (let i = chars.length - 1; i > 0; i--) {
    const j = uniform(i + 1, random);
    [chars[i], chars[j]] = [chars[j] as string, chars[i] as string];
  }
  return chars.join('');
}

/** Bits of entropy of a password drawn from these options, to show how strong the choice is. */
export function entropyBits(options: GeneratorOptions): number {
  const size = (Object.keys(CLASSES) as (keyof typeof CLASSES)[])
    .filter((name) => options[name])
    .reduce(
      (sum, name) =>
        sum + (options.avoidAmbiguous ? CLASSES[name].replace(AMBIGUOUS, '') : CLASSES[name]).length,
      0,
    );
  return Math.floor(Math.max(1, options.length) * Math.log2(Math.max(2, size)));
}

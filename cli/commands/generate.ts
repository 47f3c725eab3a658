// keyhold generate: a password from the same generator as the window's (the platform's CSPRNG, no modulo
// bias, at least one character of each chosen class). Works offline: it needs no server or session.
import type { Command } from 'commander';
import {
  DEFAULT_GENERATOR,
  entropyBits,
  type GeneratorOptions,
  generatePassword,
  MAX_LENGTH,
  MIN_LENGTH,
} from '../../client/password-generator.ts';
import { UsageError } from '../errors.ts';
import { printJson, printLine, printValue } from '../output.ts';

interface GenerateOptions {
  length: string;
  lower: boolean;
  upper: boolean;
  digits: boolean;
  symbols: boolean;
  avoidAmbiguous?: boolean;
  count: string;
  json?: boolean;
}

function wholeNumber(text: string, option: string, min: number, max: number): number {
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || value < min || value > max) {
    throw new UsageError(`${option} "${text}": must be a whole number from ${min} to ${max}`);
  }
  return value;
}

function generate(options: GenerateOptions): void {
  const chosen: GeneratorOptions = {
    length: wholeNumber(options.length, '--length', MIN_LENGTH, MAX_LENGTH),
    lower: options.lower,
    upper: options.upper,
    digits: options.digits,
    symbols: options.symbols,
    avoidAmbiguous: options.avoidAmbiguous === true,
  };
  if (!chosen.lower && !chosen.upper && !chosen.digits && !chosen.symbols) {
    throw new UsageError('--no-lower, --no-upper, --no-digits, --no-symbols: at least one class must stay');
  }
  const count = wholeNumber(options.count, '--count', 1, 1000);
  const passwords = Array.from({ length: count }, () => generatePassword(chosen));
  if (options.json) printJson({ passwords, entropyBits: entropyBits(chosen) });
  else if (count === 1) printValue(passwords[0] ?? '');
  else for (const password of passwords) printLine(password);
}

export function registerGenerate(program: Command): void {
  program
    .command('generate')
    .summary('print a random password')
    .description(
      `Print a random password: ${DEFAULT_GENERATOR.length} characters of lower and upper case letters, digits and ` +
        'symbols (!#$%&*+-./:;=?@^_~) by default, at least one of each class, drawn from the system CSPRNG ' +
        "(the window's generator). Needs no server. A trailing newline only on a terminal (one per line with " +
        '--count).\n\nExit codes: 0 printed, 2 bad usage.',
    )
    .option('--length <n>', `${MIN_LENGTH} to ${MAX_LENGTH} characters`, String(DEFAULT_GENERATOR.length))
    .option('--no-lower', 'no lower-case letters')
    .option('--no-upper', 'no upper-case letters')
    .option('--no-digits', 'no digits')
    .option('--no-symbols', 'no symbols')
    .option('--avoid-ambiguous', 'leave out characters easy to misread (I l 1 O 0 o)')
    .option('--count <n>', 'how many passwords, one per line', '1')
    .option('--json', 'print {passwords, entropyBits}')
    .addHelpText(
      'after',
      '\nExamples:\n  keyhold generate --length 32\n' +
        '  keyhold generate --no-symbols | keyhold put /ci/db-password\n' +
        '  keyhold generate --length 12 --no-symbols --avoid-ambiguous --count 5',
    )
    .action((options: GenerateOptions) => generate(options));
}

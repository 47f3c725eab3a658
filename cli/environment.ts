// Configuration without files, for CI: KEYHOLD_SERVER, KEYHOLD_CA (a PEM file or the PEM itself) or
// KEYHOLD_CA_FINGERPRINT, and KEYHOLD_TOKEN (a machine token's content). With KEYHOLD_TOKEN set, every
// command signs in with the token, does its work and signs out: nothing is read from or written to the
// configuration folder, and no private key touches the disk.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { type MachineToken, parseMachineToken } from '../client/machine-identity.ts';
import { CliError, UsageError } from './errors.ts';
import { fetchServerCa, normalizeFingerprint, parseCaPem } from './server-ca.ts';

export const ENV_SERVER = 'KEYHOLD_SERVER';
export const ENV_CA = 'KEYHOLD_CA';
export const ENV_CA_FINGERPRINT = 'KEYHOLD_CA_FINGERPRINT';
export const ENV_TOKEN = 'KEYHOLD_TOKEN';

const serverSchema = z.url({ protocol: /^https$/, message: 'must be an https:// URL' });

/** A variable that is set and not blank, else undefined (an empty `KEYHOLD_CA=` in a CI file means unset). */
export function envValue(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const value = env[name];
  return value === undefined || value.trim() === '' ? undefined : value;
}

/** A machine token's text checked; `where` (a flag or a variable) names it in the error, never its content. */
export function parseToken(text: string, where: string): MachineToken {
  try {
    return parseMachineToken(text);
  } catch (error) {
    throw new UsageError(`${where}: ${error instanceof Error ? error.message : 'not valid'}`);
  }
}

/** https://host:port from a flag, a variable or a token; the one that is wrong is named. */
export function parseServer(text: string, where: string): string {
  const parsed = serverSchema.safeParse(text.trim());
  if (!parsed.success) throw new UsageError(`${where} "${text}": must be an https:// URL`);
  return new URL(parsed.data).origin;
}

/** KEYHOLD_CA: the PEM itself (as CI secret stores hold it) or the path of a PEM file. */
export function caFromEnvironment(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const value = envValue(ENV_CA, env);
  if (value === undefined) return undefined;
  if (value.trimStart().startsWith('-----BEGIN')) return parseCaPem(value, ENV_CA);
  let pem: string;
  try {
    pem = readFileSync(value, 'utf8');
  } catch (error) {
    const reason = error instanceof Error && 'code' in error ? String(error.code) : 'unreadable';
    throw new UsageError(`${ENV_CA} ${value}: cannot read it (${reason})`);
  }
  return parseCaPem(pem, `${ENV_CA} ${value}`);
}

/** A fingerprint given by a person (flag or variable), normalised, or refused naming where it came from. */
export function parseFingerprint(text: string, where: string): string {
  const normalized = normalizeFingerprint(text);
  if (normalized === null) {
    throw new UsageError(`${where}: must be a SHA-256 fingerprint (64 hex digits, colons allowed)`);
  }
  return normalized;
}

/** The CA fetched from the server, trusted only if it has the expected fingerprint. */
export async function caMatching(server: string, expected: string, where: string): Promise<string> {
  const offered = await fetchServerCa(server);
  if (offered.fingerprint !== expected) {
    throw new CliError(
      `the server's CA fingerprint is ${offered.fingerprint}, not the one given by ${where}; not trusting it`,
    );
  }
  return offered.pem;
}

export interface StatelessSetup {
  server: string;
  caPem: string;
  token: MachineToken;
}

/**
 * Where and how to sign in from the environment alone. The server is KEYHOLD_SERVER, else the token's;
 * the CA is KEYHOLD_CA, else the one the server sends if its fingerprint is KEYHOLD_CA_FINGERPRINT or the
 * token's (recorded when the token was made); without any of them nothing is trusted.
 */
export async function statelessSetup(
  token: MachineToken,
  env: NodeJS.ProcessEnv = process.env,
): Promise<StatelessSetup> {
  const serverText = envValue(ENV_SERVER, env);
  const server =
    serverText === undefined
      ? parseServer(token.server, "the token's server")
      : parseServer(serverText, ENV_SERVER);
  const pem = caFromEnvironment(env);
  if (pem !== undefined) return { server, caPem: pem, token };
  const given = envValue(ENV_CA_FINGERPRINT, env);
  if (given !== undefined) {
    return {
      server,
      caPem: await caMatching(server, parseFingerprint(given, ENV_CA_FINGERPRINT), ENV_CA_FINGERPRINT),
      token,
    };
  }
  if (token.caFingerprint) {
    const expected = parseFingerprint(token.caFingerprint, `${ENV_TOKEN} caFingerprint`);
    return { server, caPem: await caMatching(server, expected, `the token (${ENV_TOKEN})`), token };
  }
  throw new UsageError(
    `${ENV_CA}: this token does not name its server's CA; set ${ENV_CA} (the PEM or its file) or ${ENV_CA_FINGERPRINT}`,
  );
}

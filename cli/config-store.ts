// The CLI's folder of state: config.json (server URL and its pinned CA) and session.json (the open session).
// Both are readable by their owner only; a file or folder others can read is refused, not silently fixed,
// because by then the private key in session.json may already have been seen.
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { CliError } from './errors.ts';

export const CONFIG_FILE = 'config.json';
export const SESSION_FILE = 'session.json';

/** KEYHOLD_CONFIG_DIR, else $XDG_CONFIG_HOME/keyhold, else ~/.config/keyhold. */
export function configDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.KEYHOLD_CONFIG_DIR) return path.resolve(env.KEYHOLD_CONFIG_DIR);
  if (env.XDG_CONFIG_HOME) return path.join(path.resolve(env.XDG_CONFIG_HOME), 'keyhold');
  return path.join(os.homedir(), '.config', 'keyhold');
}

const pemSchema = z.string().regex(/-----BEGIN CERTIFICATE-----[\s\S]+-----END CERTIFICATE-----/, {
  message: 'must be a PEM certificate',
});

export const configSchema = z
  .object({
    server: z.url({ protocol: /^https$/, message: 'must be an https:// URL' }),
    caPem: pemSchema,
    /** The last person signed in, so that `keyhold login` can be typed without --user next time. */
    username: z.string().min(1).max(64).optional(),
    /** Client certificate and key files for mutual TLS, when the server asks for one. */
    clientCert: z.string().min(1).optional(),
    clientKey: z.string().min(1).optional(),
  })
  .strict();
export type CliConfig = z.infer<typeof configSchema>;

export const sessionFileSchema = z
  .object({
    server: z.string(),
    token: z.string().min(1),
    opNumber: z.int().min(0),
    sessionId: z.uuid(),
    user: z.object({
      id: z.uuid(),
      username: z.string(),
      displayName: z.string(),
      role: z.enum(['admin', 'moderator', 'user']),
    }),
    publicKey: z.string().min(40),
    privateKey: z.string().min(40),
    /** The key that opens the user's own secrets (base64), kept like the private key. */
    vaultKey: z.string().min(40).optional(),
    kind: z.enum(['person', 'machine']),
  })
  .strict();
export type SessionFile = z.infer<typeof sessionFileSchema>;

/** Checks that only the owner can reach a file or folder (on POSIX; Windows has no mode bits to check). */
function assertPrivate(target: string, what: string): void {
  if (process.platform === 'win32') return;
  const stat = lstatSync(target);
  if (stat.isSymbolicLink())
    throw new CliError(`${target} is a symbolic link; refusing to use it as the ${what}`);
  if (typeof process.getuid === 'function' && stat.uid !== process.getuid()) {
    throw new CliError(`${target} belongs to another user; refusing to use it as the ${what}`);
  }
  if ((stat.mode & 0o077) !== 0) {
    const mode = (stat.mode & 0o777).toString(8);
    const fix = stat.isDirectory() ? 'chmod 700' : 'chmod 600';
    throw new CliError(
      `${target} is readable by others (mode ${mode}); refusing to use it as the ${what} — run: ${fix} ${target}`,
    );
  }
}

export class ConfigStore {
  readonly dir: string;

  constructor(dir: string = configDir()) {
    this.dir = dir;
  }

  #file(name: string): string {
    return path.join(this.dir, name);
  }

  #ensureDir(): void {
    if (!existsSync(this.dir)) {
      mkdirSync(this.dir, { recursive: true, mode: 0o700 });
      chmodSync(this.dir, 0o700);
    }
    assertPrivate(this.dir, 'Keyhold configuration folder');
  }

  #read<T>(name: string, schema: z.ZodType<T>, what: string): T | null {
    const file = this.#file(name);
    if (!existsSync(file)) return null;
    assertPrivate(this.dir, 'Keyhold configuration folder');
    assertPrivate(file, what);
    let data: unknown;
    try {
      data = JSON.parse(readFileSync(file, 'utf8'));
    } catch {
      throw new CliError(`${file} is not valid JSON; fix or delete it`);
    }
    const parsed = schema.safeParse(data);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new CliError(`${file}: ${issue?.path.join('.') || 'file'}: ${issue?.message ?? 'is not valid'}`);
    }
    return parsed.data;
  }

  /** Written to a temporary file made 0600 from the start, then renamed: never briefly readable by others. */
  #write(name: string, data: unknown): void {
    this.#ensureDir();
    const file = this.#file(name);
    const temp = `${file}.${process.pid}.tmp`;
    writeFileSync(temp, `${JSON.stringify(data, null, 2)}\n`, { mode: 0o600, flag: 'w' });
    chmodSync(temp, 0o600);
    renameSync(temp, file);
  }

  readConfig(): CliConfig | null {
    return this.#read(CONFIG_FILE, configSchema, 'Keyhold configuration');
  }

  writeConfig(config: CliConfig): void {
    this.#write(CONFIG_FILE, configSchema.parse(config));
  }

  readSession(): SessionFile | null {
    return this.#read(SESSION_FILE, sessionFileSchema, 'Keyhold session file');
  }

  writeSession(session: SessionFile): void {
    this.#write(SESSION_FILE, sessionFileSchema.parse(session));
  }

  deleteSession(): void {
    rmSync(this.#file(SESSION_FILE), { force: true });
  }
}

// Types of the Electron build script (plain ESM so that it runs without a TypeScript loader).
export declare const NATIVE_EXTERNALS: string[];
export declare function buildElectron(
  out?: string,
  options?: { kdfFloor?: 'production' | 'test' },
): Promise<string>;

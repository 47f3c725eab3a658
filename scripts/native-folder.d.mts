// Types of the native-folder picker (plain ESM so that the scripts run it without a TypeScript loader).
export interface NativeTarget {
  /** process.versions.modules of the runtime, e.g. '150' for Electron 45. */
  abi: string;
  platform: string;
  arch: string;
}
export declare const NATIVE_ROOT: string;
export declare const SQLITE_BINARY: string;
export declare function nativeFolderName(target: NativeTarget): string;
export declare function sqliteBindingPath(appRoot: string, target: NativeTarget): string;
export declare function pickSqliteBinding(options: {
  appRoot: string;
  versions: { modules: string; electron?: string | undefined };
  platform: string;
  arch: string;
  exists: (file: string) => boolean;
}): string | undefined;

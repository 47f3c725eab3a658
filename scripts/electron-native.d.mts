// Types of the Electron native-module script (plain ESM so that `npm start` runs it without a TypeScript loader).
import type { NativeTarget } from './native-folder.mjs';
export interface ElectronTarget extends NativeTarget {
  /** The Electron version in node_modules/electron, e.g. '45.4.1'. */
  version: string;
}
export declare function electronTarget(appRoot?: string, platform?: string, arch?: string): ElectronTarget;
export declare function readyElectronSqlite(appRoot?: string, target?: ElectronTarget): string | null;
export declare function ensureElectronSqlite(options?: {
  appRoot?: string;
  target?: ElectronTarget;
  log?: (line: string) => void;
}): Promise<string>;

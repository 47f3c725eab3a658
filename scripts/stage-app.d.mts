// Types of the app-folder staging script (plain ESM so that `npm run dist` runs it without a TypeScript loader).
import type { NativeTarget } from './native-folder.mjs';
export declare const MODULES_DIR: string;
export declare function appPackageJson(rootPackage: Record<string, unknown>): Record<string, unknown>;
export declare function stageApp(options: {
  outDir: string;
  target: NativeTarget;
  sqliteBinary: string;
  appRoot?: string;
  bundles?: string;
  renderer?: string;
}): string;

// Types of the renderer build script (plain ESM so that it runs without a TypeScript loader).
export declare function buildRenderer(options?: {
  minify?: boolean;
  kdfFloor?: 'production' | 'test';
  /** Where the build goes (dist/renderer by default); it replaces the folder only once complete. */
  outDir?: string;
  /** The source files the bundle was made from, relative to the repository (node_modules left out). */
  onInputs?: (inputs: string[]) => void;
}): Promise<string>;

// Types of the renderer build script (plain ESM so that it runs without a TypeScript loader).
export declare function buildRenderer(options?: {
  minify?: boolean;
  kdfFloor?: 'production' | 'test';
}): Promise<string>;

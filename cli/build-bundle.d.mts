// Types of the bundle builder (plain ESM so that the launcher and npm's prepare run it without a TypeScript loader).
export declare const defaultOut: string;
export declare function buildCli(out?: string): Promise<string>;

/** Where the record is kept, under the project root. */
export declare const RECORD_FILE: string;
/** Files that shape the build without esbuild reading them as modules. */
export declare const BUILD_FILES: readonly string[];
/** How long before the build's start a write still counts as racing with it. */
export declare const MARGIN_MS: number;
/**
 * Records a build; false, and no record, when a file or folder changed while it ran, or when an
 * output's inode is not the one in `inodes` (another build renamed its file over it).
 */
export declare function recordBuild(
  root: string,
  build: {
    inputs: readonly string[];
    outputs: readonly string[];
    inodes?: Readonly<Record<string, string>>;
    startedAt: number;
    marginMs?: number;
  },
): boolean;
/** Deletes the record, so the next check rebuilds. */
export declare function removeRecord(root: string): void;
/** Why build/ may not match its inputs, or undefined when every recorded stat is unchanged. */
export declare function staleReason(root: string): string | undefined;

/** The loop the rewritten code calls. */
export declare const HELPER: string;
/** `source` with every generated `reduce` replaced by the loop; throws if one is not recognized. */
export declare function linearizeDefinedEntries(source: string): { code: string; replaced: number };

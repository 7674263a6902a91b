export declare function strictify(schema: unknown): unknown;
export declare function crdJsonSchemas(files: readonly string[]): Map<string, Record<string, unknown>>;
export declare function yamlFiles(dir: string): string[];

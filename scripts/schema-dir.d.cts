export interface SchemaSource {
  readonly path: string;
  readonly url: string;
  /** The upstream release the file belongs to (Kubernetes or the CRD's project). */
  readonly version: string;
  /** sha256 of the vendored file, hex. */
  readonly sha256: string;
}
export type KubernetesSchemaSource = SchemaSource;
export interface CrdSource extends SchemaSource {
  readonly importAs: string;
  readonly project: string;
}
export declare const projectRoot: string;
export declare const sourcesFile: string;
export declare const sources: { readonly kubernetes: KubernetesSchemaSource[]; readonly crds: CrdSource[] };
export declare function schemaDir(): string;
export declare function schemaFile(relative: string): string;
export declare function allSources(): SchemaSource[];

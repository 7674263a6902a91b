export interface SchemaSource {
  readonly path: string;
  readonly url: string;
}
export interface KubernetesSchemaSource extends SchemaSource {
  readonly version: string;
}
export interface CrdSource extends SchemaSource {
  readonly importAs: string;
}
export declare const projectRoot: string;
export declare const sources: { readonly kubernetes: KubernetesSchemaSource[]; readonly crds: CrdSource[] };
export declare function schemaDir(): string;
export declare function schemaFile(relative: string): string;

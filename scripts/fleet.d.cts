/** The environment file the fleet copies. */
export declare const TEMPLATE: string;
/** The name of environment `index` (from 0) of a fleet of `count`. */
export declare function fleetName(index: number, count: number): string;
/** The name of generated cluster `index` (from 0). */
export declare function clusterName(index: number): string;
/** The environment files of a fleet of `count` on `clusters` clusters, keyed by file name. */
export declare function fleetEnvironments(count: number, templateText?: string, clusters?: number): Map<string, string>;
/** The cluster files of `clusters` generated clusters, keyed by file name. */
export declare function fleetClusters(clusters: number, templateText?: string): Map<string, string>;
/** A temp project folder with config/project.yaml, clusters and `count` environments; the caller removes it. */
export declare function createFleetProject(count: number, root?: string, clusters?: number): string;

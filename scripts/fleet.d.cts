export interface Fleet {
  readonly clusters: string[];
  readonly environments: Array<{ name: string; cluster: string }>;
}
export declare function writeFleet(root: string, size?: { clusters?: number; environments?: number }): Fleet;

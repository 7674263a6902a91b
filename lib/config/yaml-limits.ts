/**
 * Bounds on what one configuration file may expand to, checked before anything walks its data.
 * YAML aliases (`*name`) repeat a node without copying it, so a few hundred bytes can stand for
 * billions of values (a "billion laughs" file) or for a node that contains itself; deep flow
 * nesting (`[[[[...`) exhausts the stack or the memory of a recursive reader. A configuration
 * file is a few hundred values a few levels deep, so the bounds are far above any real one.
 */
import { type Document, isAlias, isCollection, isPair, isScalar, type Node } from 'yaml';

/** The bounds; every count includes what aliases repeat. */
export const YAML_LIMITS = {
  /** Values (mappings, lists, scalars) in a file once its aliases are expanded. */
  values: 10_000,
  /** Levels of mappings and lists inside one another. */
  depth: 64,
  /** Characters of text: a configuration file holds a few thousand. */
  characters: 1024 * 1024,
} as const;

/** What reading `data` (plain data, aliases shared by reference) finds on the way. */
export interface DataInspection {
  /** False when the data expands past the bounds, or holds itself (circular aliases). */
  readonly withinLimits: boolean;
  /** Whether some mapping has the key `key`. */
  readonly hasKey: boolean;
}

/**
 * Walks `data` as a reader would, expanding shared nodes, and stops as soon as it passes a
 * bound: the walk costs at most `YAML_LIMITS.values` steps, whatever the file.
 */
export function inspectData(data: unknown, key: string): DataInspection {
  let budget: number = YAML_LIMITS.values;
  let found = false;
  const walk = (value: unknown, depth: number): boolean => {
    budget -= 1;
    if (budget < 0 || depth > YAML_LIMITS.depth) return false;
    if (value === null || typeof value !== 'object') return true;
    if (!Array.isArray(value) && Object.hasOwn(value, key)) found = true;
    for (const child of Array.isArray(value) ? value : Object.values(value)) if (!walk(child, depth + 1)) return false;
    return true;
  };
  return { withinLimits: walk(data, 0), hasKey: found };
}

/** Values and levels of a node once expanded. */
interface Extent {
  readonly values: number;
  readonly depth: number;
}

const ENDLESS: Extent = { values: Infinity, depth: Infinity };

/**
 * The node of `doc` where it passes a bound, with the reason, or undefined. Each node's expanded
 * size is computed once (aliases looked up as YAML resolves them: the last anchor of that name
 * before the alias), so this is linear in the file, bomb or not.
 */
export function expansionProblem(doc: Document): { node: Node; message: string } | undefined {
  const targets = new Map<Node, Node | undefined>();
  const anchors = new Map<string, Node>();
  const order: Array<{ node: Node; depth: number; isKey: boolean }> = [];
  // Document order, parents before children: an anchor is known from its node on, so an alias
  // inside its own anchored node refers to that node (a cycle), as YAML readers resolve it.
  const collect = (node: unknown, depth: number, isKey = false): void => {
    if (isPair(node)) {
      collect(node.key, depth, true);
      collect(node.value, depth);
      return;
    }
    if (!isAlias(node) && !isScalar(node) && !isCollection(node)) return;
    order.push({ node, depth, isKey });
    if (isAlias(node)) targets.set(node, anchors.get(node.source));
    else if (node.anchor) anchors.set(node.anchor, node);
    if (isCollection(node) && depth <= YAML_LIMITS.depth) for (const item of node.items) collect(item, depth + 1);
  };
  collect(doc.contents, 0);

  const extents = new Map<Node, Extent>();
  // `level` bounds the recursion: past the depth bound the answer is "too deep" whatever follows.
  const extent = (node: unknown, level: number): Extent => {
    if (level > YAML_LIMITS.depth) return { values: 1, depth: Infinity };
    // Values are counted as inspectData counts them: keys are not.
    if (isPair(node)) return extent(node.value, level);
    if (!isAlias(node) && !isCollection(node)) return { values: node === null || node === undefined ? 0 : 1, depth: 0 };
    const known = extents.get(node);
    if (known) return known;
    extents.set(node, ENDLESS); // while it is being measured: reaching it again is a cycle
    let result: Extent;
    if (isAlias(node)) {
      const target = targets.get(node);
      result = target ? extent(target, level) : { values: 1, depth: 0 };
    } else {
      let values = 1;
      let depth = 0;
      for (const item of node.items) {
        const inner = extent(item, level + 1);
        values += inner.values;
        depth = Math.max(depth, inner.depth);
        if (values > YAML_LIMITS.values || depth > YAML_LIMITS.depth) break;
      }
      result = { values, depth: depth + 1 };
    }
    extents.set(node, result);
    return result;
  };

  let values = 0;
  for (const { node, depth, isKey } of order) {
    if (depth > YAML_LIMITS.depth)
      return { node, message: `nests lists and mappings more than ${YAML_LIMITS.depth} levels deep` };
    if (!isAlias(node)) {
      if (!isKey) values += 1;
      continue;
    }
    if (!targets.get(node))
      return { node, message: `the alias *${node.source} refers to no anchor &${node.source} before it` };
    const target = extent(node, 0);
    if (target === ENDLESS || target.values === Infinity)
      return { node, message: `the alias *${node.source} repeats a node that contains it, which never ends` };
    values += target.values;
    if (depth + target.depth > YAML_LIMITS.depth)
      return { node, message: `the alias *${node.source} nests its node more than ${YAML_LIMITS.depth} levels deep` };
    if (values > YAML_LIMITS.values)
      return {
        node,
        message: `the aliases up to *${node.source} expand the file past ${YAML_LIMITS.values} values (a YAML bomb?): write the values out`,
      };
  }
  return undefined;
}

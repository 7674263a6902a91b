// A build-time rewrite of the Kubernetes classes cdk8s-plus-27 ships (lib/imports/k8s.js, made
// by `cdk8s import`). Their toJson functions drop undefined values with
//   Object.entries(x).reduce((r, i) => (i[1] === undefined) ? r : ({ ...r, [i[0]]: f(i[1]) }), {})
// which copies the object built so far once per field: quadratic in the fields, and the largest
// single cost of turning our constructs into objects (a sixth of it, and garbage besides). The
// rewrite calls one loop that builds the same object: same keys in the same order, the same
// values, `f` applied the same way, a plain Object. The build fails if any `reduce((r, i) =>` of
// the file is left unrecognized, so a new cdk8s-plus release cannot be half rewritten.
// CommonJS so that scripts/build.mjs and the tests share this one copy.

/** The loop the rewritten code calls; appended once to the module. */
const HELPER = '__cdk8sDefinedEntries';

// The value expressions the generator writes for a map's values, `i[1]` being the value.
const PATTERN =
  /Object\.entries\(([^()]*)\)\.reduce\(\(r, i\) => \(i\[1\] === undefined\) \? r : \(\{ \.\.\.r, \[i\[0\]\]: (i\[1\](?:\?\.map\(y => y\)|\?\.value)?|toJson_\w+\(i\[1\]\)) \}\), \{\}\)/g;

// `{ ...r, [k]: v }` defines an own property even for "__proto__"; an assignment would set the
// prototype instead, so that one key is defined.
const HELPER_SOURCE = `
function ${HELPER}(object, map) {
  const result = {};
  for (const key of Object.keys(object)) {
    const value = object[key];
    if (value === undefined) continue;
    const mapped = map === undefined ? value : map(value);
    if (key === '__proto__') Object.defineProperty(result, key, { value: mapped, enumerable: true, writable: true, configurable: true });
    else result[key] = mapped;
  }
  return result;
}
`;

/** `source` with every generated reduce replaced by the loop; throws if one is not recognized. */
function linearizeDefinedEntries(source) {
  let replaced = 0;
  const code = source.replace(PATTERN, (_, object, value) => {
    replaced += 1;
    return value === 'i[1]' ? `${HELPER}(${object})` : `${HELPER}(${object}, (v) => ${value.replace('i[1]', 'v')})`;
  });
  const left = (code.match(/\.reduce\(\(r, i\) =>/g) ?? []).length;
  if (left > 0)
    throw new Error(`${left} generated reduce((r, i) => ...) not recognized: update scripts/defined-entries.cjs`);
  return { code: replaced > 0 ? code + HELPER_SOURCE : code, replaced };
}

module.exports = { linearizeDefinedEntries, HELPER };

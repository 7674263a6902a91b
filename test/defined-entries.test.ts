/**
 * scripts/defined-entries.cjs rewrites, at build time, the quadratic reduce with which the
 * generated Kubernetes classes of cdk8s-plus-27 drop undefined values. The rewrite must build
 * the same objects: same keys in the same order, same values, the value expression applied the
 * same way, a plain object, and "__proto__" an own key as the spread makes it. It must cover
 * every reduce of the real file, and refuse a form it does not know.
 */
import * as fs from 'node:fs';
import * as vm from 'node:vm';
import { HELPER, linearizeDefinedEntries } from '../scripts/defined-entries.cjs';

const k8sSource = fs.readFileSync(require.resolve('cdk8s-plus-27/lib/imports/k8s.js'), 'utf8');

/** The four value expressions the generator writes, as the generator writes them. */
const FORMS = ['i[1]', 'i[1]?.map(y => y)', 'i[1]?.value', 'toJson_Double(i[1])'];
const generated = (form: string) =>
  `Object.entries(obj).reduce((r, i) => (i[1] === undefined) ? r : ({ ...r, [i[0]]: ${form} }), {})`;

/** Both expressions (over `obj`) on `input`, in one realm, with the helper and a toJson_ in scope. */
function runBoth(before: string, after: string, helper: string, input: unknown): [object, object] {
  const context = vm.createContext({ input });
  vm.runInContext(`function toJson_Double(x) { return x * 2; }\n${helper}`, context);
  const run = (expression: string) =>
    vm.runInContext(`(function (obj) { return ${expression}; })(input)`, context) as object;
  return [run(before), run(after)];
}

const INPUTS: Record<string, unknown>[] = [
  {},
  { a: 1, b: undefined, c: null, d: 0, e: '' },
  { z: 2, '10': 3, '2': 4, a: 5 }, // integer-like keys first, ascending, in both
  JSON.parse('{"__proto__": 6, "x": 7}') as Record<string, unknown>,
];
const INPUTS_BY_FORM: Record<string, Record<string, unknown>[]> = {
  'i[1]': INPUTS,
  'i[1]?.map(y => y)': [{ a: [1, 2], b: undefined, c: [] }, JSON.parse('{"__proto__": [1]}')],
  'i[1]?.value': [{ a: { value: 1 }, b: undefined, c: { value: 'x' } }],
  'toJson_Double(i[1])': [{ a: 1, b: undefined, c: 3, '1': 4 }],
};

test.each(FORMS)('the form `%s` builds the same object after the rewrite', (form) => {
  const { code, replaced } = linearizeDefinedEntries(`module.exports = (obj) => ${generated(form)};`);
  expect(replaced).toBe(1);
  const helper = code.slice(code.indexOf(`\nfunction ${HELPER}`));
  const rewritten = code.slice('module.exports = (obj) => '.length, code.indexOf(';'));
  for (const input of INPUTS_BY_FORM[form]) {
    const [before, after] = runBoth(generated(form), rewritten, helper, input);
    expect(Reflect.ownKeys(after)).toEqual(Reflect.ownKeys(before));
    expect(JSON.stringify(after)).toBe(JSON.stringify(before));
    expect(Object.getPrototypeOf(after)).toBe(Object.getPrototypeOf(before)); // a plain Object
    expect(Object.getOwnPropertyDescriptors(after)).toEqual(Object.getOwnPropertyDescriptors(before));
  }
});

test('every reduce of the shipped k8s.js is rewritten', () => {
  const reduces = k8sSource.match(/\.reduce\(\(r, i\) =>/g)?.length ?? 0;
  const { code, replaced } = linearizeDefinedEntries(k8sSource);
  expect(reduces).toBeGreaterThan(400);
  expect(replaced).toBe(reduces);
  expect(code).not.toMatch(/\.\.\.r, \[i\[0\]\]/);
  expect(() => new vm.Script(code)).not.toThrow(); // still valid JavaScript
});

test('an unknown form stops the build instead of being left quadratic', () => {
  const unknown =
    'Object.entries(obj).reduce((r, i) => (i[1] === undefined) ? r : ({ ...r, [i[0]]: i[1].other() }), {})';
  expect(() => linearizeDefinedEntries(unknown)).toThrow(/not recognized/);
});

/**
 * Git ref names as git itself accepts them, so a revision ArgoCD is told to track exists as a
 * branch or tag that git can create. The rules are those of `git check-ref-format`
 * (git Documentation/git-check-ref-format.adoc, refs.c check_refname_component) for a one-level
 * name (`--allow-onelevel`: `main` as well as `release/1.2`), and the `--branch` rule that a
 * name does not start with "-" (it would read as an option). test/config-names.test.ts holds this
 * function to the real `git check-ref-format` on every case.
 */

/** Characters git refuses anywhere in a ref, with how the message names them. */
const FORBIDDEN: ReadonlyArray<[RegExp, string]> = [
  // ASCII control characters (below \040, and \177 DEL).
  // eslint-disable-next-line no-control-regex
  [/[\x00-\x1f\x7f]/, 'a control character'],
  [/ /, 'a space'],
  [/~/, '"~"'],
  [/\^/, '"^"'],
  [/:/, '":"'],
  [/\?/, '"?"'],
  [/\*/, '"*"'],
  [/\[/, '"["'],
  [/\\/, '"\\"'],
];

/** Why git refuses `ref` as a branch or tag name, or undefined when it accepts it. */
export function gitRefProblem(ref: string): string | undefined {
  if (ref === '') return 'is empty';
  for (const [pattern, what] of FORBIDDEN)
    if (pattern.test(ref)) return `contains ${what}, which git refuses in a ref name`;
  if (ref === '@') return 'is "@", which git reads as HEAD';
  if (ref.includes('@{')) return 'contains "@{", which git reads as a reflog entry';
  if (ref.includes('..')) return 'contains "..", which git reads as a range of commits';
  if (ref.startsWith('/') || ref.endsWith('/')) return 'starts or ends with "/"';
  if (ref.includes('//')) return 'contains "//" (an empty component)';
  if (ref.endsWith('.')) return 'ends with "."';
  if (ref.startsWith('-')) return 'starts with "-", which git reads as an option';
  for (const component of ref.split('/')) {
    if (component.startsWith('.')) return `has a component starting with "." ("${component}")`;
    if (component.endsWith('.lock'))
      return `has a component ending with ".lock" ("${component}"), git's lock-file suffix`;
  }
  return undefined;
}

/**
 * Every file under `dist/<env>/templates/` is a Helm template: Helm (v3.17.3, pkg/engine/engine.go,
 * `Engine.render`) parses it with Go's text/template, whose default left delimiter `{{` starts
 * an action anywhere in the text (text/template/parse/lex.go, `lexText`), then removes every
 * `<no value>` from what it rendered. A configured string holding either would break
 * `helm template` or be changed by it, so ArgoCD would apply other objects than the ones
 * committed. Such a string is written as a YAML double-quoted scalar with escapes, which every
 * YAML reader (Helm's, ArgoCD's, Kubernetes', ours) decodes back to the same text, while the file
 * holds neither sequence: `{` as `\x7B`, the space of `<no value>` as `\x20`. `}}` alone is plain
 * text to text/template, outside an action.
 */

import type { ScalarTag } from 'yaml';

/** What text/template or Helm's engine would act on in a template file. */
const HELM_ACTIVE = /\{\{|<no value>/;

/** Whether `text`, written as is into a template file, would be read or changed by Helm. */
export function isHelmActive(text: string): boolean {
  return HELM_ACTIVE.test(text);
}

// Characters a JSON string may hold raw that some YAML readers refuse or read as line breaks
// (go-yaml's reader accepts neither DEL, C1 controls but NEL, a BOM nor U+FFFE/U+FFFF, and takes
// NEL, U+2028 and U+2029 for line breaks): escaped too.
const UNSAFE_RAW = /[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]/g;

/**
 * `text` as a one-line YAML double-quoted scalar holding no `{{` and no `<no value>`. JSON's
 * escapes (`\"`, `\\`, `\n`, `\uXXXX`...) are all YAML 1.2 double-quoted escapes, as is `\xXX`.
 */
export function helmInertScalar(text: string): string {
  return JSON.stringify(text)
    .replace(/\{/g, '\\x7B')
    .replace(/<no value>/g, '<no\\x20value>')
    .replace(UNSAFE_RAW, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * A `yaml` tag for the strings Helm would act on, placed before the string tag, so the `yaml`
 * package writes them as `helmInertScalar` does (`default`: no `!!str` is written).
 */
export const helmInertTag: ScalarTag = {
  tag: 'tag:yaml.org,2002:str',
  default: true,
  identify: (value) => typeof value === 'string' && isHelmActive(value),
  // Only ever used to write; reading goes through the schema's own string tag.
  resolve: (text) => text,
  stringify: (node) => helmInertScalar(String(node.value)),
};

/** Fails when a template file would still be read or changed by Helm (a writer bug, never input). */
export function assertHelmInert(file: string, text: string): void {
  const match = HELM_ACTIVE.exec(text);
  if (match)
    throw new Error(`internal error: ${file} holds "${match[0]}" at offset ${match.index}, which Helm would evaluate`);
}

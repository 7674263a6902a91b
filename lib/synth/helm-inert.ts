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

// Characters the `yaml` package writes raw that Go's YAML readers refuse or read otherwise. The
// go-yaml that Helm, ArgoCD and the API server read YAML with refuses DEL and the C1 controls
// but NEL ("control characters are not allowed", readerc.go `yaml_parser_update_buffer`: the real
// helm refuses such a chart, test/helm-inert.test.ts) and U+FFFE/U+FFFF, and takes NEL, U+2028
// and U+2029 for line breaks (yamlprivateh.go `is_break`); a BOM is escaped too, as readers may
// drop it.
const UNSAFE_RAW = /[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]/;
const UNSAFE_RAW_ALL = new RegExp(UNSAFE_RAW.source, 'g');

/** Whether `text` must be written with escapes: Helm would act on it, or Go's YAML would not read it back. */
export function needsEscapes(text: string): boolean {
  return HELM_ACTIVE.test(text) || UNSAFE_RAW.test(text);
}

/**
 * `text` as a one-line YAML double-quoted scalar holding no `{{`, no `<no value>` and no
 * character of UNSAFE_RAW (escaped as `\uXXXX`). JSON's escapes (`\"`, `\\`, `\n`,
 * `\uXXXX`...) are all YAML 1.2 double-quoted escapes, as is `\xXX`.
 */
export function helmInertScalar(text: string): string {
  return JSON.stringify(text)
    .replace(/\{/g, '\\x7B')
    .replace(/<no value>/g, '<no\\x20value>')
    .replace(UNSAFE_RAW_ALL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * A `yaml` tag for the strings Helm would act on or Go's YAML would not read back, placed before
 * the string tag, so the `yaml` package writes them as `helmInertScalar` does (`default`: no
 * `!!str` is written).
 */
export const helmInertTag: ScalarTag = {
  tag: 'tag:yaml.org,2002:str',
  default: true,
  identify: (value) => typeof value === 'string' && needsEscapes(value),
  // Only ever used to write; reading goes through the schema's own string tag.
  resolve: (text) => text,
  stringify: (node) => helmInertScalar(String(node.value)),
};

/**
 * Fails when a template file would still be read or changed by Helm, or misread by go-yaml (a
 * bug of the writer, never a problem of the input).
 */
export function assertHelmInert(file: string, text: string): void {
  const match = HELM_ACTIVE.exec(text) ?? UNSAFE_RAW.exec(text);
  if (match)
    throw new Error(
      `internal error: ${file} holds ${JSON.stringify(match[0])} at offset ${match.index}, written unescaped`,
    );
}

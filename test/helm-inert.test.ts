/**
 * The files under dist/<env>/templates/ are Helm templates (helm v3.17.3 pkg/engine/engine.go,
 * `Engine.render`: Go text/template, then every `<no value>` removed). Configured strings full of
 * template syntax, quotes, backslashes and unicode must reach the cluster as written: the real
 * helm renders each chart, as ArgoCD does, and every object must equal the one we wrote, both as
 * the YAML file reads and as the synth built it. Helm reads each rendered document with go-yaml,
 * which refuses DEL and C1 controls: those are in the values too.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseAllDocuments, parseDocument, type Document } from 'yaml';
import { CHARTS } from '../charts/render';
import type { Manifest } from '../lib/common/manifest';
import { synthesizeAll } from '../lib/synth/synthesize';
import { helmInertScalar, needsEscapes } from '../lib/synth/helm-inert';
import { toYaml } from '../lib/synth/manifest-yaml';
import { editedConfig } from './support/edit-config';
import { helm } from './support/helm';
import { ROOT } from './support/project';

/** Strings Go's text/template or Helm's engine would act on, and their neighbours. */
const TRICKY = [
  '{{',
  '}}',
  '{{ .Release.Name }}',
  '{{- .Release.Namespace -}}',
  '{{/* comment */}}',
  '{{ "{{" }}',
  '{{{{ x }}}}',
  '{ {',
  '{',
  'a{{b',
  '<no value>',
  'x<no value>y<no value>',
  '"{{"',
  "'{{'",
  '\\{{',
  'back\\slash \\" \\n',
  'say "hi"',
  "it's",
  'café ☕ 日本 {{ .Values.x }}',
  'ligne 1\n{{ end }}\nligne 3\n',
  'first\n<no value>\n',
  'tab\t{{',
  'null',
  '{{ template "x" }}',
  '\u2028{{\u0085',
  '😀{{😀}}',
  // Characters go-yaml (Helm, ArgoCD, the API server) refuses or reads as line breaks.
  'a\u2028b',
  'n\u0085x',
  'bom\ufeffx',
  'del\x7fx',
  'c1\x80x',
];

const extraSettings = Object.fromEntries(TRICKY.map((value, i) => [`TRICKY_${i}`, value]));

/** Every free-form string of the committed configuration set to the tricky values. */
function trickyOverrides(): Map<string, string> {
  const edits: Array<[string, (doc: Document) => void]> = [
    ['config/project.yaml', (d) => d.setIn(['product', 'description'], 'ACME {{ .Chart.Name }} <no value> "shop"')],
  ];
  for (const name of ['dev', 'staging', 'production']) {
    edits.push([
      `config/environments/${name}.yaml`,
      (d) => {
        // Added beside the settings the file already gives (the app's required ones among them).
        for (const [key, value] of Object.entries(extraSettings)) d.setIn(['django', 'extraSettings', key], value);
        if (d.getIn(['secrets', 'mode']) === 'external-secrets')
          d.setIn(['secrets', 'remoteKey'], '{{ .Release.Name }}');
        const egress = d.getIn(['network', 'egress']) as { items?: unknown[] } | undefined;
        egress?.items?.forEach((_, i) =>
          d.setIn(['network', 'egress', i, 'description'], `egress {{ ${i} }} <no value>`),
        );
      },
    ]);
  }
  return editedConfig(...edits);
}

const identity = (o: Manifest): string => `${o.apiVersion} ${o.kind} ${o.metadata.namespace ?? ''}/${o.metadata.name}`;
const byIdentity = (objects: Manifest[]) => Object.fromEntries(objects.map((o) => [identity(o), o]));
const objectsOf = (text: string): Manifest[] =>
  parseAllDocuments(text)
    .map((d) => {
      expect(d.errors).toEqual([]);
      return d.toJS() as Manifest | null;
    })
    .filter((m): m is Manifest => m !== null);

describe('configured strings reach the cluster exactly as written, through helm template', () => {
  const result = synthesizeAll(ROOT, { charts: CHARTS, overrides: trickyOverrides() });
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-inert-'));
    for (const [file, content] of result.dist) {
      fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      fs.writeFileSync(path.join(dir, file), content);
    }
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('the tricky strings are in the objects the synth built', () => {
    const all = JSON.stringify(result.dist.size > 0 && [...result.dist.values()].map((t) => objectsOf(t)));
    for (const value of [...TRICKY, '{{ .Release.Name }}']) expect(all).toContain(JSON.stringify(value).slice(1, -1));
  });

  test.each(['dev', 'staging', 'production'])(
    'dist/%s: helm template gives back every object, equal to the file and to the synthesized object',
    (name) => {
      const env = result.config.environments.find((e) => e.name === name);
      if (!env) throw new Error(`no environment ${name}`);
      const written = [...result.dist]
        .filter(([file]) => file.startsWith(`${name}/templates/`))
        .flatMap(([, text]) => objectsOf(text));
      const out = helm([
        'template',
        `acme-${name}`,
        path.join(dir, name),
        '--namespace',
        env.namespace,
        '--kube-version',
        '1.36.0',
      ]);
      const rendered = objectsOf(out);
      expect(rendered).toHaveLength(written.length);
      expect(byIdentity(rendered)).toEqual(byIdentity(written));
      const built = CHARTS.environment(result.config.project, env);
      expect(byIdentity(written)).toEqual(byIdentity(built));
    },
  );

  test('no template file holds what Helm acts on, nor a character Go’s YAML misreads', () => {
    const active = [...result.dist].filter(([file, text]) => file.includes('/templates/') && needsEscapes(text));
    expect(active.map(([file]) => file)).toEqual([]);
  });
});

describe('helmInertScalar', () => {
  test.each(TRICKY)('%j reads back as itself and holds nothing Helm acts on', (value) => {
    const written = helmInertScalar(value);
    expect(needsEscapes(written)).toBe(false);
    expect(written).not.toMatch(/[\n\u2028\u0085]/);
    expect(parseDocument(written).toJS()).toBe(value);
    // Keys too, and in both paths of the writer (direct, and `yaml` for non-ASCII objects).
    for (const object of [{ [value]: value }, { k: [value], é: 'é' }]) {
      const text = toYaml(object);
      expect(needsEscapes(text)).toBe(false);
      expect(parseDocument(text).toJS()).toEqual(object);
    }
  });
});

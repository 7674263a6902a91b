/**
 * The generated references (docs/reference/configuration.md, policy-rules.md): the committed
 * copies equal a fresh generation (compared in-process, no CLI spawned), every field of every
 * schema and every rule is in them, and the TSDoc pairing follows the shapes the schemas use.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as z from 'zod';
import { NOT_ADOPTED, RULES } from '../lib/policy/rules';
import { policyExceptions } from '../lib/policy/exceptions';
import {
  CONFIG_FILES,
  configurationReference,
  documentedFields,
  undocumentedFields,
} from '../lib/reference/config-reference';
import { POLICY_REFERENCE_FILE } from '../lib/reference/policy-reference';
import { referenceFiles } from '../lib/reference/reference-files';
import { joinPath } from '../lib/reference/schema-descriptions';
import { ROOT } from './support/project';

const generated = referenceFiles(ROOT);

test.each([...generated.keys()])('%s is fresh (else: npm run cli -- docs)', (file) => {
  expect(fs.readFileSync(path.join(ROOT, file), 'utf8')).toBe(generated.get(file));
});

test('every field of every configuration file is listed with its type, default and description', () => {
  const fields = documentedFields(ROOT);
  for (const kind of CONFIG_FILES) expect(fields.filter((f) => f.file === kind.file).length).toBeGreaterThan(5);
  const byPath = (file: string, p: string) => fields.find((f) => f.file === file && joinPath(f.path) === p);
  const argocd = byPath('config/project.yaml', 'delivery.argocdNamespace');
  expect(argocd).toMatchObject({ type: 'string', default: '"argocd"', required: false });
  expect(argocd?.doc?.description).toMatch(/Namespace ArgoCD runs in/);
  const tier = byPath('config/environments/<env>.yaml', 'tier');
  expect(tier).toMatchObject({ required: true, constraints: ['one of "development", "staging", "production"'] });
  // Fields under arrays and sections defined in other files get their comments too.
  expect(byPath('config/environments/<env>.yaml', 'delivery.syncWindows[].timeZone')?.doc?.defaultTag).toBe('UTC');
  expect(byPath('config/environments/<env>.yaml', 'worker.concurrency')?.doc?.description).toMatch(/pool processes/);
  const text = generated.get('docs/reference/configuration.md') ?? '';
  for (const field of fields) expect(text).toContain(`| \`${joinPath(field.path)}\` | ${field.type} |`);
});

test('fields without a description are listed in the reference (counted, not refused)', () => {
  const fields = documentedFields(ROOT);
  const missing = undocumentedFields(fields);
  console.log(`configuration reference: ${missing.length} of ${fields.length} fields have no TSDoc description`);
  const text = generated.get('docs/reference/configuration.md') ?? '';
  expect(text).toContain(missing.length === 0 ? 'None.' : `${missing.length} fields have no TSDoc comment`);
});

test('the generator reads a new kind of file from its schema and source alone', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reference-'));
  try {
    // Only the syntax of the source is read, so the file need not compile here.
    fs.writeFileSync(
      path.join(dir, 'sample.ts'),
      [
        "import { inner } from './inner';",
        'export const sampleSchema = z.strictObject({',
        '  /** Name of the thing. */',
        '  name: z.string().min(3),',
        '  /** Parts, in order. */',
        '  parts: z.array(inner).optional(),',
        '  /** Labels. @default none */',
        '  labels: z.record(',
        '    z.string(),',
        '    z.strictObject({',
        '      /** A label value. */',
        '      value: z.string(),',
        '    }),',
        '  ),',
        "  store: z.discriminatedUnion('mode', [",
        '    z.strictObject({',
        '      /** Kept in the namespace. */',
        "      mode: z.literal('local'),",
        '    }),',
        '    z.strictObject({',
        '      /** Kept elsewhere. */',
        "      mode: z.literal('remote'),",
        '      /** Where. */',
        '      url: z.string(),',
        '    }),',
        '  ]),',
        '});',
      ].join('\n'),
    );
    fs.writeFileSync(
      path.join(dir, 'inner.ts'),
      // TypeScript attaches a comment to the property that starts the next line (as Prettier formats it).
      'export const inner = z\n  .strictObject({\n    /** Size in GiB. */\n    size: z.int().max(9).default(1),\n  })\n  .optional();\n',
    );
    const schema = z.strictObject({
      name: z.string().min(3),
      parts: z.array(z.strictObject({ size: z.int().max(9).default(1) })).optional(),
      labels: z.record(z.string(), z.strictObject({ value: z.string() })),
      store: z.discriminatedUnion('mode', [
        z.strictObject({ mode: z.literal('local') }),
        z.strictObject({ mode: z.literal('remote'), url: z.string() }),
      ]),
    });
    const kind = { file: 'config/sample.yaml', schema, source: 'sample.ts', exportName: 'sampleSchema' };
    const fields = documentedFields(dir, [kind]);
    expect(fields.map((f) => [joinPath(f.path), f.doc?.description])).toEqual([
      ['name', 'Name of the thing.'],
      ['parts', 'Parts, in order.'],
      ['parts[].size', 'Size in GiB.'],
      ['labels', 'Labels.'],
      ['labels.*.value', 'A label value.'],
      ['store', undefined],
      ['store.mode', 'Kept in the namespace. Or: Kept elsewhere.'],
      ['store.url', 'Where.'],
    ]);
    // The options of a union are one field, their values one choice, required only where all require it.
    expect(fields[6]).toMatchObject({ type: 'string', constraints: ['one of "local", "remote"'], required: true });
    expect(fields[7]).toMatchObject({ required: true, optionOnly: true });
    expect(fields[6].optionOnly).toBeUndefined();
    expect(fields[2]).toMatchObject({ type: 'integer', default: '1', constraints: ['maximum 9'] });
    const text = configurationReference(dir, [kind]);
    expect(text).toContain('| `name` | string | yes |  | minLength 3 | Name of the thing. |');
    expect(text).toContain('| `labels` | map of object | yes | none |');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the policy reference lists every rule, exception and entry not adopted', () => {
  const text = generated.get(POLICY_REFERENCE_FILE) ?? '';
  // Each list has entries, so none of the loops below runs empty.
  expect([RULES.length, policyExceptions('<product>').length, Object.keys(NOT_ADOPTED).length]).not.toContain(0);
  for (const rule of RULES) expect(text).toContain(`| \`${rule.id}\` | ${rule.title} |`);
  for (const e of policyExceptions('<product>')) expect(text).toContain(`| \`${e.rule}\` | ${e.kind} \`${e.name}\` |`);
  for (const id of Object.keys(NOT_ADOPTED)) expect(text).toContain(`| \`${id}\` |`);
});

test('only the CLI imports the reference generator (constructs never load typescript or the schemas through it)', () => {
  const importers: string[] = [];
  const scan = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) scan(full);
      else if (e.name.endsWith('.ts') && /from '[./]+\/reference\//.test(fs.readFileSync(full, 'utf8'))) {
        importers.push(path.relative(ROOT, full));
      }
    }
  };
  scan(path.join(ROOT, 'lib'));
  expect(importers).toEqual([]);
  expect(fs.readFileSync(path.join(ROOT, 'cli.ts'), 'utf8')).toContain("from './lib/reference/reference-files'");
});

test('the API reference is TypeDoc output checked in CI, with no machine paths or dates in it', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
    devDependencies: Record<string, string>;
  };
  expect(pkg.devDependencies.typedoc).toMatch(/^\d+\.\d+\.\d+$/);
  expect(pkg.devDependencies['typedoc-plugin-markdown']).toMatch(/^\d+\.\d+\.\d+$/);
  expect(pkg.scripts['docs:api']).toBe('node scripts/api-docs.mjs');
  // Too slow for every `npm test` (a TypeDoc run type-checks the project): CI runs the check.
  expect(fs.readFileSync(path.join(ROOT, '.ci/run'), 'utf8')).toContain('npm run --silent docs:api -- --check');
  const dir = path.join(ROOT, 'docs/reference/api');
  const files = fs
    .readdirSync(dir, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.md'));
  expect(files).toContain('classes/DjangoStack.md');
  for (const file of files) {
    const text = fs.readFileSync(path.join(dir, file), 'utf8');
    expect(text).not.toContain(ROOT);
    expect(text).not.toMatch(/\b20\d\d-\d\d-\d\d\b|Generated (on|at)/);
  }
});

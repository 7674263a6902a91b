/**
 * What we write must be read back as written by the Go YAML readers that consume it: Helm's kube
 * client, ArgoCD and kubectl decode manifests with sigs.k8s.io/yaml (goyaml.v2), which resolves
 * plain scalars by YAML 1.1, where `no`, `on`, `y`, `0777` and `1_000` are not strings. Our own
 * tests read YAML 1.2 and could not see that difference, which left Redis's `--appendonly no` in
 * dist/ as a boolean argument (fuzz finding 12). The real kubectl (test/support/kubectl.ts) is the
 * reader here, offline.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { toYamlStream } from '../lib/synth/manifest-yaml';
import { readManifests, ROOT } from './support/project';
import { goYamlObjects } from './support/kubectl';

/** JSON's view of an object (what the API server gets), for comparison. */
const asJson = (object: unknown): unknown => JSON.parse(JSON.stringify(object));

function templateFiles(): string[] {
  const dist = path.join(ROOT, 'dist');
  return fs
    .readdirSync(dist, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.yaml') && !f.endsWith('Chart.yaml') && !f.endsWith('values.yaml'))
    .sort()
    .map((f) => path.join(dist, f));
}

test('every object in dist/ reads back in Go exactly as our YAML 1.2 reader reads it', () => {
  const files = templateFiles();
  expect(files.length).toBeGreaterThan(30);
  const ours = files.flatMap((f) => readManifests(f)).map(asJson);
  const theirs = goYamlObjects(files);
  expect(theirs).toHaveLength(ours.length);
  // Named by kind and name first (kubectl prints keys sorted, so only deep equality counts).
  const differ = theirs.flatMap((object, i) =>
    isDeepStrictEqual(object, ours[i])
      ? []
      : [`${String(object.kind)}/${String((object.metadata as { name?: string }).name)}`],
  );
  expect(differ).toEqual([]);
  expect(theirs).toEqual(ours);
});

// Strings YAML 1.1 reads as another type, and neighbours it does not.
const YAML11_TYPED = [
  'no',
  'No',
  'NO',
  'n',
  'N',
  'yes',
  'Y',
  'on',
  'On',
  'OFF',
  'off',
  '0777',
  '1_000',
  '0b101',
  '+12',
  '0x1F',
  '1.5e3',
  '.5',
  '~',
  'Null',
  '<<',
];
const NEIGHBOURS = ['nope', 'yess', 'onn', '0778x', '08', 'y1', 'offf', '2001-12-14'];

const STRINGS = [...YAML11_TYPED, ...NEIGHBOURS];
/** A Pod per string, holding it as an annotation key and value and as an argument. */
const written = STRINGS.map((text, i) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: `p${i}`, annotations: { [text]: text } },
  spec: { containers: [{ name: 'c', image: 'redis', args: ['--appendonly', text] }] },
}));

/** What kubectl reads from one file of all the Pods: one kubectl process rather than one per string. */
let readBack: Array<Record<string, unknown>>;
beforeAll(() => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'go-yaml-'));
  try {
    const file = path.join(dir, 'pods.yaml');
    fs.writeFileSync(file, toYamlStream(written));
    readBack = goYamlObjects([file]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test.each(STRINGS.map((text, i) => [text, i] as const))(
  'the string %j written as an annotation key, its value and an arg reads back as that string',
  (_text, i) => {
    expect(readBack).toHaveLength(written.length);
    expect(readBack[i]).toEqual(written[i]);
  },
);

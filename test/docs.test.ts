/**
 * The documentation's shape: a README that fits on a screen and links every page of docs/, no
 * section of the README as it was before the split (commit f263f9d, its headings in
 * test/fixtures/readme-headings-f263f9d.txt) lost without a reason, and no relative link or
 * anchor in the README or docs/ that leads nowhere. The API reference (docs/reference/api/) is
 * TypeDoc's, which checks its own links.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MATRIX_FILE } from '../lib/synth/environment-matrix';
import { brokenLinks, githubSlug, headingKey, markdownHeadings, markdownLinks, pageAnchors } from './support/markdown';
import { ROOT } from './support/project';

const README_MAX_LINES = 250;

/**
 * Headings of the README at f263f9d that are intentionally nowhere any more, each with the reason.
 * Empty: every section moved to a page of docs/ (the hand-written Configuration section held no
 * field table that docs/reference/configuration.md now generates; its prose moved whole).
 */
const DROPPED: Readonly<Record<string, string>> = {};

/** The README and the hand-written and generated pages of docs/, without TypeDoc's API reference. */
function documentationPages(): string[] {
  const pages = ['README.md'];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
      const rel = path.posix.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (rel !== 'docs/reference/api') walk(rel);
      } else if (entry.name.endsWith('.md')) pages.push(rel);
    }
  };
  walk('docs');
  return pages.sort();
}

const pages = documentationPages();
const read = (file: string): string => fs.readFileSync(path.join(ROOT, file), 'utf8');

test(`the README has at most ${README_MAX_LINES} lines`, () => {
  const lines = read('README.md').split('\n').length - 1;
  expect(lines).toBeLessThanOrEqual(README_MAX_LINES);
});

test("the README keeps the quick start's two commands, which .ci/run runs in a fresh clone", () => {
  const readme = read('README.md');
  const quickStart = readme.slice(
    readme.indexOf('## Quick start'),
    readme.indexOf('\n## ', readme.indexOf('## Quick start') + 3),
  );
  expect(quickStart).toMatch(/^npm ci && npm run synth\b/m);
  expect(quickStart).toMatch(/^npm test\b/m);
  const ci = read('.ci/run');
  expect(ci).toMatch(/npm run synth$/m);
  expect(ci).toMatch(/npm test$/m);
});

describe('no section of the README before the split is lost', () => {
  const before = fs
    .readFileSync(path.join(__dirname, 'fixtures/readme-headings-f263f9d.txt'), 'utf8')
    .split('\n')
    .filter((l) => l !== '');
  const present = new Set(pages.flatMap((p) => markdownHeadings(read(p)).map(headingKey)));

  test('the fixture holds the headings of that README, and no line of a code block', () => {
    expect(before.length).toBe(35);
    expect(before[0]).toBe('# ACME Django deployment (cdk8s)');
    expect(before).toContain('## Measured');
    // Its lines 519 and 523 began with `#` inside a YAML block: comments, not headings.
    expect(before.filter((h) => h.includes('config/environments/production'))).toEqual([]);
    // DROPPED names only headings the README had.
    for (const h of Object.keys(DROPPED)) expect(before.map(headingKey)).toContain(headingKey(h));
  });

  test.each(before)('%s is a heading of the README or docs/, or dropped with a reason', (heading) => {
    const key = headingKey(heading);
    const dropped = Object.entries(DROPPED).find(([h]) => headingKey(h) === key);
    if (dropped) {
      expect(present.has(key)).toBe(false);
      expect(dropped[1].length).toBeGreaterThan(0);
    } else expect([heading, present.has(key)]).toEqual([heading, true]);
  });
});

describe('links', () => {
  test.each(pages)('every relative link and anchor of %s leads somewhere', (page) => {
    expect(brokenLinks(ROOT, page, read(page))).toEqual([]);
  });

  test('the README links every page of docs/ (the generated ones included)', () => {
    const linked = new Set(
      markdownLinks(read('README.md')).map((l) => path.posix.normalize(l.target.replace(/#.*$/, ''))),
    );
    const docsPages = pages.filter((p) => p.startsWith('docs/'));
    expect(docsPages).toContain(MATRIX_FILE);
    expect(docsPages).toContain('docs/operating.md');
    for (const page of docsPages) expect([page, linked.has(page)]).toEqual([page, true]);
  });
});

describe('the checks themselves', () => {
  const fake = [
    '# A page',
    '## Sync windows: when, and `why`',
    '```yaml',
    '# a comment, not a heading',
    'see [no link](nowhere.md)',
    '```',
    'Text with `[code](not-a-link.md)` and [a link](#sync-windows-when-and-why).',
    '[missing page](docs/no-such-page.md), [missing anchor](#no-such-heading),',
    '[real page, missing anchor](README.md#no-such-heading), [real page](README.md#quick-start),',
    '[outside](../elsewhere.md), [web](https://example.com/x.md).',
  ].join('\n');

  test('headings and links outside code only; GitHub anchors', () => {
    expect(markdownHeadings(fake)).toEqual(['A page', 'Sync windows: when, and `why`']);
    expect(githubSlug('Scanners: who checks what, and where')).toBe('scanners-who-checks-what-and-where');
    expect(githubSlug('The app contract: `config/app.yaml`')).toBe('the-app-contract-configappyaml');
    expect(pageAnchors('# Notes\n## Notes\n## Notes')).toEqual(new Set(['notes', 'notes-1', 'notes-2']));
    expect(markdownLinks(fake).map((l) => l.target)).not.toContain('nowhere.md');
    expect(markdownLinks(fake).map((l) => l.target)).not.toContain('not-a-link.md');
  });

  test('a broken page, anchor or way out of the repository is reported with its line', () => {
    expect(brokenLinks(ROOT, 'fake.md', fake)).toEqual([
      'fake.md:8: docs/no-such-page.md: docs/no-such-page.md does not exist',
      'fake.md:8: #no-such-heading: fake.md has no heading with the anchor #no-such-heading',
      'fake.md:9: README.md#no-such-heading: README.md has no heading with the anchor #no-such-heading',
      'fake.md:10: ../elsewhere.md: leads outside the repository',
    ]);
  });

  test('a link is resolved from the page that holds it', () => {
    expect(brokenLinks(ROOT, 'docs/fake.md', '[up](../README.md#quick-start) [here](operating.md)')).toEqual([]);
    expect(brokenLinks(ROOT, 'docs/fake.md', '[wrong](README.md#quick-start)')).toEqual([
      'docs/fake.md:1: README.md#quick-start: docs/README.md has no heading with the anchor #quick-start',
    ]);
  });
});

/**
 * The few markdown facts the documentation tests need: ATX headings and inline links outside
 * fenced code blocks and code spans, GitHub's anchor for a heading, and where a relative link
 * leads. The pages use only those forms (no setext headings, no reference-style links); a parser
 * such as markdown-it would add a dependency for no more than this.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** A fence opens or closes a code block (CommonMark 4.5; list items indent theirs). */
const FENCE = /^\s*(```|~~~)/;

/** The lines of a page that are prose, with their 1-based numbers: fenced code blocks left out. */
function proseLines(text: string): { line: number; text: string }[] {
  const lines: { line: number; text: string }[] = [];
  let fenced = false;
  text.split('\n').forEach((l, i) => {
    if (FENCE.test(l)) fenced = !fenced;
    else if (!fenced) lines.push({ line: i + 1, text: l });
  });
  return lines;
}

/** The text of every ATX heading (`# ...` to `###### ...`), without its level. */
export function markdownHeadings(text: string): string[] {
  return proseLines(text).flatMap(({ text: l }) => {
    const m = /^ {0,3}#{1,6}[ \t]+(.*?)[ \t#]*$/.exec(l);
    return m ? [m[1]] : [];
  });
}

/** A heading's text as compared across pages: case and surrounding space do not matter. */
export function headingKey(heading: string): string {
  return heading
    .replace(/^#+\s*/, '')
    .trim()
    .toLowerCase();
}

/**
 * GitHub's anchor for a heading (github-slugger, which github.com follows): lower-cased, every
 * character that is not a letter, mark, digit, `_`, `-` or space dropped (backticks and colons
 * included), each space a `-`.
 */
export function githubSlug(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}_\- ]/gu, '')
    .replace(/ /g, '-');
}

/** Every anchor a page has, with GitHub's `-1`, `-2`... for repeated headings. */
export function pageAnchors(text: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  for (const h of markdownHeadings(text)) {
    const slug = githubSlug(h);
    const n = seen.get(slug) ?? 0;
    seen.set(slug, n + 1);
    anchors.add(n === 0 ? slug : `${slug}-${n}`);
  }
  return anchors;
}

/** An inline link `[text](target)` or image `![alt](target)` of a page. */
export interface MarkdownLink {
  readonly line: number;
  readonly target: string;
}

/** Every inline link target outside code blocks and code spans. */
export function markdownLinks(text: string): MarkdownLink[] {
  return proseLines(text).flatMap(({ line, text: l }) =>
    [...l.replace(/`[^`]*`/g, '').matchAll(/\]\(([^()\s]+)(?:\s+"[^"]*")?\)/g)].map((m) => ({ line, target: m[1] })),
  );
}

/** A link that leaves the repository's files: a scheme (`https:`, `mailto:`). */
const EXTERNAL = /^[a-z][a-z0-9+.-]*:/i;

/**
 * The broken relative links of one page, as `file:line: target: reason`: a path that does not
 * exist, or an anchor no heading of the markdown page it points into has. `read` gives another
 * page's text (the tests pass the file system; a test of this function, a fake page).
 */
export function brokenLinks(
  root: string,
  file: string,
  text: string,
  read: (file: string) => string | undefined = (f) => readIfFile(path.join(root, f)),
): string[] {
  const problems: string[] = [];
  for (const { line, target } of markdownLinks(text)) {
    if (EXTERNAL.test(target)) continue;
    const hash = target.indexOf('#');
    const pathPart = hash < 0 ? target : target.slice(0, hash);
    const anchor = hash < 0 ? undefined : decodeURIComponent(target.slice(hash + 1));
    const to = pathPart === '' ? file : path.posix.normalize(path.posix.join(path.posix.dirname(file), pathPart));
    const where = `${file}:${line}: ${target}`;
    if (to.startsWith('..')) {
      problems.push(`${where}: leads outside the repository`);
      continue;
    }
    const page = to === file ? text : read(to);
    if (page === undefined && !fs.existsSync(path.join(root, to))) {
      problems.push(`${where}: ${to} does not exist`);
      continue;
    }
    if (anchor !== undefined && to.endsWith('.md') && !pageAnchors(page ?? '').has(anchor))
      problems.push(`${where}: ${to} has no heading with the anchor #${anchor}`);
  }
  return problems;
}

function readIfFile(file: string): string | undefined {
  return fs.existsSync(file) && fs.statSync(file).isFile() ? fs.readFileSync(file, 'utf8') : undefined;
}

// What `npm run build` last built from: scripts/synth.mjs rebuilds only when an input changed.
//
// The record (build/inputs.json) holds, for every file esbuild read (its metafile, node_modules
// included), the package.json of each installed package among them (esbuild resolves through
// their `main` and `exports`), the build's own files and the outputs, the file's size, mtime,
// ctime and inode; for every folder on the way from the project root (or a node_modules folder,
// or the target of a top-level link) down to an input, the same, which change when an entry is
// added, removed or renamed, so a new file an import would now resolve to (lib/x/foo.tsx beside
// foo.ts, a new node_modules/ on the way) counts as a change; and where each top-level link of
// the project points. A file's ctime changes on every write and cannot be set back (touch, cp -p
// and tar set mtime only), so equal stats mean equal content.
//
// Races: a file written during the build, after esbuild read it, would be recorded with its new
// stats and the old content in the bundle. So a build records nothing when any input or folder
// changed after (or up to MARGIN_MS before, for coarse file system clocks) the build started,
// and the next synth builds again; nor when another build renamed its outputs over this one's
// (scripts/build.mjs gives the inodes it wrote). Anything unreadable, a missing or corrupt record,
// or one of another format counts as a change. Not seen: a file system whose clock lags the
// machine's by more than MARGIN_MS, and a new node_modules/<package> in the project shadowing one
// installed above it (folders named node_modules are not stamped: installs are in the lockfile).
// CommonJS so that the build, the synth entry and the tests share this one copy.
const fs = require('node:fs');
const path = require('node:path');

/** Where the record is kept, under the project root. */
const RECORD_FILE = path.join('build', 'inputs.json');
/** Bumped when the record's shape changes, so an older record means "rebuild". */
const FORMAT = 2;
/** Files that shape the build without esbuild reading them as modules. */
const BUILD_FILES = [
  'scripts/build.mjs',
  'scripts/build-record.cjs',
  'package.json',
  'package-lock.json',
  'tsconfig.json',
];
/** How long before the build's start a write still counts as racing with it (FAT: 2 s clock). */
const MARGIN_MS = 2000;

/**
 * `[size, mtime, ctime, inode]` of a file or folder (times in nanoseconds), as strings; undefined
 * if absent. The inode tells a file another build renamed into place from the one recorded.
 */
function stamp(file) {
  const stats = fs.statSync(file, { bigint: true, throwIfNoEntry: false });
  return stats && [String(stats.size), String(stats.mtimeNs), String(stats.ctimeNs), String(stats.ino)];
}

/** Each top-level link of the project and what it points to: repointing one changes every input under it. */
function links(root) {
  const found = {};
  for (const entry of fs.readdirSync(root, { withFileTypes: true })) {
    if (entry.isSymbolicLink()) found[entry.name] = fs.readlinkSync(path.join(root, entry.name));
  }
  return found;
}

/**
 * The package.json of each installed package the build read a file of: esbuild resolves through
 * its `main` and `exports`, which an install changes but a hand edit or a patch could too.
 */
function packageManifests(inputs) {
  return inputs.flatMap((input) => {
    const parts = input.split(/[\\/]/);
    const at = parts.lastIndexOf('node_modules');
    if (at < 0 || at + 1 >= parts.length) return [];
    const name = parts[at + 1].startsWith('@') ? parts.slice(at + 1, at + 3) : [parts[at + 1]];
    return [path.join(...parts.slice(0, at + 1), ...name, 'package.json')];
  });
}

/**
 * The real paths of the project's top-level links to folders (a checkout whose imports/ or
 * node_modules is a link): esbuild names the files it read there by their real path, outside
 * the root.
 */
function linkedFolders(root) {
  return fs
    .readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isSymbolicLink())
    .flatMap((entry) => {
      try {
        const target = fs.realpathSync(path.join(root, entry.name));
        return fs.statSync(target).isDirectory() ? [target] : [];
      } catch {
        return []; // a dangling link: no input can be under it
      }
    });
}

/**
 * The folders between `file` and the project root, or the node_modules folder holding it, both
 * left out: the synth writes dist/ into the root by a rename, and installs are in the lockfile.
 * A file reached through a top-level link (`linked`, real paths) stops at the link's target, which
 * stands for the link's folder: the folders above it are not the project's, and /tmp, say, changes
 * all the time. A file outside the root by any other way is walked up to `/`: more rebuilds,
 * never a stale one.
 */
function foldersOf(root, file, linked) {
  const absolute = path.resolve(root, file);
  const target = linked.find((dir) => absolute.startsWith(dir + path.sep));
  const stop = target === undefined ? root : path.dirname(target);
  const folders = [];
  for (let dir = path.dirname(absolute); ; dir = path.dirname(dir)) {
    if (dir === stop || path.basename(dir) === 'node_modules' || path.dirname(dir) === dir) return folders;
    folders.push(path.relative(root, dir));
  }
}

/**
 * Writes the record of a build that read `inputs` (paths relative to `root`, as esbuild's
 * metafile gives them) and wrote `outputs`, started at `startedAt` (ms since the epoch).
 * Returns false, and leaves no record, when a file or folder changed while the build ran, or
 * when an output is no longer the file this build wrote (`inodes`: output → inode, as built).
 * `marginMs` is for tests, whose files are all fresh copies.
 */
function recordBuild(projectRoot, { inputs, outputs, inodes = {}, startedAt, marginMs = MARGIN_MS }) {
  const root = path.resolve(projectRoot);
  removeRecord(root);
  const files = [...new Set([...inputs, ...packageManifests(inputs), ...BUILD_FILES])].sort();
  const linked = linkedFolders(root);
  const folders = [...new Set(files.flatMap((file) => foldersOf(root, file, linked)))].sort();
  const entries = (paths) => Object.fromEntries(paths.map((p) => [p, stamp(path.resolve(root, p)) ?? null]));
  const record = {
    format: FORMAT,
    links: links(root),
    files: entries(files),
    folders: entries(folders),
    outputs: entries(outputs),
  };
  const limit = BigInt(Math.floor(startedAt - marginMs)) * 1_000_000n;
  const changedDuringBuild = [...Object.values(record.files), ...Object.values(record.folders)].some(
    (s) => s !== null && (BigInt(s[1]) >= limit || BigInt(s[2]) >= limit),
  );
  if (changedDuringBuild) return false;
  // An output another build renamed into place since this one wrote it: not what these inputs made.
  if (Object.entries(inodes).some(([output, inode]) => record.outputs[output]?.[3] !== inode)) return false;
  const file = path.join(root, RECORD_FILE);
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, JSON.stringify(record));
  fs.renameSync(temporary, file);
  return true;
}

/** Deletes the record, so the next check rebuilds (a build about to run, or one that failed). */
function removeRecord(root) {
  fs.rmSync(path.join(root, RECORD_FILE), { force: true });
}

/** Why build/ may not match its inputs, or undefined when every recorded stat is unchanged. */
function staleReason(root) {
  let record;
  try {
    record = JSON.parse(fs.readFileSync(path.join(root, RECORD_FILE), 'utf8'));
  } catch {
    return 'no readable build record';
  }
  if (record?.format !== FORMAT) return 'a build record of another format';
  if (JSON.stringify(links(root)) !== JSON.stringify(record.links))
    return 'a top-level link changed since the last build';
  for (const kind of ['outputs', 'files', 'folders']) {
    const entries = record[kind];
    if (typeof entries !== 'object' || entries === null || (kind !== 'folders' && Object.keys(entries).length === 0))
      return `a build record without ${kind}`;
    for (const [name, recorded] of Object.entries(entries)) {
      if (!Array.isArray(recorded)) return `${name} was missing at the last build`;
      if (JSON.stringify(stamp(path.resolve(root, name)) ?? null) !== JSON.stringify(recorded))
        return `${name} changed since the last build`;
    }
  }
  return undefined;
}

module.exports = { RECORD_FILE, BUILD_FILES, MARGIN_MS, recordBuild, removeRecord, staleReason };

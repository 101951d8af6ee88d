// Histories to replay, each a list of steps `{ label, files: Map<path, text> }` (paths relative
// to the app's `lib/`), kept in a cache outside the repository:
//   - npm: successive published versions of a package (`npm pack`, the ordinary client), so
//     the short mode runs where only the npm registry is reachable (CI);
//   - git: commits of a local bare repository (a mirror fetched by hand), for the long mode.
// Nothing here is committed: the cache is $LIMEADE_REPLAY_CACHE or <tmp>/limeade-replay-cache.
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, posix, relative, sep } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const cacheDir = () => process.env.LIMEADE_REPLAY_CACHE || join(tmpdir(), 'limeade-replay-cache');

/** The unpacked `package/` directory of `name@version`, fetched once into the cache. */
export async function npmPackage(name, version) {
  const dir = join(cacheDir(), 'npm', name.replace('/', '+'), version);
  if (existsSync(join(dir, 'package', 'package.json'))) return join(dir, 'package');
  await npmPackMany(name, [version]);
  return join(dir, 'package');
}

/**
 * A pinned dependency of a project, as the directory to link at `node_modules/<name>`: the
 * unpacked package when it depends on nothing, else `name@version` installed with its own
 * dependencies by `npm install` into the cache, once (a link to the bare unpacked package
 * would not find them: Node resolves from the link's target).
 */
export async function npmDependency(name, version) {
  const unpacked = await npmPackage(name, version);
  const { dependencies = {} } = JSON.parse(await readFile(join(unpacked, 'package.json'), 'utf8'));
  if (!Object.keys(dependencies).length) return unpacked;
  const dir = join(cacheDir(), 'npm-installed', `${name.replace('/', '+')}@${version}`);
  const installed = join(dir, 'node_modules', ...name.split('/'));
  if (existsSync(join(dir, 'installed'))) return installed;
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'package.json'), JSON.stringify({ private: true, dependencies: { [name]: version } }));
  await run('npm', ['install', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: dir, maxBuffer: 64 << 20 });
  await writeFile(join(dir, 'installed'), '');
  return installed;
}

/** Fetches the versions of `name` not in the cache yet, in one `npm pack` per batch. */
export async function npmPackMany(name, versions) {
  const dirOf = (v) => join(cacheDir(), 'npm', name.replace('/', '+'), v);
  const missing = versions.filter((v) => !existsSync(join(dirOf(v), 'package', 'package.json')));
  for (let i = 0; i < missing.length; i += 20) {
    const batch = missing.slice(i, i + 20);
    const tmp = join(cacheDir(), 'tmp', `${process.pid}-${Date.now()}`);
    await mkdir(tmp, { recursive: true });
    try {
      const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', tmp, ...batch.map((v) => `${name}@${v}`)], { cwd: tmp, maxBuffer: 64 << 20 });
      const packed = JSON.parse(stdout);
      for (const p of packed) {
        const dest = dirOf(p.version);
        await rm(dest, { recursive: true, force: true });
        await mkdir(dest, { recursive: true });
        await run('tar', ['-xzf', join(tmp, p.filename), '-C', dest]);
        // Some tarballs name their root folder otherwise (`package/` is only the convention).
        const [root] = await readdir(dest);
        if (root !== 'package') await rename(join(dest, root), join(dest, 'package'));
      }
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
  }
}

async function walk(dir, base = dir) {
  const out = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const full = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await walk(full, base)));
    else if (e.isFile()) out.push(relative(base, full).split(sep).join('/'));
  }
  return out;
}

/**
 * The files of one step: those under `root` that `include` accepts, then `transform`ed. A
 * list of roots is for a package whose build moved its folder between versions (lru-cache's
 * `dist/mjs/` became `dist/esm/`): the first one under which `include` accepts a file.
 */
async function snapshot(list, read, { root = '', include, transform }) {
  const prefixOf = (r) => (r ? r.replace(/\/?$/, '/') : '');
  const roots = Array.isArray(root) ? root : [root];
  const prefix = prefixOf(roots.find((r) => list.some((p) => p.startsWith(prefixOf(r)) && include(p.slice(prefixOf(r).length)))) ?? roots[0]);
  const files = new Map();
  for (const path of list) {
    if (!path.startsWith(prefix)) continue;
    const rel = path.slice(prefix.length);
    if (include(rel)) files.set(rel, await read(path));
  }
  if (transform) for (const [rel, text] of files) files.set(rel, transform(text, rel, files));
  return files;
}

/**
 * The steps of a project's history in `mode` ('short' | 'long'). Steps whose files are the
 * same as the previous step's are dropped (a release that changed only its README).
 */
export async function loadHistory(project, mode) {
  const src = project.source;
  let steps;
  if (src.type === 'npm') {
    const versions = project.windows[mode];
    await npmPackMany(src.package, versions);
    steps = [];
    for (const v of versions) {
      const dir = await npmPackage(src.package, v);
      const files = await snapshot(await walk(dir), (p) => readFile(join(dir, p), 'utf8'), src);
      steps.push({ label: v, files });
    }
  } else if (src.type === 'git') {
    steps = await gitSteps(src, project.windows[mode]);
  } else {
    throw new Error(`unknown source type ${src.type}`);
  }
  const kept = [];
  for (const s of steps) {
    const prev = kept.at(-1);
    if (prev && sameFiles(prev.files, s.files)) continue;
    kept.push(s);
  }
  return kept;
}

function sameFiles(a, b) {
  if (a.size !== b.size) return false;
  for (const [k, v] of a) if (b.get(k) !== v) return false;
  return true;
}

/**
 * Commits of `src.gitDir()` (a bare mirror kept outside the repository) in `window`
 * (`{ from, to, max }`: `from`, then the first-parent commits up to `to` that touch
 * `src.pathspec`, by default `root`). Blobs are read in one `git cat-file --batch`.
 */
async function gitSteps(src, window) {
  const gitDir = src.gitDir();
  if (!existsSync(gitDir)) throw new Error(`no git mirror at ${gitDir}: fetch the repository first (see test/replay/README.md)`);
  const git = async (...args) => (await run('git', ['--git-dir', gitDir, ...args], { maxBuffer: 256 << 20 })).stdout;
  const revs = (await git('rev-list', '--reverse', '--first-parent', `${window.from}..${window.to}`, '--', ...(src.pathspec ?? [src.root || '.']))).trim().split('\n').filter(Boolean);
  const commits = [window.from, ...revs].slice(0, window.max ?? Infinity);
  const trees = [];
  for (const c of commits) {
    const entries = (await git('ls-tree', '-r', c, '--', src.root || '.')).trim().split('\n').filter(Boolean)
      .map((line) => { const [meta, path] = line.split('\t'); return { path, sha: meta.split(' ')[2] }; });
    const subject = (await git('log', '-1', '--format=%s', c)).trim();
    trees.push({ label: `${c.slice(0, 9)} ${subject.slice(0, 60)}`, entries });
  }
  const blobs = await catFiles(gitDir, [...new Set(trees.flatMap((t) => t.entries.map((e) => e.sha)))]);
  const steps = [];
  for (const t of trees) {
    const shaOf = new Map(t.entries.map((e) => [e.path, e.sha]));
    steps.push({ label: t.label, files: await snapshot([...shaOf.keys()], async (p) => blobs.get(shaOf.get(p)), src) });
  }
  return steps;
}

/** The text of each blob, by sha, from one `git cat-file --batch`. */
function catFiles(gitDir, shas) {
  return new Promise((resolve, reject) => {
    const child = spawn('git', ['--git-dir', gitDir, 'cat-file', '--batch'], { stdio: ['pipe', 'pipe', 'inherit'] });
    const chunks = [];
    child.stdout.on('data', (d) => chunks.push(d));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`git cat-file exited ${code}`));
      const all = Buffer.concat(chunks);
      const out = new Map();
      let at = 0;
      for (const sha of shas) {
        const nl = all.indexOf(10, at);
        const size = Number(all.subarray(at, nl).toString().split(' ')[2]);
        out.set(sha, all.subarray(nl + 1, nl + 1 + size).toString('utf8'));
        at = nl + 1 + size + 1;
      }
      resolve(out);
    });
    child.stdin.end(shas.join('\n') + '\n');
  });
}

/**
 * TypeScript written for a bundler imports `./x` meaning `./x.ts` (or `./x/index.ts`); Node
 * needs the file name. Rewrites relative specifiers of import/export statements and
 * `import()` to name the file of this step; lines and columns of everything else stay put.
 */
export const withTsExtensions = (text, rel, files) => withExtension('.ts', text, rel, files);

/** The same for JavaScript built for a bundler (`import U from './utils'`, dayjs's `esm/`). */
export const withJsExtensions = (text, rel, files) => withExtension('.js', text, rel, files);

function withExtension(ext, text, rel, files) {
  const dir = posix.dirname(rel);
  const resolveSpec = (spec) => {
    if (/\.(ts|js|mjs|cjs|json)$/.test(spec)) return spec;
    const target = posix.normalize(posix.join(dir, spec));
    if (files.has(`${target}${ext}`)) return `${spec}${ext}`;
    if (files.has(`${target}/index${ext}`)) return `${spec}/index${ext}`;
    return spec;
  };
  return text.replace(/(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(['"])(\.\.?\/[^'"\n]*)\2/g, (_, head, q, spec) => `${head}${q}${resolveSpec(spec)}${q}`);
}

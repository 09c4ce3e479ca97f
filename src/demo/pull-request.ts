/**
 * The demo's pull request. Its head is `examples/` as it is (the deliberately bad repository);
 * its base is the same tree with a few files in an earlier, better version (the files under
 * src/demo/fixtures/base/) or absent (ADDED). So the review shows what this one change brings
 * in, while everything else that is wrong in examples/ stays untouched, and unmentioned.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Tree } from './stand-in/repo.js';

export const TITLE = 'Add the order worker to the chart; deploy.sh rolls out the newest builds';

/** Files the pull request adds: absent at base. */
export const ADDED: readonly string[] = ['charts/shop/templates/worker-deployment.yaml'];

export interface DemoPull {
  title: string;
  base: Tree;
  head: Tree;
}

/** The project root, from the module's own path: src/demo or dist/src/demo alike, whatever the cwd. */
function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) || !existsSync(join(dir, 'examples'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no project root with examples/ above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
  return dir;
}

/** Every file under root, by its path relative to root with forward slashes. */
export function readTree(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else out[relative(root, path).split('\\').join('/')] = readFileSync(path, 'utf8');
    }
  };
  walk(root);
  return out;
}

export function demoPull(): DemoPull {
  const root = projectRoot();
  const head = readTree(join(root, 'examples'));
  const overrides = readTree(join(root, 'src', 'demo', 'fixtures', 'base'));
  const base: Record<string, string> = { ...head };
  for (const path of ADDED) delete base[path];
  for (const [path, text] of Object.entries(overrides)) {
    // An override of a file examples/ no longer has would be a removal: not this story, and a sign the two drifted.
    if (!(path in head)) throw new Error(`src/demo/fixtures/base/${path} has no counterpart in examples/`);
    base[path] = text;
  }
  for (const path of ADDED) if (!(path in head)) throw new Error(`examples/${path} is missing`);
  return { title: TITLE, base, head };
}

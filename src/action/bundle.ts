/**
 * `npm run bundle`: the GitHub Action as one file, dist-action/index.js (ESM, for node24), with
 * the wasm it loads beside it, so the Action runs from a copy of the repository with no
 * node_modules. `--check` bundles into a temporary folder and fails when the committed files
 * differ (CI runs it). Runs from dist/ after `npm run build`.
 */
import { build, type Plugin } from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository: this file runs as dist/src/action/bundle.js. */
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const OUT = 'dist-action';

/** Source rewrites that make runtime lookups resolve beside the bundle; each must match, or the bundle fails. */
interface Rewrite {
  file: RegExp;
  from: string;
  to: string;
}

const REWRITES: Rewrite[] = [
  {
    // The grammar is found through node_modules at run time; in the bundle it lies beside index.js.
    file: /src[\\/]shell[\\/]parser\.ts$/,
    from: "join(dirname(require.resolve('tree-sitter-bash/package.json')), 'tree-sitter-bash.wasm')",
    to: "fileURLToPath(new URL('./tree-sitter-bash.wasm', import.meta.url))",
  },
  {
    // A non-literal specifier keeps TypeScript from reading the typings; the bundler needs the literal.
    file: /src[\\/]parse[\\/]terraform\.ts$/,
    from: 'import(specifier)',
    to: "import('@cdktf/hcl2json')",
  },
  {
    // hcl2json reads its wasm from the package root, one folder above its lib/.
    file: /@cdktf[\\/]hcl2json[\\/]lib[\\/]bridge\.js$/,
    from: '(0, path_1.join)(__dirname, "..", "main.wasm.gz")',
    to: '(0, path_1.join)(__dirname, "main.wasm.gz")',
  },
];

/** Files copied beside index.js, from their packages. */
const ASSETS: Array<[pkg: string, file: string]> = [
  ['web-tree-sitter', 'tree-sitter.wasm'],
  ['tree-sitter-bash', 'tree-sitter-bash.wasm'],
  ['@cdktf/hcl2json', 'main.wasm.gz'],
];

function packageDir(pkg: string): string {
  return join(ROOT, 'node_modules', pkg);
}

function rewrites(version: string): Plugin {
  return {
    name: 'k8s-antipatterns-rewrites',
    setup(b) {
      b.onLoad({ filter: /src[\\/]version\.ts$/ }, () => ({ contents: `export const VERSION = ${JSON.stringify(version)};\n`, loader: 'ts' }));
      for (const rewrite of REWRITES) {
        b.onLoad({ filter: rewrite.file }, (args) => {
          const text = readFileSync(args.path, 'utf8');
          if (!text.includes(rewrite.from)) throw new Error(`bundle: ${relative(ROOT, args.path)} no longer contains ${rewrite.from}; update REWRITES in src/action/bundle.ts`);
          let contents = text.replace(rewrite.from, rewrite.to);
          if (rewrite.to.includes('fileURLToPath') && !/import \{[^}]*fileURLToPath/.test(contents)) contents = `import { fileURLToPath } from 'node:url';\n${contents}`;
          return { contents, loader: args.path.endsWith('.ts') ? 'ts' : 'js' };
        });
      }
    },
  };
}

export async function bundle(outDir: string): Promise<void> {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  const result = await build({
    entryPoints: [join(ROOT, 'src/action/entry.ts')],
    outfile: join(outDir, 'index.js'),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    minify: true,
    legalComments: 'none',
    metafile: true,
    logLevel: 'error',
    plugins: [rewrites(version)],
    // Go's wasm_exec falls back on require("performance") where globalThis.performance is missing: never on Node.
    external: ['performance'],
    // CommonJS inside an ES module bundle needs these three.
    banner: { js: "import { createRequire as __cr } from 'node:module'; import { fileURLToPath as __fu } from 'node:url'; import { dirname as __dn } from 'node:path'; const require = __cr(import.meta.url); const __filename = __fu(import.meta.url); const __dirname = __dn(__filename);" },
  });
  // No package.json beside the copy of the action: say that index.js is an ES module.
  writeFileSync(join(outDir, 'package.json'), '{ "type": "module", "private": true }\n');
  for (const [pkg, file] of ASSETS) copyFileSync(join(packageDir(pkg), file), join(outDir, file));
  writeFileSync(join(outDir, 'THIRD-PARTY-LICENSES.txt'), thirdPartyLicenses(Object.keys(result.metafile.inputs), ASSETS.map(([pkg]) => pkg)));
}

/** The licence of every package whose code or wasm is in the bundle. */
function thirdPartyLicenses(inputs: readonly string[], assetPackages: readonly string[]): string {
  // Package folder (as the metafile names it, relative to the repository) → package name.
  const packages = new Map(assetPackages.map((pkg) => [`node_modules/${pkg}`, pkg]));
  for (const input of inputs) {
    const path = input.split('\\').join('/');
    const at = path.lastIndexOf('node_modules/');
    if (at < 0) continue;
    const parts = path.slice(at + 'node_modules/'.length).split('/');
    const pkg = parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
    packages.set(`${path.slice(0, at)}node_modules/${pkg}`, pkg);
  }
  const parts: string[] = ['Third-party software bundled in dist-action/, with its licence.\n'];
  for (const [folder, pkg] of [...packages].sort((a, b) => a[1].localeCompare(b[1]) || a[0].localeCompare(b[0]))) {
    const dir = join(ROOT, folder);
    const meta = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string; license?: string };
    const file = readdirSync(dir).find((f) => /^(licen[cs]e|copying)(\.|$)/i.test(f));
    parts.push(`${'='.repeat(72)}\n${pkg}@${meta.version} (${meta.license ?? 'see below'})\n${'='.repeat(72)}\n${file ? readFileSync(join(dir, file), 'utf8').trim() : '(no licence file in the package)'}\n`);
  }
  return parts.join('\n');
}

/** Names of the files that differ between two folders (missing on either side included). */
export function differences(expected: string, actual: string): string[] {
  const names = new Set([...(existsSync(expected) ? readdirSync(expected) : []), ...(existsSync(actual) ? readdirSync(actual) : [])]);
  return [...names].sort().filter((name) => {
    const a = join(expected, name);
    const b = join(actual, name);
    return !existsSync(a) || !existsSync(b) || !readFileSync(a).equals(readFileSync(b));
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const check = process.argv.includes('--check');
  const target = check ? mkdtempSync(join(tmpdir(), 'dist-action-')) : join(ROOT, OUT);
  await bundle(target);
  if (check) {
    const changed = differences(join(ROOT, OUT), target);
    rmSync(target, { recursive: true, force: true });
    if (changed.length > 0) {
      console.error(`${OUT}/ is not what the sources build (${changed.join(', ')}): run "npm run bundle" and commit ${OUT}/.`);
      process.exit(1);
    }
    console.log(`${OUT}/ is up to date.`);
  } else {
    console.log(`${OUT}/ written.`);
  }
}

/** Decides a file's kind: by path first, then by content. */
import { posix } from 'node:path';
import type { FileKind } from '../model/types.js';

// `Dockerfile.dockerignore` is BuildKit's per-Dockerfile ignore file, not a Dockerfile.
const DOCKERFILE = /(^|\/)(Dockerfile|Containerfile)(\.(?!dockerignore$|md$)[^/]+)?$|\.(Dockerfile|dockerfile)$/;
const CI_FILES = /(^|\/)(\.github\/workflows\/[^/]+\.ya?ml|\.gitlab-ci\.ya?ml|azure-pipelines\.ya?ml|bitbucket-pipelines\.ya?ml|\.circleci\/config\.ya?ml|\.drone\.ya?ml|cloudbuild\.ya?ml|buildspec\.ya?ml|\.gitlab\/ci\/[^/]+\.ya?ml)$/;
const SCRIPT = /\.(sh|bash|ksh|zsh)$|(^|\/)(Makefile|makefile|GNUmakefile|[^/]+\.mk)$/;
const SOURCE = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs|py|go|java|kt|kts|cs|rb|rs|php|scala)$/;
const YAML = /\.ya?ml$/;
const VALUES = /(^|\/)values[^/]*\.ya?ml$/;
/** Environment values files count as chart values wherever they live (`deploy/prod/values.yaml`). */
const ENV_WORDS = ['dev', 'development', 'qa', 'test', 'uat', 'stage', 'staging', 'preview', 'prod', 'production', 'live'];
const ENV_FOLDERS = new Set(ENV_WORDS.filter((w) => w !== 'development'));

/** `values-prod.yaml`, `values.staging.eu.yml`, `prod/values.yaml`: read in code (paths are the author's). */
function isEnvironmentValues(path: string): boolean {
  const parts = path.split('/');
  const name = parts[parts.length - 1]!;
  if (!/\.ya?ml$/.test(name)) return false;
  if (name === 'values.yaml' || name === 'values.yml') return parts.length > 1 && ENV_FOLDERS.has(parts[parts.length - 2]!);
  if (!name.startsWith('values') || !'-._'.includes(name.charAt(6))) return false;
  const rest = name.slice(7);
  return ENV_WORDS.some((w) => rest.startsWith(w));
}
const SHELL_SHEBANG = /^#!.*\b(sh|bash|ksh|zsh|dash)\b/;

const GITOPS_KINDS = new Set(['argoproj.io:Application', 'argoproj.io:ApplicationSet', 'kustomize.toolkit.fluxcd.io:Kustomization', 'helm.toolkit.fluxcd.io:HelmRelease']);

/** The file names kustomize looks for in a folder, in its order. */
export const KUSTOMIZATION_FILE_NAMES: readonly string[] = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

export function isKustomizationPath(path: string): boolean {
  return KUSTOMIZATION_FILE_NAMES.includes(posix.basename(path));
}

/**
 * Files beside a change that cross-file rules may need as context (the rest of a chart or folder,
 * Terraform of the same root, Dockerfiles): every surface collects the same kinds.
 */
export function isContextCandidate(path: string): boolean {
  return /\.(ya?ml|tf)$/.test(path) || DOCKERFILE.test(path);
}

/** Paths of the head tree, to tell whether a file sits in a Helm chart. */
export interface TreeIndex {
  has(path: string): boolean;
}

export function chartRootOf(path: string, tree: TreeIndex): string | undefined {
  let dir = posix.dirname(path);
  for (;;) {
    if (tree.has(posix.join(dir, 'Chart.yaml'))) return dir;
    if (dir === '.' || dir === '/' || dir === '') return undefined;
    dir = posix.dirname(dir);
  }
}

export function classify(path: string, text: string, tree: TreeIndex): FileKind {
  const base = posix.basename(path);
  if (DOCKERFILE.test(path)) return 'dockerfile';
  if (/\.tf$/.test(path)) return 'terraform';
  if (CI_FILES.test(path)) return 'ci';
  if (SCRIPT.test(path)) return 'script';
  if (SOURCE.test(path)) return 'source';
  if (base === 'Chart.yaml') return 'chart';
  if (isKustomizationPath(path)) return 'kustomization';
  if (YAML.test(path)) {
    const chart = chartRootOf(path, tree);
    if (chart !== undefined) {
      const rel = posix.relative(chart, path);
      if (rel.startsWith('templates/')) return 'helm-template';
      if (VALUES.test(rel) && !rel.includes('/templates/')) return 'helm-values';
    }
    if (isEnvironmentValues(path)) return 'helm-values';
    if (text.includes('{{') && /(^|\/)templates\//.test(path)) return 'helm-template';
    return yamlKindByContent(text);
  }
  if (SHELL_SHEBANG.test(text.slice(0, 200))) return 'script';
  return 'other';
}

/** Cheap content test: a YAML file is a manifest when a document has apiVersion and kind. */
function yamlKindByContent(text: string): FileKind {
  const apiVersions = [...text.matchAll(/^apiVersion:\s*["']?([^\s"'#]+)/gm)].map((m) => m[1]!);
  const kinds = [...text.matchAll(/^kind:\s*["']?([^\s"'#]+)/gm)].map((m) => m[1]!);
  if (apiVersions.length === 0 || kinds.length === 0) return 'other';
  const pairs = kinds.map((kind, i) => `${(apiVersions[i] ?? '').split('/')[0]}:${kind}`);
  if (pairs.length > 0 && pairs.every((p) => GITOPS_KINDS.has(p))) return 'gitops';
  return 'manifest';
}

// CI files are YAML too: parsing them here turns a broken pipeline file into a parse-error finding.
export const YAML_KINDS: ReadonlySet<FileKind> = new Set(['manifest', 'helm-template', 'helm-values', 'chart', 'kustomization', 'gitops', 'ci']);

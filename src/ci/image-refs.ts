/**
 * Image references that a script or pipeline publishes or runs: tags it builds and pushes
 * (docker, podman, nerdctl, buildah, build-push-action), images it deploys (`kubectl set image`,
 * `helm --set image.tag=`), and the images of CI jobs and their services.
 */
import type { ParsedFile } from '../engine/parsed-file.js';
import { parseImage } from '../k8s/image.js';
import { flagValues, helmCall, kubectlCall, positional } from '../shell/kube.js';
import type { ShellCommand } from '../shell/script.js';
import { asMap, asSeq, child, lineSpan, scalarString, type YAMLMap, type YNode } from '../parse/yaml.js';
import { replaceExpressions } from './expressions.js';
import { imageTags } from './images.js';
import { ciProvider, shellOf, type ShellUnit } from './units.js';

export interface PipelineImage {
  /** The reference as written (CI expressions unmasked). */
  image: string;
  /** Its tag with run-time parts (`$SHA`, `${{ github.sha }}`) read as an opaque build id; undefined without a tag or with a digest. */
  tag?: string;
  line: number;
  /** `docker build -t`, `helm --set image.tag`, `job image`... */
  how: string;
  /** The CI job it belongs to; undefined for a script file or a pipeline-wide default. */
  job?: string;
}

/**
 * Shell expansions: unknown at review time. CI expressions are replaced first, in one pass (see
 * ciExpressions); a pattern for them here rescanned the text from every unclosed `${{`.
 */
const EXPANSION = /\$\{[^}]*\}|\$\([^)]*\)|\$[A-Za-z_][A-Za-z0-9_]*|\$[0-9@*#?!-]|`[^`]*`|\u00a7+/g;
const BUILDERS = new Set(['docker', 'podman', 'nerdctl', 'buildah']);
/** Stands for an unknown part: a commit-like id, which names no environment on its own. */
const OPAQUE = '0000000';
/**
 * A reference is a few hundred characters at most (a 255-character name, a 128-character tag);
 * longer text is not one, and bounding it bounds the rescans of unclosed `${` and `$(`.
 */
const MAX_IMAGE_LENGTH = 4096;

/** The tag of `image`, expansions replaced by an opaque id: `prod-$SHA` is still a `prod-` tag, `$TAG` is unknown. */
export function literalTag(image: string): string | undefined {
  if (image.length > MAX_IMAGE_LENGTH) return undefined;
  const ref = parseImage(replaceExpressions(image, () => OPAQUE).replace(EXPANSION, OPAQUE));
  if (ref.digest || ref.tag === undefined || /^0+$/.test(ref.tag)) return undefined;
  return ref.tag;
}

function make(image: string, line: number, how: string, job?: string): PipelineImage {
  return { image, tag: literalTag(image), line, how, job };
}

/** `--set image.tag=x`, `--set api.imageTag=x`, `--set image=repo:x`. */
function helmImages(command: ShellCommand, job?: string): PipelineImage[] {
  const helm = helmCall(command);
  if (!helm || !['upgrade', 'install', 'template'].includes(positional(helm, 0) ?? '')) return [];
  const out: PipelineImage[] = [];
  for (const word of flagValues(helm, '--set', '--set-string')) {
    for (const pair of word.raw.split(',')) {
      const eq = pair.indexOf('=');
      if (eq < 0) continue;
      const key = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      const segments = key.split('.');
      const last = segments[segments.length - 1] ?? '';
      const parent = segments[segments.length - 2];
      const how = `helm --set ${key}`;
      if ((/^tag$/i.test(last) && (parent === undefined || /image/i.test(parent))) || /image[-_]?tag$/i.test(last)) {
        out.push({ image: value, tag: literalTag(`image:${value}`), line: word.line, how, job });
      } else if (/image$/i.test(last) && value.includes(':')) {
        out.push(make(value, word.line, how, job));
      }
    }
  }
  return out;
}

/** `kubectl set image deploy/api api=registry/api:1.4.2`. */
function kubectlImages(command: ShellCommand, job?: string): PipelineImage[] {
  const kubectl = kubectlCall(command);
  if (!kubectl || positional(kubectl, 0) !== 'set' || positional(kubectl, 1) !== 'image') return [];
  return kubectl.positionals.slice(2).filter((w) => w.raw.includes('='))
    .map((w) => make(w.raw.slice(w.raw.indexOf('=') + 1), w.line, 'kubectl set image', job));
}

/**
 * Tags a unit builds or tags and then publishes: pushed by name (or with `--all-tags`), built with
 * `--push`, or given to build-push-action with `push`. A tag that never leaves the runner
 * (`docker build -t app:test .` for a test run) is a local name, not a release.
 */
function publishedTags(unit: ShellUnit, job?: string): PipelineImage[] {
  const tags = imageTags(unit);
  const pushed = new Set(tags.filter((t) => t.how.endsWith(' push')).map((t) => t.image));
  const repos = new Set<string>();
  const lines = new Set<number>();
  for (const command of unit.script.commands.filter((c) => BUILDERS.has(c.name))) {
    const argv = command.argv;
    if (argv.includes('--push') || argv.some((w) => /^--output=.*type=registry/.test(w))) {
      for (let l = command.line; l <= command.endLine; l++) lines.add(l);
    }
    if (argv.includes('push') && (argv.includes('--all-tags') || argv.includes('-a'))) {
      const repo = command.words.slice(argv.indexOf('push') + 1).find((w) => !w.value.startsWith('-'));
      if (repo) repos.add(parseImage(repo.raw).name);
    }
  }
  for (const step of unit.job?.steps ?? []) {
    const push = step.uses?.action === 'docker/build-push-action' ? step.uses.with.get('push')?.value : undefined;
    if (push !== undefined && push !== 'false') for (let l = step.span[0]; l <= step.span[1]; l++) lines.add(l);
  }
  return tags
    .filter((t) => pushed.has(t.image) || repos.has(t.repository) || lines.has(t.line))
    .map((t) => make(t.image, t.line, t.how, job));
}

/** Every image reference of a script or CI file, in file order. */
export async function pipelineImages(file: ParsedFile): Promise<PipelineImage[]> {
  const shell = await shellOf(file);
  const out: PipelineImage[] = [];
  for (const unit of shell.units) {
    const job = unit.job?.id;
    out.push(...publishedTags(unit, job));
    for (const command of unit.script.commands) out.push(...kubectlImages(command, job), ...helmImages(command, job));
  }
  out.push(...ciImages(file));
  return out.sort((a, b) => a.line - b.line);
}

/** `image:` and `services:` of GitLab jobs; `container:`, `services:` and `docker://` steps of GitHub jobs. */
function ciImages(file: ParsedFile): PipelineImage[] {
  const provider = ciProvider(file.path);
  const doc = file.kind === 'ci' ? file.yaml?.docs[file.yaml.docs.length - 1] : undefined;
  const root = doc ? asMap(doc, doc.contents) : undefined;
  if (!doc || !root || !file.yaml || !provider) return [];
  const yaml = file.yaml;
  const out: PipelineImage[] = [];
  const add = (node: YNode | undefined, how: string, job?: string, prefix = ''): void => {
    const text = scalarString(doc, node)?.slice(prefix.length);
    if (text && node) out.push(make(text, lineSpan(yaml, node)?.[0] ?? 1, how, job));
  };
  const named = (node: YNode | undefined, key: string): YNode | undefined => (scalarString(doc, node) !== undefined ? node : child(doc, asMap(doc, node), key));
  if (provider === 'gitlab') {
    const gitlabImages = (map: YAMLMap | undefined, owner: string, job?: string): void => {
      add(named(child(doc, map, 'image'), 'name'), `${owner}image`, job);
      for (const item of asSeq(doc, child(doc, map, 'services'))?.items ?? []) add(named(item as YNode, 'name'), `${owner}service`, job);
    };
    gitlabImages(root, 'pipeline ');
    gitlabImages(asMap(doc, child(doc, root, 'default')), 'default ');
    for (const pair of root.items) {
      const id = scalarString(doc, pair.key);
      if (!id || ['default', 'variables', 'workflow', 'include', 'stages'].includes(id)) continue;
      if (id.startsWith('.')) gitlabImages(asMap(doc, pair.value), `template ${id} `);
      else gitlabImages(asMap(doc, pair.value), '', id);
    }
    return out;
  }
  for (const pair of asMap(doc, child(doc, root, 'jobs'))?.items ?? []) {
    const id = scalarString(doc, pair.key);
    const job = asMap(doc, pair.value);
    add(named(child(doc, job, 'container'), 'image'), 'container', id);
    for (const service of asMap(doc, child(doc, job, 'services'))?.items ?? []) {
      add(named(service.value as YNode, 'image'), `service ${scalarString(doc, service.key) ?? ''}`.trim(), id);
    }
    for (const step of asSeq(doc, child(doc, job, 'steps'))?.items ?? []) {
      const uses = child(doc, asMap(doc, step), 'uses');
      if (scalarString(doc, uses)?.startsWith('docker://')) add(uses, 'step', id, 'docker://');
    }
  }
  return out;
}

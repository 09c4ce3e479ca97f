/** Image tags a script or job builds, tags or pushes (docker, podman, nerdctl, buildah, build-push-action). */
import { parseImage } from '../k8s/image.js';
import type { ShellCommand } from '../shell/script.js';
import type { ShellUnit } from './units.js';

export interface ImageTag {
  image: string;
  repository: string;
  /** The tag is literally `latest`. */
  latest: boolean;
  /** A tag other than latest, or a digest: it never moves. */
  immutable: boolean;
  line: number;
  /** `docker build -t`, `docker push`... */
  how: string;
}

const BUILDERS = new Set(['docker', 'podman', 'nerdctl', 'buildah']);
const TAG_FLAGS = new Set(['-t', '--tag']);

export function splitImage(ref: string): { repository: string; tag?: string } {
  const image = parseImage(ref);
  return { repository: image.name, tag: image.digest ? undefined : image.tag };
}

/** `image` as written (CI expressions unmasked): `app:${{ github.sha }}` is an immutable tag. */
function tagOf(image: string, line: number, how: string): ImageTag | undefined {
  if (image === '') return undefined;
  const { repository, tag } = splitImage(image);
  const latest = tag?.toLowerCase() === 'latest';
  return { image, repository, latest, immutable: !latest && (tag !== undefined || image.includes('@')), line, how };
}

/** Images named by one docker-like command. */
function commandTags(command: ShellCommand): ImageTag[] {
  if (!BUILDERS.has(command.name)) return [];
  const words = command.words;
  const values = command.argv;
  const raw = words.map((w) => w.raw);
  // `docker image push`, `docker buildx build`: skip the object word.
  let i = 1;
  while (i < values.length && ['image', 'buildx', 'manifest'].includes(values[i]!)) i++;
  const verb = values[i];
  const label = `${command.name} ${verb ?? ''}`;
  const out: ImageTag[] = [];
  if (verb === 'build' || verb === 'bud') {
    for (let j = i + 1; j < values.length; j++) {
      const inline = /^(-t|--tag)=(.*)$/s.exec(raw[j]!);
      if (inline) out.push(...maybe(tagOf(inline[2]!, words[j]!.line, `${label} -t`)));
      else if (TAG_FLAGS.has(values[j]!) && words[j + 1]) out.push(...maybe(tagOf(raw[++j]!, words[j]!.line, `${label} -t`)));
    }
    return out;
  }
  const operands = words.slice(i + 1).filter((w) => !w.value.startsWith('-'));
  if (verb === 'push' && !values.includes('--all-tags') && !values.includes('-a')) {
    const target = command.name === 'buildah' ? operands[1] ?? operands[0] : operands[0];
    if (target) out.push(...maybe(tagOf(target.raw, target.line, label)));
  }
  if (verb === 'tag' || verb === 'commit') {
    for (const target of operands.slice(1)) out.push(...maybe(tagOf(target.raw, target.line, label)));
  }
  return out;
}

function maybe<T>(value: T | undefined): T[] {
  return value === undefined ? [] : [value];
}

/** Every image tag of a unit: its commands and its build-push-action steps. */
export function imageTags(unit: ShellUnit): ImageTag[] {
  const out = unit.script.commands.flatMap(commandTags);
  for (const step of unit.job?.steps ?? []) {
    if (step.uses?.action !== 'docker/build-push-action') continue;
    const tags = step.uses.with.get('tags');
    if (!tags) continue;
    tags.value.split('\n').forEach((row, index) => {
      for (const image of row.split(',').map((s) => s.trim()).filter(Boolean)) {
        out.push(...maybe(tagOf(image, tags.line + index, 'docker/build-push-action tags')));
      }
    });
  }
  return out;
}

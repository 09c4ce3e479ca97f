/** What kustomizations of the change and its context say about images. */
import type { ParsedFile } from '../engine/parsed-file.js';
import { asMap, asSeq, child, getPath, scalarString, type YNode } from '../parse/yaml.js';

const cache = new WeakMap<readonly ParsedFile[], Set<string>>();

/**
 * Image names that some kustomization pins with `images[].newTag` or `digest`. A base that
 * writes `image: app` and leaves the tag to its overlays is the usual kustomize layout: the
 * untagged base image never reaches a cluster.
 */
export function imagesPinnedByKustomize(files: readonly ParsedFile[]): Set<string> {
  let names = cache.get(files);
  if (names) return names;
  names = new Set<string>();
  for (const file of files) {
    if (file.kind !== 'kustomization' || !file.yaml) continue;
    for (const doc of file.yaml.docs) {
      for (const item of asSeq(doc, getPath(doc, doc.contents as YNode, ['images']))?.items ?? []) {
        const entry = asMap(doc, item);
        const name = scalarString(doc, child(doc, entry, 'name'));
        const tag = scalarString(doc, child(doc, entry, 'newTag'));
        const digest = scalarString(doc, child(doc, entry, 'digest'));
        if (name && ((tag && tag.toLowerCase() !== 'latest') || digest)) names.add(name);
      }
    }
  }
  cache.set(files, names);
  return names;
}

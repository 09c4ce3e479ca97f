/** Container image references: `[registry[:port]/]name[:tag][@digest]`. */
import { isTemplated } from '../parse/helm-mask.js';

export interface ImageRef {
  name: string;
  tag?: string;
  digest?: string;
  /** Contains a template action or a shell/env variable: its value is unknown here. */
  dynamic: boolean;
}

export function parseImage(ref: string): ImageRef {
  const trimmed = ref.trim();
  // Template syntax of any tool (Helm, envsubst, gomplate, Kustomize vars) makes the value unknown.
  const dynamic = isTemplated(trimmed) || /\$\{?[A-Za-z_]|\$\(|\{\{/.test(trimmed);
  const at = trimmed.indexOf('@');
  const digest = at >= 0 ? trimmed.slice(at + 1) : undefined;
  const withoutDigest = at >= 0 ? trimmed.slice(0, at) : trimmed;
  // A colon after the last slash separates the tag; one before it belongs to a registry port.
  const lastSlash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.indexOf(':', lastSlash + 1);
  const name = colon >= 0 ? withoutDigest.slice(0, colon) : withoutDigest;
  const tag = colon >= 0 ? withoutDigest.slice(colon + 1) : undefined;
  return { name, tag: tag || undefined, digest: digest || undefined, dynamic };
}

/** True when the reference floats: tag `latest`, or neither tag nor digest. */
export function isMutableLatest(image: ImageRef): boolean {
  if (image.dynamic || image.digest) return false;
  return image.tag === undefined || image.tag.toLowerCase() === 'latest';
}

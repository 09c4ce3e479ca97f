/** Small manifests and configs for the app tests. */
import { RULES } from '../../../src/engine/registry.js';

export function deployment(name: string, image: string, options: { memoryLimit?: boolean } = {}): string {
  const resources = options.memoryLimit
    ? ['          resources:', '            requests:', '              memory: 128Mi', '              cpu: 100m', '            limits:', '              memory: 256Mi']
    : [];
  return [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    `  name: ${name}`,
    'spec:',
    '  replicas: 2',
    '  selector:',
    '    matchLabels:',
    `      app: ${name}`,
    '  template:',
    '    metadata:',
    '      labels:',
    `        app: ${name}`,
    '    spec:',
    '      containers:',
    `        - name: ${name}`,
    `          image: ${image}`,
    ...resources,
    '',
  ].join('\n');
}

/**
 * A config that runs only the named rules: other rules are being written as these tests run,
 * and the tests must not depend on what they find.
 */
export function onlyRules(ids: readonly string[], extra = ''): string {
  const rules = RULES.map((r) => `  ${r.id}: ${ids.includes(r.id) ? r.severity : 'off'}`);
  return `rules:\n${rules.join('\n')}\n${extra}`;
}

export const TWO_RULES = ['image-latest-tag', 'missing-memory-limit'] as const;

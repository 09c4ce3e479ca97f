/** Small manifest builders so rule tests state only what matters to them. */

export interface ContainerSpec {
  name?: string;
  image?: string;
  /** Extra YAML lines of the container, indented relative to the container (2 spaces). */
  body?: string[];
}

export function workload(kind: string, containers: ContainerSpec[], options: { name?: string; podLines?: string[]; initContainers?: ContainerSpec[] } = {}): string {
  const podIndent = kind === 'Pod' ? '  ' : kind === 'CronJob' ? '          ' : '      ';
  const render = (c: ContainerSpec): string[] => [
    `${podIndent}  - name: ${c.name ?? 'app'}`,
    `${podIndent}    image: ${c.image ?? 'registry.example.com/app:1.4.2'}`,
    ...(c.body ?? []).map((l) => `${podIndent}    ${l}`),
  ];
  const pod = [
    ...(options.podLines ?? []).map((l) => podIndent + l),
    `${podIndent}containers:`, ...containers.flatMap(render),
    ...(options.initContainers ? [`${podIndent}initContainers:`, ...options.initContainers.flatMap(render)] : []),
  ];
  const head = [`apiVersion: ${kind === 'Pod' ? 'v1' : kind === 'CronJob' || kind === 'Job' ? 'batch/v1' : 'apps/v1'}`, `kind: ${kind}`, 'metadata:', `  name: ${options.name ?? 'web'}`, 'spec:'];
  if (kind === 'Pod') return [...head, ...pod].join('\n') + '\n';
  if (kind === 'CronJob') return [...head, '  schedule: "@hourly"', '  jobTemplate:', '    spec:', '      template:', '        spec:', ...pod].join('\n') + '\n';
  return [...head, '  template:', '    spec:', ...pod].join('\n') + '\n';
}

/** A container body with every resource and both probes set: fine for all core rules. */
export const COMPLETE = [
  'resources:', '  requests:', '    cpu: 100m', '    memory: 128Mi', '  limits:', '    cpu: 500m', '    memory: 256Mi',
  'livenessProbe:', '  httpGet:', '    path: /healthz', '    port: 8080',
  'readinessProbe:', '  httpGet:', '    path: /ready', '    port: 8080',
];

/** A Service named web with one selector line (`app: web`), optionally in a namespace. */
export function service(selector: string, namespace?: string): string {
  return `apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n${namespace ? `  namespace: ${namespace}\n` : ''}spec:\n  selector:\n    ${selector}\n  ports:\n    - port: 80\n`;
}

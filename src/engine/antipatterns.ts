/** The fifteen anti-patterns of the catalog, in our words, for `explain <number>` and reports. */
import type { AntipatternNumber } from './rule.js';

export interface Antipattern {
  number: AntipatternNumber;
  title: string;
  summary: string;
}

export const ANTIPATTERNS: readonly Antipattern[] = [
  { number: 1, title: 'Deploying images by the latest tag', summary: 'A moving tag hides which build runs and lets restarted pods pull a different one. Tag builds immutably and promote the same tag.' },
  { number: 2, title: 'Configuration baked into container images', summary: 'Addresses, secrets or environment names inside an image force a rebuild per environment. Build one image and configure it from outside.' },
  { number: 3, title: 'Coupling the application to Kubernetes for no reason', summary: 'Ordinary services should not talk to the Kubernetes API or the node. If it cannot run under plain Docker Compose, ask why.' },
  { number: 4, title: 'Mixing application and infrastructure deployment', summary: 'Clusters change rarely and apps often: one pipeline for both slows every release and blames the wrong people.' },
  { number: 5, title: 'Ad-hoc deployments with kubectl edit and patch', summary: 'Hand edits to live objects leave no record and make environments drift. Change git and let a GitOps agent apply it.' },
  { number: 6, title: 'Using kubectl as a debugging tool', summary: 'If diagnosing needs kubectl logs and describe, observability has a gap. Ship logs, metrics and traces to proper tools.' },
  { number: 7, title: 'Misunderstanding Kubernetes networking', summary: 'Service types cost money and latency: one load balancer per service, NodePorts and exposed datastores are rarely what you want.' },
  { number: 8, title: 'Permanent staging environments instead of dynamic ones', summary: 'A shared staging namespace gets booked and drifts. Create an environment per pull request and tear it down on close.' },
  { number: 9, title: 'Mixing production and non-production in one cluster', summary: 'Namespaces are not a security boundary. Keep production in its own cluster, and keep non-production away from production endpoints.' },
  { number: 10, title: 'Deploying without memory and CPU limits', summary: 'Without requests the scheduler guesses; without a memory limit one leak starves the node. Measure and set both.' },
  { number: 11, title: 'Misusing health probes', summary: 'Readiness pauses traffic, liveness restarts. Every long-running container needs both, checking different things, with tolerant timings.' },
  { number: 12, title: 'Not using Helm', summary: 'Packaged releases keep history and rollback in the cluster. Templating then applying loses both.' },
  { number: 13, title: 'No deployment metrics', summary: 'A running container is not a working application. Expose metrics and verify every rollout automatically.' },
  { number: 14, title: 'No strategy for secrets', summary: 'Base64 is not encryption. Deliver secrets at run time, one way across teams, and keep build credentials out of the cluster.' },
  { number: 15, title: 'Solving every problem with Kubernetes', summary: 'Databases, caches and queues are better kept outside the cluster at first: managed services or VMs.' },
];

export function antipatternByNumber(n: number): Antipattern | undefined {
  return ANTIPATTERNS.find((a) => a.number === n);
}

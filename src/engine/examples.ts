/** Where a rule's docs example is checked when it names no path: a typical path for the kind. */
import type { RuleKind } from './rule.js';

const PATHS: Record<RuleKind, string> = {
  manifest: 'deploy/app.yaml',
  'helm-template': 'chart/templates/deployment.yaml',
  'helm-values': 'chart/values.yaml',
  chart: 'chart/Chart.yaml',
  kustomization: 'kustomization.yaml',
  dockerfile: 'Dockerfile',
  script: 'scripts/deploy.sh',
  ci: '.github/workflows/deploy.yml',
  terraform: 'infra/main.tf',
  source: 'src/app.ts',
  gitops: 'apps/app.yaml',
};

export function defaultExamplePath(kind: RuleKind): string {
  return PATHS[kind];
}

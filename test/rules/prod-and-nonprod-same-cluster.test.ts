import { describe, expect, test } from '@jest/globals';
import { findingsOf, linesOf } from '../helpers/run.js';
import { added, context } from '../helpers/change.js';

const RULE = 'prod-and-nonprod-same-cluster';

function app(name: string, path: string, server = 'https://k8s.example.com'): string {
  return `apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: ${name}\n  namespace: argocd\nspec:\n  source:\n    repoURL: https://git.example.com/shop.git\n    path: ${path}\n  destination:\n    server: ${server}\n    namespace: shop\n`;
}

describe('Argo CD', () => {
  test('flags one server receiving both, on the changed file, naming the other side', async () => {
    const findings = await findingsOf(RULE, [added('argocd/shop-staging.yaml', app('shop-staging', 'overlays/staging')), context('argocd/shop-prod.yaml', app('shop-prod', 'overlays/prod'))]);
    expect(findings.map((f) => [f.file, f.line])).toEqual([['argocd/shop-staging.yaml', 11]]);
    expect(findings[0]!.message).toBe('Application shop-staging deploys staging to https://k8s.example.com, which also receives production: Application shop-prod in argocd/shop-prod.yaml. Run production in a cluster of its own; namespaces do not keep a test run away from production data.');
  });

  test('one finding per changed file and cluster', async () => {
    const text = `${app('a-dev', 'overlays/dev')}---\n${app('b-dev', 'overlays/dev')}---\n${app('a-prod', 'overlays/prod')}`;
    expect(await linesOf(RULE, 'argocd/apps.yaml', text)).toEqual([11]);
  });

  test('in-cluster destinations in one folder are one Argo CD, in two folders maybe two', async () => {
    const inCluster = 'https://kubernetes.default.svc';
    expect((await findingsOf(RULE, { 'argocd/a.yaml': app('a', 'overlays/qa', inCluster), 'argocd/b.yaml': app('b', 'overlays/prod', inCluster) })).length).toBe(2);
    expect(await findingsOf(RULE, { 'argocd/qa/a.yaml': app('a', 'overlays/qa', inCluster), 'argocd/prod/b.yaml': app('b', 'overlays/prod', inCluster) })).toEqual([]);
  });

  test('a cluster named for production receiving a test app', async () => {
    const findings = await findingsOf(RULE, { 'argocd/a.yaml': app('shop', 'overlays/test', 'https://prod-eu.k8s.example.com') });
    expect(findings[0]!.message).toContain('deploys test to https://prod-eu.k8s.example.com, a production cluster by its name ("prod-eu")');
  });

  test('an ApplicationSet list generator sending both to one server', async () => {
    const text = [
      'apiVersion: argoproj.io/v1alpha1\nkind: ApplicationSet\nmetadata:\n  name: shop\nspec:\n  generators:\n    - list:\n        elements:\n',
      '          - env: staging\n          - env: production\n',
      '  template:\n    metadata:\n      name: \'shop-{{env}}\'\n    spec:\n      source:\n        path: \'overlays/{{env}}\'\n      destination:\n        server: https://k8s.example.com\n',
    ].join('');
    expect(await linesOf(RULE, 'argocd/set.yaml', text)).toEqual([18]);
  });

  test.each([
    ['separate servers', { 'argocd/a.yaml': app('shop-staging', 'overlays/staging', 'https://staging.example.com'), 'argocd/b.yaml': app('shop-prod', 'overlays/prod', 'https://prod.example.com') }],
    ['an app of unknown environment', { 'argocd/a.yaml': app('shop', 'charts/shop'), 'argocd/b.yaml': app('shop-prod', 'overlays/prod') }],
    ['only production', { 'argocd/a.yaml': app('a-prod', 'overlays/prod'), 'argocd/b.yaml': app('b', 'apps/b/production') }],
  ])('does not flag %s', async (_name, files) => {
    expect(await findingsOf(RULE, files)).toEqual([]);
  });

  test('nothing when only unchanged files are involved', async () => {
    expect(await findingsOf(RULE, [context('argocd/a.yaml', app('a-qa', 'overlays/qa')), context('argocd/b.yaml', app('b-prod', 'overlays/prod')), added('argocd/c.yaml', app('c', 'charts/c', 'https://other.example.com'))])).toEqual([]);
  });
});

describe('Flux', () => {
  const kustomization = (path: string) => `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: apps\n  namespace: flux-system\nspec:\n  interval: 10m\n  path: ${path}\n`;

  test('a production cluster folder reconciling staging apps', async () => {
    const findings = await findingsOf(RULE, { 'clusters/production/apps.yaml': kustomization('./apps/staging') });
    expect(findings.map((f) => f.line)).toEqual([8]);
    expect(findings[0]!.message).toContain('Kustomization apps deploys staging to clusters/production, a production cluster');
  });

  test('each cluster folder with its own environment', async () => {
    expect(await findingsOf(RULE, { 'clusters/production/apps.yaml': kustomization('./apps/production'), 'clusters/staging/apps.yaml': kustomization('./apps/staging') })).toEqual([]);
  });
});

describe('kustomize', () => {
  test('one kustomization building a production and a non-production overlay', async () => {
    const findings = await findingsOf(RULE, { 'clusters/main/kustomization.yaml': 'resources:\n  - ../../apps/shop/overlays/prod\n  - ../../apps/shop/overlays/staging\n' });
    expect(findings.map((f) => f.line)).toEqual([3]);
    expect(findings[0]!.message).toContain('builds production (../../apps/shop/overlays/prod) and staging (../../apps/shop/overlays/staging) together');
  });

  test('an overlay built on another overlay is not two environments', async () => {
    expect(await findingsOf(RULE, { 'overlays/prod/kustomization.yaml': 'resources:\n  - ../staging\npatches:\n  - path: replicas.yaml\n' })).toEqual([]);
  });
});

describe('CI pipelines', () => {
  const workflow = (...jobs: string[]): string => ['on:\n  push:\n    branches: [main]\njobs:', ...jobs].join('\n');
  const job = (id: string, lines: string[], extra = ''): string => [`  ${id}:`, '    runs-on: ubuntu-latest', ...(extra ? [extra] : []), '    steps:', '      - run: |', ...lines.map((l) => `          ${l}`)].join('\n');

  test('one kube context receiving staging and production namespaces', async () => {
    const text = workflow(
      job('deploy-staging', ['aws eks update-kubeconfig --name shop-eks --region eu-west-1', 'helm upgrade --install shop ./chart -n shop-staging --wait']), // 5-10
      job('deploy-prod', ['aws eks update-kubeconfig --name shop-eks --region eu-west-1', 'helm upgrade --install shop ./chart -n shop-prod --wait']),       // 11-16
    );
    const findings = await findingsOf(RULE, { '.github/workflows/deploy.yml': text });
    expect(findings.map((f) => f.line)).toEqual([10]);
    expect(findings[0]!.message).toBe('Job deploy-staging deploys staging (namespace shop-staging) to cluster "shop-eks", which also receives production: Job deploy-prod (namespace shop-prod). Run production in a cluster of its own; namespaces do not keep a test run away from production data.');
  });

  test('--context flags, job environments and values files, across two workflow files', async () => {
    const staging = workflow(job('deploy', ['helm upgrade --install shop ./chart --kube-context main -f values-staging.yaml --wait']));
    const prod = workflow(job('deploy', ['kubectl --context=main apply -k overlays/production', 'kubectl --context main rollout status deploy/api'], '    environment: production'));
    const findings = await findingsOf(RULE, [added('.github/workflows/staging.yml', staging), context('.github/workflows/prod.yml', prod)]);
    expect(findings.map((f) => [f.file, f.line])).toEqual([['.github/workflows/staging.yml', 9]]);
    expect(findings[0]!.message).toContain('deploys staging (values-staging.yaml) to kube context "main", which also receives production: Job deploy (overlays/production) in .github/workflows/prod.yml');
  });

  test('GitLab agent context from variables, environment names from the job', async () => {
    const text = [
      'variables:',                                        // 1
      '  KUBE_CONTEXT: acme/shop:k8s-agent',               // 2
      '.deploy:',                                          // 3
      '  image: alpine/helm:3.15.2',                       // 4
      '  script:',                                         // 5
      '    - helm upgrade --install shop ./chart -n shop --atomic', // 6
      'deploy-staging:',                                   // 7
      '  extends: .deploy',                                // 8
      '  environment: staging',                            // 9
      'deploy-production:',                                // 10
      '  extends: .deploy',                                // 11
      '  environment:',                                    // 12
      '    name: production',                            // 13
      '  when: manual',                                    // 14
    ].join('\n');
    const findings = await findingsOf(RULE, { '.gitlab-ci.yml': text });
    expect(findings.map((f) => f.line)).toEqual([6]);
    expect(findings[0]!.message).toContain('Job deploy-staging deploys staging (environment staging) to kube context "acme/shop:k8s-agent", which also receives production: Job deploy-production (environment production)');
  });

  test('variables resolved from the job, and a cluster named for production', async () => {
    const text = workflow(job('qa', ['kubectl config use-context "$CLUSTER"', 'kubectl apply -n "$NS" -f k8s/'], '    env:\n      CLUSTER: prod-eu-1\n      NS: shop-qa'));
    const findings = await findingsOf(RULE, { '.github/workflows/qa.yml': text });
    expect(findings.map((f) => f.line)).toEqual([13]);
    expect(findings[0]!.message).toContain('Job qa deploys qa (namespace shop-qa) to kube context "prod-eu-1", a production cluster by its name ("prod-eu-1")');
  });

  test('script variables are followed until they are reassigned from a run-time value', async () => {
    const lines = ['kubectl config use-context shop', 'export NS=shop-staging', 'helm upgrade --install shop ./chart -n "$NS" --wait', 'NS=$(cat namespace.txt)', 'helm upgrade --install shop ./chart -n "$NS" --wait'];
    const findings = await findingsOf(RULE, { '.github/workflows/a.yml': workflow(job('a', lines), job('b', ['kubectl config use-context shop', 'helm upgrade --install shop ./chart -n shop-prod --wait'])) });
    expect(findings.map((f) => f.line)).toEqual([11]);
    expect(findings[0]!.message).toContain('Job a deploys staging (namespace shop-staging) to kube context "shop", which also receives production: Job b (namespace shop-prod)');
  });

  test('azure/aks-set-context and get-gke-credentials point later steps at a cluster', async () => {
    const text = [
      'on: push',                                              // 1
      'jobs:',                                                 // 2
      '  deploy:',                                             // 3
      '    runs-on: ubuntu-latest',                            // 4
      '    steps:',                                            // 5
      '      - uses: azure/aks-set-context@v4',                // 6
      '        with:',                                         // 7
      '          resource-group: shop',                        // 8
      '          cluster-name: shop-aks',                      // 9
      '      - run: helm upgrade --install shop ./chart -n shop-dev --wait',  // 10
      '      - run: helm upgrade --install shop ./chart -n shop-production --wait', // 11
    ].join('\n');
    expect(await linesOf(RULE, '.github/workflows/deploy.yml', text)).toEqual([10]);
  });

  test.each([
    ['a switch between the two deploys', workflow(job('deploy', ['kubectl config use-context nonprod', 'helm upgrade --install shop ./chart -n shop-staging --wait', 'kubectl config use-context prod', 'helm upgrade --install shop ./chart -n shop-prod --wait']))],
    ['an unknown cluster', workflow(job('a', ['kubectl config use-context "${{ vars.CLUSTER }}"', 'helm upgrade --install shop ./chart -n shop-staging --wait', 'helm upgrade --install shop ./chart -n shop-prod --wait']))],
    ['no cluster named at all', workflow(job('a', ['helm upgrade --install shop ./chart -n shop-staging --wait']), job('b', ['helm upgrade --install shop ./chart -n shop-prod --wait']))],
    ['a matrix environment', workflow(job('a', ['kubectl config use-context shop', 'helm upgrade --install shop ./chart -n "shop-${{ matrix.env }}" --wait', 'helm upgrade --install shop ./chart -n shop-prod --wait']))],
    ['disagreeing names are unknown', workflow(job('a', ['kubectl config use-context shop', 'helm upgrade --install shop-prod ./chart -n shop-staging --wait', 'helm upgrade --install shop ./chart -n shop-prod --wait']))],
    ['a throwaway kind cluster', workflow(job('a', ['kind create cluster --name ci', 'kubectl config use-context kind-ci', 'helm upgrade --install shop ./chart -n shop-test --wait', 'helm upgrade --install shop ./chart -n shop-prod --wait']))],
    ['text and dry runs', workflow(job('a', ['kubectl config use-context shop', 'echo "helm upgrade --install shop ./chart -n shop-staging"', 'helm upgrade --install shop ./chart -n shop-staging --dry-run', 'helm upgrade --install shop ./chart -n shop-prod --wait']))],
    ['a variable reassigned from a run-time value', workflow(job('a', ['kubectl config use-context shop', 'NS=shop-staging', 'NS=$(cat namespace.txt)', 'helm upgrade --install shop ./chart -n "$NS" --wait', 'helm upgrade --install shop ./chart -n shop-prod --wait']))],
    ['KUBE_CONTEXT outside GitLab, where nothing reads it', workflow(job('a', ['helm upgrade --install shop ./chart -n shop-staging --wait', 'helm upgrade --install shop ./chart -n shop-prod --wait'], '    env:\n      KUBE_CONTEXT: shop'))],
    ['platform add-ons beside production', workflow(job('a', ['kubectl config use-context shop-prod', 'helm upgrade --install ingress-nginx ingress-nginx/ingress-nginx -n ingress-nginx --wait', 'helm upgrade --install shop ./chart -n shop --wait']))],
  ])('does not flag %s', async (_name, text) => {
    expect(await linesOf(RULE, '.github/workflows/deploy.yml', text)).toEqual([]);
  });
});

describe('Argo CD Applications in a Helm chart (app of apps)', () => {
  const CHART = { 'charts/apps/Chart.yaml': 'apiVersion: v2\nname: apps\nversion: 1.0.0\n' };
  const templated = (name: string, server: string) => `apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: ${name}\nspec:\n  destination:\n    server: ${server}\n    namespace: shop\n`;

  test('flags a chart template sending staging where a GitOps file sends production', async () => {
    const findings = await findingsOf(RULE, [
      added('charts/apps/Chart.yaml', CHART['charts/apps/Chart.yaml']),
      added('charts/apps/templates/shop-staging.yaml', `{{- if .Values.staging.enabled }}\n${templated('shop-staging', 'https://k8s.example.com')}{{- end }}\n`),
      context('argocd/shop-prod.yaml', app('shop-prod', 'overlays/prod')),
    ]);
    expect(findings.map((f) => [f.file, f.line])).toEqual([['charts/apps/templates/shop-staging.yaml', 8]]);
    expect(findings[0]!.message).toContain('Application shop-staging deploys staging to https://k8s.example.com, which also receives production: Application shop-prod in argocd/shop-prod.yaml');
  });

  test('templated destinations and names are unknown', async () => {
    const files = {
      ...CHART,
      'charts/apps/templates/a.yaml': templated('shop-staging', '{{ .Values.stagingServer }}'),
      'charts/apps/templates/b.yaml': templated('shop-prod', 'https://k8s.example.com'),
      'charts/apps/templates/c.yaml': templated('{{ .Values.env }}-shop', 'https://k8s.example.com'),
      'charts/apps/templates/d.yaml': templated('shop', 'https://k8s.example.com').replace('namespace: shop', 'namespace: shop-{{ .Values.env }}'),
    };
    expect(await findingsOf(RULE, files)).toEqual([]);
  });
});

describe('ApplicationSet generators', () => {
  const appSet = (generators: string, template: string) =>
    `apiVersion: argoproj.io/v1alpha1\nkind: ApplicationSet\nmetadata:\n  name: shop\nspec:\n  generators:\n${generators}  template:\n    metadata:\n      name: 'shop-{{name}}'\n    spec:\n${template}`;
  const byLabel = (labels: string) => `    - clusters:\n        selector:\n${labels}`;

  test('a cluster generator choosing staging clusters for a production overlay', async () => {
    const text = appSet(byLabel('          matchLabels:\n            env: staging\n'), '      source:\n        path: overlays/prod\n      destination:\n        server: \'{{server}}\'\n');
    const findings = await findingsOf(RULE, { 'argocd/set.yaml': text });
    expect(findings.map((f) => f.line)).toEqual([18]);
    expect(findings[0]!.message).toContain('ApplicationSet shop (cluster generator) deploys production to the clusters labelled env=staging, a non-production cluster by its name ("staging")');
  });

  test('matchExpressions with one In value, and the label filled into the template', async () => {
    const expressions = '          matchExpressions:\n            - key: env\n              operator: In\n              values: [prod]\n';
    expect(await linesOf(RULE, 'argocd/set.yaml', appSet(byLabel(expressions), '      source:\n        path: overlays/dev\n      destination:\n        name: \'{{name}}\'\n'))).toEqual([20]);
    expect(await linesOf(RULE, 'argocd/set.yaml', appSet(byLabel(expressions), '      source:\n        path: \'overlays/{{metadata.labels.env}}\'\n      destination:\n        name: \'{{name}}\'\n'))).toEqual([]);
  });

  test.each([
    ['no selector (every cluster)', appSet('    - clusters: {}\n', '      source:\n        path: overlays/prod\n      destination:\n        server: \'{{server}}\'\n')],
    ['a selector naming no environment', appSet(byLabel('          matchLabels:\n            team: shop\n'), '      source:\n        path: overlays/prod\n      destination:\n        server: \'{{server}}\'\n')],
    ['In with values of both tiers', appSet(byLabel('          matchExpressions:\n            - key: env\n              operator: In\n              values: [staging, prod]\n'), '      source:\n        path: overlays/prod\n      destination:\n        server: \'{{server}}\'\n')],
    ['NotIn', appSet(byLabel('          matchExpressions:\n            - key: env\n              operator: NotIn\n              values: [staging]\n'), '      source:\n        path: overlays/prod\n      destination:\n        server: \'{{server}}\'\n')],
  ])('a cluster generator with %s is unknown', async (_name, text) => {
    expect(await linesOf(RULE, 'argocd/set.yaml', text)).toEqual([]);
  });

  test('selected clusters are not guessed from the folder, nor grouped with each other', async () => {
    const unnamed = '      source:\n        path: charts/shop\n      destination:\n        server: \'{{server}}\'\n';
    expect(await linesOf(RULE, 'argocd/prod/set.yaml', appSet(byLabel('          matchLabels:\n            env: staging\n'), unnamed))).toEqual([]);
    const two = `${byLabel('          matchLabels:\n            env: staging\n')}${byLabel('          matchLabels:\n            env: prod\n')}`;
    expect(await linesOf(RULE, 'argocd/set.yaml', appSet(two, '      source:\n        path: \'overlays/{{metadata.labels.env}}\'\n      destination:\n        server: \'{{server}}\'\n'))).toEqual([]);
  });

  const previews = (server: string) => appSet('    - pullRequest:\n        github:\n          owner: acme\n          repo: shop\n', `      source:\n        path: overlays/prod\n        targetRevision: '{{head_sha}}'\n      destination:\n        server: ${server}\n        namespace: 'shop-pr-{{number}}'\n`);

  test('pull request previews sent to the cluster that runs production', async () => {
    const findings = await findingsOf(RULE, [added('argocd/previews.yaml', previews('https://k8s.example.com')), context('argocd/shop-prod.yaml', app('shop-prod', 'overlays/prod'))]);
    expect(findings.map((f) => [f.file, f.line])).toEqual([['argocd/previews.yaml', 19]]);
    expect(findings[0]!.message).toContain('ApplicationSet shop (pull request previews) deploys preview to https://k8s.example.com, which also receives production: Application shop-prod');
  });

  test('pull request previews on a cluster of their own, or a templated one, are fine', async () => {
    expect(await findingsOf(RULE, { 'argocd/previews.yaml': previews('https://previews.example.com'), 'argocd/shop-prod.yaml': app('shop-prod', 'overlays/prod') })).toEqual([]);
    expect(await findingsOf(RULE, { 'argocd/previews.yaml': previews('\'{{server}}\''), 'argocd/shop-prod.yaml': app('shop-prod', 'overlays/prod') })).toEqual([]);
  });

  const sameServer = '      source:\n        path: \'overlays/{{env}}\'\n      destination:\n        server: https://k8s.example.com\n        namespace: \'{{path.basename}}\'\n';
  const envList = '            - list:\n                elements:\n                  - env: staging\n                  - env: prod\n';
  const git = '            - git:\n                repoURL: https://git.example.com/apps.git\n                revision: HEAD\n                directories:\n                  - path: apps/*\n';

  test('the list part of a matrix', async () => {
    expect(await linesOf(RULE, 'argocd/set.yaml', appSet(`    - matrix:\n        generators:\n${git}${envList}`, sameServer))).toEqual([25]);
  });

  test('the merge keys of a merge whose base is a list', async () => {
    const merge = (keys: string) => appSet(`    - merge:\n        mergeKeys: [${keys}]\n        generators:\n${envList}${git}`, sameServer);
    expect(await linesOf(RULE, 'argocd/set.yaml', merge('env'))).toEqual([26]);
    // Other values of the base may be overridden by the later generators: unknown.
    expect(await linesOf(RULE, 'argocd/set.yaml', merge('path'))).toEqual([]);
  });

  test('a list beside another top-level generator is still read; a filtered or overridden list is not', async () => {
    expect(await linesOf(RULE, 'argocd/set.yaml', appSet(`${git.replace(/^ {8}/gm, '')}${envList.replace(/^ {8}/gm, '')}`, sameServer))).toEqual([23]);
    const filtered = `${envList.replace(/^ {8}/gm, '')}      selector:\n        matchLabels:\n          env: prod\n`;
    expect(await linesOf(RULE, 'argocd/set.yaml', appSet(filtered, sameServer))).toEqual([]);
    const overridden = `${envList.replace(/^ {8}/gm, '')}        template:\n          spec:\n            destination:\n              server: '{{url}}'\n`;
    expect(await linesOf(RULE, 'argocd/set.yaml', appSet(overridden, sameServer))).toEqual([]);
  });
});

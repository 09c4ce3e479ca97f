import { describe, expect, test } from '@jest/globals';
import { findingsOf, linesOf } from '../helpers/run.js';

const RULE = 'image-env-tag';

describe('scripts', () => {
  test('flags published builds, prefixes with a variable build id, set image and helm --set', async () => {
    const script = [
      '#!/bin/bash',                                                                    // 1
      'set -euo pipefail',                                                              // 2
      'docker build -t registry.example.com/api:staging .',                             // 3
      'docker push registry.example.com/api:staging',                                   // 4
      'docker build -t "$REGISTRY/web:prod-$GIT_SHA" . && docker push "$REGISTRY/web:prod-$GIT_SHA"', // 5
      'podman tag web:1.4.2 quay.io/acme/web:1.4.2-qa',                                 // 6
      'podman push quay.io/acme/web:1.4.2-qa',                                          // 7
      'docker buildx build --push -t registry.example.com/worker:dev-1.2.3 .',          // 8
      'kubectl set image deployment/api api=registry.example.com/api:uat',              // 9
      'helm upgrade --install api ./chart --set image.tag=production --wait',           // 10
      'helm upgrade --install web ./chart --set web.imageTag=stg --wait',               // 11
    ].join('\n');
    const findings = await findingsOf(RULE, { 'scripts/release.sh': script });
    expect(findings.map((f) => f.line)).toEqual([3, 5, 6, 8, 9, 10, 11]);
    expect(findings[0]!.message).toBe('docker build -t "registry.example.com/api:staging": the tag names an environment ("staging"). Build the image once, tag it with a version or commit, and promote that same tag through every environment.');
    expect(findings[1]!.message).toContain('"$REGISTRY/web:prod-$GIT_SHA": the tag names an environment ("prod")');
    expect(findings[4]!.message).toContain('kubectl set image "registry.example.com/api:uat"');
    expect(findings[5]!.message).toContain('helm --set image.tag "production"');
  });

  test('pushed with --all-tags, and in a Makefile recipe', async () => {
    expect(await linesOf(RULE, 'release.sh', '#!/bin/sh\ndocker tag api:1.0 registry.io/api:prod\ndocker push --all-tags registry.io/api\n')).toEqual([2]);
    expect(await linesOf(RULE, 'Makefile', 'release:\n\tdocker build -t registry.io/api:staging .\n\tdocker push registry.io/api:staging\n')).toEqual([2]);
  });

  test('does not flag variables, local test builds, text, or tags that only look alike', async () => {
    const script = [
      '#!/bin/bash',
      'docker build -t api:test .',                                        // local, never pushed
      'docker run --rm api:test npm test',
      'echo "docker push registry.io/app:prod"',                           // text
      '# docker push registry.io/app:staging',                             // comment
      'docker build -t "registry.io/app:$TAG" . && docker push "registry.io/app:$TAG"',
      'docker push "registry.io/app:${ENVIRONMENT}-1.4.2"',                // the environment is a variable: unknown
      'docker push registry.io/app:1.4.2-rc1',
      'docker push registry.io/app:production-ready',
      'docker push cgr.dev/acme/node:20.11-dev',
      'docker push registry.io/app:staging@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
      'kubectl set image deployment/api api="registry.io/api:$VERSION"',
      'helm upgrade --install api ./chart --set ingress.tag=prod --set env=production --set image.tag="$TAG" --wait',
      'cat <<EOF',
      'docker push registry.io/app:prod',
      'EOF',
    ].join('\n');
    expect(await linesOf(RULE, 'scripts/release.sh', script)).toEqual([]);
  });
});

describe('GitHub Actions', () => {
  test('flags run steps, build-push-action with push, job containers, services and docker steps', async () => {
    const workflow = [
      'on: push',                                                  // 1
      'jobs:',                                                     // 2
      '  e2e:',                                                    // 3
      '    runs-on: ubuntu-latest',                                // 4
      '    container: ghcr.io/acme/e2e-runner:prod',               // 5
      '    services:',                                             // 6
      '      api:',                                                // 7
      '        image: ghcr.io/acme/api:staging',                   // 8
      '      postgres:',                                           // 9
      '        image: postgres:16',                                // 10
      '    steps:',                                                // 11
      '      - uses: docker://ghcr.io/acme/seed:qa',                // 12
      '      - uses: docker/build-push-action@v6',                 // 13
      '        with:',                                             // 14
      '          push: true',                                      // 15
      '          tags: ghcr.io/acme/web:prod-${{ github.sha }}',   // 16
      '      - run: |',                                            // 17
      '          docker build -t ghcr.io/acme/worker:uat .',       // 18
      '          docker push ghcr.io/acme/worker:uat',             // 19
    ].join('\n');
    const findings = await findingsOf(RULE, { '.github/workflows/e2e.yml': workflow });
    expect(findings.map((f) => f.line)).toEqual([5, 8, 12, 16, 18]);
    expect(findings.map((f) => f.message.split(':')[0])).toEqual(['Job e2e', 'Job e2e', 'Job e2e', 'Job e2e', 'Job e2e']);
    expect(findings[1]!.message).toContain('service api "ghcr.io/acme/api:staging"');
    expect(findings[2]!.message).toContain('step "ghcr.io/acme/seed:qa"');
  });

  test('does not flag expressions, build-push-action without push, or ordinary images', async () => {
    const workflow = [
      'on: pull_request',
      'jobs:',
      '  test:',
      '    runs-on: ubuntu-latest',
      '    container: node:20-bookworm',
      '    services:',
      '      redis:',
      '        image: redis:7-alpine',
      '    steps:',
      '      - uses: docker/build-push-action@v6',
      '        with:',
      '          load: true',
      '          tags: ghcr.io/acme/web:test',
      '      - run: docker build -t ghcr.io/acme/web:${{ inputs.environment }} . && docker push ghcr.io/acme/web:${{ inputs.environment }}',
      '      - run: helm upgrade --install web ./chart --set image.tag=${{ github.sha }} --wait',
    ].join('\n');
    expect(await linesOf(RULE, '.github/workflows/test.yml', workflow)).toEqual([]);
  });
});

describe('GitLab CI', () => {
  test('flags pipeline, template and job images and services, and pushes', async () => {
    const pipeline = [
      'image: registry.gitlab.com/acme/ci-tools:prod',             // 1
      '.e2e:',                                                     // 2
      '  services:',                                               // 3
      '    - name: $CI_REGISTRY_IMAGE/api:qa',                     // 4
      '      alias: api',                                          // 5
      'e2e:',                                                      // 6
      '  extends: .e2e',                                           // 7
      '  image: $CI_REGISTRY_IMAGE:staging',                       // 8
      '  script:',                                                 // 9
      '    - docker build -t $CI_REGISTRY_IMAGE:staging-$CI_COMMIT_SHORT_SHA .', // 10
      '    - docker push $CI_REGISTRY_IMAGE:staging-$CI_COMMIT_SHORT_SHA',       // 11
    ].join('\n');
    const findings = await findingsOf(RULE, { '.gitlab-ci.yml': pipeline });
    expect(findings.map((f) => f.line)).toEqual([1, 4, 8, 10]);
    expect(findings[0]!.message).toMatch(/^pipeline image "registry.gitlab.com\/acme\/ci-tools:prod"/);
    expect(findings[1]!.message).toMatch(/^template \.e2e service/);
    expect(findings[2]!.message).toMatch(/^Job e2e: image "\$CI_REGISTRY_IMAGE:staging"/);
  });

  test('does not flag per-commit tags, branch slugs or tool images', async () => {
    const pipeline = [
      'default:',
      '  image: alpine:3.20',
      'build:',
      '  image: docker:27',
      '  services: [docker:27-dind]',
      '  script:',
      '    - docker build -t $CI_REGISTRY_IMAGE:$CI_COMMIT_SHA .',
      '    - docker push $CI_REGISTRY_IMAGE:$CI_COMMIT_SHA',
      '    - docker build -t $CI_REGISTRY_IMAGE:$CI_COMMIT_REF_SLUG .',
      '    - docker push $CI_REGISTRY_IMAGE:$CI_COMMIT_REF_SLUG',
    ].join('\n');
    expect(await linesOf(RULE, '.gitlab-ci.yml', pipeline)).toEqual([]);
  });
});

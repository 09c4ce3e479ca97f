import { describe, expect, test } from '@jest/globals';
import { findingsOf, linesOf } from '../helpers/run.js';

const RULE = 'ci-push-latest';

describe(RULE, () => {
  test('flags docker, podman and buildah builds, tags and pushes as latest', async () => {
    const script = [
      '#!/bin/sh',                                   // 1
      'docker build -t registry.io/web:latest .',    // 2
      'docker push registry.io/web:latest',          // 3
      'podman tag web registry.io/api:latest',       // 4
      'buildah bud --tag=registry.io/job:latest .',  // 5
      'docker image push "$REGISTRY/worker:latest"', // 6
    ].join('\n');
    // The build and the push of one image are one finding, on the build line.
    expect(await linesOf(RULE, 'build.sh', script)).toEqual([2, 4, 5, 6]);
    expect((await findingsOf(RULE, { 'build.sh': script }))[0]!.span).toEqual([2, 3]);
    const [first] = await findingsOf(RULE, { 'build.sh': script });
    expect(first!.message).toContain('"registry.io/web:latest"');
  });

  test('flags kubectl set image and helm --set with latest, on run-block lines', async () => {
    const workflow = [
      'on: push',                                              // 1
      'jobs:',                                                 // 2
      '  deploy:',                                             // 3
      '    runs-on: ubuntu-latest',                            // 4
      '    steps:',                                            // 5
      '      - run: |',                                        // 6
      '          helm upgrade --install web ./chart \\',       // 7
      '            --set image.tag=latest --wait',             // 8
      '          kubectl set image deploy/api api=org/api:latest', // 9
    ].join('\n');
    const findings = await findingsOf(RULE, { '.github/workflows/deploy.yml': workflow });
    expect(findings.map((f) => f.line)).toEqual([8, 9]);
    expect(findings[0]!.message).toMatch(/^Job deploy: helm deploys the image tag latest/);
  });

  test('flags build-push-action tags that are only latest', async () => {
    const workflow = [
      'on: push',                                  // 1
      'jobs:',                                     // 2
      '  build:',                                  // 3
      '    runs-on: ubuntu-latest',                // 4
      '    steps:',                                // 5
      '      - uses: docker/build-push-action@v6', // 6
      '        with:',                             // 7
      '          push: true',                      // 8
      '          tags: |',                         // 9
      '            ghcr.io/org/web:latest',        // 10
    ].join('\n');
    expect(await linesOf(RULE, '.github/workflows/build.yml', workflow)).toEqual([10]);
  });

  test('does not flag immutable tags, a latest alias beside one, or text', async () => {
    const script = [
      '#!/bin/sh',
      'docker build -t registry.io/web:$SHA -t registry.io/web:latest .',
      'docker push registry.io/web:$SHA',
      'docker push registry.io/web:latest',
      'echo "docker push app:latest"',
      '# docker push app:latest',
      'docker pull redis:latest',
      'docker run --rm app:latest test',
      'helm upgrade web ./chart --set image.tag="$TAG" --wait',
    ].join('\n');
    expect(await linesOf(RULE, 'build.sh', script)).toEqual([]);
    const workflow = 'on: push\njobs:\n  b:\n    runs-on: x\n    steps:\n      - run: docker push ghcr.io/o/web:${{ github.sha }}\n      - run: docker push ghcr.io/o/web:latest\n      - uses: docker/build-push-action@v6\n        with:\n          tags: ghcr.io/o/api:latest,ghcr.io/o/api:${{ github.sha }}\n';
    expect(await linesOf(RULE, '.github/workflows/b.yml', workflow)).toEqual([]);
  });
});

describe(`${RULE} in Makefiles`, () => {
  test('flags a literal latest in a recipe, not an overridable image variable', async () => {
    const makefile = [
      'IMG ?= controller:latest',            // 1
      '',                                    // 2
      'docker-build:',                       // 3
      '\tdocker build -t ${IMG} .',          // 4
      'push-dev:',                           // 5
      '\tdocker push registry.io/dev:latest', // 6
    ].join('\n');
    expect(await linesOf(RULE, 'Makefile', makefile)).toEqual([6]);
  });
});

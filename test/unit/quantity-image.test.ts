import { describe, expect, test } from '@jest/globals';
import { parseQuantity } from '../../src/k8s/quantity.js';
import { isMutableLatest, parseImage } from '../../src/k8s/image.js';

describe('parseQuantity', () => {
  test.each([
    ['500m', 0.5], ['1', 1], ['1.5', 1.5], ['2k', 2000], ['1Ki', 1024], ['512Mi', 512 * 2 ** 20], ['1Gi', 2 ** 30],
    ['1G', 1e9], ['1M', 1e6], ['1e3', 1000], ['1E', 1e18], ['100n', 1e-7], [128, 128], ['.5', 0.5],
  ])('%s', (input, expected) => {
    expect(parseQuantity(input)).toBeCloseTo(expected as number, 12);
  });

  test('orders mixed units correctly', () => {
    expect(parseQuantity('500m')!).toBeLessThan(parseQuantity('1')!);
    expect(parseQuantity('512Mi')!).toBeLessThan(parseQuantity('1Gi')!);
    expect(parseQuantity('1000M')!).toBeLessThan(parseQuantity('1Gi')!);
  });

  test.each(['', 'abc', '1 Gi', '1GB', '§§§'])('rejects %p', (input) => {
    expect(parseQuantity(input)).toBeUndefined();
  });
});

describe('parseImage', () => {
  test.each([
    ['nginx', { name: 'nginx', tag: undefined, digest: undefined }],
    ['nginx:1.27', { name: 'nginx', tag: '1.27', digest: undefined }],
    ['registry.local:5000/team/app', { name: 'registry.local:5000/team/app', tag: undefined }],
    ['registry.local:5000/team/app:2.0', { name: 'registry.local:5000/team/app', tag: '2.0' }],
    ['app@sha256:abc', { name: 'app', tag: undefined, digest: 'sha256:abc' }],
    ['app:1.0@sha256:abc', { name: 'app', tag: '1.0', digest: 'sha256:abc' }],
  ])('%s', (ref, expected) => {
    expect(parseImage(ref)).toMatchObject(expected);
  });

  test('latest and untagged images float; digests and variables do not', () => {
    expect(isMutableLatest(parseImage('nginx'))).toBe(true);
    expect(isMutableLatest(parseImage('nginx:LATEST'))).toBe(true);
    expect(isMutableLatest(parseImage('registry:5000/nginx'))).toBe(true);
    expect(isMutableLatest(parseImage('nginx:latest@sha256:abc'))).toBe(false);
    expect(isMutableLatest(parseImage('nginx:1.2'))).toBe(false);
    expect(isMutableLatest(parseImage('${IMAGE}'))).toBe(false);
    expect(isMutableLatest(parseImage('§§§§§§§'))).toBe(false);
  });
});

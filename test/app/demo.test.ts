import { describe, expect, test } from '@jest/globals';
import { runDemo } from '../../src/demo/demo.js';

describe('npm run demo', () => {
  test('reviews the bundled pull request through the real server and prints what GitHub would show', async () => {
    let out = '';
    const code = await runDemo((s) => void (out += s));
    expect(code).toBe(0);
    expect(out).toContain('The app answered the webhook with 200.');
    expect(out).toMatch(/Check run "Kubernetes anti-patterns" on [0-9a-f]{7}: completed, conclusion failure/);
    expect(out).toContain('Review by the app (COMMENT)');
    expect(out).toContain('┌ deploy/web/deployment.yaml, line 18');
    expect(out).toContain('Why? /antipattern explain image-latest-tag');
    expect(out).not.toContain('<!--');
  });
});

/** The credential scanner's profiler must record nothing: a long-running App would leak every mark. */
import { expect, test } from '@jest/globals';
import { performance } from 'node:perf_hooks';
import { analyze } from '../../src/engine/analyze.js';

test('scans leave no marks in the performance timeline, whatever the file is called', async () => {
  const before = performance.getEntriesByType('mark').length;
  for (const path of ['a.txt', 'a::end.txt', 'line\nbreak.txt', 'deploy/app.env']) {
    const result = await analyze({ files: [{ path, status: 'added', text: 'password = "hunter2hunter2"\n', changedLines: 'all' }] });
    expect(result.files.map((f) => f.path)).toEqual([path]);
  }
  expect(performance.getEntriesByType('mark').length).toBe(before);
});

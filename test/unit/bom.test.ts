/** A UTF-8 byte-order mark is not part of the text, whichever surface read the file (the App's too). */
import { expect, test } from '@jest/globals';
import { analyze } from '../../src/engine/analyze.js';

test('a manifest whose text starts with a byte-order mark is classified and reviewed', async () => {
  const text = '\uFEFFapiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: nginx:latest\n';
  const result = await analyze({ files: [{ path: 'pod.yaml', status: 'added', text, changedLines: 'all' }] });
  expect(result.files).toEqual([{ path: 'pod.yaml', kind: 'manifest', status: 'analyzed' }]);
  expect(result.findings.find((f) => f.rule === 'image-latest-tag')).toMatchObject({ line: 8 });
});

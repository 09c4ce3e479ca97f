/**
 * A broken document must not hide the findings of the documents beside it: otherwise a pull
 * request could append `--- [` to a manifest and silence every finding in it.
 */
import { expect, test } from '@jest/globals';
import { analyze } from '../../src/engine/analyze.js';

const pod = (name: string, image: string) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\nspec:\n  containers:\n    - name: ${name}\n      image: ${image}\n`;

test('the documents that parse are reviewed; the broken one is a parse-error at its line', async () => {
  const text = `${pod('a', 'nginx:latest')}---\nkey: [unclosed\n---\n${pod('b', 'redis:latest')}`;
  const result = await analyze({ files: [{ path: 'k.yaml', status: 'added', text, changedLines: 'all' }] });
  expect(result.files).toEqual([{ path: 'k.yaml', kind: 'manifest', status: 'analyzed' }]);
  const latest = result.findings.filter((f) => f.rule === 'image-latest-tag').map((f) => f.line);
  expect(latest).toEqual([8, 19]);
  const parse = result.findings.filter((f) => f.rule === 'parse-error');
  expect(parse.map((f) => [f.line, f.severity])).toEqual([[11, 'warning']]);
  expect(parse[0]!.message).toMatch(/this document was not reviewed; the others in the file were/);
});

test('a file whose only document is broken is still an error as a whole', async () => {
  const result = await analyze({ files: [{ path: 'k.yaml', status: 'added', text: 'apiVersion: v1\nkind: Pod\nmetadata: [unclosed\n', changedLines: 'all' }] });
  expect(result.files[0]).toMatchObject({ status: 'error' });
  expect(result.findings.map((f) => f.rule)).toEqual(['parse-error']);
});

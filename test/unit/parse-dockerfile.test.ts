import { describe, expect, test } from '@jest/globals';
import { nameWords, parseDockerfile, substitute } from '../../src/parse/dockerfile.js';

describe('parseDockerfile', () => {
  test('stages, resolved FROM images, platform flags and 1-based lines', () => {
    const model = parseDockerfile('ARG BASE=node:20\nFROM --platform=$BUILDPLATFORM ${BASE} AS Build\nFROM build\nFROM scratch\n');
    expect(model.froms.map((f) => [f.line, f.raw, f.resolved, f.name, f.platform, f.stageRef, f.scratch, f.image?.tag])).toEqual([
      [2, '${BASE}', 'node:20', 'Build', '$BUILDPLATFORM', undefined, false, '20'],
      [3, 'build', 'build', undefined, undefined, 'build', false, undefined],
      [4, 'scratch', 'scratch', undefined, undefined, undefined, true, undefined],
    ]);
    expect(model.instructions.map((i) => [i.keyword, i.stage])).toEqual([['ARG', -1], ['FROM', 0], ['FROM', 1], ['FROM', 2]]);
  });

  test('ARGs inside a stage do not resolve a later FROM', () => {
    const model = parseDockerfile('FROM alpine:3\nARG BASE=node:20\nFROM ${BASE}\n');
    expect(model.froms[1]!.resolved).toBeUndefined();
  });

  test('ENV properties in both forms, each on its own line', () => {
    const model = parseDockerfile('FROM a:1\nENV A=1 \\\n  B="two words"\nENV C three words\nARG D\n');
    expect(model.properties.map((p) => [p.keyword, p.name, p.value, p.line])).toEqual([
      ['ENV', 'A', '1', 2], ['ENV', 'B', 'two words', 3], ['ENV', 'C', 'three words', 4], ['ARG', 'D', undefined, 5],
    ]);
  });

  test('COPY sources in shell and JSON form, without the destination or heredocs', () => {
    const model = parseDockerfile('FROM a:1\nCOPY --from=build a b /dst/\nCOPY ["c d", "/dst/"]\nCOPY <<EOF /x\nhi\nEOF\n');
    expect(model.copies.map((c) => [c.sources, c.from])).toEqual([[['a', 'b'], 'build'], [['c d'], undefined]]);
  });
});

describe('substitute', () => {
  const vars = new Map<string, string | null>([['SET', 'v'], ['EMPTY', ''], ['NONE', null]]);
  test.each([
    ['$SET-${SET}', 'v-v'],
    ['${NONE:-d}', 'd'],
    ['${EMPTY:-d}', 'd'],
    ['${EMPTY-d}', ''],
    ['${SET:+alt}', 'alt'],
    ['${NONE:+alt}', ''],
    ['\\$SET', '$SET'],
    ['${NONE}', undefined],
    ['$UNDECLARED', undefined],
    ['${SET%%.*}', undefined],
  ])('%s', (input, expected) => {
    expect(substitute(input, vars)).toBe(expected);
  });
});

test('nameWords splits snake, kebab and camel case', () => {
  expect(nameWords('orderServiceURL')).toEqual(['ORDER', 'SERVICE', 'URL']);
  expect(nameWords('db-password_FILE')).toEqual(['DB', 'PASSWORD', 'FILE']);
});

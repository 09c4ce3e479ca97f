import { describe, expect, test } from '@jest/globals';
import { clusterDnsNames, isTestPath, kubeApiUses, viewSource } from '../../src/parse/source.js';

describe('viewSource', () => {
  test('blanks comments, keeps strings, and marks lines that continue a string or comment', () => {
    const view = viewSource("const a = 'x // y'; // note\n/* one\ntwo */ const b = `t\nu`;\n", 'js');
    expect(view.code[0]).toBe("const a = 'x // y';        ");
    expect(view.strings[0]!.trim()).toBe('x // y');
    expect(view.code[1]!.trim()).toBe('');
    expect(view.code[2]!.trim()).toBe('const b = `t');
    expect(view.continues).toEqual([false, false, true, true]);
  });

  test('python triple quotes and hashes inside strings', () => {
    const view = viewSource('s = "a # b"  # c\nd = """\nimport x\n"""\n', 'python');
    expect(view.code[0]!.trimEnd()).toBe('s = "a # b"');
    expect(view.continues).toEqual([false, false, true, true]);
  });

  test('C# verbatim strings end at a single quote, not a doubled one', () => {
    const view = viewSource('var p = @"C:\\dir\\""x"""; // using k8s;\n', 'csharp');
    expect(view.code[0]!.trimEnd()).toBe('var p = @"C:\\dir\\""x""";');
  });
});

test('kubeApiUses reads Go import blocks only', () => {
  const view = viewSource('package m\n\nimport (\n\t"fmt"\n\tk "k8s.io/client-go/kubernetes"\n)\n\nvar s = []string{\n\t"k8s.io/client-go/kubernetes",\n}\n', 'go');
  expect(kubeApiUses(view).map((u) => [u.category, u.line])).toEqual([['client', 5]]);
});

test('clusterDnsNames', () => {
  const names = (text: string): string[] => clusterDnsNames(text).map((m) => m.text);
  expect(names('http://a.b.svc.cluster.local:80 a.b.svc, db-0.db.data.svc. x.svc.cluster.local')).toEqual(['a.b.svc.cluster.local', 'a.b.svc', 'db-0.db.data.svc', 'x.svc.cluster.local']);
  expect(names('foo.svc-bar a.b.svc.example.com /srv/a.b.svc A.B.svc a.svc w.x.y.z.svc')).toEqual([]);
});

test('isTestPath', () => {
  expect(['src/a.test.ts', 'tests/x.py', 'pkg/a_test.go', 'src/test/java/A.java', 'ATests.cs', 'spec/a_spec.rb', 'test_a.py'].every(isTestPath)).toBe(true);
  expect(['src/a.ts', 'app/testament.py', 'pkg/contest.go', 'src/latest.ts'].some(isTestPath)).toBe(false);
});

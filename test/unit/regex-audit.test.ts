/**
 * Every regular expression of src/ and rules/ is checked for catastrophic backtracking with
 * redos-detector. Pull request authors control the text these patterns read (file contents,
 * names, comments, paths), so one that backtracks without bound freezes the event loop.
 *
 * Each pattern is checked anchored at a start position (`^(?:pattern)`): one match attempt, where
 * nested or overlapping quantifiers blow up (exponential, cubic). Unanchored, the detector assumes
 * a `[\s\S]*?` prefix and reports every pattern with a quantifier after some text (even a linear
 * `a\s*b`), so that form cannot be required; the rescans of an unanchored pattern from every start
 * position are handled where they matter by scanning in code (see src/ci/expressions.ts and
 * templateActions in src/parse/helm-mask.ts).
 *
 * A pattern the detector reports must be fixed. Only these may be listed, each with its reason:
 * patterns it cannot decide (too many steps), patterns built at run time, and patterns in files
 * owned by another change.
 */
import { describe, expect, test } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { isSafe } from 'redos-detector';

const ROOT = join(fileURLToPath(new URL('.', import.meta.url)), '..', '..');

/** Fixed step budget: a verdict that does not depend on the machine's speed. */
const MAX_STEPS = 20_000;

interface Found {
  file: string;
  line: number;
  /** Pattern source, or for `new RegExp(expr)` with a non-literal pattern the expression's text. */
  source: string;
  flags: string;
  dynamic: boolean;
}

/**
 * Patterns reported unsafe or undecided, by file and exact source. A stale entry (the pattern is
 * gone, or now safe) fails the test, so the list only shrinks with the code.
 */
const LISTED: ReadonlyArray<{ file: string; source: string; reason: string }> = [
  // Owned by another change: reported to its owner, not edited here.
  {
    file: 'src/demo/print.ts',
    source: String.raw`<details>\s*<summary>([\s\S]*?)<\/summary>[\s\S]*?<\/details>`,
    reason: 'owned by another change: src/demo/print.ts (demo printer of the bot\'s own Markdown, not pull request input)',
  },
  {
    file: 'src/demo/print.ts',
    source: String.raw`\[([^\]\n]*)\]\((?:https?:)?[^)\s]*\)`,
    reason: 'owned by another change: src/demo/print.ts (demo printer of the bot\'s own Markdown, not pull request input)',
  },
];

/** `new RegExp(expression)` with a pattern built at run time, told apart by a piece of the expression's text. */
const DYNAMIC: ReadonlyArray<{ file: string; contains: string; reason: string }> = [
  {
    file: 'src/k8s/kustomize.ts',
    contains: '${pattern}',
    reason: 'a kustomize selector from the pull request: run only on values of at most 253 characters, with at most two quantifiers and no quantified group',
  },
  {
    file: 'src/parse/source.ts',
    contains: '${LABEL}',
    reason: 'cluster DNS names from constants: labels are bounded (`{0,61}`) and a try starts only after a non-name character',
  },
  {
    file: 'src/parse/source.ts',
    contains: '.map((r) => r.source).join(',
    reason: 'an alternation of the regex literals beside it, each checked here on its own; their first characters differ',
  },
  {
    file: 'src/demo/stand-in/github.ts',
    contains: '${repoPath}',
    reason: 'demo stand-in for the GitHub API: routes built from the demo repository name, matched against its own requests',
  },
];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

function collect(path: string): Found[] {
  const file = relative(ROOT, path).split('\\').join('/');
  const sf = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true);
  const out: Found[] = [];
  const lineOf = (node: ts.Node): number => sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
  const visit = (node: ts.Node): void => {
    if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
      const text = (node as ts.RegularExpressionLiteral).text;
      const end = text.lastIndexOf('/');
      out.push({ file, line: lineOf(node), source: text.slice(1, end), flags: text.slice(end + 1), dynamic: false });
    } else if ((ts.isNewExpression(node) || ts.isCallExpression(node)) && ts.isIdentifier(node.expression) && node.expression.text === 'RegExp') {
      const [pattern, flags] = node.arguments ?? [];
      if (pattern) {
        const literal = ts.isStringLiteral(pattern) || ts.isNoSubstitutionTemplateLiteral(pattern);
        const flagText = flags && (ts.isStringLiteral(flags) || ts.isNoSubstitutionTemplateLiteral(flags)) ? flags.text : '';
        out.push({ file, line: lineOf(node), source: literal ? pattern.text : pattern.getText(sf), flags: flagText, dynamic: !literal });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

/** The detector's verdict on one attempt from a fixed start; `g` and `y` do not change it. */
function verdict(found: Found): 'safe' | 'unsafe' | 'undecided' {
  const flags = found.flags.replace(/[gyd]/g, '');
  const result = isSafe(new RegExp(`^(?:${found.source})`, flags), { maxSteps: MAX_STEPS });
  if (result.safe) return 'safe';
  return result.error === 'hitMaxSteps' || result.error === 'timedOut' ? 'undecided' : 'unsafe';
}

function dynamicEntry(found: Found): (typeof DYNAMIC)[number] | undefined {
  return DYNAMIC.find((d) => d.file === found.file && found.source.includes(d.contains));
}

const files = [...sourceFiles(join(ROOT, 'src')), ...sourceFiles(join(ROOT, 'rules'))].sort();
const all = files.flatMap(collect);

describe('regular expression audit', () => {
  test('finds the patterns of src/ and rules/', () => {
    // A broken walk would find nothing and pass every check below.
    expect(files.length).toBeGreaterThan(100);
    expect(all.filter((f) => !f.dynamic).length).toBeGreaterThan(300);
  });

  test('every pattern built at run time is listed with a reason', () => {
    const unlisted = all.filter((f) => f.dynamic && !dynamicEntry(f)).map((f) => `${f.file}:${f.line} new RegExp(${f.source})`);
    expect(unlisted).toEqual([]);
  });

  const byFile = new Map<string, Found[]>();
  for (const found of all) if (!found.dynamic) byFile.set(found.file, [...(byFile.get(found.file) ?? []), found]);

  test.each([...byFile.keys()])('%s: every pattern is safe or listed', (file) => {
    const problems: string[] = [];
    for (const found of byFile.get(file)!) {
      const result = verdict(found);
      const listed = LISTED.some((l) => l.file === file && l.source === found.source);
      if (result !== 'safe' && !listed) problems.push(`${file}:${found.line} /${found.source}/${found.flags} is ${result}`);
      if (result === 'safe' && listed) problems.push(`${file}:${found.line} /${found.source}/ is safe now: remove it from LISTED`);
    }
    expect(problems).toEqual([]);
  });

  test('every listed pattern still exists', () => {
    const stale = LISTED.filter((l) => !all.some((f) => f.file === l.file && f.source === l.source)).map((l) => `${l.file}: ${l.source}`);
    expect(stale).toEqual([]);
    const staleDynamic = DYNAMIC.filter((d) => !all.some((f) => f.dynamic && dynamicEntry(f) === d)).map((d) => `${d.file}: ${d.contains}`);
    expect(staleDynamic).toEqual([]);
  });
});

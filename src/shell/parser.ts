/**
 * Loads the tree-sitter bash grammar once per process. The WASM runtime and the grammar are
 * read from the installed packages, so parsing works offline.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Language, Parser, type Tree } from 'web-tree-sitter';
import { LIMITS, TooComplexError } from '../engine/limits.js';

let language: Promise<Language> | undefined;

function loadLanguage(): Promise<Language> {
  if (!language) {
    const loading = (async () => {
      await Parser.init();
      const require = createRequire(import.meta.url);
      const grammar = join(dirname(require.resolve('tree-sitter-bash/package.json')), 'tree-sitter-bash.wasm');
      return Language.load(grammar);
    })();
    // A failed load (missing file) must not poison later attempts with a cached rejection.
    loading.catch(() => {
      if (language === loading) language = undefined;
    });
    language = loading;
  }
  return language;
}

/** A synchronous bash parser; call `close()` when done to free its WASM memory. */
export interface BashParser {
  /**
   * Tree-sitter is error-tolerant: broken input gives ERROR nodes, not an exception. Throws
   * TooComplexError when the parser's budget (steps, then the wall-clock backstop) runs out.
   */
  parse(text: string): Tree;
  close(): void;
}

/** Parser progress callbacks so far (every 100 parser steps), for tests that bound the work. */
export const bashParseStats = { callbacks: 0 };

/**
 * `budgetBytes` sizes the step budget, shared by every parse of this parser (all the scripts of
 * one file): parse steps grow linearly with the text, so the budget does too.
 */
export async function openBashParser(budgetBytes = LIMITS.shellBytes): Promise<BashParser> {
  const bash = await loadLanguage();
  const parser = new Parser();
  parser.setLanguage(bash);
  const maxCallbacks = 1000 + LIMITS.shellParseCallbacksPerByte * budgetBytes;
  let callbacks = 0;
  let deadline: number | undefined;
  let stop: 'steps' | 'time' | undefined;
  const progressCallback = (): boolean => {
    callbacks++;
    bashParseStats.callbacks++;
    if (callbacks > maxCallbacks) stop = 'steps';
    else if (Date.now() > deadline!) stop = 'time';
    return stop !== undefined;
  };
  return {
    parse(text) {
      deadline ??= Date.now() + LIMITS.shellParseMillis;
      // The declared type says void, yet tree-sitter cancels the parse when the callback returns true.
      const tree = parser.parse(text, null, { progressCallback: progressCallback as (state: unknown) => void });
      if (!tree) {
        if (!stop) throw new Error('tree-sitter returned no tree');
        parser.reset();
        throw new TooComplexError(stop === 'steps' ? 'the shell parser ran out of steps' : `the shell parser gave up after ${LIMITS.shellParseMillis / 1000} s`, 1);
      }
      return tree;
    },
    close: () => parser.delete(),
  };
}

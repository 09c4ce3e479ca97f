/**
 * Loads the tree-sitter bash grammar once per process. The WASM runtime and the grammar are
 * read from the installed packages, so parsing works offline.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Language, Parser, type Tree } from 'web-tree-sitter';

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
  /** Tree-sitter is error-tolerant: broken input gives ERROR nodes, not an exception. */
  parse(text: string): Tree;
  close(): void;
}

export async function openBashParser(): Promise<BashParser> {
  const bash = await loadLanguage();
  const parser = new Parser();
  parser.setLanguage(bash);
  return {
    parse(text) {
      const tree = parser.parse(text);
      if (!tree) throw new Error('tree-sitter returned no tree');
      return tree;
    },
    close: () => parser.delete(),
  };
}

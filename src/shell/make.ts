/**
 * Makefile recipes as shell text with the file's line numbers: every line that is not a recipe
 * becomes empty. Recipe prefixes (`@`, `-`, `+`) are dropped, `$$` becomes `$`, and make
 * variables are replaced by their simple value (`KUBECTL ?= kubectl`) or by filler (unknown).
 * Recipe lines run in separate shells; as text they still keep their order.
 */
import { TEMPLATE_FILLER } from '../parse/helm-mask.js';

const RULE_HEADER = /^[^\s#=][^=]*?:(?!=)/;
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*/;

/** `[export|override] NAME [:|::|:::|?|+|!]= value`, read in code (a single pattern backtracks over spaces). */
function variableOf(line: string): { name: string; value: string } | undefined {
  let rest = line;
  for (const prefix of ['export', 'override']) {
    if (rest.startsWith(prefix) && /\s/.test(rest.charAt(prefix.length))) {
      rest = rest.slice(prefix.length).trimStart();
      break;
    }
  }
  const name = VARIABLE_NAME.exec(rest)?.[0];
  if (!name) return undefined;
  rest = rest.slice(name.length).trimStart();
  const eq = rest.indexOf('=');
  if (eq < 0 || !['', ':', '::', ':::', '?', '+', '!'].includes(rest.slice(0, eq))) return undefined;
  return { name, value: rest.slice(eq + 1) };
}
const MAKE_REFERENCE = /\$(?:\(([^()]*)\)|\{([^{}]*)\}|([@<^*?%+|]))/g;

/** A trailing ` # comment` of a variable's value, found in code. */
function stripMakeComment(value: string): string {
  for (let i = value.indexOf('#'); i > 0; i = value.indexOf('#', i + 1)) {
    if (/\s/.test(value[i - 1]!)) return value.slice(0, i);
  }
  return value;
}

export function isMakefile(path: string): boolean {
  return /(^|\/)(Makefile|GNUmakefile|makefile|[^/]+\.mk)$/.test(path);
}

export function makefileToShell(text: string): string {
  const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
  const variables = new Map<string, string>();
  for (const line of lines) {
    const variable = variableOf(line);
    if (variable && !line.startsWith('\t')) variables.set(variable.name, stripMakeComment(variable.value).trim());
  }
  const out: string[] = [];
  let inRule = false;
  let inDefine = false;
  let continued = false;
  for (const line of lines) {
    if (continued) {
      out.push(substitute(line.replace(/^\t/, ''), variables));
      continued = line.endsWith('\\');
      continue;
    }
    if (/^\s*define\b/.test(line)) inDefine = true;
    if (inDefine) {
      if (/^\s*endef\b/.test(line)) inDefine = false;
      out.push('');
      continue;
    }
    if (inRule && line.startsWith('\t')) {
      out.push(substitute(line.slice(1).replace(/^[\s@+-]+/, ''), variables));
      continued = line.endsWith('\\');
      continue;
    }
    if (line.trim() !== '' && !line.trimStart().startsWith('#')) inRule = RULE_HEADER.test(line) && !variableOf(line);
    out.push('');
  }
  return out.join('\n');
}

function substitute(line: string, variables: ReadonlyMap<string, string>): string {
  const escaped = '\u0000';
  return line
    .replace(/\$\$/g, escaped)
    .replace(MAKE_REFERENCE, (reference, paren?: string, brace?: string) => {
      const name = paren ?? brace;
      const value = name !== undefined ? variables.get(name) : undefined;
      // Tool names and paths are substituted. Image references (`IMG ?= app:latest`) are local
      // defaults that CI overrides on the command line: unknown here.
      if (value !== undefined && value !== '' && !/[$:]/.test(value)) return value;
      return TEMPLATE_FILLER.repeat(reference.length);
    })
    .replace(/\u0000/g, '$');
}

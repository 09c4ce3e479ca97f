/**
 * Secrets inside configuration files embedded as multi-line strings (a ConfigMap's
 * `app.properties`, a values `config: |` block): `password = s3cret`, `"token": "abc"`.
 */
import { isSecretName } from './names.js';
import { isLiteralSecret, urlPasswords } from './values.js';

export interface EmbeddedSecret {
  /** 1-based line in the file. */
  line: number;
  /** What the line holds, for the message: `password = ...`, `a URL with a password`. */
  what: string;
}

/**
 * `key = value`, `key: value`, `"key": "value",`: the assignment forms of ini, properties, YAML,
 * JSON, TOML. The pattern reads up to `=`/`:`; the list dash and the value are read in code (see
 * assignmentOf, assignedValue): a lazy `(.*?)\s*,?\s*$` tail was cubic on a line of spaces.
 */
const ASSIGNMENT = /^["']?([A-Za-z0-9_.-]+)["']?\s*[=:]/;

/** The key and the text after `=`/`:` of a line; a YAML list dash (`- key: v`) is tried off first, as `(?:-\s+)?` did. */
function assignmentOf(line: string): { key: string; rest: string } | undefined {
  const text = line.trimStart();
  const read = (from: string): { key: string; rest: string } | undefined => {
    const m = ASSIGNMENT.exec(from);
    return m ? { key: m[1]!, rest: from.slice(m[0].length) } : undefined;
  };
  const afterDash = text.startsWith('-') && /^\s/.test(text.slice(1)) ? read(text.slice(1).trimStart()) : undefined;
  return afterDash ?? read(text);
}

/** What follows `=`/`:`, without surrounding space and one trailing comma; undefined across a line break. */
function assignedValue(rest: string): string | undefined {
  let value = rest.trim();
  if (value.endsWith(',')) value = value.slice(0, -1).trimEnd();
  return /[\n\r\u2028\u2029]/.test(value) ? undefined : value;
}
const JSON_PAIR = /"([A-Za-z0-9_.-]+)"\s*:\s*"([^"]*)"/g;
/** Application code reading the value from elsewhere: `os.getenv("X")`, `process.env.X`, `ENV["X"]`. */
const CODE_EXPRESSION = /^[A-Za-z_][\w.]*\s*[([]|process\.env|getenv|environ|\bENV\[/;

/**
 * Lines `from`..`to` (1-based, inclusive) of `lines` that assign a literal to a secret-named key
 * or embed a password in a URL. `lines` should be the masked text for Helm templates.
 */
export function embeddedSecrets(lines: readonly string[], from: number, to: number): EmbeddedSecret[] {
  const out: EmbeddedSecret[] = [];
  for (let line = from; line <= to; line++) {
    const text = lines[line - 1] ?? '';
    const trimmed = text.trim();
    if (trimmed === '' || /^(#|;|\/\/)/.test(trimmed)) continue;
    const assignment = assignmentOf(text);
    const assigned = assignment ? assignedValue(assignment.rest) : undefined;
    const value = assigned === undefined ? '' : stripComment(assigned);
    if (assignment && assigned !== undefined && isSecretName(assignment.key) && !/^[[{|>]/.test(value) && !CODE_EXPRESSION.test(value) && isLiteralSecret(value)) {
      out.push({ line, what: `sets ${assignment.key}` });
      continue;
    }
    // JSON on one line: `{"apiKey": "...", "timeout": 30}`.
    const pair = [...text.matchAll(JSON_PAIR)].find((p) => isSecretName(p[1]!) && isLiteralSecret(p[2]!));
    if (pair) {
      out.push({ line, what: `sets ${pair[1]!}` });
      continue;
    }
    const url = urlPasswords(text)[0];
    if (url) out.push({ line, what: `has a ${url.scheme}:// URL with a password` });
  }
  return out;
}

/** Drops a trailing ` # comment` or ` ; comment` (a `#` inside a value needs no space before it). */
function stripComment(value: string): string {
  const quoted = /^(["'])(.*)\1/.exec(value);
  if (quoted) return quoted[0];
  // The lookbehind starts a try only at the first space of a run: linear on a line of spaces.
  return value.replace(/(?<!\s)\s+[#;].*$/, '').trim();
}

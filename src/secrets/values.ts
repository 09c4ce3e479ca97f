/**
 * Is a value a committed secret, or something that only stands in for one? Placeholders,
 * references to a secret store, file paths, encrypted values and template expressions are not
 * secrets; well-known default passwords (`changeme`, `admin`) are, because they get deployed.
 */
import { isTemplated } from '../parse/helm-mask.js';

/**
 * Markers that say "fill me in": a file holding them is a template that a person or a tool
 * completes before deploying. Words that work as passwords (`changeme`, `password`, `secret`,
 * `admin`, `dummy`) are deliberately absent: deployed unchanged, they are real, guessable secrets.
 */
const PLACEHOLDER_WORDS = /^(replace[-_ ]?me|replace|to[-_ ]?be[-_ ]?replaced|todo|tbd|tba|fixme|placeholder|redacted|set[-_ ]?me|fill[-_ ]?me([-_ ]?in)?|override[-_ ]?me|none|null|nil|undefined|empty|n\/?a)$/i;
const PLACEHOLDER_SHAPES: readonly RegExp[] = [
  /^<[^<>]*>$/, // <REPLACE_ME>, <your-token>
  /^\[[^\][]*\]$/, // [password]
  /^\$\{[^}]*\}$/, // ${DB_PASSWORD}: substituted by envsubst, Terraform, Spring...
  /^\$[A-Za-z_][A-Za-z0-9_]*$/, // $DB_PASSWORD
  /^\$\([^)]*\)$/, // $(DB_PASSWORD): Kubernetes expands another variable of the container
  /\{\{.*\}\}/, // {{ secret }}: Jinja, Go templates, `tpl` strings in chart values
  /^%[A-Za-z_][A-Za-z0-9_.]*%$/, // %DB_PASSWORD%
  /^@[A-Za-z_][A-Za-z0-9_.]*@$/, // @db.password@: Maven resource filtering
  /^#\{.*\}$/, // #{DbPassword}: Octopus, Azure DevOps token replacement
  /^__[A-Za-z0-9_]+__$/, // __DB_PASSWORD__
  /^(x+|\*+|\.+|-+|_+|0+)$/i, // xxxx, ****, ...
  /^(your|insert|enter|put|add|paste)[-_ ]/i, // your-api-key-here, INSERT_TOKEN
  /^your[-_ ]?(password|passwd|pass|token|secret|key|api[-_ ]?key|access[-_ ]?key)$/i, // yourpassword
  /[-_ ]here$/i, // api-key-here
  /^(replace|change)[-_ ](with|this|me)\b/i,
  /%\([A-Za-z_][A-Za-z0-9_]*\)s/, // %(ENV_DB_PASSWORD)s: Python and supervisord interpolation
];

/** True for empty values and values that only stand in for a secret. */
export function isPlaceholder(value: string): boolean {
  const v = unquote(value.trim());
  if (v === '') return true;
  return PLACEHOLDER_WORDS.test(v) || PLACEHOLDER_SHAPES.some((p) => p.test(v));
}

/** Values that point at a secret kept elsewhere: a mounted file, a vault path, a cloud secret. */
const REFERENCE_SHAPES: readonly RegExp[] = [
  /^(\/|\.\/|\.\.\/|~\/)[^\s]*$/, // /var/run/secrets/token
  /^file:/i,
  /^ref\+[a-z0-9]+:\/\//i, // helmfile/vals
  /^(vault|akv|azurekeyvault|awssm|awsssm|gcpsm|sm|secretsmanager|op|bw|doppler|infisical):/i,
  /^arn:aws[a-z-]*:(secretsmanager|ssm|kms):/i,
  /^projects\/[^/\s]+\/secrets\//, // GCP Secret Manager
  /^@Microsoft\.KeyVault\(/i,
  /^secretref:/i,
];

export function isSecretReference(value: string): boolean {
  const v = unquote(value.trim());
  return REFERENCE_SHAPES.some((p) => p.test(v));
}

/** SOPS keeps encrypted values as `ENC[AES256_GCM,data:...,type:str]`. */
export function isEncryptedValue(value: string): boolean {
  return /^ENC\[[A-Z0-9_]+,data:/.test(value.trim());
}

/** Booleans and small numbers are settings, not secrets (`TOKEN_AUTH: "true"`). */
function isSetting(value: string): boolean {
  return /^(true|false|yes|no|on|off)$/i.test(value) || /^-?\d{1,3}$/.test(value);
}

/**
 * True when a literal value under a secret-like name is a real secret: not empty, not a
 * placeholder, reference, path, URL without credentials, encrypted value or template output.
 */
export function isLiteralSecret(value: string): boolean {
  const v = unquote(value.trim());
  if (isTemplated(v) || isPlaceholder(v) || isSecretReference(v) || isEncryptedValue(v) || isSetting(v)) return false;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(v) && !hasUrlPassword(v)) return false;
  return true;
}

const URL_WITH_USERINFO = /\b([a-z][a-z0-9+.-]*):\/\/([^\s:@/]*):([^\s@/]+)@[^\s/@]+/gi;

export interface UrlPassword {
  scheme: string;
  /** Offset of the match in the text. */
  index: number;
}

/** URLs that embed a password (`scheme://user:password@host`, `redis://:password@cache`), placeholders excepted. */
export function urlPasswords(text: string): UrlPassword[] {
  const out: UrlPassword[] = [];
  for (const m of text.matchAll(URL_WITH_USERINFO)) {
    const password = m[3]!;
    if (isTemplated(password) || isPlaceholder(password) || /^\$|^%|^\{/.test(password) || /^\d{1,5}$/.test(password)) continue;
    out.push({ scheme: m[1]!.toLowerCase(), index: m.index ?? 0 });
  }
  return out;
}

export function hasUrlPassword(text: string): boolean {
  return urlPasswords(text).length > 0;
}

/**
 * Values that something fills in at deploy or run time: a Helm action, `${VAR}`, `$VAR`,
 * `$(VAR)`, `%VAR%`, `@var@`, `#{Var}`, `__VAR__`, `%(VAR)s`. Unlike a placeholder a person
 * fills in (`xxxx`, `<your-token>`, `REPLACE_ME`), they say nothing about where the value ends up.
 */
const SUBSTITUTION_SHAPES: readonly RegExp[] = [
  /^\$\{[^}]*\}$/, /^\$[A-Za-z_][A-Za-z0-9_]*$/, /^\$\([^)]*\)$/, /\{\{.*\}\}/, /^%[A-Za-z_][A-Za-z0-9_.]*%$/,
  /^@[A-Za-z_][A-Za-z0-9_.]*@$/, /^#\{.*\}$/, /^__[A-Za-z0-9_]+__$/, /%\([A-Za-z_][A-Za-z0-9_]*\)s/,
];
/** Words that say there is no value at all, rather than one to fill in. */
const ABSENT_WORDS = /^(none|null|nil|undefined|empty|n\/?a|~)$/i;

export function isSubstitution(value: string): boolean {
  const v = unquote(value.trim());
  return isTemplated(v) || SUBSTITUTION_SHAPES.some((p) => p.test(v));
}

/**
 * True when a value under a secret name is something to fill in later (`xxxx`, `<your-token>`,
 * `REPLACE_ME`, `changeme`) or a literal secret: either way the real secret will be written
 * where this value is. Empty values, "none", substitutions, references, paths, settings and
 * URLs without a password are not.
 */
export function isSecretOrPlaceholder(value: string): boolean {
  const v = unquote(value.trim());
  if (v === '' || ABSENT_WORDS.test(v) || isSubstitution(v) || isSecretReference(v) || isEncryptedValue(v) || isSetting(v)) return false;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(v) && !hasUrlPassword(v)) return false;
  return true;
}

/**
 * Does a value look like key material rather than a word, an identifier or a path? For names
 * that may or may not hold a secret (`AZURE_BATCH_KEY`, `TLS_SECRET`): a long hex string, a UUID, or
 * a long base64/base62-like token whose letters come in short runs, as random text has them
 * (`orders-created-v2` or `uploads/2024/report.pdf` come in words).
 */
export function looksLikeKeyMaterial(value: string): boolean {
  const v = unquote(value.trim());
  if (hasPrivateKeyBlock(v)) return true;
  if (v.length < 16 || v.length > 16384 || /\s/.test(v) || isTemplated(v)) return false;
  if (/^[0-9a-f]{32,}$/i.test(v)) return true;
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v)) return true;
  if (!/^[A-Za-z0-9+/=_.~:-]+$/.test(v) || /^[a-z][a-z0-9+.-]*:\/\//i.test(v)) return false;
  const digits = v.replace(/[^0-9]/g, '').length;
  const letters = v.replace(/[^A-Za-z]/g, '').length;
  const lower = /[a-z]/.test(v);
  const mixedCase = lower && /[A-Z]/.test(v);
  if (letters < 4 || (v.length < 20 && !mixedCase) || (digits < 2 && !mixedCase)) return false;
  // Words joined by separators (`prod-eu-west-1`, `orders.created.v2`): an identifier, not a key.
  const segments = v.split(/[-_./:]/);
  if (segments.length >= 3 && segments.every((s) => s.length <= 3 || /^(?:[A-Za-z]+|[0-9]+)$/.test(s))) return false;
  // Random text comes in short runs of letters of one case (base64 about 1.7, base36 about 3.6); words run longer.
  const runs = v.match(lower ? /[a-z]+/g : /[A-Z]+/g) ?? [];
  const meanRun = runs.length === 0 ? 0 : runs.reduce((sum, r) => sum + r.length, 0) / runs.length;
  return meanRun <= (mixedCase ? 3 : 5.5) && entropy(v) >= 3;
}

/** Shannon entropy of the characters, in bits per character. */
function entropy(text: string): number {
  const counts = new Map<string, number>();
  for (const c of text) counts.set(c, (counts.get(c) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) bits -= (n / text.length) * Math.log2(n / text.length);
  return bits;
}

/** `-----BEGIN RSA PRIVATE KEY-----`, `OPENSSH`, `EC`, `ENCRYPTED`, PGP's `PRIVATE KEY BLOCK`: not `PUBLIC KEY` or `CERTIFICATE`. */
const PRIVATE_KEY_HEADER = /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/g;

export interface PrivateKeyBlock {
  /** Offset of the header in the text. */
  index: number;
}

/**
 * Private key blocks in a text: a PEM header is enough, whether or not the body is a valid key,
 * unless the body is filled in by a template (`{{ .Values.tls.key }}`, `${TLS_KEY}`).
 */
export function privateKeyBlocks(text: string): PrivateKeyBlock[] {
  const out: PrivateKeyBlock[] = [];
  for (const m of text.matchAll(PRIVATE_KEY_HEADER)) {
    const start = (m.index ?? 0) + m[0].length;
    const end = text.indexOf('-----END', start);
    const body = text.slice(start, end < 0 ? Math.min(text.length, start + 8192) : end);
    if (isTemplated(body) || body.includes('{{') || body.includes('${') || body.includes('$(')) continue;
    out.push({ index: m.index ?? 0 });
  }
  return out;
}

export function hasPrivateKeyBlock(text: string): boolean {
  return text.includes('PRIVATE KEY') && privateKeyBlocks(text).length > 0;
}

/**
 * `password=` in a connection string: ADO.NET and ODBC (`Server=db;Password=...`), JDBC
 * properties (`;password=...`, `?password=...&`), libpq keywords (`host=db password=...`).
 */
const CONNECTION_PASSWORD = /(?:^|[;&?\s])(?:password|pwd|passwd)\s*=\s*([^;&\s]*)/gi;
/** A Go MySQL DSN: `user:password@tcp(host:3306)/db`. */
const GO_DSN = /^[^\s:@/]+:([^\s@]+)@(?:tcp|unix|udp)\(/;
/** Another `key=` of a connection string, to tell one from a lone `password=x` setting. */
const CONNECTION_KEY = /(?:^|[;&?\s])(?:server|host|hostname|data source|address|addr|database|dbname|initial catalog|user|user id|uid|username|port)\s*=/i;

/** True when a text holds a connection string with a literal password (URL forms: see urlPasswords). */
export function hasConnectionStringPassword(text: string): boolean {
  const dsn = GO_DSN.exec(text.trim());
  if (dsn && isRealPassword(dsn[1]!)) return true;
  if (!CONNECTION_KEY.test(text)) return false;
  for (const m of text.matchAll(CONNECTION_PASSWORD)) if (isRealPassword(m[1]!)) return true;
  return false;
}

function isRealPassword(password: string): boolean {
  const v = unquote(password);
  return v !== '' && !isSubstitution(v) && !isPlaceholder(v) && !/^[$%{]/.test(v);
}

/** Secret `data` values are base64: the decoded text, or undefined when the value is not valid base64. */
export function decodeBase64(value: string): string | undefined {
  const compact = value.replace(/\s+/g, '');
  if (compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) return undefined;
  return Buffer.from(compact, 'base64').toString('utf8');
}

function unquote(v: string): string {
  return v.length >= 2 && ((v.startsWith('"') && v.endsWith('"')) || (v.startsWith("'") && v.endsWith("'"))) ? v.slice(1, -1).trim() : v;
}

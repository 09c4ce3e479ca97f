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

/** Secret `data` values are base64: the decoded text, or undefined when the value is not valid base64. */
export function decodeBase64(value: string): string | undefined {
  const compact = value.replace(/\s+/g, '');
  if (compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) return undefined;
  return Buffer.from(compact, 'base64').toString('utf8');
}

function unquote(v: string): string {
  return v.length >= 2 && ((v.startsWith('"') && v.endsWith('"')) || (v.startsWith("'") && v.endsWith("'"))) ? v.slice(1, -1).trim() : v;
}

/**
 * Does a key or variable name say it holds a secret? Names are split into words (`DB_PASSWORD`,
 * `dbPassword`, `db-password` and `db.password` all give DB PASSWORD) and judged by their words,
 * never by substrings, so `TOKENIZER_MODEL` or `PASSWORD_MIN_LENGTH` stay quiet.
 */
import { hasPrivateKeyBlock, isLiteralSecret, looksLikeKeyMaterial } from './values.js';

/** Upper-case words of a name: `adminPassword` → ADMIN PASSWORD, `AWS_SECRET_ACCESS_KEY` → AWS SECRET ACCESS KEY. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toUpperCase());
}

/** `npmToken` and `npm-token` → `NPM_TOKEN`, to compare with environment variable names. */
export function envStyle(name: string): string {
  return nameWords(name).join('_');
}

/** Words that hold a secret on their own; a longer word ending in one (`AUTHTOKEN`) counts too. */
const SECRET_WORDS = ['PASSWORD', 'PASSWD', 'PASSPHRASE', 'TOKEN', 'SECRET', 'APIKEY', 'CREDENTIALS', 'CREDENTIAL', 'PRIVATEKEY', 'SECRETKEY', 'ACCESSKEY'];
/** `PWD` alone is the shell's working directory; `DB_PWD` is a password. */
const SHORT_SECRET_WORDS = new Set(['PWD', 'PASS']);
/** `<word> KEY` pairs that name a key material rather than a lookup key. */
const KEY_QUALIFIERS = new Set(['API', 'PRIVATE', 'SECRET', 'ACCESS', 'ENCRYPTION', 'SIGNING', 'MASTER', 'HMAC', 'CLIENT', 'LICENSE', 'SSH', 'AUTH']);

/**
 * Last words that make the name describe or point at a secret instead of holding one:
 * `PASSWORD_FILE`, `TOKEN_TTL`, `SECRET_NAME`, `PASSWORD_MIN_LENGTH`, `ACCESS_KEY_ID`.
 */
const NON_SECRET_LAST_WORDS = new Set([
  'FILE', 'FILES', 'PATH', 'DIR', 'DIRECTORY', 'FOLDER', 'LOCATION', 'MOUNT', 'URL', 'URI', 'ENDPOINT', 'HOST', 'PORT', 'ADDR', 'ADDRESS',
  'NAME', 'REF', 'KEYREF', 'SECRETREF', 'ID', 'ARN', 'NAMESPACE', 'PROVIDER', 'STORE', 'SOURCE', 'BACKEND', 'ENGINE', 'VERSION',
  'TTL', 'EXPIRY', 'EXPIRATION', 'EXPIRES', 'TIMEOUT', 'LIFETIME', 'DURATION', 'AGE', 'INTERVAL', 'PERIOD', 'DAYS', 'HOURS',
  'MINUTES', 'SECONDS', 'MS', 'LENGTH', 'LEN', 'SIZE', 'COUNT', 'LIMIT', 'MIN', 'MAX', 'RETRIES', 'ATTEMPTS',
  'ENABLED', 'DISABLED', 'ENABLE', 'DISABLE', 'REQUIRED', 'ALLOWED', 'POLICY', 'TYPE', 'MODE', 'FORMAT', 'HEADER', 'PARAM',
  'ALGORITHM', 'ALG', 'HASH', 'HASHED', 'ENCRYPTION', 'SCHEME', 'METHOD', 'ROTATION', 'AUDIENCE', 'ISSUER', 'SCOPE', 'SCOPES',
  'PREFIX', 'SUFFIX', 'FIELD', 'ENV', 'VAR', 'COMMAND', 'CMD', 'SCRIPT', 'HELPER', 'ANNOTATION', 'LABEL', 'KIND', 'CLASS',
  'SECRETS', 'CREATE', 'GENERATE', 'GENERATED', 'AUTOGENERATE', 'STRENGTH', 'COMPLEXITY', 'RESET', 'VALIDATION',
]);
/** `passwordKey: admin-password` names the key inside a Secret; `secretKey` (Django, S3) is a secret. */
const KEY_NAME_OWNERS = new Set(['PASSWORD', 'TOKEN', 'USER', 'USERNAME', 'CREDENTIALS', 'CERT', 'CA']);
/** First words of a name that points at a Secret: `existingSecret`, `useSecret`, `createSecret`. */
const REFERENCE_FIRST_WORDS = new Set(['EXISTING', 'USE', 'CREATE', 'MOUNT', 'EXTERNAL', 'NUM', 'MAX', 'MIN', 'ENABLE', 'DISABLE', 'SKIP', 'ALLOW']);
/** `<word> SECRET` that is a secret value; other qualifiers (`tlsSecret`, `passwordSecret`) name a Secret object. */
const SECRET_VALUE_QUALIFIERS = new Set([
  'CLIENT', 'APP', 'APPLICATION', 'SHARED', 'WEBHOOK', 'JWT', 'SESSION', 'COOKIE', 'API', 'HMAC', 'SIGNING', 'OAUTH', 'OAUTH2',
  'CONSUMER', 'TOKEN', 'ENCRYPTION', 'MASTER', 'ROOT', 'SERVER', 'GITHUB', 'GITLAB', 'OIDC', 'SSO', 'CSRF', 'HASH', 'SIGNATURE',
]);

/**
 * `<word> KEY` pairs where the key is public by design (a site key, a publishable key, a public
 * key): a random-looking value under such a name is not a secret.
 */
const PUBLIC_KEY_QUALIFIERS = new Set(['PUBLIC', 'PUB', 'PUBLISHABLE', 'SITE', 'VERIFY', 'VERIFICATION', 'VERIFYING']);
/** `<word> KEY` pairs that name a lookup key in some data (`CACHE_KEY`, `ROUTING_KEY`, `PARTITION_KEY`), never key material. */
const LOOKUP_KEY_QUALIFIERS = new Set([
  'CACHE', 'ROUTING', 'PARTITION', 'SORT', 'RANGE', 'PRIMARY', 'FOREIGN', 'COMPOSITE', 'OBJECT', 'IDEMPOTENCY', 'DEDUP', 'DEDUPLICATION',
  'MESSAGE', 'LOCK', 'QUEUE', 'SHARD', 'SHARDING', 'GROUP', 'GROUPING', 'TOPOLOGY', 'LABEL', 'TAG', 'METRIC', 'FEATURE', 'FLAG', 'TRANSLATION',
  'I18N', 'LOOKUP', 'INDEX', 'MAP', 'JSON', 'COLUMN', 'FIELD', 'ROW', 'LOCALE', 'SEARCH', 'PREFIX', 'BUCKET',
]);
/** Last words after `KEY` that say the value is the key itself: `OCI_CLI_KEY_CONTENT`, `SIGNING_KEY_PEM`. */
const KEY_CONTENT_WORDS = new Set(['CONTENT', 'CONTENTS', 'DATA', 'PEM', 'MATERIAL', 'B64', 'BASE64', 'VALUE', 'STRING', 'BYTES', 'TEXT', 'RAW']);
/** Last words that may hold a secret of any kind (`BASIC_AUTH`, `PASSWORD_SALT`): only a key-shaped value tells. */
const KEY_LIKE_LAST_WORDS = new Set(['AUTH', 'SALT', 'PEPPER']);
/** Last words of a name that describes data rather than holding a value: `PRIMARY_KEY_COLUMN`. */
const DATA_LAST_WORDS = new Set(['COLUMN', 'COLUMNS', 'TABLE', 'INDEX', 'ATTRIBUTE', 'PATTERN', 'REGEX', 'SEPARATOR', 'DELIMITER']);

/**
 * What a name says about its value:
 * - `secret`: it holds a secret (`DB_PASSWORD`, `API_TOKEN`, `PRIVATE_KEY`): any literal value is one;
 * - `key-like`: it may hold one (`AZURE_BATCH_KEY`, `OCI_CLI_KEY_CONTENT`, `DB_SECRET`, `BASIC_AUTH`),
 *   or may name something else (`HASH_KEY: id`, `TLS_SECRET: api-tls`):
 *   only a value shaped like key material is a secret (see looksLikeKeyMaterial);
 * - undefined: neither, or it only points at a secret (`*_FILE`, `*_PATH`, `*_NAME`, `*_REF`,
 *   `*_TTL`, `*_LENGTH`, `*_ID` including `ACCESS_KEY_ID`, `existingSecret`, `passwordKey`), or names
 *   a lookup key (`CACHE_KEY`, `ROUTING_KEY`) or a public key (`PUBLIC_KEY`, `RECAPTCHA_SITE_KEY`).
 */
export function secretNameKind(name: string): 'secret' | 'key-like' | undefined {
  const words = nameWords(name);
  if (words.length === 0) return undefined;
  const last = words[words.length - 1]!;
  const before = words.length >= 2 ? words[words.length - 2]! : undefined;
  if (NON_SECRET_LAST_WORDS.has(last) || DATA_LAST_WORDS.has(last) || REFERENCE_FIRST_WORDS.has(words[0]!)) return undefined;
  if (last === 'KEY' && before !== undefined && KEY_NAME_OWNERS.has(before)) return undefined;
  if (last === 'SECRET' || last === 'SECRETS') {
    // `tlsSecret`, `dbSecret`: usually the name of a Secret object, sometimes the secret itself.
    if (before !== undefined && !SECRET_VALUE_QUALIFIERS.has(before)) return 'key-like';
  }
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    if (SECRET_WORDS.some((s) => word === s || (word.endsWith(s) && word.length > s.length + 2))) return 'secret';
    if (SHORT_SECRET_WORDS.has(word) && words.length > 1 && i === words.length - 1) return 'secret';
    if ((word === 'KEY' || word === 'KEYS') && i > 0 && KEY_QUALIFIERS.has(words[i - 1]!)) return 'secret';
    if (EXACT_SECRET_WORDS.has(word)) return 'secret';
  }
  // Any other key: `AZURE_BATCH_KEY`, `STORAGE_ACCOUNT_KEY`, `OCI_CLI_KEY_CONTENT`, but not a public one.
  const keyAt = last === 'KEY' ? words.length - 1 : KEY_CONTENT_WORDS.has(last) && before === 'KEY' ? words.length - 2 : -1;
  if (keyAt >= 0) {
    const qualifier = keyAt > 0 ? words[keyAt - 1]! : undefined;
    return qualifier !== undefined && (PUBLIC_KEY_QUALIFIERS.has(qualifier) || LOOKUP_KEY_QUALIFIERS.has(qualifier)) ? undefined : 'key-like';
  }
  if (KEY_LIKE_LAST_WORDS.has(last)) return 'key-like';
  return undefined;
}

/** Whole words that hold a secret, too short to be found inside longer words (`HTPASSWD`, `DB_CREDS`). */
const EXACT_SECRET_WORDS = new Set(['HTPASSWD', 'CREDS']);

/** True when a name says its value is a secret (a password, token, API key, private key...). */
export function isSecretName(name: string): boolean {
  return secretNameKind(name) === 'secret';
}

/**
 * True when a name and its literal value together hold a secret: any real value under a secret
 * name, a key-shaped value under a key-like name, a private key whatever the name.
 */
export function holdsSecret(name: string, value: string): boolean {
  if (hasPrivateKeyBlock(value)) return true;
  const kind = secretNameKind(name);
  if (kind === undefined || !isLiteralSecret(value)) return false;
  return kind === 'secret' || looksLikeKeyMaterial(value);
}

/**
 * Credentials that only a build needs: package registries and artifact stores. A running
 * container has no use for them.
 */
const BUILD_SECRET_EXACT = new Set([
  'NPM_TOKEN', 'NPM_AUTH_TOKEN', 'NODE_AUTH_TOKEN', 'NPM_CONFIG_AUTH', 'NPM_CONFIG__AUTH', 'NPM_CONFIG__AUTH_TOKEN', 'YARN_NPM_AUTH_TOKEN',
  'TWINE_PASSWORD', 'TWINE_USERNAME', 'PYPI_TOKEN', 'PYPI_PASSWORD', 'POETRY_PYPI_TOKEN', 'UV_PUBLISH_TOKEN', 'UV_PUBLISH_PASSWORD',
  'GEMFURY_TOKEN', 'GEM_HOST_API_KEY', 'CARGO_REGISTRY_TOKEN', 'NUGET_API_KEY', 'NUGET_AUTH_TOKEN', 'COMPOSER_AUTH',
  'GRADLE_ENTERPRISE_ACCESS_KEY', 'DEVELOCITY_ACCESS_KEY', 'SONAR_TOKEN', 'CODECOV_TOKEN', 'DOCKER_AUTH_CONFIG',
]);
/** Index URLs that carry credentials only when they embed them (`https://user:token@...`). */
export const BUILD_INDEX_URLS = new Set(['PIP_INDEX_URL', 'PIP_EXTRA_INDEX_URL', 'UV_INDEX_URL', 'UV_EXTRA_INDEX_URL', 'UV_DEFAULT_INDEX', 'GOPROXY', 'NPM_CONFIG_REGISTRY']);
/** Artifact stores: `ARTIFACTORY_*`, `NEXUS_*`, ... when the rest of the name is a credential. */
const BUILD_STORE_PREFIXES = ['ARTIFACTORY', 'NEXUS', 'JFROG', 'GEMFURY', 'CODEARTIFACT', 'CLOUDSMITH', 'PACKAGECLOUD', 'VERDACCIO'];
const BUILD_PREFIX_PATTERNS = [/^POETRY_HTTP_BASIC_.+_PASSWORD$/, /^POETRY_PYPI_TOKEN_.+$/, /^CARGO_REGISTRIES_.+_TOKEN$/, /^ORG_GRADLE_PROJECT_.+(PASSWORD|TOKEN)$/, /^MAVEN_.*(PASSWORD|TOKEN)$/];
const CREDENTIAL_WORDS = new Set(['USER', 'USERNAME', 'LOGIN']);

/** True for a build-only credential name (`NPM_TOKEN`, `ARTIFACTORY_PASSWORD`, `nexusPassword`...). */
export function isBuildSecretName(name: string): boolean {
  const env = envStyle(name);
  if (BUILD_SECRET_EXACT.has(env)) return true;
  if (BUILD_PREFIX_PATTERNS.some((p) => p.test(env))) return true;
  const words = env.split('_');
  if (words.length >= 2 && BUILD_STORE_PREFIXES.includes(words[0]!)) {
    const rest = words.slice(1).join('_');
    return isSecretName(rest) || CREDENTIAL_WORDS.has(words[words.length - 1]!) || /^(AUTH|API_?KEY)$/.test(rest);
  }
  return false;
}

/** Labels in messages: a container name set by a Helm action shows as `{{…}}`, not as mask filler. */
export function shown(text: string): string {
  return text.replace(/\u00a7+/g, '{{…}}');
}

/**
 * Does a key or variable name say it holds a secret? Names are split into words (`DB_PASSWORD`,
 * `dbPassword`, `db-password` and `db.password` all give DB PASSWORD) and judged by their words,
 * never by substrings, so `TOKENIZER_MODEL` or `PASSWORD_MIN_LENGTH` stay quiet.
 */

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

/** True when a name says its value is a secret (a password, token, API key, private key...). */
export function isSecretName(name: string): boolean {
  const words = nameWords(name);
  if (words.length === 0) return false;
  const last = words[words.length - 1]!;
  if (NON_SECRET_LAST_WORDS.has(last) || REFERENCE_FIRST_WORDS.has(words[0]!)) return false;
  if (last === 'KEY' && words.length >= 2 && KEY_NAME_OWNERS.has(words[words.length - 2]!)) return false;
  if ((last === 'SECRET' || last === 'SECRETS') && words.length >= 2 && !SECRET_VALUE_QUALIFIERS.has(words[words.length - 2]!)) return false;
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    if (SECRET_WORDS.some((s) => word === s || (word.endsWith(s) && word.length > s.length + 2))) return true;
    if (SHORT_SECRET_WORDS.has(word) && words.length > 1 && i === words.length - 1) return true;
    if (word === 'KEY' && i > 0 && KEY_QUALIFIERS.has(words[i - 1]!)) return true;
  }
  return false;
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

/** Credential-shaped names and values: what counts as a secret, a maybe, or a pointer to one. */
import { describe, expect, test } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { holdsSecret, isSecretName, secretNameKind } from '../../src/secrets/names.js';
import { hasConnectionStringPassword, hasPrivateKeyBlock, isSecretOrPlaceholder, looksLikeKeyMaterial } from '../../src/secrets/values.js';

// Credential-shaped strings are assembled at run time so that this file holds none.
const KEY = ['k3Jf9P2+Qw8sLm4Vn7Xy1Zb6', 'Tc0Rd5Ge8Hf2Ij4Kl6Mn8Op0Qr2St4Uv6Wx8Yz0Ab=='].join('');

describe('secretNameKind', () => {
  test.each([
    'DB_PASSWORD', 'API_TOKEN', 'CLIENT_SECRET', 'PRIVATE_KEY', 'PRIVATE_KEY_CONTENT', 'GOOGLE_CREDENTIALS', 'HTPASSWD', 'DB_CREDS', 'API_KEYS',
    'SECRET_KEY_BASE', 'SIGNING_KEY_PEM', 'PASSWORD_SALT', 'sshPassphrase', 'adminPassword',
  ])('%s holds a secret', (name) => {
    expect(secretNameKind(name)).toBe('secret');
  });

  test.each([
    'AZURE_BATCH_KEY', 'OCI_CLI_KEY_CONTENT', 'STORAGE_ACCOUNT_KEY', 'CLI_KEY_PEM', 'TLS_KEY', 'DB_SECRET', 'tlsSecret', 'BASIC_AUTH',
    'HASH_SALT', 'KEY', 'SESSION_KEY', 'HASH_KEY',
  ])('%s may hold one (key-like: only a key-shaped value counts)', (name) => {
    expect(secretNameKind(name)).toBe('key-like');
  });

  test.each([
    'DB_PASSWORD_FILE', 'TOKEN_PATH', 'SECRET_NAME', 'SECRET_REF', 'TOKEN_TTL', 'TOKEN_TTL_SECONDS', 'PASSWORD_MIN_LENGTH', 'AWS_ACCESS_KEY_ID', 'ENCRYPTION_KEY_ID',
    'PRIMARY_KEY_COLUMN', 'PUBLIC_KEY', 'JWT_PUBLIC_KEY', 'RECAPTCHA_SITE_KEY', 'STRIPE_PUBLISHABLE_KEY', 'existingSecret', 'passwordKey', 'TOKENIZER_MODEL', 'MAX_TOKENS',
    'LOG_LEVEL', 'KEYCLOAK_URL', 'ROUTING_KEY', 'topologyKey', 'CACHE_KEY', 'partitionKey', 'IDEMPOTENCY_KEY', 'GPG_KEY_FINGERPRINT',
  ])('%s only points at or describes a secret, or is not about one', (name) => {
    expect(secretNameKind(name)).toBeUndefined();
    expect(isSecretName(name)).toBe(false);
  });
});

describe('looksLikeKeyMaterial', () => {
  test.each([
    KEY, ['d41d8cd98f00b204', 'e9800998ecf8427e'].join(''), ['3f2504e0-4f89-11d3', '-9a0c-0305e82c3301'].join(''), ['key-3ax6xnjp29', 'jd6fds4gc373sgvjxteol0'].join(''),
    ['wJalrXUtnFEMI/K7MDENG', '/bPxRfiCYEXAMPLEKEY'].join(''),
  ])('%s looks like a key', (value) => {
    expect(looksLikeKeyMaterial(value)).toBe(true);
  });

  test.each([
    'orders.created.v2', 'orders-created-v2-2024', 'uploads/2024/report-final-v3.pdf', 'topology.kubernetes.io/zone', 'OrderCreatedV2Event',
    'Base64EncodedHmacSha256Key', 'PROD_EU_WEST_1_CLUSTER_2', 'my-app-cache-key-prefix-2', 'api-tls', 'sha256:abcdef', 'https://vault.example.com/v1/kv2', 'changeme',
  ])('%s does not', (value) => {
    expect(looksLikeKeyMaterial(value)).toBe(false);
  });

  test('recognises random keys in the usual encodings (at least 95% of 16 to 64 characters)', () => {
    let found = 0;
    const total = 600;
    for (let i = 0; i < total; i++) {
      const length = 16 + (i % 49);
      const bytes = randomBytes(64);
      const value = i % 3 === 0 ? bytes.toString('hex').slice(0, Math.max(32, length)) : bytes.toString(i % 3 === 1 ? 'base64' : 'base64url').slice(0, length);
      if (looksLikeKeyMaterial(value)) found++;
    }
    expect(found / total).toBeGreaterThanOrEqual(0.95);
  });
});

describe('values', () => {
  test('a private key block is found by its header, not a certificate or a public key', () => {
    expect(hasPrivateKeyBlock(`${['-----BEGIN', 'OPENSSH PRIVATE', 'KEY-----'].join(' ')}\nnot a key\n`)).toBe(true);
    expect(hasPrivateKeyBlock(`${['-----BEGIN', 'PGP PRIVATE KEY', 'BLOCK-----'].join(' ')}\n`)).toBe(true);
    expect(hasPrivateKeyBlock(['-----BEGIN', 'CERTIFICATE-----'].join(' '))).toBe(false);
    expect(hasPrivateKeyBlock(['-----BEGIN', 'PUBLIC KEY-----'].join(' '))).toBe(false);
    expect(hasPrivateKeyBlock(`${['-----BEGIN', 'PRIVATE', 'KEY-----'].join(' ')}\n\${TLS_KEY}\n`)).toBe(false);
  });

  test('connection strings with a literal password, in their usual forms', () => {
    expect(hasConnectionStringPassword(['Server=db;Database=app;User Id=sa;', 'Password=Str0ng-pass;'].join(''))).toBe(true);
    expect(hasConnectionStringPassword(['jdbc:sqlserver://db:1433;databaseName=app;user=sa;', 'password=Hunter22'].join(''))).toBe(true);
    expect(hasConnectionStringPassword(['host=db user=app ', 'password=s3cr3t-pw'].join(''))).toBe(true);
    expect(hasConnectionStringPassword(['app:', 'Xk2p9Lq4', '@tcp(db:3306)/app'].join(''))).toBe(true);
    expect(hasConnectionStringPassword('Server=db;Password=${DB_PASSWORD}')).toBe(false);
    expect(hasConnectionStringPassword('Server=db;Password=;')).toBe(false);
    expect(hasConnectionStringPassword('password=abc')).toBe(false);
    expect(hasConnectionStringPassword('-Dspring.datasource.password-policy=strict')).toBe(false);
  });

  test('placeholders count in a ConfigMap, absence and substitution do not', () => {
    for (const v of ['changeme', 'xxxxx', '<your-token>', 'REPLACE_ME', 'TODO']) expect(isSecretOrPlaceholder(v)).toBe(true);
    for (const v of ['', 'none', 'null', '${TOKEN}', '$(TOKEN)', '{{ .Values.token }}', '__TOKEN__', '/run/secrets/token', 'true', 'https://auth.example.com']) {
      expect(isSecretOrPlaceholder(v)).toBe(false);
    }
  });

  test('holdsSecret combines the name and the value', () => {
    expect(holdsSecret('DB_PASSWORD', 'hunter22')).toBe(true);
    expect(holdsSecret('AZURE_BATCH_KEY', KEY)).toBe(true);
    expect(holdsSecret('AZURE_BATCH_KEY', 'hunter22')).toBe(false);
    expect(holdsSecret('ROUTING_KEY', 'orders.created')).toBe(false);
    expect(holdsSecret('CONFIG', `${['-----BEGIN', 'RSA PRIVATE', 'KEY-----'].join(' ')}\nx`)).toBe(true);
    expect(holdsSecret('PUBLIC_KEY', KEY)).toBe(false);
  });
});

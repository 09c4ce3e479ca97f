import { defineRule } from '../src/engine/rule.js';
import { dockerfileOf, ENVIRONMENT_WORDS, nameWords } from '../src/parse/dockerfile.js';

const CONFIG_EXT = /\.(ya?ml|json|properties|conf|config|cfg|ini|toml|xml|env|hcl)$/i;
/** Build-tool configs name a build flavour (`tsconfig.prod.json`), not a deployment. */
const BUILD_TOOL = /^(tsconfig|jsconfig|webpack|vite|vitest|rollup|babel|jest|karma|eslint|tslint|prettier|postcss|tailwind|angular|nx|turbo|nodemon|next|nuxt|playwright|cypress|docker-compose|compose|package)([-._]|$)/i;
const CONFIG_WORDS = new Set(['config', 'configuration', 'settings', 'appsettings', 'application', 'app', 'values', 'secrets', 'env']);
const ENV_FILE_PLACEHOLDERS = new Set(['example', 'sample', 'template', 'tpl', 'dist', 'default', 'defaults', 'local']);
/** Folder names that mean an environment; `dev` and `test` folders usually hold code or tests. */
const ENV_FOLDERS = new Set(['prod', 'production', 'staging', 'qa', 'uat', 'preprod', 'pre-prod']);
const SELECTOR_VAR = /\$\{?([A-Za-z_][A-Za-z0-9_]*)/g;

function isEnvWord(word: string): boolean {
  return ENVIRONMENT_WORDS.has(word.toLowerCase());
}

/** Why a COPY/ADD source is one environment's configuration, or undefined. */
function environmentOf(source: string): string | undefined {
  for (const m of source.matchAll(SELECTOR_VAR)) {
    const words = nameWords(m[1]!);
    if (words.some((w) => ['ENV', 'ENVIRONMENT', 'STAGE', 'PROFILE'].includes(w))) return `the environment chosen by $${m[1]} at build time`;
  }
  const segments = source.replace(/\/+$/, '').split('/');
  const base = segments.pop() ?? '';
  const folder = segments.find((s) => ENV_FOLDERS.has(s.toLowerCase()));
  if (folder) return `"${folder}"`;
  if (!base.includes('.') && ENV_FOLDERS.has(base.toLowerCase())) return `"${base}"`;
  if (/^\.env\./i.test(base)) {
    const parts = base.slice(5).split('.');
    if (parts.some((p) => ENV_FILE_PLACEHOLDERS.has(p.toLowerCase()))) return undefined;
    const env = parts.find(isEnvWord);
    return env ? `"${env}"` : undefined;
  }
  if (!CONFIG_EXT.test(base) || BUILD_TOOL.test(base)) return undefined;
  const parts = base.replace(CONFIG_EXT, '').split(/[-._]/).filter(Boolean);
  const last = parts[parts.length - 1] ?? '';
  if (isEnvWord(last)) return `"${last}"`;
  // `prod.config.yaml`, `staging-settings.json`: the environment first, then a config word.
  if (parts.length > 1 && isEnvWord(parts[0]!) && parts.slice(1).some((p) => CONFIG_WORDS.has(p.toLowerCase()))) return `"${parts[0]}"`;
  return undefined;
}

export default defineRule({
  id: 'dockerfile-env-config-file',
  antipattern: 2,
  severity: 'warning',
  kinds: ['dockerfile'],
  docs: {
    title: 'Images must not contain one environment\'s config file',
    summary: 'A `COPY` or `ADD` of `config.prod.yaml`, `.env.production` or `appsettings.Staging.json` builds an image for one environment only.',
    why: [
      'When the image carries the configuration of one environment, the image tested in staging is not the image that runs in production: each environment gets its own build.',
      'Changing a setting then means a rebuild and a redeploy, and the file often holds hosts and credentials that should never be inside an image.',
    ].join(' '),
    fix: [
      'Build one image with defaults that suit every environment, and mount the environment\'s file at deploy time from a ConfigMap or Secret,',
      'or pass its values as environment variables. Generic files such as `appsettings.json` or `.env.example` are fine.',
    ].join(' '),
    examples: [
      {
        bad: 'FROM mcr.microsoft.com/dotnet/aspnet:8.0\nWORKDIR /app\nCOPY appsettings.json appsettings.Production.json ./\n',
        good: 'FROM mcr.microsoft.com/dotnet/aspnet:8.0\nWORKDIR /app\nCOPY appsettings.json ./\n',
      },
      {
        bad: 'FROM node:20-alpine\nARG APP_ENV\nCOPY config/config.${APP_ENV}.yaml /app/config.yaml\n',
        good: 'FROM node:20-alpine\nCOPY .env.example /app/.env.example\nCOPY config/default.yaml /app/config.yaml\n',
      },
    ],
  },
  check(ctx) {
    for (const copy of dockerfileOf(ctx.file).copies) {
      for (const source of copy.sources) {
        const env = environmentOf(source);
        if (!env) continue;
        const { line, endLine } = copy.instruction;
        ctx.report(line, `${copy.keyword} ${source} puts the configuration of ${env} into the image, so every environment needs its own build. Mount it at deploy time (ConfigMap or Secret) instead.`, { span: [line, endLine] });
        break;
      }
    }
  },
});

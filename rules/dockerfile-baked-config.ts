import { defineRule } from '../src/engine/rule.js';
import { dockerfileOf, ENVIRONMENT_WORDS, nameWords, serviceAddressIn } from '../src/parse/dockerfile.js';

/** Build-mode switches: `production`/`development`/`test` pick a build flavour, not a deployment. */
const BUILD_MODE = new Set(['NODE_ENV', 'RAILS_ENV', 'RACK_ENV', 'PASSENGER_APP_ENV', 'MIX_ENV', 'FLASK_ENV', 'APP_ENV', 'BABEL_ENV', 'GO_ENV']);
const BUILD_MODE_VALUES = new Set(['production', 'prod', 'development', 'dev', 'test']);
/** ASP.NET Core runs as Production when nothing is set: naming it changes nothing per environment. */
const DEFAULTS_TO_PRODUCTION = new Set(['ASPNETCORE_ENVIRONMENT', 'DOTNET_ENVIRONMENT']);
const SELECTOR_WORDS = new Set(['ENV', 'ENVIRONMENT', 'ENVIRONMENTS', 'STAGE', 'PROFILE', 'PROFILES']);

/** The environment an ENV variable selects, when it is an environment selector. */
function selectedEnvironment(name: string, value: string): string | undefined {
  const upper = name.toUpperCase();
  const words = nameWords(name);
  const isSelector = BUILD_MODE.has(upper) || DEFAULTS_TO_PRODUCTION.has(upper) || upper === 'DJANGO_SETTINGS_MODULE'
    || SELECTOR_WORDS.has(words[words.length - 1] ?? '') || (words.at(-2) === 'PROFILES' && words.at(-1) === 'ACTIVE');
  if (!isSelector || value.includes('$')) return undefined;
  const tokens = value.toLowerCase().split(/[\s,;.]+/).filter(Boolean);
  const env = tokens.find((t) => ENVIRONMENT_WORDS.has(t) || t.split(/[-_]/).some((p) => ENVIRONMENT_WORDS.has(p) && p !== 'test'));
  if (!env) return undefined;
  if (BUILD_MODE.has(upper) && tokens.length === 1 && BUILD_MODE_VALUES.has(env)) return undefined;
  if (DEFAULTS_TO_PRODUCTION.has(upper) && tokens.length === 1 && env === 'production') return undefined;
  return env;
}

export default defineRule({
  id: 'dockerfile-baked-config',
  antipattern: 2,
  severity: 'warning',
  kinds: ['dockerfile'],
  docs: {
    title: 'Images must not bake in environment configuration',
    summary: 'An `ENV` that holds an IP address, the address of another service, a cluster DNS name or an environment name ties the image to one environment.',
    why: [
      'An image should be built once and promoted unchanged from test to production.',
      'When it carries the database host, the URL of another service or `SPRING_PROFILES_ACTIVE=prod`, every environment needs its own build,',
      'so production runs an image that was never tested, and moving a service means rebuilding every image that points at it.',
    ].join(' '),
    fix: [
      'Leave such values out of the Dockerfile and set them at deploy time: environment variables in the pod spec, a ConfigMap, a Secret for credentials, or a config service.',
      'Build-mode switches such as `NODE_ENV=production`, and addresses of the container itself (`localhost`, `0.0.0.0`), are fine in the image.',
    ].join(' '),
    examples: [
      {
        bad: 'FROM eclipse-temurin:21-jre\nENV SPRING_PROFILES_ACTIVE=prod\nENV ORDERS_URL=http://orders.shop.svc.cluster.local:8080\nCOPY app.jar /app.jar\n',
        good: 'FROM eclipse-temurin:21-jre\nENV JAVA_OPTS="-XX:MaxRAMPercentage=75" SERVER_ADDRESS=0.0.0.0\nCOPY app.jar /app.jar\n',
      },
      {
        bad: 'FROM node:20-alpine\nENV NODE_ENV=production DATABASE_URL=postgres://10.0.3.12:5432/app\nCMD ["node", "server.js"]\n',
        good: 'FROM node:20-alpine\nENV NODE_ENV=production PORT=8080\nCMD ["node", "server.js"]\n',
      },
    ],
  },
  check(ctx) {
    for (const p of dockerfileOf(ctx.file).properties) {
      if (p.keyword !== 'ENV' || !p.value) continue;
      const span: [number, number] = [p.instruction.line, p.instruction.endLine];
      const env = selectedEnvironment(p.name, p.value);
      if (env) {
        ctx.report(p.line, `ENV ${p.name}=${p.value} selects the "${env}" environment at build time, so each environment needs its own image. Set it in the deployment instead.`, { span });
        continue;
      }
      const address = serviceAddressIn(p.name, p.value);
      if (address) {
        ctx.report(p.line, `ENV ${p.name} bakes ${address} into the image. Inject it at deploy time (pod env, ConfigMap or Secret) so the same image runs in every environment.`, { span });
      }
    }
  },
});

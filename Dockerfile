# Production image of the GitHub App. Node 22 LTS pinned to an exact release (and, in a release
# pipeline, to its digest: node:22.23.3-bookworm-slim@sha256:...) so that every build runs the
# same runtime. Build: docker build -t <registry>/k8s-antipatterns-bot:<version or commit> .
FROM node:22.23.3-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# Dependencies first, for layer caching. --ignore-scripts: `prepare` (the build) needs the
# sources, and no dependency needs an install script (tree-sitter runs as WebAssembly).
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY rules ./rules
COPY bench ./bench
RUN npm run build && npm prune --omit=dev --ignore-scripts

FROM node:22.23.3-bookworm-slim
# NODE_ENV is a build mode, not an environment: the same image runs everywhere, configured by
# the environment (APP_ID, PRIVATE_KEY, WEBHOOK_SECRET, REDIS_URL...; see .env.example).
# HOST=0.0.0.0: Probot listens on localhost only unless told otherwise.
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000
WORKDIR /app
# Owned by root and only readable by the app's user: the app cannot rewrite its own code.
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY app.yml ./
# The image's unprivileged `node` user (uid 1000; Kubernetes: runAsUser 1000).
USER node
EXPOSE 3000
# For Docker and Compose; Kubernetes ignores it and uses the chart's probes. /healthz only asks
# whether the process answers, so a Redis outage does not mark the container unhealthy.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# node itself is PID 1, so SIGTERM from `docker stop` or the kubelet reaches the app, which
# drains (SHUTDOWN_TIMEOUT_SECONDS) and exits. `npm start` would sit in between and not pass
# the signal on reliably.
CMD ["node", "dist/src/app/main.js"]

# syntax=docker/dockerfile:1
# newswatch in a container: a build stage compiles better-sqlite3 and the TypeScript,
# the runtime stage holds only production dependencies, dist/, bin/ and config/.
#
#   docker build -t newswatch .
#   docker run -d --name newswatch --stop-timeout 20 -v newswatch-data:/var/lib/newswatch \
#     -e DISCORD_WEBHOOK_URL=… newswatch
#   docker run --rm newswatch demo          # the offline demo
#
# Your own config: mount it and point NEWSWATCH_CONFIG at it (its `state:` must be
# under /var/lib/newswatch, e.g. /var/lib/newswatch/newswatch.db):
#   -v ./newswatch.yaml:/etc/newswatch/newswatch.yaml:ro -e NEWSWATCH_CONFIG=/etc/newswatch/newswatch.yaml
# To reach the status page from the host, set `http: { host: 0.0.0.0, auth: { token:
# "${NEWSWATCH_STATUS_TOKEN}" } }` in that config (a non-loopback host needs http.auth or
# http.public: true; README "Status page access") and publish the port on loopback:
# -p 127.0.0.1:8787:8787.

ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS build
# better-sqlite3 compiles from source when no prebuilt binary can be fetched.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
# Scripts off for the install (`prepare` would build before the sources are here),
# then better-sqlite3's own install script (prebuilt binary or compile) on its own.
RUN npm ci --ignore-scripts --no-audit --no-fund \
 && npm rebuild better-sqlite3
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build \
 && npm prune --omit=dev --no-audit --no-fund

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production
RUN groupadd --system newswatch \
 && useradd --system --gid newswatch --home-dir /var/lib/newswatch --shell /usr/sbin/nologin newswatch \
 && install -d -o newswatch -g newswatch -m 0750 /var/lib/newswatch
WORKDIR /app
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY bin ./bin
COPY config ./config
# The bundled config reads its state path from NEWSWATCH_STATE: keep it on the volume.
ENV NEWSWATCH_STATE=/var/lib/newswatch/newswatch.db
USER newswatch
VOLUME ["/var/lib/newswatch"]
EXPOSE 8787
# /healthz answers 200 while the scheduler runs and the database answers (Node's own
# fetch: no curl in the image). NEWSWATCH_HEALTH_URL if your config moves the port.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch(process.env.NEWSWATCH_HEALTH_URL || 'http://127.0.0.1:8787/healthz', { signal: AbortSignal.timeout(4000) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Node runs as PID 1 and handles SIGTERM itself (graceful stop within 10 s; give
# `docker stop` 20 s with --stop-timeout 20, or stop_grace_period: 20s in compose).
STOPSIGNAL SIGTERM
ENTRYPOINT ["node", "bin/newswatch.js"]
CMD ["start"]

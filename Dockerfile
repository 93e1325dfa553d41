# syntax=docker/dockerfile:1
# One image per service from one file:
#   docker build --build-arg APP=gateway --build-arg VERSION=0.1.0 -t diplomatie/gateway:0.1.0 .
# APP is one of: gateway publications routing communities signature search.
# Run it with a read-only root filesystem: the process writes nothing outside /tmp.

# Pin the base by tag (and by digest in your registry mirror: node:20.19-bookworm-slim@sha256:…).
ARG NODE_IMAGE=node:20.19-bookworm-slim

# --- build: the whole workspace, `nx build <app>` ---------------------------------------------
FROM ${NODE_IMAGE} AS build
ENV NX_DAEMON=false NX_NO_CLOUD=true CI=true
WORKDIR /src
# Dependencies first: this layer is reused while package*.json do not change.
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
ARG APP
RUN test -n "$APP" || (echo "build with --build-arg APP=<gateway|publications|routing|communities|signature|search>" >&2; exit 1)
# Output: dist/apps/$APP/main.js and a generated package.json + package-lock.json of its runtime dependencies only.
RUN npx nx build "$APP" --skip-nx-cache

# --- runtime: the bundle and its production dependencies, nothing else ------------------------
FROM ${NODE_IMAGE} AS runtime
ARG NODE_IMAGE
# tini as PID 1: forwards SIGTERM to node (the services drain on it) and reaps zombies.
RUN apt-get update \
 && apt-get install -y --no-install-recommends tini \
 && rm -rf /var/lib/apt/lists/*
ARG APP
ARG VERSION=0.0.0-dev
ARG REVISION=unknown
ARG CREATED=unknown
ENV NODE_ENV=production
WORKDIR /app
# Files owned by root and not writable by the runtime user: the code cannot be changed at run time.
COPY --from=build /src/dist/apps/${APP}/ ./
RUN npm install --omit=dev --no-audit --no-fund --ignore-scripts \
 && npm cache clean --force \
 && rm -rf /root/.npm /tmp/*
LABEL org.opencontainers.image.title="diplomatie-${APP}" \
      org.opencontainers.image.description="Diplomatie ${APP} service (NestJS on NATS JetStream and PostgreSQL)" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.created="${CREATED}" \
      org.opencontainers.image.licenses="EUPL-1.2" \
      org.opencontainers.image.vendor="Diplomatie" \
      org.opencontainers.image.base.name="${NODE_IMAGE}"
# The `node` user of the official image (uid 1000): Kubernetes runs it with runAsNonRoot.
USER 1000:1000
# Each service listens on its PORT (gateway 3000, publications 3101 … search 3105).
EXPOSE 3000 3101 3102 3103 3104 3105
ENTRYPOINT ["/usr/bin/tini", "--", "node", "main.js"]

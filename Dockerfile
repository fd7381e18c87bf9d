# syntax=docker/dockerfile:1
#
# Images for the Helicone integrator. Build from the repository root:
#
#   docker build -t helicone-integrator-worker:0.1.0 .                         # the worker (default, last stage)
#   docker build -t helicone-integrator-dashboard:0.1.0 --target dashboard .   # the review dashboard
#
# No secret is baked in: tokens and keys (GITHUB_TOKEN, ANTHROPIC_API_KEY, TEMPORAL_API_KEY or the mTLS pair,
# HELICONE_API_KEY, DASHBOARD_TOKEN) come from the environment at run time (a Kubernetes Secret, see deploy/).

# Pinned major/minor; bump deliberately. Debian bookworm, glibc (the Temporal core bridge and the Claude Code
# binary ship glibc builds).
ARG NODE_IMAGE=node:20.19-bookworm-slim

# ---- build: dependencies and compiled JavaScript -----------------------------------------------------------
FROM ${NODE_IMAGE} AS build
WORKDIR /app
# The postinstall script would download the Temporal CLI and test server (for the demo and the tests) from PyPI:
# production talks to a real Temporal, so skip it.
ENV HELICONE_SKIP_TEMPORAL_INSTALL=1
COPY package.json package-lock.json ./
COPY scripts/install-temporal.mjs ./scripts/install-temporal.mjs
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
# tsc into lib/, then drop the dev dependencies (eslint, vitest, the browser test driver).
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

# ---- runtime-base: what both images share --------------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime-base
# git for clones and pushes, CA certificates for GitHub / Temporal Cloud / Anthropic over TLS, tini as PID 1 so
# SIGTERM reaches node and the git and Claude Code child processes are reaped; bubblewrap and Python's venv for the
# proof (the repository's own checks in a sandbox; the pod must allow user namespaces, else set PROOF=off).
RUN apt-get update \
 && apt-get install -y --no-install-recommends git ca-certificates tini bubblewrap python3 python3-venv \
 && rm -rf /var/lib/apt/lists/*
RUN groupadd --system --gid 10001 app \
 && useradd --system --uid 10001 --gid app --home-dir /home/app --create-home --shell /usr/sbin/nologin app \
 && mkdir -p /data \
 && chown app:app /data
WORKDIR /app
ENV NODE_ENV=production \
    LOG_FORMAT=json \
    DATA_DIR=/data \
    HOME=/home/app
# Dependencies and code are owned by root and read-only to the app user. node_modules includes the Claude Code CLI
# (inside @anthropic-ai/claude-agent-sdk): nothing is downloaded at run time.
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/lib ./lib
ENTRYPOINT ["/usr/bin/tini", "--"]

# ---- dashboard ---------------------------------------------------------------------------------------------
FROM runtime-base AS dashboard
# The page's own script and stylesheet are served from the source tree.
COPY --from=build /app/src/dashboard/static ./src/dashboard/static
USER 10001:10001
# Listens beyond loopback, so DASHBOARD_TOKEN is required (the dashboard refuses to start without it).
ENV DASHBOARD_HOST=0.0.0.0 \
    DASHBOARD_PORT=3000
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.DASHBOARD_PORT||3000)+'/login').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "lib/cli/dashboard.js"]

# ---- worker (default target) -------------------------------------------------------------------------------
FROM runtime-base AS worker
USER 10001:10001
# /healthz and the service's counters on METRICS_PORT; Temporal's runtime metrics when TEMPORAL_METRICS_BIND is set.
ENV METRICS_PORT=9100 \
    WORKER_SHUTDOWN_GRACE=30s
EXPOSE 9100 9464
VOLUME ["/data"]
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.METRICS_PORT||9100)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "lib/cli/worker.js"]

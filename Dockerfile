# Herald's image: build with every dependency, run with production ones only, as a non-root user.
# docker build -t herald . && docker run -e TELEGRAM_TOKEN=… -v herald-data:/app/data herald

FROM node:20-bookworm-slim AS build
WORKDIR /app
# sqlite3 is compiled from source when no prebuilt binary can be fetched.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
RUN npm install -g npm@11
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json ./
COPY scripts ./scripts
COPY src ./src
COPY commands ./commands
COPY config ./config
COPY locales ./locales
RUN npm run build
RUN npm prune --omit=dev

FROM node:20-bookworm-slim
# MALLOC_ARENA_MAX=2: glibc's allocator keeps two arenas, not up to eight per core (docs/feeds.md). The
# command's V8 flags are npm run start:prod's (test/ops/container.test.ts keeps them equal):
# --single-threaded (V8 compiles and collects on the main thread, so glibc keeps no freed compiler memory
# in per-thread arenas) and --optimize-for-size (V8 favours memory over speed; a 1 MB young generation):
# with 500 feeds, 135-153 MB between polls instead of 185-226, for twice the CPU on a first read.
ENV NODE_ENV=production \
    MALLOC_ARENA_MAX=2 \
    HERALD_SEEDS_DIR=/app/stories \
    HERALD_STORE=sqlite:/app/data/herald.sqlite \
    HERALD_HTTP_HOST=0.0.0.0 \
    HERALD_HTTP_PORT=9464
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY config ./config
COPY locales ./locales
COPY seeds ./stories
RUN mkdir -p /app/data && chown node:node /app/data
USER node
VOLUME ["/app/data", "/app/stories"]
EXPOSE 9464
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.HERALD_HTTP_PORT}/healthz`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "--single-threaded", "--optimize-for-size", "dist/src/main.js"]

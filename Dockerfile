# syntax=docker/dockerfile:1
# portdeck's two apps as images, built with the same steps as scripts/bundle.sh (which `pnpm test` runs):
# install, `pnpm build`, `pnpm deploy --prod` per app. Each runtime stage holds node, the app's dist/ and its
# production node_modules only (no pnpm, tsx, TypeScript or source), and runs as the unprivileged `node` user.
#   docker build --target api -t portdeck-api .
#   docker build --target bot -t portdeck-bot .
ARG NODE_VERSION=22

FROM node:${NODE_VERSION}-bookworm-slim AS build
# A compiler for better-sqlite3 when no prebuilt binary matches this Node (the install falls back to building it).
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
RUN npm install --global pnpm@10.34.9
WORKDIR /repo
# Dependencies first: this layer is reused until the lockfile changes.
COPY pnpm-lock.yaml pnpm-workspace.yaml .npmrc ./
RUN pnpm fetch
COPY . .
RUN pnpm install --frozen-lockfile --offline \
  && scripts/bundle.sh /bundle

FROM node:${NODE_VERSION}-bookworm-slim AS runtime
ENV NODE_ENV=production \
    PORTDECK_DATA_DIR=/data
# The SQLite default (and anything else written) goes to the /data volume, owned by the unprivileged user.
RUN mkdir /data && chown node:node /data
VOLUME /data
WORKDIR /app

FROM runtime AS api
COPY --from=build /bundle/graphql ./
# The dashboard, where the API looks by default (/app/dist/../../web/dist).
COPY --from=build /bundle/web/dist /web/dist
ENV PORTDECK_GRAPHQL_HOST=0.0.0.0 \
    PORTDECK_GRAPHQL_PORT=4000
USER node
EXPOSE 4000
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORTDECK_GRAPHQL_PORT}/health`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# node itself is PID 1's command: SIGTERM from `docker stop` reaches the API, which closes and exits 0.
CMD ["node", "dist/server.js"]

FROM runtime AS bot
COPY --from=build /bundle/bot ./
ENV PORTDECK_BOT_HTTP_PORT=4001
USER node
EXPOSE 4001
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORTDECK_BOT_HTTP_PORT}/health`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/main.js"]

# The engine image used by docker-compose.yml. better-sqlite3 is built from source (no prebuilt binaries).
FROM node:20-bookworm-slim AS build
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=development
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/package.json ./
COPY --from=build /app/workflows ./workflows
EXPOSE 3000
CMD ["node", "--no-allocation-site-pretenuring", "--max-semi-space-size=32", "dist/apps/api/src/main.js"]

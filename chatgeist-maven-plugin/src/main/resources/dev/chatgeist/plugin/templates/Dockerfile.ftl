# Node with the Claude CLI; the databases are mounted read-only at /workspace/dbs by docker-compose.yml.
FROM node:22-bookworm-slim
RUN npm install -g @anthropic-ai/claude-code && npm cache clean --force
USER node
WORKDIR /workspace
# stays up so that the bot can `docker exec` into it
CMD ["sleep", "infinity"]

# The Claude sandbox: Node.js with the Claude Code CLI and sqlite3, running as the unprivileged user node.
# The bot's docker analyst runs: docker exec -u node claude-sandbox claude --print --dangerously-skip-permissions "<prompt>"
# The databases are mounted read-only at /workspace/dbs by docker-compose.yml.
FROM node:22-bookworm-slim

# sqlite3 to query the archives, procps so that a cancelled question can be stopped (pkill)
RUN apt-get update \
    && apt-get install -y --no-install-recommends sqlite3 procps ca-certificates \
    && rm -rf /var/lib/apt/lists/*

ARG CLAUDE_CODE_VERSION=latest
RUN npm install -g @anthropic-ai/claude-code@${r"${CLAUDE_CODE_VERSION}"} && npm cache clean --force

USER node
WORKDIR /workspace
# stays up so that the bot can `docker exec` into it
CMD ["sleep", "infinity"]

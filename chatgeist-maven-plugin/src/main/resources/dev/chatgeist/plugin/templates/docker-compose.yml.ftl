# The Claude CLI sandbox the bot's docker analyst runs questions in:
#   docker exec -u node claude-sandbox claude --print ...
# The token comes from .env beside this file; after it changes the sandbox must be recreated
# (docker compose down && docker compose up -d), which `chatgeist sync-token` does.
services:
  claude-sandbox:
    build:
      context: ./sandbox
    image: chatgeist/claude-sandbox:local
    container_name: claude-sandbox
    restart: unless-stopped
    environment:
      - CLAUDE_CODE_OAUTH_TOKEN=${r"${CLAUDE_CODE_OAUTH_TOKEN}"}
    volumes:
      # the chat archives, read-only: the CLI can query them but never change them
      - ./databases:/workspace/dbs:ro
      # optional: let the sandbox refresh its own token (chatgeist:push-credentials installs this file, mode 0600)
      # - ./.claude-docker/credentials.json:/home/node/.claude/.credentials.json
    working_dir: /workspace
    cpus: 1
    mem_limit: 1g
    security_opt:
      - no-new-privileges:true
    pids_limit: 256
    tmpfs:
      - /tmp

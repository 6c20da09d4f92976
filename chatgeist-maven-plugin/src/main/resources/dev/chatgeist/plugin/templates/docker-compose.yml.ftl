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
      - ./databases:/workspace/dbs:ro
    working_dir: /workspace
    cpus: 1
    mem_limit: 1g
    security_opt:
      - no-new-privileges:true
    tmpfs:
      - /tmp

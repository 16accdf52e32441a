#!/usr/bin/env bash
# Makes sure Redis (and, with --postgres, PostgreSQL) answer on 127.0.0.1,
# starting local servers when they are installed but stopped. Says exactly
# what to install when they are missing.
set -euo pipefail

want_pg=0
[ "${1:-}" = "--postgres" ] && want_pg=1

redis_port="${REDIS_PORT:-6379}"
redis_up() {
  node -e '
    const s = require("net").connect(+process.argv[1], "127.0.0.1");
    s.setTimeout(1500, () => process.exit(1));
    s.on("error", () => process.exit(1));
    s.on("connect", () => s.write("PING\r\n"));
    s.on("data", (d) => process.exit(String(d).startsWith("+PONG") ? 0 : 1));
  ' "$redis_port"
}

if ! redis_up; then
  if command -v redis-server >/dev/null 2>&1; then
    echo "Starting a private Redis on 127.0.0.1:${redis_port}"
    mkdir -p .tmp
    redis-server --daemonize yes --bind 127.0.0.1 --port "$redis_port" --save "" --appendonly no --dir "$PWD/.tmp" --logfile "$PWD/.tmp/redis.log"
    for _ in $(seq 1 50); do redis_up && break; sleep 0.1; done
  fi
  redis_up || { echo "Redis is not reachable on 127.0.0.1:${redis_port}. Install it (Debian/Ubuntu: apt-get install redis-server; macOS: brew install redis) or set REDIS_URL." >&2; exit 1; }
fi

if [ "$want_pg" = 1 ]; then
  pg_up() { pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; }
  if ! pg_up; then
    if command -v pg_ctlcluster >/dev/null 2>&1 && ls /etc/postgresql >/dev/null 2>&1; then
      echo "Starting PostgreSQL"
      pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start || true
      for _ in $(seq 1 50); do pg_up && break; sleep 0.2; done
    fi
    pg_up || { echo "PostgreSQL is not reachable on 127.0.0.1:5432. Install it (apt-get install postgresql) or set TEST_DATABASE_URL." >&2; exit 1; }
  fi
fi

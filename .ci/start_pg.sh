#!/usr/bin/env bash
# Start a throw-away PostgreSQL server on loopback for the storage tests; prints its URL.
set -euo pipefail
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
DATA=${ANCHA_PG_DIR:-/tmp/ancha-pg}
PORT=${ANCHA_PG_PORT:-54329}
RUN=(env)
if [ "$(id -u)" = 0 ]; then RUN=(runuser -u postgres --); fi
if [ -f "$DATA/postmaster.pid" ]; then "${RUN[@]}" "$PGBIN/pg_ctl" -D "$DATA" -m immediate stop >/dev/null 2>&1 || true; fi
rm -rf "$DATA"; mkdir -p "$DATA"
[ "$(id -u)" = 0 ] && chown postgres:postgres "$DATA"
"${RUN[@]}" "$PGBIN/initdb" -D "$DATA" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
"${RUN[@]}" "$PGBIN/pg_ctl" -D "$DATA" -l "$DATA/server.log" -w \
  -o "-p $PORT -k $DATA -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
"${RUN[@]}" "$PGBIN/createdb" -h 127.0.0.1 -p "$PORT" -U postgres ancha_test
echo "postgresql://postgres@127.0.0.1:$PORT/ancha_test"

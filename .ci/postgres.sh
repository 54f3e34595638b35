#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests: `postgres.sh start DIR` makes a cluster in DIR (a new
# temporary folder when DIR is empty), run by an unprivileged user (postgres, or a user
# "partnerhub-pg" made for it, when we are root), listening on a free port of 127.0.0.1 only, with
# pg_trgm available in template1 (so in every database created from it). It prints the DSN of its
# database "partnerhub" on its last line, and writes it to DIR/dsn. `postgres.sh stop DIR` stops it
# and removes DIR.
#
# A kept cluster (the bench world of `make bench`, data/bench/pg): `postgres.sh up DIR` starts the
# cluster in DIR, making it first when DIR holds none, and prints its DSN as start does (the port
# of its last run when that is free); `postgres.sh down DIR` stops it and keeps DIR.
#
# PostgreSQL is found in /usr/lib/postgresql/*/bin (Debian's postgresql package); when it is missing
# and we are root it is installed with apt-get (postgresql and postgresql-contrib). Exit status 3:
# PostgreSQL cannot be had here (not installed and not installable), which the Makefile's test-pg
# reports as a loud skip.
set -euo pipefail

cmd=${1:-}
dir=${2:-}

pgbin() {
  local b
  b=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
  if [ -z "$b" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "postgres.sh: installing Debian's postgresql" >&2
    (apt-get install -y -q postgresql postgresql-contrib >/dev/null 2>&1 ||
      { apt-get update -q >/dev/null 2>&1 && apt-get install -y -q postgresql postgresql-contrib >/dev/null 2>&1; }) || true
    b=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
  fi
  [ -n "$b" ] && [ -x "$b/initdb" ] || return 1
  echo "$b"
}

# as_user runs a command as the cluster's owner.
as_user() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u "$owner" -- "$@"
  else
    "$@"
  fi
}

free_port() {
  python3 - <<'EOF' 2>/dev/null || echo $((20000 + RANDOM % 20000))
import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
EOF
}

# run_cluster starts the cluster of $dir on $port. A test cluster: no fsync (a crash loses a
# throwaway cluster), many connections (each test its own database, the pools of parallel tests).
# PARTNERHUB_PG_SHARED_BUFFERS sizes its cache (the bench world's cluster takes more).
# PARTNERHUB_PG_DURABLE=1 keeps PostgreSQL's durability (fsync, synchronous commit): for measuring
# durable writes (make bench's allocations).
run_cluster() {
  local durability="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
  [ "${PARTNERHUB_PG_DURABLE:-}" = 1 ] && durability=""
  as_user "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 120 \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 $durability -c max_connections=400 -c shared_buffers=${PARTNERHUB_PG_SHARED_BUFFERS:-128MB}" \
    start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
}

case "$cmd" in
up)
  [ -n "$dir" ] || { echo "usage: postgres.sh up DIR" >&2; exit 2; }
  if [ ! -f "$dir/data/PG_VERSION" ]; then
    exec bash "$0" start "$dir"
  fi
  bin=$(cat "$dir/bin")
  owner=$(cat "$dir/owner")
  dsn=$(cat "$dir/dsn")
  if ! as_user "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
    port=$(sed -E 's|.*:([0-9]+)/.*|\1|' "$dir/dsn")
    if ! python3 -c "import socket,sys; socket.socket().bind(('127.0.0.1', int(sys.argv[1])))" "$port" 2>/dev/null; then
      port=$(free_port)
    fi
    run_cluster
    dsn="postgres://partnerhub@127.0.0.1:$port/partnerhub?sslmode=disable"
    echo "$dsn" >"$dir/dsn"
  fi
  echo "$dsn"
  ;;
down)
  [ -n "$dir" ] && [ -f "$dir/bin" ] || { echo "usage: postgres.sh down DIR (a cluster made by up)" >&2; exit 2; }
  bin=$(cat "$dir/bin")
  owner=$(cat "$dir/owner")
  as_user "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
  ;;
start)
  bin=$(pgbin) || { echo "postgres.sh: PostgreSQL is not installed and cannot be installed here" >&2; exit 3; }
  if [ "$(id -u)" = 0 ]; then
    owner=postgres
    if ! id -u "$owner" >/dev/null 2>&1; then
      owner=partnerhub-pg
      id -u "$owner" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$owner"
    fi
  else
    owner=$(id -un)
  fi
  [ -n "$dir" ] || dir=$(mktemp -d /tmp/partnerhub-pg.XXXXXX)
  mkdir -p "$dir"
  chmod 0755 "$dir"
  [ "$(id -u)" = 0 ] && chown "$owner" "$dir"
  as_user "$bin/initdb" -D "$dir/data" -U partnerhub --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
    as_user "$bin/initdb" -D "$dir/data" -U partnerhub --auth=trust -E UTF8 --locale=C >"$dir/initdb.log" 2>&1 ||
    { cat "$dir/initdb.log" >&2; exit 1; }
  port=$(free_port)
  run_cluster
  as_user "$bin/psql" -q -h 127.0.0.1 -p "$port" -U partnerhub -d template1 -v ON_ERROR_STOP=1 \
    -c "CREATE EXTENSION IF NOT EXISTS pg_trgm" >/dev/null || { echo "postgres.sh: pg_trgm is missing (postgresql-contrib)" >&2; exit 1; }
  as_user "$bin/createdb" -h 127.0.0.1 -p "$port" -U partnerhub partnerhub
  dsn="postgres://partnerhub@127.0.0.1:$port/partnerhub?sslmode=disable"
  echo "$dsn" >"$dir/dsn"
  echo "$bin" >"$dir/bin"
  echo "$owner" >"$dir/owner"
  echo "$dsn"
  ;;
stop)
  [ -n "$dir" ] && [ -d "$dir" ] || { echo "usage: postgres.sh stop DIR" >&2; exit 2; }
  bin=$(cat "$dir/bin" 2>/dev/null || pgbin)
  owner=$(cat "$dir/owner" 2>/dev/null || id -un)
  as_user "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$dir"
  ;;
*)
  echo "usage: postgres.sh start [DIR] | stop DIR | up DIR | down DIR" >&2
  exit 2
  ;;
esac

# Shared by the verify scripts (sourced, not run): connection defaults, uniquely named scratch
# databases that are dropped on exit, and messages. Set VERIFY_NAME before sourcing.
# Connection settings (defaults are the local development servers):
#   PGHOST PGPORT PGUSER PGPASSWORD              PostgreSQL (127.0.0.1, 5432, postgres)
#   MYSQL_HOST MYSQL_PORT MYSQL_USER MYSQL_PWD   MariaDB/MySQL (127.0.0.1, 3306, root)

export PGHOST=${PGHOST:-127.0.0.1}
export PGPORT=${PGPORT:-5432}
export PGUSER=${PGUSER:-postgres}
MYSQL_HOST=${MYSQL_HOST:-127.0.0.1}
MYSQL_PORT=${MYSQL_PORT:-3306}
MYSQL_USER=${MYSQL_USER:-root}
export MYSQL_PWD=${MYSQL_PWD:-}

# Scratch names are unique per run so that concurrent runs never collide; scripts append the
# databases they create to pg_dbs / my_dbs and files go under scratch_dir.
run_id="$$_${RANDOM}"
scratch_dir=$(mktemp -d)
pg_dbs=()
my_dbs=()

cleanup() {
    local db
    for db in "${pg_dbs[@]+"${pg_dbs[@]}"}"; do
        psql -X -q -d postgres -c "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" >/dev/null 2>&1 || true
    done
    for db in "${my_dbs[@]+"${my_dbs[@]}"}"; do
        my -e "DROP DATABASE IF EXISTS \`$db\`" >/dev/null 2>&1 || true
    done
    rm -rf "$scratch_dir"
}
trap cleanup EXIT

fail() {
    echo "$VERIFY_NAME: FAIL: $*" >&2
    exit 1
}

step() {
    echo "$VERIFY_NAME: $*"
}

my() {
    mysql -h "$MYSQL_HOST" -P "$MYSQL_PORT" -u "$MYSQL_USER" "$@"
}

#!/usr/bin/env bash
# Runs the alembic-support example with real Alembic on PostgreSQL, MariaDB/MySQL and SQLite, from
# an empty scratch database each, and fails on the first problem. The set is the input of Strata's
# Alembic fidelity tests, so it must be exactly what real Alembic runs.
#
#   migrations/alembic-support/verify.sh                 every dialect
#   migrations/alembic-support/verify.sh postgres mysql  only some: postgres | mysql | sqlite
#
# What is checked, for each dialect:
#   - `alembic upgrade head` succeeds;
#   - `alembic downgrade base` succeeds and leaves nothing but the empty `alembic_version` table
#     (no table, view, sequence or enum type);
#   - `alembic upgrade head` works again after the downgrade;
#   - offline: `alembic upgrade head --sql` prints a script, and that script applied to a fresh
#     database gives the same schema as the online upgrade (PostgreSQL and MariaDB). On SQLite,
#     Alembic's batch mode must reflect the live table, so `--sql` has to stop with Alembic's own
#     "requires a live database connection" error; anything else is a failure.
#
# Needs: python3 with alembic, sqlalchemy, psycopg2 and pymysql
#   (pip install alembic sqlalchemy psycopg2-binary pymysql), psql, mysql, sqlite3.
# Connection settings (defaults are the local development servers):
#   PGHOST PGPORT PGUSER PGPASSWORD              PostgreSQL (127.0.0.1, 5432, postgres)
#   MYSQL_HOST MYSQL_PORT MYSQL_USER MYSQL_PWD   MariaDB/MySQL (127.0.0.1, 3306, root)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

# Alembic imports the revision files; their bytecode must not land in the example folder.
export PYTHONDONTWRITEBYTECODE=1
VERIFY_NAME="verify alembic-support"
# shellcheck source=migrations/scratch.sh
source "$here/../scratch.sh"

# URL-encodes a user name or password for a SQLAlchemy URL.
urlencode() {
    python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$1"
}

pg_url() {
    local auth
    auth=$(urlencode "$PGUSER")
    [[ -z "${PGPASSWORD:-}" ]] || auth="$auth:$(urlencode "$PGPASSWORD")"
    echo "postgresql+psycopg2://$auth@$PGHOST:$PGPORT/$1"
}

# Offline (`--sql`) Alembic cannot ask the server which it is, and MySQL and MariaDB spell some
# DDL differently (`DROP CHECK` / `DROP CONSTRAINT`): the URL says `mariadb` for a MariaDB server.
my_url() {
    local auth scheme=mysql
    auth=$(urlencode "$MYSQL_USER")
    [[ -z "$MYSQL_PWD" ]] || auth="$auth:$(urlencode "$MYSQL_PWD")"
    my --batch --skip-column-names -e 'SELECT VERSION()' | grep -qi mariadb && scheme=mariadb
    echo "$scheme+pymysql://$auth@$MYSQL_HOST:$MYSQL_PORT/$1"
}

# Runs alembic in the example folder against $1; output goes to $scratch_dir/alembic.out.
alembic_run() {
    local url=$1
    shift
    (cd "$here" && DATABASE_URL="$url" python3 -m alembic -c alembic.ini "$@") \
        >"$scratch_dir/alembic.out" 2>"$scratch_dir/alembic.err"
}

alembic_ok() {
    local what=$1
    shift
    alembic_run "$@" || {
        grep -v '^INFO ' "$scratch_dir/alembic.err" >&2 || true
        fail "$what: \`alembic ${*:2}\` failed"
    }
}

python3 -c 'import alembic, sqlalchemy, psycopg2, pymysql' 2>/dev/null \
    || fail "python3 cannot import alembic, sqlalchemy, psycopg2 and pymysql: pip install alembic sqlalchemy psycopg2-binary pymysql"

# ---------------------------------------------------------------------------------------------
# Catalog listings: what a database holds besides alembic_version. Empty after `downgrade base`.

pg_leftovers() {
    psql -X -q -At -v ON_ERROR_STOP=1 -d "$1" <<'SQL'
SELECT c.relkind::text || ' ' || c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = 'public' AND c.relname NOT IN ('alembic_version', 'alembic_version_pkc')
ORDER BY 1;
SELECT 'type ' || t.typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
WHERE n.nspname = 'public' AND t.typtype IN ('e', 'd', 'c') AND t.typrelid = 0 ORDER BY 1;
SELECT 'version row ' || version_num FROM alembic_version;
SQL
}

pg_schema() {
    # Newer pg_dump versions protect the dump with a random \restrict key: not schema.
    pg_dump --schema-only --no-owner -d "$1" --exclude-table=alembic_version \
        | grep -v '^\\\(un\)\?restrict '
}

my_leftovers() {
    my --batch --skip-column-names information_schema <<SQL
SELECT table_type, table_name FROM tables
WHERE table_schema = '$1' AND table_name <> 'alembic_version' ORDER BY table_name;
SELECT 'routine', routine_name FROM routines WHERE routine_schema = '$1';
SELECT 'version row', version_num FROM \`$1\`.alembic_version;
SQL
}

# Everything a migration can change, from information_schema (no row data, no counters).
my_schema() {
    my --batch --skip-column-names information_schema <<SQL
SELECT 'table', table_name, table_type, IFNULL(engine, ''), IFNULL(table_comment, '')
FROM tables WHERE table_schema = '$1' AND table_name <> 'alembic_version' ORDER BY table_name;
SELECT 'column', table_name, ordinal_position, column_name, column_type, is_nullable,
       IFNULL(column_default, '<none>'), extra, column_comment
FROM columns WHERE table_schema = '$1' AND table_name <> 'alembic_version'
ORDER BY table_name, ordinal_position;
SELECT 'index', table_name, index_name, non_unique, seq_in_index, column_name
FROM statistics WHERE table_schema = '$1' AND table_name <> 'alembic_version'
ORDER BY table_name, index_name, seq_in_index;
SELECT 'constraint', table_name, constraint_name, constraint_type
FROM table_constraints WHERE constraint_schema = '$1' AND table_name <> 'alembic_version'
ORDER BY table_name, constraint_name;
SELECT 'check', table_name, constraint_name, check_clause
FROM check_constraints WHERE constraint_schema = '$1' ORDER BY table_name, constraint_name;
SELECT 'fk', table_name, constraint_name, referenced_table_name, update_rule, delete_rule
FROM referential_constraints WHERE constraint_schema = '$1' ORDER BY table_name, constraint_name;
SQL
}

sqlite_leftovers() {
    sqlite3 "$1" "SELECT type, name FROM sqlite_master WHERE name <> 'alembic_version'
                  AND name NOT LIKE 'sqlite_autoindex_alembic_version%' ORDER BY name;
                  SELECT 'version row', version_num FROM alembic_version;"
}

# ---------------------------------------------------------------------------------------------

verify_postgres() {
    local db="strata_alembic_pg_${run_id}" offline="strata_alembic_pg_off_${run_id}" left
    psql -X -q -d postgres -c 'SELECT 1' >/dev/null \
        || fail "PostgreSQL is not reachable at $PGHOST:$PGPORT as $PGUSER"
    psql -X -q -v ON_ERROR_STOP=1 -d postgres -c "CREATE DATABASE \"$db\"" -c "CREATE DATABASE \"$offline\"" >/dev/null
    pg_dbs+=("$db" "$offline")
    step "postgres: upgrade head"
    alembic_ok postgres "$(pg_url "$db")" upgrade head
    pg_schema "$db" >"$scratch_dir/pg_online.sql"
    [[ -n "$(pg_leftovers "$db" | grep -v '^version row')" ]] || fail "postgres: upgrade head created nothing"
    step "postgres: downgrade base"
    alembic_ok postgres "$(pg_url "$db")" downgrade base
    left=$(pg_leftovers "$db")
    [[ -z "$left" ]] || fail "postgres: downgrade base leaves objects behind:"$'\n'"$left"
    alembic_ok postgres "$(pg_url "$db")" upgrade head
    pg_schema "$db" >"$scratch_dir/pg_again.sql"
    diff -u "$scratch_dir/pg_online.sql" "$scratch_dir/pg_again.sql" >&2 \
        || fail "postgres: upgrade head after downgrade base gives a different schema"
    step "postgres: upgrade head --sql, applied to a fresh database"
    alembic_ok postgres "$(pg_url "$offline")" upgrade head --sql
    cp "$scratch_dir/alembic.out" "$scratch_dir/pg_offline_script.sql"
    psql -X -q -v ON_ERROR_STOP=1 -d "$offline" -f "$scratch_dir/pg_offline_script.sql" >/dev/null \
        || fail "postgres: the offline script does not apply"
    pg_schema "$offline" >"$scratch_dir/pg_offline.sql"
    diff -u "$scratch_dir/pg_online.sql" "$scratch_dir/pg_offline.sql" >&2 \
        || fail "postgres: the offline script gives a different schema than the online upgrade"
    step "postgres: ok"
}

verify_mysql() {
    local db="strata_alembic_my_${run_id}" offline="strata_alembic_my_off_${run_id}" left
    my -e 'SELECT 1' >/dev/null \
        || fail "MariaDB/MySQL is not reachable at $MYSQL_HOST:$MYSQL_PORT as $MYSQL_USER"
    my -e "CREATE DATABASE \`$db\`; CREATE DATABASE \`$offline\`"
    my_dbs+=("$db" "$offline")
    step "mysql: upgrade head"
    alembic_ok mysql "$(my_url "$db")" upgrade head
    my_schema "$db" >"$scratch_dir/my_online"
    [[ -s "$scratch_dir/my_online" ]] || fail "mysql: upgrade head created nothing"
    step "mysql: downgrade base"
    alembic_ok mysql "$(my_url "$db")" downgrade base
    left=$(my_leftovers "$db")
    [[ -z "$left" ]] || fail "mysql: downgrade base leaves objects behind:"$'\n'"$left"
    alembic_ok mysql "$(my_url "$db")" upgrade head
    my_schema "$db" >"$scratch_dir/my_again"
    diff -u "$scratch_dir/my_online" "$scratch_dir/my_again" >&2 \
        || fail "mysql: upgrade head after downgrade base gives a different schema"
    step "mysql: upgrade head --sql, applied to a fresh database"
    alembic_ok mysql "$(my_url "$offline")" upgrade head --sql
    my "$offline" <"$scratch_dir/alembic.out" >/dev/null \
        || fail "mysql: the offline script does not apply"
    my_schema "$offline" >"$scratch_dir/my_offline"
    diff -u "$scratch_dir/my_online" "$scratch_dir/my_offline" >&2 \
        || fail "mysql: the offline script gives a different schema than the online upgrade"
    step "mysql: ok"
}

verify_sqlite() {
    local db="$scratch_dir/support.db" left
    step "sqlite: upgrade head"
    alembic_ok sqlite "sqlite:///$db" upgrade head
    [[ -n "$(sqlite_leftovers "$db")" ]] || fail "sqlite: upgrade head created nothing"
    [[ -z "$(sqlite3 "$db" 'PRAGMA foreign_key_check;')" ]] || fail "sqlite: foreign key check fails at head"
    [[ "$(sqlite3 "$db" 'PRAGMA integrity_check;')" == ok ]] || fail "sqlite: integrity check fails at head"
    step "sqlite: downgrade base"
    alembic_ok sqlite "sqlite:///$db" downgrade base
    left=$(sqlite_leftovers "$db")
    [[ -z "$left" ]] || fail "sqlite: downgrade base leaves objects behind:"$'\n'"$left"
    alembic_ok sqlite "sqlite:///$db" upgrade head
    step "sqlite: upgrade head --sql stops at the first batch operation, as Alembic documents"
    if alembic_run "sqlite:///$scratch_dir/offline.db" upgrade head --sql; then
        fail "sqlite: --sql unexpectedly succeeded: update this check and the README"
    fi
    grep -q 'batch mode with dialect sqlite requires a live database connection' "$scratch_dir/alembic.err" || {
        grep -v '^INFO ' "$scratch_dir/alembic.err" >&2 || true
        fail "sqlite: --sql failed for another reason than batch mode's reflection"
    }
    step "sqlite: ok"
}

dialects=("$@")
[[ ${#dialects[@]} -gt 0 ]] || dialects=(postgres mysql sqlite)
for d in "${dialects[@]}"; do
    case "$d" in
        postgres) verify_postgres ;;
        mysql) verify_mysql ;;
        sqlite) verify_sqlite ;;
        *) echo "usage: $0 [postgres|mysql|sqlite]..." >&2; exit 2 ;;
    esac
done
step "all requested dialects pass"

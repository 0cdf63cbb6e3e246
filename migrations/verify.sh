#!/usr/bin/env bash
# Applies every example migration set to the real database servers, from an empty scratch
# database, and fails on the first problem. These sets are the input of Strata's fidelity
# tests, so they must be exactly what a real server accepts.
#
#   migrations/verify.sh                 every set
#   migrations/verify.sh postgres mysql  only some: postgres | mysql | sqlite | broken | alembic
#
# What is checked:
#   postgres  postgres-numbered applies file by file (psql, ON_ERROR_STOP); applied twice into two
#             databases, the two schema dumps are identical (no time or randomness in the catalog).
#   mysql     mysql-golang: for every migration, up then down restores the previous catalog, and
#             up again gives the same catalog as the first time; at the end, all downs in reverse
#             order leave the database empty.
#   sqlite    sqlite-numbered applies file by file (sqlite3 -bail); foreign keys and integrity
#             check clean after every file.
#   broken    broken-postgres fails exactly where its README says, with the expected errors.
#   alembic   alembic-support runs with real Alembic on all three servers (its own verify.sh):
#             upgrade head, downgrade base to an empty schema, offline --sql. Needs python3 with
#             alembic; without it the set is skipped loudly, or fails when CI is set.
#
# Connection settings (defaults are the local development servers):
#   PGHOST PGPORT PGUSER PGPASSWORD         PostgreSQL (127.0.0.1, 5432, postgres)
#   MYSQL_HOST MYSQL_PORT MYSQL_USER MYSQL_PWD   MariaDB/MySQL (127.0.0.1, 3306, root)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

VERIFY_NAME="verify"
# shellcheck source=migrations/scratch.sh
source "$here/scratch.sh"

# ---------------------------------------------------------------------------------------------
# PostgreSQL

pg_reachable() {
    psql -X -q -d postgres -c 'SELECT 1' >/dev/null \
        || fail "PostgreSQL is not reachable at $PGHOST:$PGPORT as $PGUSER"
}

# Sets $created (not echoed: a command substitution would lose the cleanup registration).
pg_create() {
    created="strata_verify_${1}_${run_id}"
    psql -X -q -v ON_ERROR_STOP=1 -d postgres -c "CREATE DATABASE \"$created\"" >/dev/null
    pg_dbs+=("$created")
}

pg_apply_set() {
    local db=$1 dir=$2 f
    for f in "$dir"/*.sql; do
        # No --single-transaction: files that need one say BEGIN/COMMIT themselves, and some
        # (CREATE INDEX CONCURRENTLY) must run outside any transaction.
        psql -X -q -v ON_ERROR_STOP=1 -d "$db" -f "$f" >/dev/null 2>"$scratch_dir/psql.err" || {
            cat "$scratch_dir/psql.err" >&2
            fail "$(basename "$dir")/$(basename "$f") does not apply on PostgreSQL"
        }
    done
}

verify_postgres() {
    local dir="$here/postgres-numbered" a b
    pg_reachable
    step "postgres-numbered: $(ls "$dir"/*.sql | wc -l) files"
    pg_create pg_a
    a=$created
    pg_apply_set "$a" "$dir"
    pg_create pg_b
    b=$created
    pg_apply_set "$b" "$dir"
    # Newer pg_dump versions protect the dump with a random \restrict key: not schema.
    pg_dump --schema-only --no-owner -d "$a" | grep -v '^\\\(un\)\?restrict ' >"$scratch_dir/pg_a.sql"
    pg_dump --schema-only --no-owner -d "$b" | grep -v '^\\\(un\)\?restrict ' >"$scratch_dir/pg_b.sql"
    diff -u "$scratch_dir/pg_a.sql" "$scratch_dir/pg_b.sql" >&2 \
        || fail "postgres-numbered: two runs give different schemas"
    step "postgres-numbered: ok"
}

# ---------------------------------------------------------------------------------------------
# MariaDB / MySQL

# A text fingerprint of everything the migrations can change in one database: tables and their
# options, columns in order, indexes, constraints, views, triggers and routines. Row data and
# AUTO_INCREMENT counters are left out on purpose (downs delete seed rows, counters stay).
my_fingerprint() {
    local db=$1
    my --batch --skip-column-names information_schema <<SQL
SELECT 'table', table_name, table_type, IFNULL(engine, ''), IFNULL(table_collation, ''),
       IFNULL(table_comment, '')
FROM tables WHERE table_schema = '$db' ORDER BY table_name;
SELECT 'column', table_name, ordinal_position, column_name, column_type, is_nullable,
       IFNULL(column_default, '<none>'), extra, IFNULL(character_set_name, ''),
       IFNULL(collation_name, ''), column_comment
FROM columns WHERE table_schema = '$db' ORDER BY table_name, ordinal_position;
SELECT 'index', table_name, index_name, non_unique, seq_in_index, column_name,
       IFNULL(sub_part, ''), index_type
FROM statistics WHERE table_schema = '$db' ORDER BY table_name, index_name, seq_in_index;
SELECT 'constraint', table_name, constraint_name, constraint_type
FROM table_constraints WHERE constraint_schema = '$db' ORDER BY table_name, constraint_name;
SELECT 'check', table_name, constraint_name, check_clause
FROM check_constraints WHERE constraint_schema = '$db' ORDER BY table_name, constraint_name;
SELECT 'fk', r.table_name, r.constraint_name, r.referenced_table_name, r.update_rule,
       r.delete_rule, k.ordinal_position, k.column_name, k.referenced_column_name
FROM referential_constraints r
JOIN key_column_usage k
  ON k.constraint_schema = r.constraint_schema AND k.constraint_name = r.constraint_name
 AND k.table_name = r.table_name
WHERE r.constraint_schema = '$db' ORDER BY r.table_name, r.constraint_name, k.ordinal_position;
SELECT 'view', table_name, view_definition FROM views WHERE table_schema = '$db' ORDER BY table_name;
SELECT 'trigger', trigger_name, event_manipulation, event_object_table, action_timing,
       action_statement
FROM triggers WHERE trigger_schema = '$db' ORDER BY trigger_name;
SELECT 'routine', routine_name, routine_type FROM routines WHERE routine_schema = '$db'
ORDER BY routine_name;
SQL
}

my_apply() {
    local db=$1 f=$2
    my "$db" <"$f" >/dev/null 2>"$scratch_dir/mysql.err" || {
        cat "$scratch_dir/mysql.err" >&2
        fail "mysql-golang/$(basename "$f") does not apply on MariaDB/MySQL"
    }
}

verify_mysql() {
    local dir="$here/mysql-golang" db up down ups=() i n
    db="strata_verify_my_${run_id}"
    my -e 'SELECT 1' >/dev/null \
        || fail "MariaDB/MySQL is not reachable at $MYSQL_HOST:$MYSQL_PORT as $MYSQL_USER"
    my -e "CREATE DATABASE \`$db\`"
    my_dbs+=("$db")
    for up in "$dir"/*.up.sql; do
        [[ -f "${up%.up.sql}.down.sql" ]] || fail "mysql-golang: $(basename "$up") has no down file"
        ups+=("$up")
    done
    n=${#ups[@]}
    step "mysql-golang: $n migrations"
    for ((i = 0; i < n; i++)); do
        up=${ups[$i]}
        down=${up%.up.sql}.down.sql
        my_fingerprint "$db" >"$scratch_dir/before"
        my_apply "$db" "$up"
        my_fingerprint "$db" >"$scratch_dir/after_up"
        my_apply "$db" "$down"
        my_fingerprint "$db" >"$scratch_dir/after_down"
        diff -u "$scratch_dir/before" "$scratch_dir/after_down" >&2 \
            || fail "mysql-golang: $(basename "$down") does not restore the schema before $(basename "$up")"
        my_apply "$db" "$up"
        my_fingerprint "$db" >"$scratch_dir/after_redo"
        diff -u "$scratch_dir/after_up" "$scratch_dir/after_redo" >&2 \
            || fail "mysql-golang: $(basename "$up") gives a different schema after its down ran"
    done
    for ((i = n - 1; i >= 0; i--)); do
        my_apply "$db" "${ups[$i]%.up.sql}.down.sql"
    done
    my_fingerprint "$db" >"$scratch_dir/final"
    if [[ -s "$scratch_dir/final" ]]; then
        cat "$scratch_dir/final" >&2
        fail "mysql-golang: the database is not empty after every down migration"
    fi
    step "mysql-golang: ok"
}

# ---------------------------------------------------------------------------------------------
# SQLite

verify_sqlite() {
    local dir="$here/sqlite-numbered" db f problems
    db="$scratch_dir/sqlite-numbered.db"
    step "sqlite-numbered: $(ls "$dir"/*.sql | wc -l) files"
    for f in "$dir"/*.sql; do
        sqlite3 -bail "$db" <"$f" >/dev/null 2>"$scratch_dir/sqlite.err" || {
            cat "$scratch_dir/sqlite.err" >&2
            fail "sqlite-numbered/$(basename "$f") does not apply on SQLite"
        }
        problems=$(sqlite3 "$db" "PRAGMA foreign_key_check;")
        [[ -z "$problems" ]] || fail "sqlite-numbered/$(basename "$f"): foreign key check: $problems"
        problems=$(sqlite3 "$db" "PRAGMA integrity_check;")
        [[ "$problems" == ok ]] || fail "sqlite-numbered/$(basename "$f"): integrity check: $problems"
    done
    step "sqlite-numbered: ok"
}

# ---------------------------------------------------------------------------------------------
# broken-postgres: every file is applied the way Strata recovers from an error (the bad
# statement is skipped, the rest of the file runs), and psql's error lines must be exactly the
# expected ones. psql reports the line where the failing statement ends.

verify_broken() {
    local dir="$here/broken-postgres" db f
    pg_reachable
    step "broken-postgres: $(ls "$dir"/*.sql | wc -l) files, expected to fail"
    pg_create broken
    db=$created
    : >"$scratch_dir/broken.actual"
    for f in "$dir"/*.sql; do
        (cd "$dir" && psql -X -q -d "$db" -f "$(basename "$f")" >/dev/null 2>>"$scratch_dir/broken.actual") || true
    done
    grep -E '^psql:[^:]+:[0-9]+: ERROR:' "$scratch_dir/broken.actual" | sed 's/^psql://' \
        >"$scratch_dir/broken.errors" || true
    cat >"$scratch_dir/broken.expected" <<'EOF'
001_initial_schema.sql:25: ERROR:  column "archived_at" does not exist
002_teams.sql:14: ERROR:  relation "users" already exists
003_memberships.sql:13: ERROR:  relation "roles" does not exist
004_labels.sql:12: ERROR:  syntax error at or near "DEFALT"
005_drop_project_description.sql:11: ERROR:  cannot drop column description of table projects because other objects depend on it
EOF
    diff -u "$scratch_dir/broken.expected" "$scratch_dir/broken.errors" >&2 \
        || fail "broken-postgres: the real server's errors differ from the documented ones"
    step "broken-postgres: fails as documented"
}

# ---------------------------------------------------------------------------------------------
# alembic-support: needs real Alembic, which is Python; its own script does the work.

verify_alembic() {
    if ! python3 -c 'import alembic, sqlalchemy, psycopg2, pymysql' 2>/dev/null; then
        local why="python3 cannot import alembic, sqlalchemy, psycopg2, pymysql (pip install alembic sqlalchemy psycopg2-binary pymysql)"
        [[ -z "${CI:-}" ]] || fail "alembic-support: $why; CI is set, so this is a failure"
        echo "verify: *** SKIPPED alembic-support: $why ***" >&2
        return 0
    fi
    bash "$here/alembic-support/verify.sh" || fail "alembic-support: see above"
}

# ---------------------------------------------------------------------------------------------

sets=("$@")
[[ ${#sets[@]} -gt 0 ]] || sets=(postgres mysql sqlite broken alembic)
for s in "${sets[@]}"; do
    case "$s" in
        postgres) verify_postgres ;;
        mysql) verify_mysql ;;
        sqlite) verify_sqlite ;;
        broken) verify_broken ;;
        alembic) verify_alembic ;;
        *) echo "usage: $0 [postgres|mysql|sqlite|broken|alembic]..." >&2; exit 2 ;;
    esac
done
step "all requested sets pass"

//! Schema diffs: the ops (shown as the PostgreSQL SQL they render to, which is how a reviewer
//! reads them), the human summary, and a round-trip property through the simulator.

mod schema_builder;

use proptest::prelude::*;
use schema_builder::*;
use strata_core::diagnostic::{Span, Spanned};
use strata_core::diff::{diff, render_text, summarize};
use strata_core::render::render_ops;
use strata_core::schema::{DataType, FkAction, Sequence, Table};
use strata_core::{Dialect, Schema};

/// The diff from `from` to `to` as SQL for `to`'s dialect, then as the text summary.
fn check(from: &Schema, to: &Schema) -> String {
    let ops = diff(from, to);
    format!(
        "{}---\n{}",
        render_ops(&ops, from, to.dialect),
        render_text(&summarize(from, to))
    )
}

fn users() -> Table {
    table(
        "users",
        vec![
            col("id", DataType::Integer).not_null(),
            col("email", DataType::Text).not_null(),
            col("age", DataType::Integer),
            col("nick", DataType::Text),
        ],
        vec![
            pk("users_pkey", &["id"]),
            unique("users_email_key", &["email"]),
        ],
        vec![index("users_email_idx", &["email"])],
    )
}

fn orders() -> Table {
    table(
        "orders",
        vec![
            col("id", DataType::Integer).not_null(),
            col("user_id", DataType::Integer).not_null(),
        ],
        vec![
            pk("orders_pkey", &["id"]),
            on_delete(
                fk("orders_user_id_fkey", &["user_id"], "users", &["id"]),
                FkAction::Cascade,
            ),
        ],
        vec![],
    )
}

#[test]
fn identical_schemas_have_no_diff() {
    let s = schema(Dialect::Postgres, vec![users(), orders()]);
    assert_eq!(diff(&s, &s), vec![]);
    assert_eq!(summarize(&s, &s), vec![]);
}

#[test]
fn new_table_with_foreign_key() {
    let from = schema(Dialect::Postgres, vec![users()]);
    let to = schema(Dialect::Postgres, vec![users(), orders()]);
    insta::assert_snapshot!(check(&from, &to), @r"
        CREATE TABLE orders (
            id integer NOT NULL,
            user_id integer NOT NULL,
            CONSTRAINT orders_pkey PRIMARY KEY (id)
        );
        ALTER TABLE orders ADD CONSTRAINT orders_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE;
        ---
        + table orders
          + column id integer NOT NULL
          + column user_id integer NOT NULL
          + constraint orders_pkey PRIMARY KEY (id)
          + constraint orders_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
        ");
}

#[test]
fn dropped_table_drops_its_foreign_keys_first() {
    let from = schema(Dialect::Postgres, vec![users(), orders()]);
    let to = schema(Dialect::Postgres, vec![orders_without_fk()]);
    insta::assert_snapshot!(check(&from, &to), @r"
        ALTER TABLE orders DROP CONSTRAINT orders_user_id_fkey;
        DROP TABLE users;
        ---
        ~ table orders
          - constraint orders_user_id_fkey
        - table users
        ");
}

fn orders_without_fk() -> Table {
    let mut t = orders();
    t.constraints.retain(|c| c.name != "orders_user_id_fkey");
    t
}

#[test]
fn column_changes() {
    let from = schema(Dialect::Postgres, vec![users()]);
    let mut t = users();
    t.columns.retain(|c| c.name != "nick");
    t.columns
        .push(col("status", DataType::Text).not_null().default("'active'"));
    if let Some(age) = t.column_mut("age") {
        age.ty = DataType::BigInt;
        age.nullable = false;
        age.default = Some("0".into());
    }
    if let Some(email) = t.column_mut("email") {
        email.comment = Some("login".into());
    }
    t.indexes.clear();
    t.indexes.push(index("users_age_idx", &["age"]));
    let to = schema(Dialect::Postgres, vec![t]);
    insta::assert_snapshot!(check(&from, &to), @"
    DROP INDEX users_email_idx;
    ALTER TABLE users DROP COLUMN nick;
    COMMENT ON COLUMN users.email IS 'login';
    ALTER TABLE users ALTER COLUMN age TYPE bigint;
    ALTER TABLE users ALTER COLUMN age SET DEFAULT 0;
    ALTER TABLE users ALTER COLUMN age SET NOT NULL;
    ALTER TABLE users ADD COLUMN status text DEFAULT 'active' NOT NULL;
    CREATE INDEX users_age_idx ON users (age);
    ---
    ~ table users
      - column nick
      ~ column email: no comment → COMMENT 'login'
      ~ column age: integer → bigint
      ~ column age: nullable → NOT NULL
      ~ column age: no default → DEFAULT 0
      + column status text NOT NULL DEFAULT 'active'
      - index users_email_idx
      + index users_age_idx (age)
    ");
}

#[test]
fn changed_constraint_is_dropped_and_added() {
    let from = schema(Dialect::Postgres, vec![users(), orders()]);
    let mut o = orders();
    o.constraints = vec![
        pk("orders_pkey", &["id"]),
        fk("orders_user_id_fkey", &["user_id"], "users", &["id"]),
    ];
    let mut u = users();
    u.constraints
        .push(schema_builder::check("users_age_check", "age >= 0"));
    let to = schema(Dialect::Postgres, vec![u, o]);
    insta::assert_snapshot!(check(&from, &to), @r"
        ALTER TABLE orders DROP CONSTRAINT orders_user_id_fkey;
        ALTER TABLE users ADD CONSTRAINT users_age_check CHECK (age >= 0);
        ALTER TABLE orders ADD CONSTRAINT orders_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id);
        ---
        ~ table orders
          ~ constraint orders_user_id_fkey: FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE → FOREIGN KEY (user_id) REFERENCES users (id)
        ~ table users
          + constraint users_age_check CHECK (age >= 0)
        ");
}

#[test]
fn types_sequences_and_views() {
    let mut from = schema(Dialect::Postgres, vec![users()]);
    from.enums
        .insert(qn("mood"), enum_type("mood", &["sad", "happy"]));
    from.enums
        .insert(qn("size"), enum_type("size", &["s", "m", "l"]));
    from.views.insert(
        qn("adults"),
        view("adults", "SELECT id FROM users WHERE age >= 18"),
    );
    from.sequences
        .insert(qn("old_seq"), sequence("old_seq", None));
    let mut to = schema(Dialect::Postgres, vec![users()]);
    to.enums.insert(
        qn("mood"),
        enum_type("mood", &["sad", "ok", "happy", "elated"]),
    );
    to.enums.insert(qn("size"), enum_type("size", &["s", "l"]));
    to.views.insert(
        qn("adults"),
        view("adults", "SELECT id, email FROM users WHERE age >= 18"),
    );
    to.views
        .insert(qn("adult_ids"), view("adult_ids", "SELECT id FROM adults"));
    to.sequences.insert(
        qn("invoice_no"),
        Sequence {
            start: Some(100),
            ..sequence("invoice_no", None)
        },
    );
    to.extensions.push("citext".into());
    insta::assert_snapshot!(check(&from, &to), @r"
        DROP VIEW adults;
        DROP TYPE size;
        CREATE EXTENSION citext;
        ALTER TYPE mood ADD VALUE 'ok' BEFORE 'happy';
        ALTER TYPE mood ADD VALUE 'elated';
        CREATE TYPE size AS ENUM ('s', 'l');
        CREATE SEQUENCE invoice_no START WITH 100;
        DROP SEQUENCE old_seq;
        CREATE VIEW adults AS SELECT id, email FROM users WHERE age >= 18;
        CREATE VIEW adult_ids AS SELECT id FROM adults;
        ---
        + extension citext
        ~ enum mood
          + value ok
          + value elated
        ~ enum size
          - value m
        + sequence invoice_no
        - sequence old_seq
        + view adult_ids
        ~ view adults
          ~ query: SELECT id FROM users WHERE age >= 18 → SELECT id, email FROM users WHERE age >= 18
        ");
}

#[test]
fn serial_sequence_is_owned_after_its_table_exists() {
    let from = Schema::new(Dialect::Postgres);
    let mut t = users();
    if let Some(id) = t.column_mut("id") {
        id.default = Some("nextval('users_id_seq'::regclass)".into());
    }
    let mut to = schema(Dialect::Postgres, vec![t]);
    to.sequences.insert(
        qn("users_id_seq"),
        Sequence {
            data_type: Some(DataType::Integer),
            ..sequence("users_id_seq", Some(("users", "id")))
        },
    );
    insta::assert_snapshot!(check(&from, &to), @r"
        CREATE SEQUENCE users_id_seq AS integer;
        CREATE TABLE users (
            id integer DEFAULT nextval('users_id_seq'::regclass) NOT NULL,
            email text NOT NULL,
            age integer,
            nick text,
            CONSTRAINT users_pkey PRIMARY KEY (id),
            CONSTRAINT users_email_key UNIQUE (email)
        );
        ALTER SEQUENCE users_id_seq OWNED BY users.id;
        CREATE INDEX users_email_idx ON users (email);
        ---
        + sequence users_id_seq
        + table users
          + column id integer NOT NULL DEFAULT nextval('users_id_seq'::regclass)
          + column email text NOT NULL
          + column age integer
          + column nick text
          + constraint users_pkey PRIMARY KEY (id)
          + constraint users_email_key UNIQUE (email)
          + index users_email_idx (email)
        ");
}

#[test]
fn postgres_moves_columns_through_what_it_cannot_alter() {
    // An enum losing a value is re-created and its column converted through text; a view over a
    // column that changes type is dropped and re-created around the change; a serial column
    // becoming an identity gives up its sequence before the identity takes the name.
    use strata_core::schema::Identity;
    let mut from = schema(Dialect::Postgres, vec![users()]);
    if let Some(u) = from.tables.get_mut(&qn("users")) {
        u.columns
            .push(col("mood", DataType::Named("mood".into())).default("'ok'::mood"));
        if let Some(id) = u.column_mut("id") {
            id.default = Some("nextval('users_id_seq'::regclass)".into());
        }
    }
    from.enums
        .insert(qn("mood"), enum_type("mood", &["sad", "ok", "happy"]));
    from.sequences.insert(
        qn("users_id_seq"),
        sequence("users_id_seq", Some(("users", "id"))),
    );
    from.views.insert(
        qn("adults"),
        view("adults", "SELECT id, age FROM users WHERE age >= 18"),
    );
    from.views
        .insert(qn("adult_ids"), view("adult_ids", "SELECT id FROM adults"));
    let mut to = from.clone();
    to.sequences.clear();
    to.enums
        .insert(qn("mood"), enum_type("mood", &["ok", "sad"]));
    if let Some(u) = to.tables.get_mut(&qn("users")) {
        if let Some(id) = u.column_mut("id") {
            id.default = None;
            id.identity = Some(Identity::Always);
        }
        if let Some(age) = u.column_mut("age") {
            age.ty = DataType::BigInt;
        }
    }
    insta::assert_snapshot!(check(&from, &to), @r"
        DROP VIEW adult_ids;
        DROP VIEW adults;
        ALTER TYPE mood RENAME TO mood_strata_old;
        CREATE TYPE mood AS ENUM ('ok', 'sad');
        ALTER TABLE users ALTER COLUMN mood DROP DEFAULT;
        ALTER TABLE users ALTER COLUMN mood TYPE mood USING mood::text::mood;
        ALTER TABLE users ALTER COLUMN mood SET DEFAULT 'ok'::mood;
        ALTER TABLE users ALTER COLUMN id DROP DEFAULT;
        ALTER TABLE users ALTER COLUMN age TYPE bigint;
        DROP TYPE mood_strata_old;
        DROP SEQUENCE users_id_seq;
        ALTER TABLE users ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY;
        CREATE VIEW adults AS SELECT id, age FROM users WHERE age >= 18;
        CREATE VIEW adult_ids AS SELECT id FROM adults;
        ---
        ~ enum mood
          - value happy
        - sequence users_id_seq
        ~ table users
          ~ column id: DEFAULT nextval('users_id_seq'::regclass) → no default
          ~ column id: no identity → GENERATED ALWAYS AS IDENTITY
          ~ column age: integer → bigint
        ");
}

#[test]
fn sqlite_declares_foreign_keys_in_create_table() {
    let from = schema(Dialect::Sqlite, vec![]);
    let to = schema(Dialect::Sqlite, vec![users(), orders()]);
    insta::assert_snapshot!(check(&from, &to), @r"
        CREATE TABLE users (
            id integer NOT NULL,
            email text NOT NULL,
            age integer,
            nick text,
            CONSTRAINT users_pkey PRIMARY KEY (id),
            CONSTRAINT users_email_key UNIQUE (email)
        );
        CREATE TABLE orders (
            id integer NOT NULL,
            user_id integer NOT NULL,
            CONSTRAINT orders_pkey PRIMARY KEY (id),
            CONSTRAINT orders_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
        );
        CREATE INDEX users_email_idx ON users (email);
        ---
        + table orders
          + column id integer NOT NULL
          + column user_id integer NOT NULL
          + constraint orders_pkey PRIMARY KEY (id)
          + constraint orders_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
        + table users
          + column id integer NOT NULL
          + column email text NOT NULL
          + column age integer
          + column nick text
          + constraint users_pkey PRIMARY KEY (id)
          + constraint users_email_key UNIQUE (email)
          + index users_email_idx (email)
        ");
}

#[test]
fn sqlite_unnamed_constraint_change_keeps_the_others() {
    // SQLite keeps CHECK, FOREIGN KEY and INTEGER PRIMARY KEY constraints without names: a
    // changed CHECK must not take the primary key or the other CHECK with it.
    let agents = |allowed: &str| {
        table(
            "agents",
            vec![
                col("id", DataType::Integer),
                col("status", DataType::Text).not_null(),
            ],
            vec![
                pk("", &["id"]),
                schema_builder::check("", &format!("status IN ({allowed})")),
                schema_builder::check("", "length(status) < 20"),
            ],
            vec![],
        )
    };
    let from = schema(Dialect::Sqlite, vec![agents("'a'")]);
    let to = schema(Dialect::Sqlite, vec![agents("'a', 'b'")]);
    insta::assert_snapshot!(check(&from, &to), @"
    PRAGMA foreign_keys=OFF;
    CREATE TABLE _strata_new_agents (
        id integer,
        status text NOT NULL,
        PRIMARY KEY (id),
        CHECK (length(status) < 20),
        CHECK (status IN ('a', 'b'))
    );
    INSERT INTO _strata_new_agents (id, status) SELECT id, status FROM agents;
    DROP TABLE agents;
    PRAGMA legacy_alter_table=ON;
    ALTER TABLE _strata_new_agents RENAME TO agents;
    PRAGMA legacy_alter_table=OFF;
    PRAGMA foreign_key_check;
    PRAGMA foreign_keys=ON;
    ---
    ~ table agents
      - constraint CHECK (status IN ('a'))
      + constraint CHECK (status IN ('a', 'b'))
    ");
}

#[test]
fn mysql_drops_a_replaced_index_after_its_replacement_exists() {
    // InnoDB refuses to drop the index a foreign key uses until another index covers it.
    let messages = |indexes| {
        table(
            "messages",
            vec![
                col("id", DataType::Integer).not_null(),
                col("conversation_id", DataType::Integer).not_null(),
            ],
            vec![
                pk("PRIMARY", &["id"]),
                fk(
                    "fk_messages_conversation",
                    &["conversation_id"],
                    "conversations",
                    &["id"],
                ),
            ],
            indexes,
        )
    };
    let conversations = table(
        "conversations",
        vec![col("id", DataType::Integer).not_null()],
        vec![pk("PRIMARY", &["id"])],
        vec![],
    );
    let from = schema(
        Dialect::Mysql,
        vec![
            conversations.clone(),
            messages(vec![index(
                "fk_messages_conversation",
                &["conversation_id"],
            )]),
        ],
    );
    let to = schema(
        Dialect::Mysql,
        vec![
            conversations,
            messages(vec![index(
                "idx_messages_conversation_id",
                &["conversation_id", "id"],
            )]),
        ],
    );
    insta::assert_snapshot!(check(&from, &to), @"
    CREATE INDEX idx_messages_conversation_id ON messages (conversation_id, id);
    DROP INDEX fk_messages_conversation ON messages;
    ---
    ~ table messages
      - index fk_messages_conversation
      + index idx_messages_conversation_id (conversation_id, id)
    ");
}

#[test]
fn summary_serializes_for_json_output() {
    let from = schema(Dialect::Postgres, vec![users()]);
    let mut t = users();
    if let Some(age) = t.column_mut("age") {
        age.ty = DataType::BigInt;
    }
    let to = schema(Dialect::Postgres, vec![t, orders()]);
    let json = serde_json::to_string_pretty(&summarize(&from, &to)).unwrap_or_default();
    insta::assert_snapshot!(json, @r#"
        [
          {
            "object": "table",
            "name": "orders",
            "action": "added",
            "details": [
              {
                "part": "column",
                "name": "id",
                "action": "added",
                "after": "integer NOT NULL"
              },
              {
                "part": "column",
                "name": "user_id",
                "action": "added",
                "after": "integer NOT NULL"
              },
              {
                "part": "constraint",
                "name": "orders_pkey",
                "action": "added",
                "after": "PRIMARY KEY (id)"
              },
              {
                "part": "constraint",
                "name": "orders_user_id_fkey",
                "action": "added",
                "after": "FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE"
              }
            ]
          },
          {
            "object": "table",
            "name": "users",
            "action": "changed",
            "details": [
              {
                "part": "column",
                "name": "age",
                "action": "changed",
                "aspect": "type",
                "before": "integer",
                "after": "bigint"
              }
            ]
          }
        ]
        "#);
}

// ---------------------------------------------------------------------------------------------
// Round trip: applying diff(a, b) to a gives b.

fn arb_column(
    name: &'static str,
    dialect: Dialect,
) -> impl Strategy<Value = strata_core::schema::Column> {
    // MySQL cannot index TEXT without a prefix length, which the model does not hold.
    let text = if dialect == Dialect::Mysql {
        DataType::Varchar(Some(20))
    } else {
        DataType::Text
    };
    // SQLite keeps declared type names it does not know (`bigint`) as they are.
    let wide = if dialect == Dialect::Sqlite {
        DataType::Real
    } else {
        DataType::BigInt
    };
    let ty = prop_oneof![
        Just(DataType::Integer),
        Just(wide),
        Just(text),
        Just(DataType::Boolean)
    ];
    (ty, any::<bool>(), any::<bool>()).prop_map(move |(ty, nullable, with_default)| {
        let mut c = col(name, ty.clone());
        c.nullable = nullable;
        if with_default && matches!(ty, DataType::Integer | DataType::BigInt) {
            c.default = Some("0".into());
        }
        c
    })
}

/// A table `id` + some of `c1`..`c4`, a primary key, maybe a unique constraint and an index,
/// named the way `dialect` names them.
fn arb_table(name: &'static str, dialect: Dialect) -> impl Strategy<Value = Table> {
    let keep = proptest::collection::vec(any::<bool>(), 4);
    let columns = (
        arb_column("c1", dialect),
        arb_column("c2", dialect),
        arb_column("c3", dialect),
        arb_column("c4", dialect),
    );
    (keep, columns, any::<bool>(), any::<bool>(), 0usize..4).prop_map(
        move |(keep, (c1, c2, c3, c4), with_unique, with_index, pick)| {
            let mut columns = vec![col("id", DataType::Integer).not_null()];
            columns.extend(
                [c1, c2, c3, c4]
                    .into_iter()
                    .zip(keep)
                    .filter(|(_, k)| *k)
                    .map(|(c, _)| c),
            );
            let pk_name = if dialect == Dialect::Mysql {
                "PRIMARY".to_string()
            } else {
                format!("{name}_pkey")
            };
            let mut constraints = vec![pk(&pk_name, &["id"])];
            let mut indexes = Vec::new();
            let others: Vec<String> = columns.iter().skip(1).map(|c| c.name.clone()).collect();
            if let Some(c) = others.get(pick % others.len().max(1)) {
                if with_unique {
                    // SQLite: the rowid primary key has no index, so the unique one is number 1.
                    let unique_name = if dialect == Dialect::Sqlite {
                        format!("sqlite_autoindex_{name}_1")
                    } else {
                        format!("{name}_{c}_key")
                    };
                    constraints.push(unique(&unique_name, &[c.as_str()]));
                }
                if with_index {
                    indexes.push(index(&format!("{name}_{c}_idx"), &[c.as_str()]));
                }
            }
            table(name, columns, constraints, indexes)
        },
    )
}

/// Up to three tables; `b` and `c` may reference `a` through a `ref` column, and a view may read
/// `a` (each only when `a` exists).
fn arb_schema(dialect: Dialect) -> impl Strategy<Value = Schema> {
    let t = |n| proptest::option::of(arb_table(n, dialect));
    (
        t("a"),
        t("b"),
        t("c"),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(move |(a, b, c, b_ref, c_ref, with_view)| {
            let has_a = a.is_some();
            let mut tables: Vec<Table> = [a, b, c].into_iter().flatten().collect();
            for t in tables.iter_mut() {
                let wanted = match t.name.name.as_str() {
                    "b" => b_ref,
                    "c" => c_ref,
                    _ => false,
                };
                if has_a && wanted {
                    let n = &t.name.name;
                    // MariaDB names the index it creates for a foreign key after the constraint.
                    let fk_name = if dialect == Dialect::Mysql {
                        format!("{n}_ibfk_1")
                    } else {
                        format!("{n}_ref_fkey")
                    };
                    t.columns.push(col("ref", DataType::Integer));
                    t.constraints.push(on_delete(
                        fk(&fk_name, &["ref"], "a", &["id"]),
                        FkAction::Cascade,
                    ));
                    if dialect == Dialect::Mysql {
                        t.indexes.push(index(&fk_name, &["ref"]));
                    }
                }
            }
            let mut s = schema(dialect, tables);
            if has_a && with_view {
                s.views.insert(qn("v"), view("v", "SELECT id FROM a"));
            }
            s
        })
}

/// What a diff cannot control: PostgreSQL and SQLite append an added column (MySQL places it
/// with AFTER), and constraints and indexes list in creation order, which depends on history.
/// Compare those as sets.
fn canonical(mut s: Schema) -> Schema {
    let placed = s.dialect == Dialect::Mysql;
    for t in s.tables.values_mut() {
        if !placed {
            t.columns.sort_by(|a, b| a.name.cmp(&b.name));
        }
        t.constraints.sort_by(|a, b| a.name.cmp(&b.name));
        t.indexes.sort_by(|a, b| a.name.cmp(&b.name));
    }
    // Output columns are derived from the query by the simulator; the generated schemas leave
    // them out.
    for v in s.views.values_mut() {
        v.columns.clear();
    }
    s
}

/// Replays `sql` on `before` through the SQL parser and the simulator.
fn replay_sql(before: &Schema, sql: &str) -> (Schema, Vec<String>) {
    let mut schema = before.clone();
    let (ops, mut diagnostics) = strata_core::parse::parse_sql(sql, 0, 0, before.dialect);
    for op in &ops {
        strata_core::simulate::apply(&mut schema, op, &mut diagnostics);
    }
    let problems = diagnostics
        .iter()
        .filter(|d| d.severity >= strata_core::Severity::Warning)
        .map(|d| format!("{}: {}", d.code, d.message))
        .collect();
    (schema, problems)
}

proptest! {
    #[test]
    fn applying_the_diff_reproduces_the_target(a in arb_schema(Dialect::Postgres), b in arb_schema(Dialect::Postgres)) {
        let mut applied = a.clone();
        let mut diagnostics = Vec::new();
        for op in diff(&a, &b) {
            strata_core::simulate::apply(&mut applied, &Spanned::new(Span::default(), op), &mut diagnostics);
        }
        let errors: Vec<String> = diagnostics.iter().map(|d| format!("{}: {}", d.code, d.message)).collect();
        prop_assert!(errors.is_empty(), "{errors:?}");
        prop_assert_eq!(canonical(applied), canonical(b));
    }

    /// The design's property: replay(a, render(diff(a, b))) == b, through the SQL text.
    #[test]
    fn replaying_the_rendered_diff_reproduces_the_target(
        (a, b) in prop_oneof![Just(Dialect::Postgres), Just(Dialect::Mysql), Just(Dialect::Sqlite)]
            .prop_flat_map(|d| (arb_schema(d), arb_schema(d)))
    ) {
        let sql = render_ops(&diff(&a, &b), &a, a.dialect);
        let (replayed, problems) = replay_sql(&a, &sql);
        prop_assert!(problems.is_empty(), "{problems:?}\n{sql}");
        prop_assert_eq!(canonical(replayed), canonical(b), "{}", sql);
    }
}

//! Prints the schema of a live database the way Strata reads it:
//! `cargo run -p strata-db --example introspect -- postgres://postgres@127.0.0.1:5432/app`

fn main() {
    let Some(arg) = std::env::args().nth(1) else {
        eprintln!("usage: introspect DATABASE_URL   (postgres://..., mysql://..., sqlite:path)");
        std::process::exit(2);
    };
    let result = strata_db::block_on(async {
        let url = strata_db::DatabaseUrl::parse(&arg)?;
        let mut conn = strata_db::connect(&url).await?;
        let schema = strata_db::introspect(&mut conn).await?;
        conn.close().await?;
        Ok::<_, strata_db::Error>(schema)
    });
    match result {
        Ok(schema) => print!("{}", strata_db::compare::summary(&schema)),
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    }
}

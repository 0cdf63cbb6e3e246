//! `strata link`: the share link the web app would make for a set, or for a range of it.

use crate::{open, report_errors_brief, resolve, SetArgs, UsageError};
use clap::Args;
use std::io::Write;
use strata_core::project::{infer_dialect, Revision};
use strata_core::share::{self, Payload, View, MAX_LINK_BYTES, REVIEW_TOOL_LIMIT};
use strata_core::Project;

#[derive(Args)]
pub struct LinkArgs {
    #[command(flatten)]
    set: SetArgs,
    /// Revision the view starts from, A (an id, a unique prefix, `base`, `head`, `head~N`)
    /// [default: none; with --range-only, `base`]
    #[arg(long)]
    from: Option<String>,
    /// Revision the view shows, B [default: none; with --range-only, `head`]
    #[arg(long)]
    to: Option<String>,
    /// Table to select in the view
    #[arg(long)]
    table: Option<String>,
    /// Pack only FROM..TO and the schema it starts from, not every file: a shorter link
    #[arg(long)]
    range_only: bool,
    /// Where the web app is hosted; the view goes in the fragment after `#`
    #[arg(long, default_value = "http://127.0.0.1:8080/")]
    base: String,
}

/// Prints the link on stdout and its size on stderr.
pub fn link(args: &LinkArgs, out: &mut impl Write) -> Result<u8, UsageError> {
    let s = open(&args.set)?;
    let p = &s.project;
    let rev = |name: &Option<String>, default: &str| -> Result<Option<Revision>, UsageError> {
        match name {
            Some(n) => resolve(&s, n).map(Some),
            None if args.range_only => resolve(&s, default).map(Some),
            None => Ok(None),
        }
    };
    let (from, to) = (rev(&args.from, "base")?, rev(&args.to, "head")?);
    let view = View {
        from: from.map(|r| id(p, r)),
        to: to.map(|r| id(p, r)),
        dialect: args.set.dialect.map(|(d, _)| d),
        table: args.table.clone(),
    };
    let payload = match (from, to) {
        (Some(from), Some(to)) if args.range_only => share::range_payload(p, from, to, view),
        _ => {
            let mut payload = share::files_payload(p, view);
            name_folder(&mut payload, p, &args.set.dir);
            payload
        }
    };
    let url = share::link(&args.base, &payload);
    let fragment = url.len() - url.find('#').map_or(0, |at| at + 1);
    if fragment > MAX_LINK_BYTES {
        return Err(UsageError(format!(
            "the link would be {} characters; the web app opens links of up to {MAX_LINK_BYTES}: use --range-only, or `strata serve`",
            url.len()
        )));
    }
    let _ = writeln!(out, "{url}");
    let what = match &payload {
        Payload::Files { files, .. } => format!("every file: {}", count(files.len(), "file")),
        Payload::Range { files, base_id, .. } => format!(
            "range over the schema at {base_id}: {}",
            count(files.len(), "file")
        ),
    };
    eprintln!("link: {} characters ({what})", url.len());
    if url.len() > REVIEW_TOOL_LIMIT {
        let hint = if args.range_only {
            "a later --from"
        } else {
            "--range-only with --from"
        };
        eprintln!("note: over {REVIEW_TOOL_LIMIT} characters, which code-review and chat tools may cut; {hint} makes it shorter");
    }
    report_errors_brief(&s, &[]);
    Ok(0)
}

fn id(p: &Project, r: Revision) -> String {
    match r {
        Revision::Base => "base".to_string(),
        Revision::At(i) => p.set.migrations[i].id.clone(),
    }
}

fn count(n: usize, what: &str) -> String {
    format!("{n} {what}{}", if n == 1 { "" } else { "s" })
}

/// The folder's name goes in the link when it does not change the dialect the set opens with.
fn name_folder(payload: &mut Payload, p: &Project, dir: &std::path::Path) {
    let Payload::Files { folder, .. } = payload else {
        return;
    };
    if folder.is_some() {
        return;
    }
    let dir = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    let Some(name) = dir.file_name().map(|n| n.to_string_lossy().into_owned()) else {
        return;
    };
    if infer_dialect(&p.set, Some(&name)) == p.dialect {
        *folder = Some(name);
    }
}

//! The bundled example set, embedded at compile time by `build.rs`, so "Load example" works from
//! any static host.

use strata_core::InputFile;

include!(concat!(env!("OUT_DIR"), "/example.rs"));

/// The folder name the example is known by (shown in the summary; it says no dialect, so the
/// dialect is inferred from the files, as for a dropped folder).
pub const FOLDER: &str = "alembic-support";

pub fn files() -> Vec<InputFile> {
    FILES
        .iter()
        .map(|(path, text)| InputFile::new(*path, text.as_bytes()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn example_holds_alembic_ini_and_revisions() {
        let paths: Vec<&str> = FILES.iter().map(|(p, _)| *p).collect();
        assert!(paths.contains(&"alembic.ini"), "{paths:?}");
        assert!(
            paths
                .iter()
                .filter(|p| p.starts_with("versions/") && p.ends_with(".py"))
                .count()
                >= 20
        );
        assert!(!paths.iter().any(|p| p.ends_with(".sh")));
    }

    #[test]
    fn example_loads_as_alembic_with_24_revisions() {
        let project = strata_core::load(
            files(),
            &strata_core::Config {
                folder: Some(FOLDER.into()),
                ..Default::default()
            },
        );
        assert_eq!(project.set.layout, strata_core::Layout::Alembic);
        assert_eq!(project.set.migrations.len(), 24);
    }
}

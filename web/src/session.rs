//! One loaded migration set and everything derived from it once: the project, its timeline of
//! schemas, the stable diagram layout. Views (graph, diff, SQL) are computed from a [`Session`]
//! and a [`Selection`](crate::selection::Selection) on demand.

use strata_core::diagnostic::Diagnostic;
use strata_core::diagram::{self, Diagram};
use strata_core::schema::QualifiedName;
use strata_core::share::View;
use strata_core::timeline::Timeline;
use strata_core::{load, Config, Dialect, InputFile, Project, Revision};

use crate::format;
use crate::selection::Selection;

/// Where a set came from: decides whether the URL fragment is rewritten (a served set keeps its
/// plain URL so reloading the page reloads the folder) and whether to poll for changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    Example,
    /// Dropped, picked or pasted.
    Local,
    Link,
    /// `strata serve`, at this version of the folder.
    Served {
        version: String,
    },
}

/// Milliseconds spent in each stage of opening a set (`window.__strata`).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Timings {
    pub load_ms: f64,
    pub simulate_ms: f64,
    pub layout_ms: f64,
}

pub struct Session {
    pub project: Project,
    pub timeline: Timeline,
    pub diagram: Diagram,
    /// What was loaded and how, to load again in another dialect.
    pub files: Vec<InputFile>,
    pub config: Config,
    pub origin: Origin,
    /// Discovery and parse diagnostics, then the replay's.
    pub diagnostics: Vec<Diagnostic>,
    pub timings: Timings,
}

impl Session {
    /// Runs the pipeline, timing each stage with `now` (milliseconds; `performance.now()` in the
    /// browser, anything monotonic in tests).
    pub fn open(
        files: Vec<InputFile>,
        config: Config,
        origin: Origin,
        now: &dyn Fn() -> f64,
    ) -> Session {
        let t0 = now();
        let project = load(files.clone(), &config);
        let t1 = now();
        let timeline = Timeline::build(&project);
        let t2 = now();
        let (shapes, fks) = diagram::shapes_over(&project, &timeline);
        let diagram = diagram::layout(&shapes, &fks);
        let t3 = now();
        let mut diagnostics = project.diagnostics.clone();
        diagnostics.extend(timeline.diagnostics().iter().cloned());
        let timings = Timings {
            load_ms: t1 - t0,
            simulate_ms: t2 - t1,
            layout_ms: t3 - t2,
        };
        Session {
            project,
            timeline,
            diagram,
            files,
            config,
            origin,
            diagnostics,
            timings,
        }
    }

    /// Timeline positions: the base and one per migration in apply order.
    pub fn positions(&self) -> usize {
        self.timeline.len()
    }

    /// The same files with another dialect (the dialect select).
    pub fn config_for(&self, dialect: Dialect) -> Config {
        Config {
            dialect: Some(dialect),
            ..self.config.clone()
        }
    }

    pub fn folder(&self) -> Option<&str> {
        self.config.folder.as_deref().filter(|f| !f.is_empty())
    }

    /// `alembic-support · 24 revisions · postgres`.
    pub fn summary(&self) -> String {
        let name = self
            .folder()
            .map(str::to_string)
            .unwrap_or_else(|| format!("{} set", self.project.set.layout));
        let revisions = format::count(self.positions() - 1, "revision", "revisions");
        format!("{name} · {revisions} · {}", self.project.dialect)
    }

    pub fn revision(&self, pos: usize) -> Revision {
        self.timeline
            .migration_at(pos)
            .map_or(Revision::Base, Revision::At)
    }

    /// `base` or the migration's id (`data-rev`, share views).
    pub fn rev_id(&self, pos: usize) -> String {
        self.timeline
            .migration_at(pos)
            .and_then(|m| self.project.set.migrations.get(m))
            .map_or_else(|| "base".to_string(), |m| m.id.clone())
    }

    /// The migration's description, empty for the base.
    pub fn rev_description(&self, pos: usize) -> &str {
        self.timeline
            .migration_at(pos)
            .and_then(|m| self.project.set.migrations.get(m))
            .map_or("", |m| m.description.as_str())
    }

    /// A revision named as the CLI accepts it (`base`, `head`, id, unique prefix) → position.
    pub fn position_named(&self, name: &str) -> Option<usize> {
        let rev = self.project.resolve(name).ok()?;
        let pos = self.timeline.position_of(rev);
        (rev == Revision::Base || pos != 0).then_some(pos)
    }

    /// A table of any revision by its display name (`kb.articles`).
    pub fn table_named(&self, name: &str) -> Option<QualifiedName> {
        self.diagram
            .boxes
            .keys()
            .find(|q| q.to_string() == name)
            .cloned()
    }

    /// The share view of what is on screen.
    pub fn view(&self, sel: Selection, table: Option<&QualifiedName>) -> View {
        View {
            from: Some(self.rev_id(sel.a)),
            to: Some(self.rev_id(sel.b)),
            dialect: Some(self.project.dialect),
            table: table.map(|t| t.to_string()),
        }
    }

    /// Where a share view (or a reload that kept the old ids) puts the selection: ends that no
    /// longer exist fall back to base and head.
    pub fn apply_view(&self, view: &View) -> (Selection, Option<QualifiedName>) {
        let whole = Selection::whole(self.positions());
        let a = view
            .from
            .as_deref()
            .and_then(|n| self.position_named(n))
            .unwrap_or(whole.a);
        let b = view
            .to
            .as_deref()
            .and_then(|n| self.position_named(n))
            .unwrap_or(whole.b);
        let table = view.table.as_deref().and_then(|t| self.table_named(t));
        (Selection { a, b }, table)
    }

    /// Total text size of the set, to decide whether re-encoding the link on every change is
    /// affordable.
    pub fn text_bytes(&self) -> usize {
        self.project.set.files.iter().map(|f| f.text.len()).sum()
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::example;

    pub fn example_session() -> Session {
        let config = Config {
            folder: Some(example::FOLDER.into()),
            ..Default::default()
        };
        let clock = std::cell::Cell::new(0.0);
        let now = || {
            clock.set(clock.get() + 1.0);
            clock.get()
        };
        Session::open(example::files(), config, Origin::Example, &now)
    }

    #[test]
    fn example_summary_and_timings() {
        let s = example_session();
        assert_eq!(s.summary(), "alembic-support · 24 revisions · postgres");
        assert_eq!(
            s.timings,
            Timings {
                load_ms: 1.0,
                simulate_ms: 1.0,
                layout_ms: 1.0
            }
        );
        assert_eq!(s.positions(), 25);
        assert_eq!(s.rev_id(0), "base");
        assert_eq!(s.revision(0), Revision::Base);
        assert!(!s.diagram.boxes.is_empty());
    }

    #[test]
    fn views_round_trip_through_ids() {
        let s = example_session();
        let tickets = s.table_named("tickets").expect("the example has tickets");
        let sel = Selection { a: 3, b: 17 };
        let view = s.view(sel, Some(&tickets));
        assert_eq!(view.from.as_deref(), Some(s.rev_id(3).as_str()));
        assert_eq!(s.apply_view(&view), (sel, Some(tickets)));
        let gone = View {
            from: Some("nope".into()),
            to: Some("head".into()),
            dialect: None,
            table: Some("x".into()),
        };
        assert_eq!(s.apply_view(&gone), (Selection { a: 0, b: 24 }, None));
        assert_eq!(s.position_named("base"), Some(0));
    }

    #[test]
    fn dialect_reload_keeps_the_folder() {
        let s = example_session();
        let c = s.config_for(Dialect::Sqlite);
        assert_eq!(c.dialect, Some(Dialect::Sqlite));
        assert_eq!(c.folder.as_deref(), Some("alembic-support"));
    }
}

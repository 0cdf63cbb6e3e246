//! The share link of what is on screen, and when to rebuild it.
//!
//! The address bar is kept a share link of the current view (`history.replaceState`), except
//! for sets served by `strata serve`, whose plain URL must stay so that reloading the page
//! reloads the folder. Encoding compresses every file of the set, so for big sets it is not
//! redone on every key press: the app debounces it, and above [`AUTO_LIMIT`] it stops updating
//! the address bar and builds the link only when the Share panel asks for it.

use strata_core::schema::QualifiedName;
use strata_core::share::{self, Payload};

use crate::selection::Selection;
use crate::session::{Origin, Session};

/// Above this much set text (or a link this long) the address bar is no longer rewritten on
/// every change.
pub const AUTO_LIMIT: usize = 2 << 20;
/// Milliseconds of quiet before the address bar is rewritten.
pub const DEBOUNCE_MS: i32 = 800;

/// The page's URL without its fragment.
pub fn base_url(href: &str) -> &str {
    href.split_once('#').map_or(href, |(b, _)| b)
}

/// Whether the fragment holds a share payload (any `s<version>.` form: a newer version is
/// reported by `share::decode`, not silently ignored).
pub fn is_share_fragment(hash: &str) -> bool {
    let h = hash.strip_prefix('#').unwrap_or(hash);
    let mut chars = h.chars();
    chars.next() == Some('s') && {
        let rest: String = chars.take_while(|c| *c != '.').collect();
        !rest.is_empty() && rest.chars().all(|c| c.is_ascii_digit()) && h.len() > rest.len() + 2
    }
}

/// Whether this set's link is rebuilt after every change of the view.
pub fn auto_update(s: &Session, last_link_len: Option<usize>) -> bool {
    !matches!(s.origin, Origin::Served { .. })
        && s.text_bytes() <= AUTO_LIMIT
        && last_link_len.is_none_or(|n| n <= AUTO_LIMIT)
}

/// The payload of the current view: the whole set, or only the range A..B over its base.
pub fn payload(
    s: &Session,
    sel: Selection,
    table: Option<&QualifiedName>,
    range_only: bool,
) -> Payload {
    let view = s.view(sel, table);
    if range_only {
        share::range_payload(&s.project, s.revision(sel.a), s.revision(sel.b), view)
    } else {
        share::files_payload(&s.project, view)
    }
}

/// Whether to offer the range-only form: the full link is too long for review tools.
pub fn offer_range(link_len: usize) -> bool {
    link_len > share::REVIEW_TOOL_LIMIT
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::tests::example_session;
    use crate::session::Timings;

    #[test]
    fn fragments() {
        assert!(is_share_fragment("#s1.abc"));
        assert!(is_share_fragment("s12.x"));
        assert!(!is_share_fragment("#s1."));
        assert!(!is_share_fragment("#section"));
        assert!(!is_share_fragment("#s.abc"));
        assert!(!is_share_fragment(""));
        assert_eq!(base_url("http://h/p?q#s1.x"), "http://h/p?q");
        assert_eq!(base_url("http://h/"), "http://h/");
    }

    #[test]
    fn payload_round_trips_the_view() {
        let s = example_session();
        let sel = Selection { a: 2, b: 20 };
        let table = s.table_named("tickets");
        let p = payload(&s, sel, table.as_ref(), false);
        let fragment = share::encode(&p);
        let (files, config, view) = share::open(&share::decode(&fragment).unwrap());
        let again = Session::open(files, config, Origin::Link, &|| 0.0);
        assert_eq!(again.apply_view(&view), (sel, table.clone()));
        assert_eq!(again.positions(), s.positions());
        let range = payload(&s, sel, table.as_ref(), true);
        let short = share::encode(&range);
        assert!(short.len() < fragment.len());
        let (files, config, view) = share::open(&share::decode(&short).unwrap());
        let r = Session::open(files, config, Origin::Link, &|| 0.0);
        let (rsel, rtable) = r.apply_view(&view);
        assert_eq!(r.rev_id(rsel.b), s.rev_id(sel.b));
        assert_eq!(r.rev_id(rsel.a), s.rev_id(sel.a));
        assert_eq!(rtable, table);
        assert_eq!(r.timings, Timings::default());
    }

    #[test]
    fn when_to_rebuild() {
        let mut s = example_session();
        assert!(auto_update(&s, None));
        assert!(!auto_update(&s, Some(AUTO_LIMIT + 1)));
        s.origin = Origin::Served {
            version: "1".into(),
        };
        assert!(!auto_update(&s, None));
        assert!(offer_range(share::REVIEW_TOOL_LIMIT + 1) && !offer_range(10));
    }
}

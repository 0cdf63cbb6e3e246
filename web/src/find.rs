//! "Find a table": the best match for what the user typed, case-insensitive. An exact name wins,
//! then a name starting with the query, then one containing it; among equals the shortest, then
//! the first alphabetically. Schema-qualified names match on `schema.name` and on `name` alone.

use strata_core::schema::QualifiedName;

fn rank(name: &QualifiedName, query: &str) -> Option<u8> {
    let full = name.to_string().to_lowercase();
    let bare = name.name.to_lowercase();
    if full == query || bare == query {
        Some(0)
    } else if full.starts_with(query) || bare.starts_with(query) {
        Some(1)
    } else if full.contains(query) {
        Some(2)
    } else {
        None
    }
}

/// Matching names, best first, at most `limit`.
pub fn matches<'a>(
    names: impl IntoIterator<Item = &'a QualifiedName>,
    query: &str,
    limit: usize,
) -> Vec<&'a QualifiedName> {
    let query = query.trim().to_lowercase();
    if query.is_empty() {
        return Vec::new();
    }
    let mut hits: Vec<(u8, usize, String, &QualifiedName)> = names
        .into_iter()
        .filter_map(|n| rank(n, &query).map(|r| (r, n.name.len(), n.to_string(), n)))
        .collect();
    hits.sort_by(|x, y| (x.0, x.1, &x.2).cmp(&(y.0, y.1, &y.2)));
    hits.into_iter().take(limit).map(|h| h.3).collect()
}

/// The single best match (what Enter in the find box selects).
pub fn best<'a>(
    names: impl IntoIterator<Item = &'a QualifiedName>,
    query: &str,
) -> Option<&'a QualifiedName> {
    matches(names, query, 1).into_iter().next()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names() -> Vec<QualifiedName> {
        vec![
            QualifiedName::new("ticket_messages"),
            QualifiedName::new("tickets"),
            QualifiedName::new("agent_tickets"),
            QualifiedName::qualified("kb", "articles"),
            QualifiedName::new("Teams"),
        ]
    }

    #[test]
    fn exact_then_prefix_then_substring() {
        let n = names();
        assert_eq!(best(&n, "tickets").unwrap().name, "tickets");
        assert_eq!(best(&n, "TICK").unwrap().name, "tickets");
        assert_eq!(best(&n, "messages").unwrap().name, "ticket_messages");
        assert_eq!(best(&n, "art").unwrap().to_string(), "kb.articles");
        assert_eq!(best(&n, "kb.articles").unwrap().name, "articles");
        assert_eq!(best(&n, "teams").unwrap().name, "Teams");
        assert_eq!(best(&n, "nothing"), None);
        assert_eq!(best(&n, "   "), None);
        let all: Vec<String> = matches(&n, "ticket", 10)
            .iter()
            .map(|q| q.to_string())
            .collect();
        assert_eq!(all, ["tickets", "ticket_messages", "agent_tickets"]);
        assert_eq!(matches(&n, "t", 2).len(), 2);
    }
}

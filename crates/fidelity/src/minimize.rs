//! Shrinking a failing history while the same check still fails the same way (same
//! [`Failure::signature`]): whole revisions first, then statements, then the items (columns,
//! constraints) of `CREATE TABLE` statements, until nothing more can go or the budget is spent.

use crate::check::{check, Checks, Failure, Set, Stage};
use crate::gen::History;

/// The checks that can reproduce `f`, with state numbers as they are in the current history.
pub fn checks_for(f: &Failure) -> Checks {
    let mut c = Checks {
        db: f.stage != Stage::Parse,
        ..Checks::default()
    };
    match f.stage {
        Stage::Head => c.head = true,
        Stage::Diff | Stage::Rows => c.ranges = f.at.into_iter().collect(),
        Stage::Plan => c.plan_back_to = f.at.map(|(_, b)| b).or(Some(0)),
        _ => {}
    }
    c
}

/// Whether `h` still fails with `signature` under `checks`.
pub fn still_fails(h: &History, checks: &Checks, signature: &str) -> bool {
    let set = Set {
        dialect: h.dialect,
        files: h.input_files(),
    };
    // A smaller history must still be a valid one: one the server now rejects shows the same
    // symptom for another reason (a view left without its table).
    let apply = signature.starts_with("apply:");
    check(&set, checks).is_some_and(|r| {
        r.failures.iter().any(|f| f.signature == signature)
            && (apply || !r.failures.iter().any(|f| f.stage == Stage::Apply))
    })
}

/// State numbers after revision `r` (1-based) is removed.
fn shift(state: usize, r: usize) -> usize {
    if state >= r {
        state - 1
    } else {
        state
    }
}

fn without_revision(checks: &Checks, r: usize) -> Option<Checks> {
    let mut c = checks.clone();
    c.ranges = checks
        .ranges
        .iter()
        .map(|&(a, b)| (shift(a, r), shift(b, r)))
        .collect();
    if c.ranges.iter().any(|(a, b)| a == b) {
        return None;
    }
    c.plan_back_to = checks.plan_back_to.map(|b| shift(b, r));
    Some(c)
}

/// The smallest history found within `budget` checks (and before `deadline`), and the checks
/// that reproduce it there.
pub fn minimize(
    h: &History,
    f: &Failure,
    budget: usize,
    deadline: Option<std::time::Instant>,
) -> (History, Checks) {
    let mut best = h.clone();
    let mut checks = checks_for(f);
    let mut spent = 0;
    // Past the deadline the budget counts as spent.
    let budget = move |spent: usize| {
        if deadline.is_some_and(|d| std::time::Instant::now() > d) {
            0
        } else {
            budget.max(spent)
        }
    };
    let mut progress = true;
    while progress && spent < budget(spent) {
        progress = false;
        // Revisions, last first.
        let mut r = best.revisions.len();
        while r > 0 && spent < budget(spent) && best.revisions.len() > 1 {
            let mut cand = best.clone();
            cand.revisions.remove(r - 1);
            if let Some(c) = without_revision(&checks, r) {
                spent += 1;
                if still_fails(&cand, &c, &f.signature) {
                    best = cand;
                    checks = c;
                    progress = true;
                }
            }
            r -= 1;
        }
        // Statements, then items, within each revision.
        for ri in (0..best.revisions.len()).rev() {
            let mut si = best.revisions[ri].statements.len();
            while si > 0 && spent < budget(spent) {
                let mut cand = best.clone();
                cand.revisions[ri].statements.remove(si - 1);
                spent += 1;
                if still_fails(&cand, &checks, &f.signature) {
                    best = cand;
                    progress = true;
                } else if let Some(smaller) = {
                    let left = budget(spent);
                    shrink_items(&best, ri, si - 1, &checks, f, &mut spent, left)
                } {
                    best = smaller;
                    progress = true;
                }
                si -= 1;
            }
        }
    }
    (best, checks)
}

/// Drops items of statement `si` of revision `ri` one by one while the failure stays.
fn shrink_items(
    h: &History,
    ri: usize,
    si: usize,
    checks: &Checks,
    f: &Failure,
    spent: &mut usize,
    budget: usize,
) -> Option<History> {
    let mut best: Option<History> = None;
    let n = h.revisions.get(ri)?.statements.get(si)?.items.len();
    for k in (0..n).rev() {
        if *spent >= budget {
            break;
        }
        let base = best.as_ref().unwrap_or(h);
        let st = base.revisions.get(ri)?.statements.get(si)?;
        if st.items.len() <= 1 || k >= st.items.len() {
            continue;
        }
        let mut cand = base.clone();
        cand.revisions[ri].statements[si].items.remove(k);
        *spent += 1;
        if still_fails(&cand, checks, &f.signature) {
            best = Some(cand);
        }
    }
    best
}

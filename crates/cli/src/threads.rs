//! [`Parallel`] over OS threads: core maps each migration file's parse and lowering through it,
//! so a set of hundreds of Alembic revisions is read on all cores.

use std::sync::atomic::{AtomicUsize, Ordering};
use strata_core::project::Parallel;

/// Below this many items per worker a thread costs more than it saves.
const MIN_ITEMS: usize = 16;

/// rustpython's parser recurses once per nesting level (bounded by core): give workers the
/// main thread's usual stack, not the 2 MiB default of spawned threads.
const STACK_BYTES: usize = 8 << 20;

/// As many workers as the machine has cores; the calling thread is one of them.
pub struct Threads {
    workers: usize,
}

impl Threads {
    pub fn new() -> Threads {
        Threads {
            workers: std::thread::available_parallelism().map_or(1, |n| n.get()),
        }
    }
}

impl Parallel for Threads {
    fn map<T: Sync, R: Send>(&self, items: &[T], f: &(dyn Fn(&T) -> R + Sync)) -> Vec<R> {
        let workers = self.workers.min(items.len() / MIN_ITEMS).max(1);
        if workers == 1 {
            return items.iter().map(f).collect();
        }
        // Each worker takes the next item until none is left, so one slow file does not hold up
        // a whole share; results carry their index and are put back in order.
        let next = AtomicUsize::new(0);
        let work = || {
            let mut done = Vec::new();
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(item) = items.get(i) else {
                    return done;
                };
                done.push((i, f(item)));
            }
        };
        let parts = std::thread::scope(|s| {
            // A thread that cannot be started leaves its share to the others.
            let spawned: Vec<_> = (1..workers)
                .filter_map(|_| {
                    std::thread::Builder::new()
                        .stack_size(STACK_BYTES)
                        .spawn_scoped(s, work)
                        .ok()
                })
                .collect();
            let mut parts = vec![work()];
            for handle in spawned {
                match handle.join() {
                    Ok(part) => parts.push(part),
                    Err(panic) => std::panic::resume_unwind(panic),
                }
            }
            parts
        });
        let mut slots: Vec<Option<R>> = std::iter::repeat_with(|| None).take(items.len()).collect();
        for (i, r) in parts.into_iter().flatten() {
            slots[i] = Some(r);
        }
        slots.into_iter().flatten().collect()
    }
}

//! Splitting a script into statements at top-level `;`.

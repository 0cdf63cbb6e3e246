//! Text for numbers people read: byte sizes, durations.

/// `512 B`, `3.1 kB`, `1.2 MB` (decimal units, as browsers and review tools count).
pub fn size(bytes: usize) -> String {
    const UNITS: [&str; 3] = ["kB", "MB", "GB"];
    if bytes < 1000 {
        return format!("{bytes} B");
    }
    let mut value = bytes as f64 / 1000.0;
    let mut unit = 0;
    while value >= 999.95 && unit + 1 < UNITS.len() {
        value /= 1000.0;
        unit += 1;
    }
    format!("{value:.1} {}", UNITS[unit])
}

/// `12 ms`, `1.25 s`.
pub fn duration(ms: f64) -> String {
    if !ms.is_finite() || ms < 0.0 {
        return "–".into();
    }
    if ms < 1000.0 {
        format!("{ms:.0} ms")
    } else {
        format!("{:.2} s", ms / 1000.0)
    }
}

/// `1 revision`, `24 revisions`.
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        assert_eq!(size(0), "0 B");
        assert_eq!(size(999), "999 B");
        assert_eq!(size(1000), "1.0 kB");
        assert_eq!(size(3140), "3.1 kB");
        assert_eq!(size(999_960), "1.0 MB");
        assert_eq!(size(1_234_567), "1.2 MB");
        assert_eq!(size(5_000_000_000_000), "5000.0 GB");
    }

    #[test]
    fn durations_and_counts() {
        assert_eq!(duration(12.4), "12 ms");
        assert_eq!(duration(1250.0), "1.25 s");
        assert_eq!(duration(f64::NAN), "–");
        assert_eq!(count(1, "revision", "revisions"), "1 revision");
        assert_eq!(count(24, "revision", "revisions"), "24 revisions");
    }
}

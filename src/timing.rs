//! Phase timings for `ROUNDUP_TIMINGS=1`: how long each phase took and how much memory the
//! process held, so the benchmark can say where time and memory go without a profiler.

use std::sync::OnceLock;
use std::time::Instant;

/// Whether `ROUNDUP_TIMINGS` is set; read once.
pub fn enabled() -> bool {
    static ON: OnceLock<bool> = OnceLock::new();
    *ON.get_or_init(|| std::env::var_os("ROUNDUP_TIMINGS").is_some())
}

/// Prints `timing: PHASE N ms (rss R MiB, peak P MiB)` to stderr when enabled.
///
/// The `timing: PHASE N ms` prefix is what `bench/run.sh` parses; the memory figures are
/// the resident set now and its high-water mark, from `/proc/self/status` (absent elsewhere).
pub fn note(phase: &str, since: Instant) {
    note_ms(phase, since.elapsed().as_millis());
}

/// [`note`] for a phase whose time was summed up piecewise.
pub fn note_ms(phase: &str, ms: u128) {
    if !enabled() {
        return;
    }
    match memory() {
        Some((rss, peak)) => eprintln!("timing: {phase} {ms} ms (rss {rss} MiB, peak {peak} MiB)"),
        None => eprintln!("timing: {phase} {ms} ms"),
    }
}

/// Current and peak resident set size in MiB, on Linux.
fn memory() -> Option<(u64, u64)> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let field = |name: &str| -> Option<u64> {
        let line = status.lines().find(|l| l.starts_with(name))?;
        let kb: u64 = line[name.len()..].trim().trim_end_matches("kB").trim().parse().ok()?;
        Some(kb / 1024)
    };
    Some((field("VmRSS:")?, field("VmHWM:")?))
}

#[cfg(test)]
mod tests {
    #[test]
    #[cfg(target_os = "linux")]
    fn reads_memory_on_linux() {
        let (rss, peak) = super::memory().expect("/proc/self/status has VmRSS and VmHWM");
        assert!(peak >= rss && peak > 0, "rss {rss}, peak {peak}");
    }
}

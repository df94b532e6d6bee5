//! Phase timings for `ROUNDUP_TIMINGS=1`: how long each phase took and how much memory the
//! process held, so the benchmark can say where time and memory go without a profiler.

use std::sync::OnceLock;
use std::time::Instant;

/// Whether `ROUNDUP_TIMINGS` is set; read once.
fn enabled() -> bool {
    static ON: OnceLock<bool> = OnceLock::new();
    *ON.get_or_init(|| std::env::var_os("ROUNDUP_TIMINGS").is_some())
}

/// Prints `timing: PHASE N ms (rss R MiB, peak P MiB)` to stderr when enabled.
///
/// The `timing: PHASE N ms` prefix is what `bench/run.sh` parses; the memory figures are
/// the resident set now and its high-water mark, from `/proc/self/status` (absent elsewhere).
pub(crate) fn note(phase: &str, since: Instant) {
    note_ms(phase, since.elapsed().as_millis());
}

/// [`note`] for a phase whose time was summed up piecewise.
pub(crate) fn note_ms(phase: &str, ms: u128) {
    if !enabled() {
        return;
    }
    match (memory(), cpu_ms()) {
        (Some((rss, peak)), Some(cpu)) => {
            eprintln!("timing: {phase} {ms} ms (rss {rss} MiB, peak {peak} MiB, process CPU so far {cpu} ms)")
        }
        _ => eprintln!("timing: {phase} {ms} ms"),
    }
}

/// CPU time (user + system) the process has used so far, in ms, on Linux; comparing it with
/// wall time shows how well a phase uses the cores.
fn cpu_ms() -> Option<u64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the parenthesised command name; utime and stime are the 12th and 13th of those.
    let rest = &stat[stat.rfind(')')? + 2..];
    let f: Vec<&str> = rest.split(' ').collect();
    let ticks: u64 = f.get(11)?.parse::<u64>().ok()? + f.get(12)?.parse::<u64>().ok()?;
    Some(ticks * 10) // USER_HZ is 100 on Linux
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

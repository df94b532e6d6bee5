//! The `roundup` binary: parses the command line and runs one subcommand.

/// mimalloc: building a site makes millions of small, short-lived allocations (words, terms,
/// template values), which it serves faster than the system allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

// Tunes mimalloc for a short batch job before the first allocation. The hook is an ELF
// `.init_array` entry written against the option numbers of the mimalloc the crate builds, so it is
// compiled only for Linux; elsewhere mimalloc keeps its defaults (only peak memory differs).
#[cfg(target_os = "linux")]
mod tune_allocator;

fn main() -> std::process::ExitCode {
    roundup::cli::main()
}

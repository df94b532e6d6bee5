//! Start-up tuning of mimalloc for a short batch job (Linux only: see `main.rs`).
//!
//! The option numbers are those of the mimalloc 3 sources that the `mimalloc` crate builds by
//! default (the order of `mi_option_e` in `mimalloc.h`). The crate exports named constants only for
//! its stable options, and these two are not among them, so they are named here.

unsafe extern "C" {
    fn mi_option_get(option: i32) -> std::ffi::c_long;
    fn mi_option_set(option: i32, value: std::ffi::c_long);
}

/// mimalloc's defaults trade memory for speed in long-running servers: memory is committed
/// eagerly and freed pages are returned to the OS only after a second. A build is short, and its
/// peak memory matters (100,000 articles in under 1 GiB), so commit lazily and return pages
/// after 100 ms. Arenas are set up at the first allocation, so this runs as a constructor, before
/// `main`. Each option is changed only while it still has mimalloc 3's default value, which
/// checks its number in `mimalloc.h` and leaves `MIMALLOC_*` environment settings alone.
extern "C" fn tune_allocator() {
    const ARENA_EAGER_COMMIT: (i32, std::ffi::c_long, std::ffi::c_long) = (4, 2, 0);
    const PURGE_DELAY_MS: (i32, std::ffi::c_long, std::ffi::c_long) = (15, 1000, 100);
    for (option, default, value) in [ARENA_EAGER_COMMIT, PURGE_DELAY_MS] {
        // SAFETY: plain integer options of the linked mimalloc; no allocation has happened yet.
        unsafe {
            if mi_option_get(option) == default {
                mi_option_set(option, value);
            }
        }
    }
}

#[used]
#[unsafe(link_section = ".init_array")]
static TUNE_ALLOCATOR: extern "C" fn() = tune_allocator;

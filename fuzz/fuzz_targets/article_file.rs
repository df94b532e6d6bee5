//! Fuzz target: see `roundup::fuzz::article_file` for what it runs and checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| roundup::fuzz::article_file(data));

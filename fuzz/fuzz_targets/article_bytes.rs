//! Fuzz target: see `roundup::fuzz::article_bytes` for what it runs and checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| roundup::fuzz::article_bytes(data));

//! Fuzz target: see `roundup::fuzz::site_toml` for what it runs and checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| roundup::fuzz::site_toml(data));

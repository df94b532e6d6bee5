//! Write: puts the rendered site into the output folder, never leaving it half-built.
//!
//! - [`path`]: the one place that decides output paths ([`OutPath`]); nothing else names one.
//! - [`target`]: the one rule for where the output folder may be.
//! - [`staging`]: the new site is staged whole beside the old one, unchanged files hard-linked.
//! - [`swap`]: the staged folder replaces the output in one atomic step.
//! - [`preview`]: the preview server's private folder, updated in place, changed files only.
//! - [`manifest`]: what Roundup wrote, so that it never removes a file it did not write.

pub(crate) mod manifest;
pub(crate) mod path;
pub(crate) mod preview;
pub(crate) mod staging;
pub(crate) mod swap;
pub(crate) mod target;

pub(crate) use path::{OutPath, Rule};
pub(crate) use staging::{Staging, WriteStats};

//! `roundup import`: turning feeds, saved pages and plain text into article files.
//!
//! This file is a placeholder so the network part builds and is tested on its own; the
//! importer proper (detecting a source's kind, drafts, writing articles, the command) replaces
//! it, and uses everything below, which is why dead code is allowed here until then.

#[allow(dead_code)]
pub(crate) mod feeds;
#[allow(dead_code)]
pub(crate) mod fetch;

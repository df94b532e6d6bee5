//! Subcommands, one per file, each a plain function over a site root.

pub(crate) mod build;
pub(crate) mod check;
pub(crate) mod eval;
pub(crate) mod explain;
pub(crate) mod import;
pub(crate) mod init;
pub(crate) mod new;
pub(crate) mod serve;

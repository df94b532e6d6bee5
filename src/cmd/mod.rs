//! Subcommands, one per file, each a plain function over a site root.

pub mod build;
pub mod check;
pub mod eval;
pub mod explain;
pub mod init;
pub mod new;
pub mod serve;

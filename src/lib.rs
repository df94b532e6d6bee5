//! Roundup: a static site generator that groups news coverage of the same event.
//!
//! Data flows one way: [`config`] → [`article`] (load) → [`text`] (analyze) →
//! [`cluster`] (events) → [`site`] (model) → [`render`] (templates) → [`output`] (write).
//! The command line ([`cli`], [`cmd`]) sits on top.

// The library's public face is what the binary, the integration tests and the fuzz targets use:
// the command line, the corpus evaluation, the fuzz checks, and the few model types the
// clustering property tests build sites from (re-exported below). Everything else is the
// crate's own, and `unreachable_pub` keeps it `pub(crate)`.
mod article;
mod build;
mod cache;
pub mod cli;
mod cluster;
mod cmd;
mod config;
mod diag;
pub mod eval;
mod figures;
pub mod fuzz;
mod import;
mod markdown;
mod output;
mod parallel;
mod render;
mod sanitize;
mod scaffold;
mod search;
mod serve;
mod site;
mod slug;
mod stamp;
mod text;
mod timing;
mod walk;

pub use article::Article;
pub use config::Config;
pub use diag::{Diagnostic, Error};
pub use render::events_json;
pub use site::{ArticleIx, EventIx, Site};
pub use text::Features;

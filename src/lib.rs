//! Roundup: a static site generator that groups news coverage of the same event.
//!
//! Data flows one way: [`config`] → [`article`] (load) → [`text`] (analyze) →
//! [`cluster`] (events) → [`site`] (model) → [`render`] (templates) → [`output`] (write).
//! The command line ([`cli`], [`cmd`]) sits on top.

/// Most items in one unit of parallel work, for loops whose items vary in cost (pages, events,
/// files). Rayon otherwise splits a loop into a few long runs, only splitting one further when
/// another thread steals from it; measured on 2 cores, one thread then sat idle for the last
/// tenth of rendering while the other finished a long run alone.
pub const PAR_LEAF: usize = 16;

pub mod article;
pub mod build;
pub mod cli;
pub mod cluster;
pub mod cmd;
pub mod config;
pub mod diag;
pub mod eval;
pub mod figures;
pub mod fuzz;
pub mod markdown;
pub mod output;
pub mod render;
pub mod sanitize;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod site;
pub mod slug;
pub mod text;
pub mod timing;
pub mod walk;

//! Roundup: a static site generator that groups news coverage of the same event.
//!
//! Data flows one way: [`config`] → [`article`] (load) → [`text`] (analyze) →
//! [`cluster`] (events) → [`site`] (model) → [`render`] (templates) → [`output`] (write).
//! The command line ([`cli`], [`cmd`]) sits on top.

pub mod article;
pub mod cli;
pub mod cluster;
pub mod cmd;
pub mod config;
pub mod diag;
pub mod eval;
pub mod figures;
mod front_matter;
pub mod markdown;
pub mod output;
pub mod render;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod site;
pub mod slug;
pub mod text;
pub mod timing;

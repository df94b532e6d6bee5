//! Command-line interface: one subcommand per file under `cmd/`.

use crate::cmd;
use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

/// Roundup turns a folder of news articles into a static site of events and outlets.
#[derive(Parser, Debug)]
#[command(name = "roundup", version, about)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
// These doc comments are `--help` text, which clap prints as written, not Markdown: brackets and
// angle brackets in them are literal.
#[allow(rustdoc::broken_intra_doc_links, rustdoc::invalid_html_tags)]
#[derive(Subcommand, Debug)]
pub enum Command {
    /// Build the site into the output folder (default `public/`).
    Build {
        /// Site root (the folder holding site.toml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Output folder, overriding site.toml's `output_dir`.
        #[arg(long)]
        output_dir: Option<PathBuf>,
        /// Base URL, overriding site.toml's `base_url` (e.g. for a local preview).
        #[arg(long)]
        base_url: Option<String>,
        /// Publish articles marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// Allow an output folder outside the site root (never the site's own folders).
        #[arg(long)]
        allow_outside_root: bool,
        /// Build from scratch, as if there were no build cache (`.roundup/cache/`); the cache is
        /// refreshed for the next build.
        #[arg(long)]
        no_cache: bool,
    },
    /// Validate everything a build would, and write nothing.
    Check {
        /// Site root.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Also validate drafts as if published.
        #[arg(long)]
        drafts: bool,
    },
    /// Preview the site: build, serve on loopback, rebuild on changes and reload open pages.
    Serve {
        /// Site root.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Address to listen on. Anything but loopback lets other machines reach the preview
        /// (it serves every file in it), so a warning is printed.
        #[arg(long, default_value = "127.0.0.1")]
        interface: std::net::IpAddr,
        /// Port to listen on; the next free one is used if it is taken, and 0 picks any free port.
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// Open the site in a browser.
        #[arg(long)]
        open: bool,
        /// Poll for changes instead of using native file events (for network or container file systems).
        #[arg(long)]
        poll: bool,
        /// Include drafts.
        #[arg(long)]
        drafts: bool,
    },
    /// Create a new site in DIR: site.toml, an example article and the default theme.
    Init {
        /// The folder to create the site in; it must not exist yet, or be empty.
        #[arg(default_value = ".")]
        dir: PathBuf,
    },
    /// Start a new article file, articles/<date>-<headline>.md (or articles/undated-<headline>.md),
    /// with valid front matter. It needs --date or --undated: it never assumes today.
    New {
        /// The headline, as the outlet wrote it.
        title: String,
        /// The outlet's display name.
        #[arg(long)]
        outlet: String,
        /// The original article's address (http:// or https://).
        #[arg(long)]
        url: Option<String>,
        /// Publication date: YYYY-MM-DD, an RFC 3339 time, or YYYY-MM-DD HH:MM (UTC).
        #[arg(long)]
        date: Option<String>,
        /// The source gives no date: the article stays undated (none is invented).
        #[arg(long, conflicts_with = "date")]
        undated: bool,
        /// Site root.
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Import feeds, saved article pages and plain-text pages as article files,
    /// articles/<date or undated>/<outlet>-<headline>.md. Never overwrites; skips articles already
    /// there (same address or near-duplicate text). Exits non-zero only if every source failed.
    Import {
        /// Files, folders (read through) or http(s) URLs; each kind is told by its content.
        #[arg(required_unless_present = "feeds")]
        sources: Vec<String>,
        /// Also pull every feed listed under [[feeds]] in site.toml.
        #[arg(long)]
        feeds: bool,
        /// The outlet's name for every imported article, over what the sources say.
        #[arg(long)]
        outlet: Option<String>,
        /// The address a single saved file came from: its url, and its headline and date
        /// when the text shows none (marked as taken from the address).
        #[arg(long)]
        url: Option<String>,
        /// Show what would be written (paths and front matter), and write nothing.
        #[arg(long)]
        dry_run: bool,
        /// Site root.
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Explain why an article is in its event: shared terms, scores, time gap, threshold, nearest other event.
    Explain {
        /// The article id: its path under articles/ without `.md`.
        id: String,
        /// Site root.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Include drafts, as `build --drafts` would.
        #[arg(long)]
        drafts: bool,
    },
    /// Score clustering on a labelled JSONL corpus, through the same path as `build`.
    Eval {
        /// The corpus (one JSON article per line, with a gold `event`).
        corpus: PathBuf,
        /// site.toml whose [clustering] settings to use (default: the built-in defaults).
        #[arg(long)]
        config: Option<PathBuf>,
        /// Drop every date, to imitate undated sources.
        #[arg(long)]
        no_dates: bool,
        /// Keep only headlines, to imitate headline-only sources.
        #[arg(long)]
        titles_only: bool,
        /// Drop the dates of this share of the articles (0 to 1, e.g. 0.3), chosen by a stable
        /// hash of the id, to imitate a site where some sources give no date.
        #[arg(long, value_name = "FRACTION", default_value_t = 0.0, value_parser = fraction)]
        drop_dates: f64,
        /// Also write `id<TAB>predicted event<TAB>gold event` lines to this file, for error analysis.
        #[arg(long)]
        predictions: Option<PathBuf>,
    },
}

/// A share from 0 to 1, for `--drop-dates`.
fn fraction(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(x) if (0.0..=1.0).contains(&x) => Ok(x),
        _ => Err(format!("{s:?} is not a fraction from 0 to 1 (e.g. 0.3)")),
    }
}

/// Prints a command's report on standard output. A reader that stops early
/// (`roundup explain ID | head`) closes the pipe, which is no error of ours: the rest is dropped
/// instead of panicking as `println!` does. Any other write failure is said on standard error.
fn say(report: String) {
    use std::io::Write;
    if let Err(e) = writeln!(std::io::stdout().lock(), "{report}")
        && e.kind() != std::io::ErrorKind::BrokenPipe
    {
        eprintln!("error: cannot write the report: {e}");
    }
}

/// Runs the command line and maps the outcome to an exit status.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Build { root, output_dir, base_url, drafts, allow_outside_root, no_cache } => {
            let opts = crate::site::LoadOptions {
                drafts,
                base_url,
                output_dir,
                allow_outside_root,
                no_cache,
                ..Default::default()
            };
            cmd::build::run(&root, &opts).map(say)
        }
        Command::Check { root, drafts } => {
            cmd::check::run(&root, &crate::site::LoadOptions { drafts, ..Default::default() }).map(say)
        }
        Command::Serve { root, interface, port, open, poll, drafts } => {
            cmd::serve::run(&crate::serve::ServeOptions { root, interface, port, open, poll, drafts })
        }
        Command::Init { dir } => cmd::init::run(&dir).map(say),
        Command::New { title, outlet, url, date, undated, root } => {
            let when = match (date.as_deref(), undated) {
                (Some(d), _) => cmd::new::When::Date(d),
                (None, true) => cmd::new::When::Undated,
                (None, false) => cmd::new::When::NotGiven,
            };
            cmd::new::run(&root, &title, &outlet, url.as_deref(), when).map(say)
        }
        Command::Import { sources, feeds, outlet, url, dry_run, root } => {
            let opts = crate::import::Options { outlet, dry_run, url, feeds };
            match cmd::import::run(&root, &sources, &opts) {
                Ok(report) => {
                    say(report.text);
                    if report.all_failed {
                        return ExitCode::FAILURE;
                    }
                    Ok(())
                }
                Err(e) => Err(e),
            }
        }
        Command::Explain { id, root, drafts } => {
            cmd::explain::run(&root, &id, &crate::site::LoadOptions { drafts, ..Default::default() }).map(say)
        }
        Command::Eval { corpus, config, no_dates, titles_only, drop_dates, predictions } => cmd::eval::run(
            &corpus,
            config.as_deref(),
            crate::eval::Strip { no_dates, titles_only, drop_dates },
            predictions.as_deref(),
        )
        .map(say),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}

//! `roundup serve`: build, serve on loopback, watch, rebuild what changed, reload pages.
//!
//! The server is small and bounded (see [`Limits`]): request heads of at most 16 KiB read
//! within 10 s, at most 64 requests at once and 32 listening pages; hidden files are never
//! served or copied.
//!
//! The preview is built into a private temporary folder (with a local base URL), so
//! serving never touches the site's real output; the live-reload script is added to
//! pages as they are served and never written to disk. A build that fails keeps the
//! previous preview up and shows the error on the terminal and on every open page.

mod http;
mod limits;
mod listen;
mod live;
mod paths;
mod request;
mod server;
mod slots;
mod watch;

use crate::build;
use crate::diag::{Error, print_warnings};
use crate::output::preview::Preview;
use crate::render::{self, Templates, memo::Memo};
use crate::site::{LoadOptions, Site};
pub(crate) use limits::Limits;
pub(crate) use live::Live;
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc;
use std::time::Instant;

pub(crate) use watch::Change;

/// How to serve.
#[derive(Debug, Clone)]
pub(crate) struct ServeOptions {
    /// Site root.
    pub root: PathBuf,
    /// Address to listen on; loopback by default, and anything else is warned about, since
    /// the preview serves every file in it to whoever can reach it.
    pub interface: IpAddr,
    /// Port to try first; 0 lets the system choose.
    pub port: u16,
    /// Open a browser once serving.
    pub open: bool,
    /// Poll for changes instead of relying on native file events.
    pub poll: bool,
    /// Include drafts.
    pub drafts: bool,
}

/// The loaded site and templates, kept between rebuilds so each change costs only what it touches,
/// and the preview folder's writer, which knows what each file holds.
pub(crate) struct Session {
    root: PathBuf,
    opts: LoadOptions,
    loaded: Option<(Site, Templates)>,
    /// The preview folder's writer, which knows what each file holds.
    preview: Preview,
    /// The key of every page in the preview folder, so a rebuild renders only what changed.
    memo: Memo,
}

impl Session {
    /// A session that builds into `out` with `base_url`.
    pub(crate) fn new(root: &Path, out: &Path, base_url: String, drafts: bool) -> Session {
        // The preview folder is a private temporary folder, outside the site by design.
        let opts = LoadOptions {
            drafts,
            base_url: Some(base_url),
            output_dir: Some(out.to_path_buf()),
            allow_outside_root: true,
            no_cache: false,
            write_cache: true,
        };
        Session { root: root.to_path_buf(), opts, loaded: None, preview: Preview::new(out), memo: Memo::default() }
    }

    /// Rebuilds the pages for `change` and writes those that changed; returns a one-line summary.
    /// The search index follows in [`Session::index`], once open pages have been told to reload.
    pub(crate) fn rebuild(&mut self, change: &Change) -> Result<String, Error> {
        let start = Instant::now();
        let what = match (change, self.loaded.as_mut()) {
            // A static change goes through the same rules as a build (no hidden files, no links,
            // no clash with a page); unchanged files are not rewritten.
            (Change::Static(files), Some((site, tera))) => {
                let (counts, warnings) = build::preview_pages(site, tera, &mut self.preview, &mut self.memo)?;
                print_warnings(&warnings);
                format!(
                    "{} static file{} changed: {} files written",
                    files.len(),
                    if files.len() == 1 { "" } else { "s" },
                    counts.written
                )
            }
            (Change::Templates, Some((site, tera))) => {
                let mut fresh = render::load_templates(&self.root)?;
                render::prepare(site, &mut fresh);
                let (counts, _) = build::preview_pages(site, &fresh, &mut self.preview, &mut self.memo)?;
                *tera = fresh;
                format!("re-rendered with the new templates: {} pages changed", counts.written)
            }
            _ => {
                let (site, tera) = build::load(&self.root, &self.opts, true)?;
                let (counts, warnings) = build::preview_pages(&site, &tera, &mut self.preview, &mut self.memo)?;
                print_warnings(&site.warnings);
                print_warnings(&warnings);
                let s = format!("{}: {} pages changed", build::summary(&site), counts.written);
                self.loaded = Some((site, tera));
                s
            }
        };
        Ok(format!("{what} in {} ms", start.elapsed().as_millis()))
    }

    /// Brings the search index up to date with the last good rebuild; returns a one-line summary.
    pub(crate) fn index(&mut self) -> Result<String, Error> {
        let Some((site, _)) = &self.loaded else { return Ok(String::new()) };
        let start = Instant::now();
        let (stats, warnings) = build::preview_search(site, &mut self.preview)?;
        print_warnings(&warnings);
        if !site.config.search {
            return Ok(String::new());
        }
        Ok(format!(
            "search index in {} ms, {} of {} shards rebuilt",
            start.elapsed().as_millis(),
            stats.rebuilt,
            stats.shards
        ))
    }
}

/// Runs the preview server until interrupted.
#[expect(clippy::print_stdout, reason = "the preview server reports what it serves and rebuilds on its terminal")]
pub(crate) fn run(opts: &ServeOptions) -> Result<(), Error> {
    let limits = Limits::from_env();
    let (listener, addr) = listen::bind(opts.interface, opts.port)?;
    let listening = listen::describe(addr);
    let url = listening.url.clone();
    let work = std::env::temp_dir().join(format!("roundup-serve-{}", std::process::id()));
    let out = work.join("public");
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work).map_err(|source| Error::Io {
        doing: "create the preview folder",
        path: work.clone(),
        source,
    })?;
    {
        let work = work.clone();
        ctrlc::set_handler(move || {
            let _ = std::fs::remove_dir_all(&work);
            println!("\nstopped");
            std::process::exit(0);
        })
        .map_err(Error::CtrlC)?;
    }

    let live = Arc::new(Live::new(limits.max_subscribers));
    let mut session = Session::new(&opts.root, &out, url.clone(), opts.drafts);
    std::fs::create_dir_all(&out).map_err(|source| Error::Io {
        doing: "create the preview folder",
        path: out.clone(),
        source,
    })?;
    report(&live, session.rebuild(&Change::Content));
    indexed(session.index());
    let (tx, rx) = mpsc::channel::<Change>();
    let _watching = watch::watch(&opts.root, opts.poll, tx)?;
    {
        let live = live.clone();
        std::thread::spawn(move || {
            while let Ok(first) = rx.recv() {
                // Coalesce everything that arrived while the last build ran.
                let change = rx.try_iter().fold(first, Change::merge);
                let rebuilt = session.rebuild(&change);
                let ok = rebuilt.is_ok();
                report(&live, rebuilt);
                // Search follows the reload: a page shows the change without waiting for the index.
                if ok {
                    indexed(session.index());
                }
            }
        });
    }
    match &listening.address {
        Some(address) => println!("Serving {} at {url} (Ctrl-C to stop); listening on {address}", opts.root.display()),
        None => println!("Serving {} at {url} (Ctrl-C to stop)", opts.root.display()),
    }
    if let Some(warning) = &listening.warning {
        eprintln!("{warning}");
    }
    if opts.open {
        let _ = std::process::Command::new("xdg-open").arg(&url).spawn();
    }
    server::serve(&listener, out, live, limits);
    Ok(())
}

/// Prints how updating the search index went; a failure leaves the previous index, and the
/// pages say nothing about it, as the pages themselves are fine.
#[expect(clippy::print_stdout, reason = "the preview server reports each rebuild on its terminal")]
fn indexed(result: Result<String, Error>) {
    match result {
        Ok(line) if line.is_empty() => {}
        Ok(line) => println!("rebuilt: {line}"),
        Err(e) => eprintln!("search index not updated: {e}"),
    }
}

/// Prints a rebuild's outcome and tells open pages.
#[expect(clippy::print_stdout, reason = "the preview server reports each rebuild on its terminal")]
fn report(live: &Live, result: Result<String, Error>) {
    match result {
        Ok(summary) => {
            println!("rebuilt: {summary}");
            live.built();
        }
        Err(e) => {
            let msg = e.to_string();
            eprintln!("{msg}");
            live.failed(&msg);
        }
    }
}

//! `roundup import --feeds`: the `[[feeds]]` of `site.toml` as sources to import, each with
//! the outlet its articles are filed under.

use crate::config::Config;
use crate::diag::Error;

/// One feed to pull: its address and, when `site.toml` names one, its outlet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FeedSource {
    /// The feed's `http(s)` address, checked when `site.toml` was loaded.
    pub url: String,
    /// The outlet its articles are filed under. `--outlet` on the command line wins over it
    /// (as command-line options win over `site.toml` everywhere); `None` leaves it to the
    /// feed's own title.
    pub outlet: Option<String>,
}

/// The sources `--feeds` stands for, in the order `site.toml` lists them. A site with no
/// `[[feeds]]` is a usage error with a hint: `--feeds` with nothing to pull is surely a mistake.
pub(crate) fn sources(config: &Config) -> Result<Vec<FeedSource>, Error> {
    if config.feeds.is_empty() {
        return Err(Error::Usage {
            message: "--feeds was given, but site.toml lists no [[feeds]]".into(),
            hint: "add one table per feed to site.toml: [[feeds]] url = \"https://example.org/feed.xml\" \
                   outlet = \"Example\" (outlet is optional)"
                .into(),
        });
    }
    Ok(config
        .feeds
        .iter()
        .map(|f| FeedSource { url: f.url.clone(), outlet: f.outlet.as_ref().map(|o| o.trim().to_string()) })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn config(extra: &str) -> Config {
        Config::parse(Path::new("site.toml"), &format!("title = \"T\"\nbase_url = \"https://x.org/\"\n{extra}"))
            .unwrap()
    }

    #[test]
    fn every_feed_becomes_a_source_with_its_outlet() {
        let c = config(
            "[[feeds]]\nurl = \"https://a.example/rss\"\noutlet = \" Diario A \"\n[[feeds]]\nurl = \"https://b.example/atom\"\n",
        );
        assert_eq!(
            sources(&c).unwrap(),
            [
                FeedSource { url: "https://a.example/rss".into(), outlet: Some("Diario A".into()) },
                FeedSource { url: "https://b.example/atom".into(), outlet: None },
            ]
        );
    }

    #[test]
    fn no_feeds_is_a_usage_error_with_a_hint() {
        let e = sources(&config("")).unwrap_err().to_string();
        assert!(e.starts_with("error: --feeds was given, but site.toml lists no [[feeds]]"), "{e}");
        assert!(e.contains("hint: add one table per feed"), "{e}");
    }
}

//! Saved article pages. Metadata comes, field by field, from the first of: JSON-LD
//! (`NewsArticle`, `Article` and their kin: `headline`, `datePublished`, `author`,
//! `publisher.name`, `url`), OpenGraph and `article:` meta tags, then `<title>`,
//! `<link rel=canonical>` and `<meta name=author>`. The main text is found by dom_smoothie (a
//! readability.js port) after page furniture is removed: navigation, asides, footers, forms,
//! media and players, and blocks named as related stories, recommendations, newsletters, sharing
//! or advertising. A page with no article metadata whose text is too thin to be an article is
//! refused.

use super::{Draft, dates, md};
use dom_query::Document;
use serde_json::Value;

/// Blocks named as page furniture (by class or id), removed before the main text is looked for.
const FURNITURE: &str = "header, [class*=related], [id*=related], [class*=recommend], [id*=recommend], \
    [class*=newsletter], [id*=newsletter], [class*=share], [class*=social], [class*=advert], [id*=advert], \
    [class*=promo], [class*=player], [class*=comments], [id*=comments], [class*=breadcrumb], [class*=paywall]";

/// `@type`s that are articles.
const ARTICLE_TYPES: &[&str] = &[
    "Article",
    "NewsArticle",
    "ReportageNewsArticle",
    "AnalysisNewsArticle",
    "OpinionNewsArticle",
    "BackgroundNewsArticle",
    "BlogPosting",
    "Report",
];

/// Largest JSON-LD block read, and how deep its nesting is followed.
const MAX_JSON_LD: usize = 1 << 20;
const MAX_DEPTH: usize = 8;

/// What a page says about itself; each field from the first source that gives it.
#[derive(Debug, Default)]
struct Meta {
    title: Option<String>,
    outlet: Option<String>,
    url: Option<String>,
    date: Option<String>,
    authors: Vec<String>,
    lang: Option<String>,
    /// Whether the metadata calls the page an article.
    article: bool,
}

impl Meta {
    /// Fills what `self` lacks from `other`.
    fn or(mut self, other: Meta) -> Meta {
        self.title = self.title.or(other.title);
        self.outlet = self.outlet.or(other.outlet);
        self.url = self.url.or(other.url);
        self.date = self.date.or(other.date);
        if self.authors.is_empty() {
            self.authors = other.authors;
        }
        self.lang = self.lang.or(other.lang);
        self.article |= other.article;
        self
    }
}

/// Reads an article page. `base_url`, the page's address when known, resolves relative links and
/// is the `url` when the page names no canonical address.
pub(crate) fn read(html: &str, base_url: Option<&str>) -> Result<Draft, String> {
    let doc = Document::from(html);
    let meta = json_ld(&doc).or(open_graph(&doc)).or(basic(&doc));
    let mut d = Draft::new(None);
    d.url = meta.url.as_deref().and_then(|u| resolve(u, base_url)).or_else(|| base_url.map(String::from));
    d.title = meta.title.map(|t| strip_site_name(&t, meta.outlet.as_deref()));
    d.outlet = meta.outlet;
    d.date = meta.date.as_deref().and_then(dates::from_meta);
    d.authors = meta.authors;
    d.lang = meta.lang;

    doc.select(FURNITURE).remove();
    let cfg = dom_smoothie::Config { max_elements_to_parse: 100_000, ..Default::default() };
    let mut reader = dom_smoothie::Readability::with_document(doc, d.url.as_deref(), Some(cfg))
        .map_err(|e| format!("cannot read the page: {e}"))?;
    if !meta.article && !reader.is_probably_readable() {
        return Err("not an article page: no article metadata, and too little running text".into());
    }
    let article = reader.parse().map_err(|e| format!("no article text found: {e}"))?;
    d.body = md::html_to_markdown(&article.content, d.url.as_deref());
    if d.body.trim().is_empty() {
        return Err("no article text found".into());
    }
    Ok(d)
}

/// `u` made absolute against `base`, if it is an http(s) address.
fn resolve(u: &str, base: Option<&str>) -> Option<String> {
    md::web_url(u).or_else(|| md::web_url(url::Url::parse(base?).ok()?.join(u.trim()).ok()?.as_str()))
}

/// `Headline | Outlet` as `Headline`, when the part cut off is the outlet's name.
fn strip_site_name(title: &str, outlet: Option<&str>) -> String {
    let Some(o) = outlet else { return title.to_string() };
    for sep in [" | ", " - ", " – ", " — ", " :: "] {
        if let Some((head, tail)) = title.rsplit_once(sep)
            && tail.trim().eq_ignore_ascii_case(o.trim())
            && !head.trim().is_empty()
        {
            return head.trim().to_string();
        }
    }
    title.to_string()
}

/// The first JSON-LD object whose `@type` is an article.
fn json_ld(doc: &Document) -> Meta {
    for script in doc.select("script[type='application/ld+json']").iter() {
        let text = script.text();
        if text.len() > MAX_JSON_LD {
            continue;
        }
        let Ok(v) = serde_json::from_str::<Value>(text.trim()) else { continue };
        if let Some(a) = find_article(&v, 0) {
            return Meta {
                title: str_of(a.get("headline")).or_else(|| str_of(a.get("name"))),
                outlet: a.get("publisher").and_then(|p| str_of(p.get("name")).or_else(|| str_of(Some(p)))),
                url: str_of(a.get("url")).or_else(|| {
                    a.get("mainEntityOfPage").and_then(|m| str_of(m.get("@id")).or_else(|| str_of(Some(m))))
                }),
                date: str_of(a.get("datePublished")),
                authors: names(a.get("author")),
                lang: str_of(a.get("inLanguage")),
                article: true,
            };
        }
    }
    Meta::default()
}

/// The article object in a JSON-LD value: itself, or inside an array or `@graph`.
fn find_article(v: &Value, depth: usize) -> Option<&Value> {
    if depth > MAX_DEPTH {
        return None;
    }
    match v {
        Value::Array(items) => items.iter().find_map(|i| find_article(i, depth + 1)),
        Value::Object(o) => {
            let is_article = match o.get("@type") {
                Some(Value::String(t)) => ARTICLE_TYPES.contains(&t.as_str()),
                Some(Value::Array(ts)) => ts.iter().any(|t| t.as_str().is_some_and(|t| ARTICLE_TYPES.contains(&t))),
                _ => false,
            };
            if is_article { Some(v) } else { o.get("@graph").and_then(|g| find_article(g, depth + 1)) }
        }
        _ => None,
    }
}

/// A JSON-LD text value.
fn str_of(v: Option<&Value>) -> Option<String> {
    v?.as_str().and_then(md::one_line)
}

/// Author names: a name, a `Person` with a name, or a list of either.
fn names(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::Array(items)) => items.iter().flat_map(|i| names(Some(i))).take(20).collect(),
        Some(Value::Object(o)) => str_of(o.get("name")).into_iter().collect(),
        // A bare address names a profile page, not a person.
        Some(v) => str_of(Some(v)).filter(|s| md::web_url(s).is_none()).into_iter().collect(),
        None => Vec::new(),
    }
}

/// The content of `<meta property=...>` or `<meta name=...>` named `key`.
fn meta(doc: &Document, key: &str) -> Option<String> {
    ["property", "name"].iter().find_map(|attr| {
        doc.select(&format!("meta[{attr}='{key}']"))
            .iter()
            .find_map(|m| m.attr("content").and_then(|c| md::one_line(&c)))
    })
}

/// OpenGraph and `article:` tags.
fn open_graph(doc: &Document) -> Meta {
    let authors: Vec<String> = doc
        .select("meta[property='article:author']")
        .iter()
        .filter_map(|m| m.attr("content").and_then(|c| md::one_line(&c)))
        .filter(|a| md::web_url(a).is_none())
        .collect();
    Meta {
        title: meta(doc, "og:title"),
        outlet: meta(doc, "og:site_name"),
        url: meta(doc, "og:url"),
        date: meta(doc, "article:published_time"),
        authors,
        lang: None,
        article: meta(doc, "og:type").is_some_and(|t| t == "article"),
    }
}

/// `<title>`, `<link rel=canonical>`, `<meta name=author>` and `<html lang>`.
fn basic(doc: &Document) -> Meta {
    let title = doc.select("head title").iter().next().and_then(|t| md::one_line(&t.text()));
    let url = doc.select("link[rel='canonical']").iter().find_map(|l| l.attr("href").map(|h| h.to_string()));
    Meta {
        title,
        url,
        authors: meta(doc, "author").into_iter().collect(),
        lang: doc.select("html").attr("lang").map(|l| l.to_string()),
        ..Meta::default()
    }
}

#[cfg(test)]
mod tests;

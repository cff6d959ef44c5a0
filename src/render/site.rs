//! Every HTML page of the site, rendered in parallel from the model and the templates.

use crate::config::Config;
use crate::content::{Command, Corpus, Procedure, Topic};
use crate::date::Date;
use crate::error::Error;
use crate::i18n::Strings;
use crate::render::highlight::Highlighter;
use crate::render::markdown::{self, MarkdownContext};
use crate::render::templates::describe;
use crate::render::urls;
use crate::render::views::*;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::sync::Arc;
use tera::{Context, Tera};

/// Everything page rendering reads; all borrowed, nothing global.
pub struct SiteInput<'a> {
    /// Validated configuration.
    pub config: &'a Config,
    /// The loaded content.
    pub corpus: &'a Corpus,
    /// UI strings per language.
    pub strings: &'a BTreeMap<String, Strings>,
    /// Parsed templates.
    pub tera: &'a Tera,
    /// Shared highlighter.
    pub highlighter: &'a Highlighter,
    /// Rendered topic bodies kept between builds.
    pub bodies: &'a BodyCache,
    /// Rendered pages kept between builds.
    pub pages: &'a PageCache,
    /// Hash of every site-wide input of the pages (configuration, templates, UI strings,
    /// sources, today, scripts); see [`PageCache`].
    pub inputs_signature: u64,
    /// Decides which sources show as stale.
    pub today: Date,
    /// Root-relative scripts every page loads (search, live reload).
    pub scripts: &'a [String],
}

enum PageKind<'a> {
    Chooser,
    NotFound(&'a str),
    Home(&'a str),
    Search(&'a str),
    Category(&'a str, &'a str),
    Topic(&'a Topic),
}

/// `(language, topic id, raw HTML allowed)`.
type BodyKey = (String, String, bool);
/// The file text a body was rendered from, and its HTML.
type BodyMemo = (Arc<str>, Arc<str>);

/// Rendered Markdown bodies by topic, reused while the topic's file text is the same
/// (`kbgen serve`). A body's HTML depends only on its file's text, the highlighter (one per
/// cache) and the raw-HTML switch (part of the key).
#[derive(Debug, Default)]
pub struct BodyCache {
    /// A one-shot build keeps nothing (lower peak memory).
    off: bool,
    bodies: std::sync::Mutex<std::collections::HashMap<BodyKey, BodyMemo>>,
}

impl BodyCache {
    /// A cache that stores nothing, for one-shot builds.
    pub fn disabled() -> Self {
        BodyCache {
            off: true,
            ..Default::default()
        }
    }

    fn render(&self, topic: &Topic, md: &MarkdownContext) -> String {
        if self.off {
            return markdown::render(&topic.body, md);
        }
        let key = (
            topic.lang.clone(),
            topic.id().to_string(),
            md.allow_raw_html,
        );
        if let Some((text, html)) = self.bodies.lock().ok().and_then(|m| m.get(&key).cloned()) {
            if std::sync::Arc::ptr_eq(&text, &topic.file.text) || text == topic.file.text {
                return html.to_string();
            }
        }
        let html: std::sync::Arc<str> = markdown::render(&topic.body, md).into();
        if let Ok(mut m) = self.bodies.lock() {
            m.insert(key, (topic.file.text.clone(), html.clone()));
        }
        html.to_string()
    }
}

/// Renders every page; returns `(root-relative path, html)` pairs.
pub fn render_pages(input: &SiteInput) -> Result<Vec<(String, String)>, Error> {
    let mut pages: Vec<(String, PageKind)> = vec![
        ("index.html".into(), PageKind::Chooser),
        (
            "404.html".into(),
            PageKind::NotFound(&input.config.default_language),
        ),
    ];
    for lang in &input.config.languages {
        pages.push((urls::home(lang), PageKind::Home(lang)));
        pages.push((urls::search(lang), PageKind::Search(lang)));
        pages.push((urls::not_found(lang), PageKind::NotFound(lang)));
        for c in &input.config.categories {
            pages.push((urls::category(lang, &c.id), PageKind::Category(lang, &c.id)));
        }
    }
    for t in &input.corpus.topics {
        pages.push((urls::topic(&t.lang, t.id()), PageKind::Topic(t)));
    }
    let by_category = topics_by_category(input);
    if input.pages.off {
        return pages
            .par_iter()
            .map(|(path, kind)| Ok((path.clone(), render_page(input, &by_category, path, kind)?)))
            .collect();
    }
    let signature = site_signature(input);
    let previous = input
        .pages
        .last
        .lock()
        .ok()
        .and_then(|mut last| last.take())
        .filter(|p| p.signature == signature);
    let rendered: Vec<(String, Option<Arc<str>>, Arc<str>)> = pages
        .par_iter()
        .map(|(path, kind)| {
            let own_text = match kind {
                PageKind::Topic(t) => Some(t.file.text.clone()),
                _ => None,
            };
            let reusable = previous
                .as_ref()
                .and_then(|p| p.pages.get(path))
                .filter(|(text, _)| match (text, &own_text) {
                    (None, None) => true,
                    (Some(a), Some(b)) => Arc::ptr_eq(a, b) || a == b,
                    _ => false,
                });
            let html: Arc<str> = match reusable {
                Some((_, html)) => html.clone(),
                None => render_page(input, &by_category, path, kind)?.into(),
            };
            Ok((path.clone(), own_text, html))
        })
        .collect::<Result<_, Error>>()?;
    let out = rendered
        .iter()
        .map(|(p, _, h)| (p.clone(), h.to_string()))
        .collect();
    if let Ok(mut last) = input.pages.last.lock() {
        let pages = rendered.into_iter().map(|(p, t, h)| (p, (t, h))).collect();
        *last = Some(RenderedSite { signature, pages });
    }
    Ok(out)
}

/// The pages of the previous build with the signature of everything they depended on besides
/// their own topic file, so `kbgen serve` re-renders only what an edit can change.
///
/// A page depends on: the configuration, templates, UI strings, sources, "today" and scripts
/// (together [`SiteInput::inputs_signature`]), and the listing fields of every topic (id,
/// language, title, summary, category, reviewed: they appear in the sidebar, home, category
/// pages, related cards and prev/next links). When all of these are unchanged, a topic page is
/// reused if its own file is unchanged and every other page is reused; otherwise everything is
/// rendered again. `tests/serve.rs` checks rebuilds against fresh builds byte for byte.
#[derive(Debug, Default)]
pub struct PageCache {
    last: std::sync::Mutex<Option<RenderedSite>>,
    /// A one-shot build keeps nothing (lower peak memory).
    off: bool,
}

impl PageCache {
    /// A cache that stores nothing, for one-shot builds.
    pub fn disabled() -> Self {
        PageCache {
            off: true,
            ..Default::default()
        }
    }
}

#[derive(Debug)]
struct RenderedSite {
    signature: u64,
    pages: std::collections::HashMap<String, (Option<Arc<str>>, Arc<str>)>,
}

fn site_signature(input: &SiteInput) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    input.inputs_signature.hash(&mut h);
    for t in &input.corpus.topics {
        let m = &t.meta;
        (
            &t.lang,
            t.id(),
            &m.title.value,
            &m.summary.value,
            &m.category.value,
            &m.reviewed.value,
        )
            .hash(&mut h);
    }
    h.finish()
}

type ByCategory<'a> = BTreeMap<(&'a str, &'a str), Vec<&'a Topic>>;

fn topics_by_category<'a>(input: &SiteInput<'a>) -> ByCategory<'a> {
    let mut map: ByCategory = BTreeMap::new();
    for t in &input.corpus.topics {
        map.entry((t.lang.as_str(), t.meta.category.value.as_str()))
            .or_default()
            .push(t);
    }
    map
}

fn render_page(
    input: &SiteInput,
    by_cat: &ByCategory,
    path: &str,
    kind: &PageKind,
) -> Result<String, Error> {
    let cfg = input.config;
    let (template, mut cx) = match kind {
        PageKind::Chooser => {
            let lang = cfg.default_language.as_str();
            let mut cx = common(
                input,
                by_cat,
                lang,
                path,
                "chooser",
                cfg.title_in(lang),
                &|l| urls::home(l),
                None,
                None,
            );
            cx.insert("redirect_url", &urls::relative(path, &urls::home(lang)));
            ("chooser.html", cx)
        }
        PageKind::NotFound(lang) => {
            let title = t(input, lang, "not_found_title");
            (
                "not_found.html",
                common(
                    input,
                    by_cat,
                    lang,
                    path,
                    "not_found",
                    &title,
                    &|l| urls::not_found(l),
                    None,
                    None,
                ),
            )
        }
        PageKind::Home(lang) => {
            let mut cx = common(
                input,
                by_cat,
                lang,
                path,
                "home",
                cfg.title_in(lang),
                &|l| urls::home(l),
                None,
                None,
            );
            let cats: Vec<CategoryView> = cfg
                .categories
                .iter()
                .map(|c| category_view(input, by_cat, lang, &c.id, path))
                .collect();
            cx.insert("categories", &cats);
            ("home.html", cx)
        }
        PageKind::Search(lang) => {
            let title = t(input, lang, "search_title");
            (
                "search.html",
                common(
                    input,
                    by_cat,
                    lang,
                    path,
                    "search",
                    &title,
                    &|l| urls::search(l),
                    None,
                    None,
                ),
            )
        }
        PageKind::Category(lang, id) => {
            let view = category_view(input, by_cat, lang, id, path);
            let mut cx = common(
                input,
                by_cat,
                lang,
                path,
                "category",
                &view.title,
                &|l| urls::category(l, id),
                Some(id),
                None,
            );
            cx.insert("category", &view);
            ("category.html", cx)
        }
        PageKind::Topic(topic) => {
            let id = topic.id();
            let corpus = input.corpus;
            let twin = |l: &str| {
                if corpus.topic(l, id).is_some() {
                    urls::topic(l, id)
                } else {
                    urls::home(l)
                }
            };
            let mut cx = common(
                input,
                by_cat,
                &topic.lang,
                path,
                "topic",
                &topic.meta.title.value,
                &twin,
                Some(&topic.meta.category.value),
                Some(id),
            );
            cx.insert("topic", &topic_view(input, by_cat, topic, path));
            ("topic.html", cx)
        }
    };
    cx.insert("generator", &format!("kbgen {}", env!("CARGO_PKG_VERSION")));
    input
        .tera
        .render(template, &cx)
        .map_err(|e| Error::Template(format!("{template} (rendering {path}): {}", describe(&e))))
}

fn t(input: &SiteInput, lang: &str, key: &str) -> String {
    input
        .strings
        .get(lang)
        .and_then(|s| s.get(key))
        .cloned()
        .unwrap_or_else(|| key.to_string())
}

#[allow(
    clippy::too_many_arguments,
    reason = "one call site per page kind; a struct would only rename the arguments"
)]
fn common(
    input: &SiteInput,
    by_cat: &ByCategory,
    lang: &str,
    path: &str,
    kind: &str,
    title: &str,
    twin: &dyn Fn(&str) -> String,
    current_category: Option<&str>,
    current_topic: Option<&str>,
) -> Context {
    let cfg = input.config;
    let mut cx = Context::new();
    cx.insert("lang", lang);
    cx.insert("root", &urls::root_of(path));
    cx.insert("t", input.strings.get(lang).unwrap_or(&Strings::new()));
    cx.insert("site_title", cfg.title_in(lang));
    cx.insert("page_title", title);
    cx.insert("page_kind", kind);
    cx.insert("home_url", &urls::relative(path, &urls::home(lang)));
    cx.insert("search_url", &urls::relative(path, &urls::search(lang)));
    let languages: Vec<LanguageLink> = cfg
        .languages
        .iter()
        .map(|l| LanguageLink {
            code: l.clone(),
            name: t(input, l, "language_name"),
            url: urls::relative(path, &twin(l)),
            current: l == lang,
        })
        .collect();
    cx.insert("languages", &languages);
    let nav: Vec<NavCategory> = cfg
        .categories
        .iter()
        .map(|c| {
            let current = current_category == Some(c.id.as_str());
            let all: &[&Topic] = if current {
                by_cat
                    .get(&(lang, c.id.as_str()))
                    .map(Vec::as_slice)
                    .unwrap_or(&[])
            } else {
                &[]
            };
            let window = nav_window(all, current_topic);
            let topics: Vec<NavTopic> = all[window.clone()]
                .iter()
                .map(|tp| NavTopic {
                    id: tp.id().to_string(),
                    title: tp.meta.title.value.clone(),
                    url: urls::relative(path, &urls::topic(lang, tp.id())),
                    current: current_topic == Some(tp.id()),
                })
                .collect();
            let hidden_topics = all.len() - topics.len();
            NavCategory {
                id: c.id.clone(),
                title: c.title_in(lang).to_string(),
                url: urls::relative(path, &urls::category(lang, &c.id)),
                current,
                topics,
                hidden_topics,
            }
        })
        .collect();
    cx.insert("nav", &nav);
    let scripts: Vec<String> = input
        .scripts
        .iter()
        .map(|s| urls::relative(path, &s.replace("{lang}", lang)))
        .collect();
    cx.insert("scripts", &scripts);
    cx
}

/// How many sidebar entries of the current category a page lists. Bounded so a page's size does
/// not grow with the number of topics (every page listing every topic is what makes mdBook
/// quadratic); the category page lists them all.
pub const NAV_WINDOW: usize = 15;

/// The slice of a category's topics the sidebar shows: a window around the current topic.
fn nav_window(all: &[&Topic], current: Option<&str>) -> std::ops::Range<usize> {
    if all.len() <= NAV_WINDOW {
        return 0..all.len();
    }
    let here = current
        .and_then(|id| all.iter().position(|t| t.id() == id))
        .unwrap_or(0);
    let start = here
        .saturating_sub(NAV_WINDOW / 2)
        .min(all.len() - NAV_WINDOW);
    start..start + NAV_WINDOW
}

fn card(t: &Topic, from: &str) -> TopicCard {
    TopicCard {
        id: t.id().to_string(),
        title: t.meta.title.value.clone(),
        url: urls::relative(from, &urls::topic(&t.lang, t.id())),
        summary: t.meta.summary.value.clone(),
        reviewed: t.meta.reviewed.value.clone(),
    }
}

fn category_view(
    input: &SiteInput,
    by_cat: &ByCategory,
    lang: &str,
    id: &str,
    from: &str,
) -> CategoryView {
    let title = input
        .config
        .category(id)
        .map_or(id, |c| c.title_in(lang))
        .to_string();
    CategoryView {
        id: id.to_string(),
        title,
        url: urls::relative(from, &urls::category(lang, id)),
        topics: by_cat
            .get(&(lang, id))
            .map(|ts| ts.iter().map(|t| card(t, from)).collect())
            .unwrap_or_default(),
    }
}

fn topic_view(input: &SiteInput, by_cat: &ByCategory, topic: &Topic, path: &str) -> TopicView {
    let lang = topic.lang.as_str();
    let cat_id = topic.meta.category.value.as_str();
    let o = &topic.outline;
    let md = MarkdownContext {
        highlighter: input.highlighter,
        allow_raw_html: input.config.allow_raw_html,
        headings: &o.headings,
    };
    let body_html = input.bodies.render(topic, &md);
    let mut toc: Vec<TocEntry> = o
        .headings
        .iter()
        .filter(|h| h.level == 2 || h.level == 3)
        .map(|h| TocEntry {
            level: h.level,
            id: h.id.clone(),
            title: h.text.clone(),
        })
        .collect();
    toc.extend(topic.meta.procedures.iter().map(|p| TocEntry {
        level: 2,
        id: p.id.value.clone(),
        title: p.title.value.clone(),
    }));
    let siblings = by_cat
        .get(&(lang, cat_id))
        .map(Vec::as_slice)
        .unwrap_or(&[]);
    let here = siblings.iter().position(|t| t.id() == topic.id());
    let link = |t: &&Topic| TitledLink {
        id: t.id().to_string(),
        title: t.meta.title.value.clone(),
        url: urls::relative(path, &urls::topic(lang, t.id())),
    };
    let prev = here
        .and_then(|i| i.checked_sub(1))
        .and_then(|i| siblings.get(i))
        .map(link);
    let next = here.and_then(|i| siblings.get(i + 1)).map(link);
    TopicView {
        id: topic.id().to_string(),
        title: topic.meta.title.value.clone(),
        summary: topic.meta.summary.value.clone(),
        reviewed: topic.meta.reviewed.value.clone(),
        tags: topic.meta.tags.clone(),
        applies_to: topic.meta.applies_to.clone(),
        aliases: topic.meta.aliases.clone(),
        category: TitledLink {
            id: cat_id.to_string(),
            title: input
                .config
                .category(cat_id)
                .map_or(cat_id, |c| c.title_in(lang))
                .to_string(),
            url: urls::relative(path, &urls::category(lang, cat_id)),
        },
        body_html,
        toc,
        procedures: topic
            .meta
            .procedures
            .iter()
            .map(|p| procedure_view(input, lang, p, &md))
            .collect(),
        related: topic
            .meta
            .related
            .iter()
            .filter_map(|r| input.corpus.topic(lang, &r.value))
            .map(|t| card(t, path))
            .collect(),
        prev,
        next,
    }
}

fn procedure_view(
    input: &SiteInput,
    lang: &str,
    p: &Procedure,
    md: &MarkdownContext,
) -> ProcedureView {
    let max_age = input.config.lint.max_source_age_days;
    ProcedureView {
        id: p.id.value.clone(),
        title: p.title.value.clone(),
        steps_html: p
            .steps
            .iter()
            .map(|s| markdown::render_inline(&s.value, md))
            .collect(),
        warnings_html: p
            .warnings
            .iter()
            .map(|w| markdown::render_inline(&w.value, md))
            .collect(),
        commands: p
            .commands
            .iter()
            .map(|c| command_view(input, lang, c, md))
            .collect(),
        sources: p
            .sources
            .iter()
            .filter_map(|id| input.corpus.source(&id.value))
            .map(|s| {
                let on = s.verified_on();
                SourceView {
                    id: s.id.value.clone(),
                    title: s.title.value.clone(),
                    // The linter refuses such a URL (KB025, not configurable); never emit it.
                    url: if urls::allowed(&s.url.value) {
                        s.url.value.clone()
                    } else {
                        "#".into()
                    },
                    publisher: s.publisher.clone(),
                    lang: s.lang.clone(),
                    verified_on: on.map(|d| d.to_string()).unwrap_or_default(),
                    stale: on.is_none_or(|d| input.today.days_since(d) > max_age),
                }
            })
            .collect(),
    }
}

fn command_view(input: &SiteInput, lang: &str, c: &Command, md: &MarkdownContext) -> CommandView {
    let shell = c.shell.value.as_str();
    let label = input
        .strings
        .get(lang)
        .and_then(|s| s.get(&format!("shell_{shell}")))
        .cloned()
        .unwrap_or_else(|| shell.to_string());
    CommandView {
        shell: shell.to_string(),
        shell_label: label,
        run: c.run.value.clone(),
        copy_text: strip_prompts(&c.run.value),
        code_html: input.highlighter.highlight(shell, &c.run.value).to_string(),
        admin: c.admin,
        note_html: c
            .note
            .as_ref()
            .map(|n| markdown::render_inline(&n.value, md))
            .unwrap_or_default(),
        deprecated: input
            .config
            .deprecation_of(&c.run.value)
            .map(|d| DeprecationView {
                tool: d.tool.clone(),
                replacement: d.replacement.clone(),
            }),
    }
}

/// Removes a leading shell prompt (`PS C:\>`, `C:\Windows>`, `$ `) from each line, so what the
/// copy button copies can be pasted and run as is.
pub fn strip_prompts(text: &str) -> String {
    text.lines()
        .map(|line| {
            let l = line.trim_start();
            if let Some(rest) = l.strip_prefix("PS ") {
                if let Some(i) = rest.find('>') {
                    return rest[i + 1..].trim_start();
                }
            }
            let b = l.as_bytes();
            if b.len() > 2 && b[0].is_ascii_alphabetic() && b[1] == b':' && b[2] == b'\\' {
                if let Some(i) = l.find('>') {
                    return l[i + 1..].trim_start();
                }
            }
            l.strip_prefix("$ ").unwrap_or(line)
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::strip_prompts;

    #[test]
    fn prompts_are_stripped_for_copying() {
        assert_eq!(
            strip_prompts("PS C:\\> Get-CimInstance x"),
            "Get-CimInstance x"
        );
        assert_eq!(
            strip_prompts("C:\\Windows\\system32> slmgr /dli"),
            "slmgr /dli"
        );
        assert_eq!(strip_prompts("slmgr /dli"), "slmgr /dli");
        assert_eq!(strip_prompts("$ ls\n$ pwd"), "ls\npwd");
    }
}

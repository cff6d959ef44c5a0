//! The topic page's own view: body, table of contents, procedures with their commands and
//! sources, related topics and the previous/next links within its category.

use crate::content::{Command, Procedure, Topic};
use crate::render::flow::{self, FLOW_ANCHOR};
use crate::render::lists::{card, category_title, term_links};
use crate::render::markdown::{self, MarkdownContext};
use crate::render::site::Site;
use crate::render::terms::Facet;
use crate::render::urls;
use crate::render::views::*;

/// The view of `topic`'s page at `path`.
pub fn topic_view(site: &Site, topic: &Topic, path: &str) -> TopicView {
    let lang = topic.lang.as_str();
    let cat_id = topic.meta.category.value.as_str();
    let md = MarkdownContext {
        highlighter: site.highlighter,
        allow_raw_html: site.config.allow_raw_html,
        headings: &topic.outline.headings,
    };
    let key = (topic.hash, md.allow_raw_html);
    let body_html = Keyed {
        value: site
            .bodies
            .get_or_insert_with(key, || markdown::render(topic.body(), &md).into()),
        key: crate::memo::hash_of(&key),
    };
    let siblings = site.category_topics(lang, cat_id);
    let here = site.place_of(topic);
    let link = |t: &&Topic| TitledLink {
        id: t.id().to_string(),
        title: t.meta.title.value.clone(),
        url: urls::relative(path, &urls::topic(lang, t.id())),
    };
    let flow = flow::flow_view(site, topic, path, &md);
    let mut toc = toc(topic);
    if let Some(f) = &flow {
        // The flow comes first on the page, before the body.
        toc.insert(
            0,
            TocEntry {
                level: 2,
                id: FLOW_ANCHOR.to_string(),
                title: f.title.clone(),
            },
        );
    }
    let procedure_ids: Vec<&str> = topic
        .meta
        .procedures
        .iter()
        .map(|p| p.id.value.as_str())
        .collect();
    TopicView {
        id: topic.id().to_string(),
        title: topic.meta.title.value.clone(),
        summary: topic.meta.summary.value.clone(),
        reviewed: topic.meta.reviewed.value.clone(),
        tags: topic.meta.tags.clone(),
        applies_to: topic.meta.applies_to.clone(),
        tag_links: term_links(site, topic, Facet::Tag, path),
        applies_to_links: term_links(site, topic, Facet::AppliesTo, path),
        aliases: topic.meta.aliases.clone(),
        category: TitledLink {
            id: cat_id.to_string(),
            title: category_title(site, lang, cat_id),
            url: urls::relative(path, &urls::category(lang, cat_id)),
        },
        body_html,
        toc,
        procedures: topic
            .meta
            .procedures
            .iter()
            .map(|p| ProcedureView {
                reached_from: flow::reached_from(site, topic, path, Some(&p.id.value), &[]),
                ..procedure_view(site, topic, p, &md, path)
            })
            .collect(),
        related: topic
            .meta
            .related
            .iter()
            .filter_map(|r| site.corpus.topic(lang, &r.value))
            .map(|t| card(t, path))
            .collect(),
        prev: here
            .and_then(|i| i.checked_sub(1))
            .and_then(|i| siblings.get(i))
            .map(link),
        next: here.and_then(|i| siblings.get(i + 1)).map(link),
        reached_from: flow::reached_from(site, topic, path, None, &procedure_ids),
        flow,
        feedback_template: site.config.feedback_url.clone(),
    }
}

/// `[feedback] url` filled in for procedure `p` of `topic`, whose page is at `path`.
fn feedback_url(site: &Site, topic: &Topic, p: &Procedure, path: &str) -> Option<String> {
    let template = site.config.feedback_url.as_ref()?;
    Some(
        template
            .replace("{title}", &urls::encode_component(&topic.meta.title.value))
            .replace(
                "{url}",
                &urls::encode_component(&format!("{path}#{}", p.id.value)),
            )
            .replace("{procedure}", &urls::encode_component(&p.title.value)),
    )
}

/// Headings of levels 2 and 3, then the procedures (rendered after the body).
fn toc(topic: &Topic) -> Vec<TocEntry> {
    let mut toc: Vec<TocEntry> = topic
        .outline
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
    toc
}

fn procedure_view(
    site: &Site,
    topic: &Topic,
    p: &Procedure,
    md: &MarkdownContext,
    path: &str,
) -> ProcedureView {
    let lang = topic.lang.as_str();
    let max_age = site.config.lint.max_source_age_days;
    ProcedureView {
        id: p.id.value.clone(),
        title: p.title.value.clone(),
        steps: p
            .steps
            .iter()
            .map(|s| StepView {
                html: markdown::render_inline(&s.text.value, md),
                commands: s
                    .commands
                    .iter()
                    .map(|c| command_view(site, lang, c, md))
                    .collect(),
            })
            .collect(),
        steps_html: p
            .steps
            .iter()
            .map(|s| markdown::render_inline(&s.text.value, md))
            .collect(),
        warnings_html: p
            .warnings
            .iter()
            .map(|w| markdown::render_inline(&w.value, md))
            .collect(),
        commands: p
            .commands
            .iter()
            .map(|c| command_view(site, lang, c, md))
            .collect(),
        sources: p
            .sources
            .iter()
            .filter_map(|id| site.corpus.source(&id.value))
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
                    display_url: urls::readable(&s.url.value),
                    publisher: s.publisher.clone(),
                    lang: s.lang.clone(),
                    verified_on: on.map(|d| d.to_string()).unwrap_or_default(),
                    stale: on.is_none_or(|d| site.today.days_since(d) > max_age),
                }
            })
            .collect(),
        reached_from: Vec::new(),
        feedback_url: feedback_url(site, topic, p, path),
    }
}

fn command_view(site: &Site, lang: &str, c: &Command, md: &MarkdownContext) -> CommandView {
    let shell = c.shell.value.as_str();
    let label = site
        .strings_of(lang)
        .value
        .get(&format!("shell_{shell}"))
        .cloned()
        .unwrap_or_else(|| shell.to_string());
    CommandView {
        shell: shell.to_string(),
        shell_label: label,
        run: c.run.value.clone(),
        copy_text: strip_prompts(&c.run.value),
        code_html: site.highlighter.highlight(shell, &c.run.value).to_string(),
        admin: c.admin,
        note_html: c
            .note
            .as_ref()
            .map(|n| markdown::render_inline(&n.value, md))
            .unwrap_or_default(),
        deprecated: site
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

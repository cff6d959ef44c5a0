//! Source rules: cited ids exist; every source is verified, recent, https and on a trusted
//! host; every source is cited.

use super::at;
use crate::config::Config;
use crate::content::Corpus;
use crate::date::Date;
use crate::lint::rules::{
    SOURCE_FUTURE_DATE, SOURCE_NOT_HTTPS, SOURCE_NOT_VERIFIED, SOURCE_STALE, UNKNOWN_SOURCE,
    UNTRUSTED_HOST, UNUSED_SOURCE,
};
use crate::lint::Reporter;
use std::collections::HashSet;

/// Checks citations and `content/sources.yaml`.
pub fn check(config: &Config, corpus: &Corpus, today: Date, r: &mut Reporter) {
    let mut cited: HashSet<&str> = HashSet::new();
    for t in &corpus.topics {
        for p in &t.meta.procedures {
            for s in &p.sources {
                cited.insert(s.value.as_str());
                if corpus.source(&s.value).is_none() {
                    if let Some(d) = r.report(
                        &UNKNOWN_SOURCE,
                        t.path(),
                        at(s),
                        format!(
                            "procedure `{}` cites unknown source `{}`",
                            p.id.value, s.value
                        ),
                    ) {
                        d.help = Some("add it to content/sources.yaml or fix the id".into());
                        d.len = s.value.chars().count() as u32;
                    }
                    r.follows_from(
                        corpus
                            .sources_file
                            .as_ref()
                            .map_or_else(|| "content/sources.yaml".into(), |f| f.path.clone()),
                    );
                }
            }
        }
    }
    let Some(file) = &corpus.sources_file else {
        return;
    };
    let path = &file.path;
    for s in &corpus.sources {
        let sid = &s.id.value;
        match &s.verified {
            None => {
                if let Some(d) = r.report(
                    &SOURCE_NOT_VERIFIED,
                    path,
                    at(&s.id),
                    format!("source `{sid}` has no `verified` record"),
                ) {
                    d.help = Some(
                        "add `verified: {on: YYYY-MM-DD, quote: \"words found on the page\"}`"
                            .into(),
                    );
                }
            }
            Some(v) => {
                match &v.on {
                    None => {
                        r.report(
                            &SOURCE_NOT_VERIFIED,
                            path,
                            at(&s.id),
                            format!("source `{sid}` has no `verified.on` date"),
                        );
                    }
                    Some(on) => {
                        match Date::parse(&on.value) {
                            None => {
                                if let Some(d) = r.report(
                                    &SOURCE_NOT_VERIFIED,
                                    path,
                                    at(on),
                                    format!("`verified.on: {}` is not a date", on.value),
                                ) {
                                    d.help = Some("write the date as YYYY-MM-DD".into());
                                }
                            }
                            Some(date) if date > today => {
                                r.report(&SOURCE_FUTURE_DATE, path, at(on), format!("source `{sid}` is verified on {date}, after today ({today})"));
                            }
                            Some(date) => {
                                let age = today.days_since(date);
                                if age > config.lint.max_source_age_days {
                                    if let Some(d) = r.report(
                                        &SOURCE_STALE,
                                        path,
                                        at(on),
                                        format!("source `{sid}` was verified {age} days ago"),
                                    ) {
                                        d.help = Some(format!(
                                            "re-read the page and update the date (limit: {} days)",
                                            config.lint.max_source_age_days
                                        ));
                                    }
                                }
                            }
                        }
                    }
                }
                if v.quote.as_deref().is_none_or(|q| q.trim().is_empty()) {
                    if let Some(d) = r.report(
                        &SOURCE_NOT_VERIFIED,
                        path,
                        at(&s.id),
                        format!("source `{sid}` has no `verified.quote`"),
                    ) {
                        d.help = Some("copy a sentence from the page into `verified.quote`".into());
                    }
                }
            }
        }
        let url = s.url.value.trim();
        let scheme_ok = url
            .get(..8)
            .is_some_and(|s| s.eq_ignore_ascii_case("https://"));
        match url.get(8..).filter(|_| scheme_ok) {
            None => {
                if let Some(d) = r.report(
                    &SOURCE_NOT_HTTPS,
                    path,
                    at(&s.url),
                    format!("source `{sid}` does not use https"),
                ) {
                    d.len = url.chars().count() as u32;
                }
            }
            Some(rest) => {
                let host = rest.split(['/', '?', '#']).next().unwrap_or("");
                let host = host.rsplit('@').next().unwrap_or(host);
                let host = host.split(':').next().unwrap_or(host).to_ascii_lowercase();
                let trusted = &config.lint.trusted_hosts;
                if !trusted.is_empty() && !trusted.iter().any(|h| h.eq_ignore_ascii_case(&host)) {
                    if let Some(d) = r.report(
                        &UNTRUSTED_HOST,
                        path,
                        at(&s.url),
                        format!("host `{host}` of source `{sid}` is not trusted"),
                    ) {
                        d.help = Some(format!(
                            "trusted hosts ([lint] trusted_hosts): {}",
                            trusted.join(", ")
                        ));
                        d.len = url.chars().count() as u32;
                    }
                }
            }
        }
        if !cited.contains(sid.as_str()) {
            if let Some(d) = r.report(
                &UNUSED_SOURCE,
                path,
                at(&s.id),
                format!("source `{sid}` is not cited by any procedure"),
            ) {
                d.len = sid.chars().count() as u32;
            }
        }
    }
}

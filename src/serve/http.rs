//! The HTTP side: every request is answered from the in-memory site (never from disk), so no
//! URL can reach a file outside it. Paths are checked before lookup anyway, and anything
//! ambiguous (`..`, `.`, encoded slashes or dots-as-segments, backslashes, empty segments, NUL,
//! drive letters) is refused with 400 rather than guessed at. Requests whose `Host` names
//! neither the loopback nor the bound address (nor an `--allow-host` name) get 403, so a page
//! on another site cannot read the preview through DNS rebinding.

use super::overlay::{OVERLAY_CSS, RELOAD_JS};
use super::reload::{Hub, Live};
use super::PREFIX;
use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, Method, Response, StatusCode, Uri};
use axum::response::sse::{KeepAlive, Sse};
use axum::response::IntoResponse;
use axum::Router;
use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

/// The router: one fallback handler, so every request goes through [`HostPolicy::allows`] and
/// every path through [`resolve`].
pub fn router(hub: Arc<Hub>, hosts: HostPolicy) -> Router {
    Router::new()
        .fallback(handle)
        .with_state(Arc::new(App { hub, hosts }))
}

struct App {
    hub: Arc<Hub>,
    hosts: HostPolicy,
}

/// Which `Host` header values the preview answers. A DNS-rebinding page reaches the server
/// under the attacker's host name; refusing every name but the loopback's, the bound
/// address's and the writer's own (`--allow-host`) stops it. IP literals cannot be rebound:
/// any is accepted when the server listens on every address.
#[derive(Debug, Clone)]
pub struct HostPolicy {
    /// The address the server listens on.
    pub bound: IpAddr,
    /// Extra host names (`--allow-host`), compared without case.
    pub extra: Vec<String>,
}

impl HostPolicy {
    /// Whether a request with this `Host` value (`None`: no header, as in HTTP/1.0) is served.
    pub fn allows(&self, host: Option<&str>) -> bool {
        let Some(host) = host else {
            // Browsers always send Host; a client that does not is not a rebinding page.
            return true;
        };
        let host = host.trim();
        // Strip the port: `[::1]:3000`, `127.0.0.1:3000`, `localhost:3000`.
        let name = if let Some(rest) = host.strip_prefix('[') {
            match rest.split_once(']') {
                Some((ip, port)) if port.is_empty() || is_port(port) => ip,
                _ => return false,
            }
        } else {
            match host.rsplit_once(':') {
                Some((name, port)) if is_port(port) => name,
                Some(_) => return false,
                None => host,
            }
        };
        if name.is_empty() {
            return false;
        }
        let lower = name.to_ascii_lowercase();
        if lower == "localhost" || lower.ends_with(".localhost") {
            return true;
        }
        if self.extra.iter().any(|h| h.eq_ignore_ascii_case(name)) {
            return true;
        }
        match name.parse::<IpAddr>() {
            Ok(ip) => ip.is_loopback() || ip == self.bound || self.bound.is_unspecified(),
            Err(_) => false,
        }
    }
}

fn is_port(s: &str) -> bool {
    s.strip_prefix(':').unwrap_or(s).parse::<u16>().is_ok()
}

/// Why a request path was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rejected {
    /// The path is malformed or tries to leave the site: 400.
    BadPath,
}

/// Turns a raw request path (still percent-encoded) into a key of the in-memory site:
/// `/` → `index.html`, `/ja/` → `ja/index.html`, `/a%20b.css` → `a b.css`. Pure, so every
/// traversal trick is unit-tested.
pub fn resolve(raw: &str) -> Result<String, Rejected> {
    let lower = raw.to_ascii_lowercase();
    // Encoded separators would let one segment become two after decoding.
    if !raw.starts_with('/') || lower.contains("%2f") || lower.contains("%5c") {
        return Err(Rejected::BadPath);
    }
    let decoded = percent_decode(&raw[1..]).ok_or(Rejected::BadPath)?;
    if decoded.contains(['\\', '\0']) || decoded.chars().any(char::is_control) {
        return Err(Rejected::BadPath);
    }
    let dir = decoded.is_empty() || decoded.ends_with('/');
    let trimmed = decoded.strip_suffix('/').unwrap_or(&decoded);
    if !trimmed.is_empty() {
        for (i, seg) in trimmed.split('/').enumerate() {
            let drive = i == 0 && seg.len() == 2 && seg.ends_with(':');
            if seg.is_empty() || seg == "." || seg == ".." || drive {
                return Err(Rejected::BadPath);
            }
        }
    }
    Ok(if dir {
        format!("{decoded}index.html")
    } else {
        decoded
    })
}

/// Decodes `%XX` escapes (`percent-encoding`); `None` when the result is not UTF-8 or an escape
/// is malformed (`%zz`, a lone `%`), which the crate would pass through as written: such a
/// path is ambiguous, so it is refused rather than guessed at.
fn percent_decode(s: &str) -> Option<String> {
    let malformed = s.match_indices('%').any(|(i, _)| {
        !s.get(i + 1..i + 3)
            .is_some_and(|hex| hex.bytes().all(|b| b.is_ascii_hexdigit()))
    });
    if malformed {
        return None;
    }
    let decoded = percent_encoding::percent_decode_str(s).decode_utf8().ok()?;
    Some(decoded.into_owned())
}

/// The `Content-Type` for a site path, guessed from its extension by `mime_guess`; text types
/// say UTF-8 because kbgen writes UTF-8 (and a browser would otherwise guess the encoding).
pub fn mime(path: &str) -> String {
    let guess = mime_guess::from_path(path)
        .first_raw()
        .unwrap_or("application/octet-stream");
    if guess.starts_with("text/") {
        format!("{guess}; charset=utf-8")
    } else {
        guess.to_string()
    }
}

async fn handle(
    State(app): State<Arc<App>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Response<Body> {
    let head = method == Method::HEAD;
    let mut hosts = headers.get_all(header::HOST).iter();
    let host = hosts.next().map(|v| v.to_str().unwrap_or("\u{0}"));
    let authority = uri.authority().map(|a| a.as_str());
    if hosts.next().is_some()
        || !app.hosts.allows(host)
        || authority.is_some_and(|a| !app.hosts.allows(Some(a)))
    {
        return plain(
            StatusCode::FORBIDDEN,
            "forbidden: this Host is not the preview's (use --allow-host NAME to add one)\n",
            head,
        );
    }
    let hub = &app.hub;
    if method != Method::GET && !head {
        let mut r = plain(StatusCode::METHOD_NOT_ALLOWED, "only GET and HEAD\n", head);
        r.headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return r;
    }
    let Ok(key) = resolve(uri.path()) else {
        return plain(StatusCode::BAD_REQUEST, "bad request path\n", head);
    };
    if let Some(own) = key.strip_prefix(PREFIX) {
        return match own {
            "events" if !head => Sse::new(hub.stream())
                .keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
                .into_response(),
            "reload.js" => file(
                StatusCode::OK,
                "reload.js",
                RELOAD_JS.as_bytes(),
                head,
                None,
            ),
            "overlay.css" => file(
                StatusCode::OK,
                "overlay.css",
                OVERLAY_CSS.as_bytes(),
                head,
                None,
            ),
            _ => plain(StatusCode::NOT_FOUND, "not found\n", head),
        };
    }
    let live = hub.current();
    let Some(site) = live.site.as_ref() else {
        return not_built(&live, head);
    };
    if let Some(bytes) = site.get(&key) {
        return file(StatusCode::OK, &key, bytes, head, Some(&live));
    }
    // `/ja` → `/ja/`: a redirect, not a listing, so the page's relative links resolve.
    if !key.ends_with("index.html") && site.get(&format!("{key}/index.html")).is_some() {
        let mut to = format!("{}/", uri.path());
        if let Some(q) = uri.query() {
            to.push('?');
            to.push_str(q);
        }
        let mut r = plain(StatusCode::PERMANENT_REDIRECT, "", head);
        if let Ok(v) = HeaderValue::from_str(&to) {
            r.headers_mut().insert(header::LOCATION, v);
        }
        return r;
    }
    not_found(site, &key, head, &live)
}

/// The 404 page of the language the URL is in (`/en/typo.html` → `en/404.html`), else the
/// site's, else a plain 404; in place, with its links rebased to the URL's depth.
fn not_found(site: &crate::output::Output, key: &str, head: bool, live: &Live) -> Response<Body> {
    let page = super::not_found::page_for(key, |p| site.get(p).is_some());
    let Some(bytes) = site.get(&page) else {
        return plain(StatusCode::NOT_FOUND, "not found\n", head);
    };
    // `key` names a file (a folder's is its `index.html`), as the page's links assume.
    match std::str::from_utf8(bytes) {
        Ok(html) => {
            let html = super::not_found::rebase(html, &page, key);
            file(
                StatusCode::NOT_FOUND,
                &page,
                html.as_bytes(),
                head,
                Some(live),
            )
        }
        Err(_) => file(StatusCode::NOT_FOUND, &page, bytes, head, Some(live)),
    }
}

/// A file response. HEAD gets the same headers (Content-Length included) and no body.
fn file(
    status: StatusCode,
    path: &str,
    bytes: &[u8],
    head: bool,
    live: Option<&Live>,
) -> Response<Body> {
    let body = if head {
        Body::empty()
    } else {
        Body::from(bytes.to_vec())
    };
    let mut r = Response::new(body);
    *r.status_mut() = status;
    let h = r.headers_mut();
    let content_type = HeaderValue::try_from(mime(path))
        .unwrap_or_else(|_| HeaderValue::from_static("application/octet-stream"));
    h.insert(header::CONTENT_TYPE, content_type);
    h.insert(header::CONTENT_LENGTH, HeaderValue::from(bytes.len()));
    // A preview must never show a stale copy from the browser cache.
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    if let Some(live) = live {
        // Tells the reload script which build this page is (see reload.js).
        if let Ok(v) = HeaderValue::from_str(&format!("kbgen-build;desc=\"{}\"", live.build)) {
            h.insert("server-timing", v);
        }
    }
    r
}

fn plain(status: StatusCode, text: &'static str, head: bool) -> Response<Body> {
    let mut r = file(status, "x.txt", text.as_bytes(), head, None);
    r.headers_mut().remove(header::CACHE_CONTROL);
    r
}

/// Before the first good build there is no site to serve: a small page that loads the reload
/// script, so the overlay shows the problems and the page turns into the site once fixed.
fn not_built(live: &Live, head: bool) -> Response<Body> {
    const PAGE: &str = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
<title>kbgen serve: not built yet</title>\n<script src=\"/__kbgen/reload.js\" defer></script>\n\
</head>\n<body>\n<p>The site has not built yet: the terminal running <code>kbgen serve</code> \
lists the problems. This page reloads by itself once they are fixed.</p>\n</body>\n</html>\n";
    file(
        StatusCode::SERVICE_UNAVAILABLE,
        "not-built.html",
        PAGE.as_bytes(),
        head,
        Some(live),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directories_map_to_index_pages() {
        assert_eq!(resolve("/").as_deref(), Ok("index.html"));
        assert_eq!(resolve("/ja/").as_deref(), Ok("ja/index.html"));
        assert_eq!(resolve("/ja").as_deref(), Ok("ja"));
        assert_eq!(resolve("/en/first.html").as_deref(), Ok("en/first.html"));
        assert_eq!(
            resolve("/static/a%20b.css").as_deref(),
            Ok("static/a b.css")
        );
        assert_eq!(
            resolve("/ja/%E6%97%A5.html").as_deref(),
            Ok("ja/\u{65e5}.html")
        );
    }

    #[test]
    fn traversal_and_ambiguous_paths_are_refused() {
        for bad in [
            "/..",
            "/../book.toml",
            "/ja/../../book.toml",
            "/%2e%2e/book.toml",
            "/%2E%2E/%2e%2E/etc/passwd",
            "/.%2e/book.toml",
            "/ja/..%2fbook.toml",
            "/ja/%2F..%2Fbook.toml",
            "/..%5cbook.toml",
            "/static\\..\\book.toml",
            "/./index.html",
            "//etc/passwd",
            "/ja//index.html",
            "/C:/Windows/win.ini",
            "/c:",
            "/%00",
            "/a%0a",
            "/%zz",
            "/%e6",
            "relative",
            "",
        ] {
            assert_eq!(resolve(bad), Err(Rejected::BadPath), "{bad}");
        }
    }

    #[test]
    fn only_loopback_bound_and_allowed_hosts_are_served() {
        let local = HostPolicy {
            bound: "127.0.0.1".parse().expect("ip"),
            extra: vec!["kb.internal".into()],
        };
        for ok in [
            None,
            Some("localhost"),
            Some("LOCALHOST:3000"),
            Some("preview.localhost:3000"),
            Some("127.0.0.1:3000"),
            Some("127.0.0.2"),
            Some("[::1]:3000"),
            Some("[::1]"),
            Some("KB.internal:8080"),
        ] {
            assert!(local.allows(ok), "{ok:?}");
        }
        for bad in [
            "evil.example",
            "evil.example:3000",
            "localhost.evil.example",
            "localhost.",
            "127.0.0.1.nip.io",
            "192.168.1.5:3000",
            "",
            ":3000",
            "localhost:notaport",
            "[::1]x",
            "kb.internal.evil",
        ] {
            assert!(!local.allows(Some(bad)), "{bad}");
        }
        let lan = HostPolicy {
            bound: "0.0.0.0".parse().expect("ip"),
            extra: vec![],
        };
        assert!(lan.allows(Some("192.168.1.5:3000")));
        assert!(!lan.allows(Some("evil.example")));
        let one = HostPolicy {
            bound: "192.168.1.5".parse().expect("ip"),
            extra: vec![],
        };
        assert!(one.allows(Some("192.168.1.5")));
        assert!(!one.allows(Some("10.0.0.1")));
    }

    #[test]
    fn mime_types() {
        for (path, want) in [
            ("index.html", "text/html; charset=utf-8"),
            ("static/kbgen.css", "text/css; charset=utf-8"),
            ("static/kbgen.js", "text/javascript; charset=utf-8"),
            ("static/logo.svg", "image/svg+xml"),
            ("static/logo.PNG", "image/png"),
            ("static/font.woff2", "font/woff2"),
            ("static/data.json", "application/json"),
            ("static/noext", "application/octet-stream"),
        ] {
            assert_eq!(mime(path), want, "{path}");
        }
    }
}

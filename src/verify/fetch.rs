//! Getting a page's HTML. The [`Fetch`] trait is the only place the verifier touches the
//! network, so the rest of it (text extraction, matching, rewriting the file) can be tested
//! with canned pages.

use std::fmt;
use std::time::Duration;

/// Largest page body read, so a misbehaving server cannot exhaust memory.
const MAX_BODY: u64 = 20 * 1024 * 1024;

/// Fetches a URL and returns the page body as text. Implementations must be shareable
/// between the worker threads that fetch pages in parallel.
pub trait Fetch: Sync {
    /// The body of `url` after redirects, or why it could not be read.
    fn fetch(&self, url: &str) -> Result<String, FetchError>;
}

/// Why a page could not be read; each variant maps to an actionable message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FetchError {
    /// The server answered with an error status (4xx or 5xx).
    Status(u16),
    /// No complete answer within the configured time.
    Timeout(Duration),
    /// The redirect chain was longer than allowed.
    TooManyRedirects(u32),
    /// The URL (or a redirect target) is plain http and http was not allowed.
    NotHttps(String),
    /// DNS, TCP, TLS or protocol failure, with the client's explanation.
    Connection(String),
}

impl fmt::Display for FetchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FetchError::Status(code) => write!(f, "the server answered HTTP {code}"),
            FetchError::Timeout(t) => {
                write!(
                    f,
                    "no complete answer within {} s (timeout)",
                    t.as_secs_f32()
                )
            }
            FetchError::TooManyRedirects(n) => write!(f, "more than {n} redirects"),
            FetchError::NotHttps(url) => write!(
                f,
                "`{url}` is not https (plain http is allowed only with --allow-http, for test \
                 servers and intranet mirrors)"
            ),
            FetchError::Connection(msg) => write!(f, "cannot read the page: {msg}"),
        }
    }
}

/// How the HTTP client behaves; mirrors the relevant [`super::VerifyOptions`].
#[derive(Debug, Clone)]
pub struct HttpSettings {
    /// Budget for one page, connection to last body byte, across redirects.
    pub timeout: Duration,
    /// Redirects followed before giving up.
    pub max_redirects: u32,
    /// Accept `http://` URLs and redirects (test servers, intranet mirrors).
    pub allow_http: bool,
    /// Use `HTTPS_PROXY`/`HTTP_PROXY`/`ALL_PROXY`/`NO_PROXY` from the environment.
    pub proxy_from_env: bool,
}

/// The real fetcher: a blocking `ureq` agent with a timeout, a redirect cap, the proxy from
/// the environment and a `kbgen/<version>` User-Agent so site owners can tell who is calling.
pub struct HttpFetcher {
    agent: ureq::Agent,
    settings: HttpSettings,
}

impl HttpFetcher {
    /// Builds the agent once so connections are pooled across pages of the same host.
    pub fn new(settings: HttpSettings) -> Self {
        let proxy = if settings.proxy_from_env {
            ureq::Proxy::try_from_env()
        } else {
            None
        };
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .timeout_global(Some(settings.timeout))
            .max_redirects(settings.max_redirects)
            .max_redirects_will_error(true)
            .https_only(!settings.allow_http)
            .http_status_as_error(true)
            .proxy(proxy)
            .user_agent(format!("kbgen/{}", env!("CARGO_PKG_VERSION")))
            .accept("text/html,application/xhtml+xml;q=0.9,*/*;q=0.5")
            .build()
            .into();
        HttpFetcher { agent, settings }
    }

    fn map_error(&self, url: &str, e: ureq::Error) -> FetchError {
        match e {
            ureq::Error::StatusCode(code) => FetchError::Status(code),
            ureq::Error::Timeout(_) => FetchError::Timeout(self.settings.timeout),
            ureq::Error::Io(io)
                if matches!(
                    io.kind(),
                    std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock
                ) =>
            {
                FetchError::Timeout(self.settings.timeout)
            }
            ureq::Error::TooManyRedirects => {
                FetchError::TooManyRedirects(self.settings.max_redirects)
            }
            ureq::Error::RequireHttpsOnly(target) => FetchError::NotHttps(if target.is_empty() {
                url.to_string()
            } else {
                target
            }),
            ureq::Error::HostNotFound => FetchError::Connection("host not found".into()),
            other => FetchError::Connection(other.to_string()),
        }
    }
}

impl Fetch for HttpFetcher {
    fn fetch(&self, url: &str) -> Result<String, FetchError> {
        if !self.settings.allow_http && !is_https(url) {
            return Err(FetchError::NotHttps(url.to_string()));
        }
        let mut response = self
            .agent
            .get(url)
            .call()
            .map_err(|e| self.map_error(url, e))?;
        let bytes = response
            .body_mut()
            .with_config()
            .limit(MAX_BODY)
            .read_to_vec()
            .map_err(|e| self.map_error(url, e))?;
        // Help pages are UTF-8 in practice; anything else degrades to replacement characters
        // and the quote is reported missing rather than the run failing.
        Ok(String::from_utf8_lossy(&bytes).into_owned())
    }
}

/// Whether a URL uses the https scheme (ASCII case-insensitive, as schemes are).
pub fn is_https(url: &str) -> bool {
    url.get(..8)
        .is_some_and(|s| s.eq_ignore_ascii_case("https://"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn https_scheme_is_recognised() {
        assert!(is_https("https://learn.microsoft.com/"));
        assert!(is_https("HTTPS://example.com"));
        assert!(!is_https("http://example.com"));
        assert!(!is_https("ftp://x"));
        assert!(!is_https("https:"));
        assert!(!is_https("日本語のテキストです"));
    }

    #[test]
    fn plain_http_is_refused_before_any_connection() {
        let f = HttpFetcher::new(HttpSettings {
            timeout: Duration::from_secs(1),
            max_redirects: 5,
            allow_http: false,
            proxy_from_env: false,
        });
        assert_eq!(
            f.fetch("http://127.0.0.1:9/"),
            Err(FetchError::NotHttps("http://127.0.0.1:9/".into()))
        );
    }
}

//! Hand-written highlighters for the two languages every procedure uses: PowerShell and the
//! Windows command prompt (batch). They replace syntect's grammars for these two because those
//! dominated build time (a regex engine run per line of every block: about a third of the CPU of
//! a 10,000-page build, measured with `perf`), emitted deeply nested spans (a third of a page's
//! bytes), and marked ordinary text as errors (`(` in a `rem` comment). A single pass over the
//! characters with a few lookup tables is enough for what a help-desk reader needs to see:
//! comments, strings, variables, commands, parameters, keywords, numbers, operators, types and
//! labels, each as one short class (`hl-cm`, `hl-st`, ...) that `highlight.css` colours.
//!
//! Every byte of the input is emitted exactly once, escaped, so the text of a block (what the
//! copy button copies and search indexes) never changes; `tests` check that for odd inputs.

use crate::render::highlight::escape_html;

/// The token classes, as emitted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Token {
    /// `# …`, `<# … #>`, `rem …`, `:: …`.
    Comment,
    /// Quoted text.
    Str,
    /// `if`, `foreach`, `goto`, …
    Keyword,
    /// `$name`, `%name%`, `%%i`, `!name!`.
    Variable,
    /// A command or cmdlet (`Get-CimInstance`, `slmgr`, `echo`).
    Command,
    /// `-Name`, `/ipk`.
    Parameter,
    /// `42`, `0x1F`.
    Number,
    /// `|`, `=`, `-eq`, `>`, `&&`.
    Operator,
    /// `[string]`.
    Type,
    /// `:label`.
    Label,
    /// `$true`, `$false`, `$null`.
    Constant,
}

impl Token {
    /// The CSS class.
    pub fn class(self) -> &'static str {
        match self {
            Token::Comment => "hl-cm",
            Token::Str => "hl-st",
            Token::Keyword => "hl-kw",
            Token::Variable => "hl-va",
            Token::Command => "hl-fn",
            Token::Parameter => "hl-pa",
            Token::Number => "hl-nu",
            Token::Operator => "hl-op",
            Token::Type => "hl-ty",
            Token::Label => "hl-la",
            Token::Constant => "hl-co",
        }
    }

    /// Every class, for the stylesheet.
    pub const ALL: [Token; 11] = [
        Token::Comment,
        Token::Str,
        Token::Keyword,
        Token::Variable,
        Token::Command,
        Token::Parameter,
        Token::Number,
        Token::Operator,
        Token::Type,
        Token::Label,
        Token::Constant,
    ];
}

/// Collects the highlighted HTML.
struct Out {
    html: String,
}

impl Out {
    fn new(len: usize) -> Self {
        Out {
            html: String::with_capacity(len * 2),
        }
    }

    fn plain(&mut self, text: &str) {
        if !text.is_empty() {
            self.html.push_str(&escape_html(text));
        }
    }

    fn token(&mut self, kind: Token, text: &str) {
        if text.is_empty() {
            return;
        }
        self.html.push_str("<span class=\"");
        self.html.push_str(kind.class());
        self.html.push_str("\">");
        self.html.push_str(&escape_html(text));
        self.html.push_str("</span>");
    }

    fn open(&mut self, kind: Token) {
        self.html.push_str("<span class=\"");
        self.html.push_str(kind.class());
        self.html.push_str("\">");
    }

    fn close(&mut self) {
        self.html.push_str("</span>");
    }
}

/// Length in bytes of the run of characters at the start of `s` that satisfy `f`.
fn run(s: &str, f: impl Fn(char) -> bool) -> usize {
    s.find(|c: char| !f(c)).unwrap_or(s.len())
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

const PS_KEYWORDS: &[&str] = &[
    "begin",
    "break",
    "catch",
    "class",
    "continue",
    "data",
    "do",
    "dynamicparam",
    "else",
    "elseif",
    "end",
    "exit",
    "filter",
    "finally",
    "for",
    "foreach",
    "function",
    "if",
    "in",
    "param",
    "process",
    "return",
    "switch",
    "throw",
    "trap",
    "try",
    "until",
    "while",
];

const PS_OPERATORS: &[&str] = &[
    "eq",
    "ne",
    "gt",
    "ge",
    "lt",
    "le",
    "like",
    "notlike",
    "match",
    "notmatch",
    "contains",
    "notcontains",
    "in",
    "notin",
    "replace",
    "and",
    "or",
    "not",
    "xor",
    "band",
    "bor",
    "bxor",
    "bnot",
    "is",
    "isnot",
    "as",
    "f",
    "split",
    "join",
    "ceq",
    "cne",
    "ieq",
    "ine",
    "cmatch",
    "imatch",
    "clike",
    "ilike",
    "creplace",
    "ireplace",
    "shl",
    "shr",
];

/// Highlights PowerShell.
pub fn powershell(code: &str) -> String {
    let mut out = Out::new(code.len());
    let mut rest = code;
    // Whether the next word is in command position (start of a statement or pipeline stage).
    let mut command = true;
    while let Some(c) = rest.chars().next() {
        let (taken, next) = match c {
            '|' | ';' | '{' | '(' | '\n' | '&' => {
                if matches!(c, '|' | ';' | '&') {
                    out.token(Token::Operator, &rest[..1]);
                } else {
                    out.plain(&rest[..1]);
                }
                (1, true)
            }
            c if c.is_whitespace() => {
                out.plain(&rest[..c.len_utf8()]);
                (c.len_utf8(), command)
            }
            c => (ps_token(rest, c, command, &mut out), false),
        };
        command = next;
        rest = &rest[taken..];
    }
    out.html
}

/// Emits the token that starts `rest` (with `c`, its first character); returns its length.
fn ps_token(rest: &str, c: char, command: bool, out: &mut Out) -> usize {
    match c {
        '#' => {
            let n = rest.find('\n').unwrap_or(rest.len());
            out.token(Token::Comment, &rest[..n]);
            n
        }
        '<' if rest.starts_with("<#") => {
            let n = rest.find("#>").map_or(rest.len(), |i| i + 2);
            out.token(Token::Comment, &rest[..n]);
            n
        }
        '@' if rest.starts_with("@\"") || rest.starts_with("@'") => ps_here_string(rest, out),
        '"' => ps_double_string(rest, out),
        '\'' => {
            let n = ps_single_string_len(rest);
            out.token(Token::Str, &rest[..n]);
            n
        }
        '$' => ps_variable(rest, out),
        '[' => ps_type(rest, out),
        '-' if rest[1..].starts_with(|c: char| c.is_ascii_alphabetic()) => {
            let n = 1 + run(&rest[1..], |c| is_word(c) || c == '-');
            let word = rest[1..n].to_ascii_lowercase();
            let kind = if PS_OPERATORS.contains(&word.as_str()) {
                Token::Operator
            } else {
                Token::Parameter
            };
            out.token(kind, &rest[..n]);
            n
        }
        c if c.is_ascii_digit() => {
            let n = ps_number_len(rest);
            out.token(Token::Number, &rest[..n]);
            n
        }
        c if is_word(c) => {
            let n = run(rest, |c| {
                is_word(c) || c == '-' || c == '.' || c == '\\' || c == ':'
            });
            let n = rest[..n].trim_end_matches(['.', ':', '-']).len().max(1);
            ps_word(&rest[..n], command, out);
            n
        }
        '=' | '+' | '*' | '/' | '%' | '!' | '>' | '<' | ',' => {
            let n = run(rest, |c| {
                matches!(c, '=' | '+' | '*' | '/' | '%' | '!' | '>' | '<')
            })
            .max(1);
            out.token(Token::Operator, &rest[..n]);
            n
        }
        '.' if rest.starts_with("..") => {
            out.token(Token::Operator, "..");
            2
        }
        c => {
            out.plain(&rest[..c.len_utf8()]);
            c.len_utf8()
        }
    }
}

fn ps_word(word: &str, command: bool, out: &mut Out) {
    let lower = word.to_ascii_lowercase();
    let verb_noun = word.split_once('-').is_some_and(|(v, n)| {
        !v.is_empty()
            && v.chars().all(|c| c.is_ascii_alphabetic())
            && n.starts_with(|c: char| c.is_alphabetic())
    });
    let program = [".exe", ".cmd", ".bat", ".ps1", ".vbs"]
        .iter()
        .any(|x| lower.ends_with(x) && !lower.contains('\\'));
    if PS_KEYWORDS.contains(&lower.as_str()) {
        out.token(Token::Keyword, word);
    } else if verb_noun || program || (command && !word.contains('\\')) {
        out.token(Token::Command, word);
    } else {
        out.plain(word);
    }
}

fn ps_number_len(s: &str) -> usize {
    if s.starts_with("0x") || s.starts_with("0X") {
        return 2 + run(&s[2..], |c| c.is_ascii_hexdigit());
    }
    let mut n = run(s, |c| c.is_ascii_digit());
    if s[n..].starts_with('.') && s[n + 1..].starts_with(|c: char| c.is_ascii_digit()) {
        n += 1 + run(&s[n + 1..], |c| c.is_ascii_digit());
    }
    // Size suffixes (`1KB`, `2gb`) belong to the number.
    let suffix = run(&s[n..], |c| c.is_ascii_alphabetic());
    if matches!(
        s[n..n + suffix].to_ascii_lowercase().as_str(),
        "kb" | "mb" | "gb" | "tb" | "pb" | "l" | "d"
    ) {
        n += suffix;
    }
    n
}

fn ps_single_string_len(s: &str) -> usize {
    let mut i = 1;
    while let Some(j) = s[i..].find('\'') {
        let end = i + j + 1;
        if s[end..].starts_with('\'') {
            i = end + 1;
        } else {
            return end;
        }
    }
    s.len()
}

/// `"…"`: variables inside are highlighted; `` ` `` escapes the next character.
fn ps_double_string(s: &str, out: &mut Out) -> usize {
    out.open(Token::Str);
    let mut i = 1;
    let mut last = 0;
    let bytes = s.as_bytes();
    while i < s.len() {
        match bytes[i] {
            b'`' => i += 1 + s[i + 1..].chars().next().map_or(0, char::len_utf8),
            b'"' if bytes.get(i + 1) == Some(&b'"') => i += 2,
            b'"' => {
                i += 1;
                break;
            }
            b'$' if s[i + 1..].starts_with(|c: char| is_word(c) || c == '{') => {
                out.plain(&s[last..i]);
                i += ps_variable(&s[i..], out);
                last = i;
            }
            _ => i += s[i..].chars().next().map_or(1, char::len_utf8),
        }
    }
    let end = i.min(s.len());
    out.plain(&s[last..end]);
    out.close();
    end
}

/// `@"` … `"@` (or with `'`): the closing mark starts a line.
fn ps_here_string(s: &str, out: &mut Out) -> usize {
    let close = if s.starts_with("@\"") {
        "\n\"@"
    } else {
        "\n'@"
    };
    let n = s.find(close).map_or(s.len(), |i| i + close.len());
    out.token(Token::Str, &s[..n]);
    n
}

fn ps_variable(s: &str, out: &mut Out) -> usize {
    let n = if s[1..].starts_with('{') {
        s.find('}').map_or(s.len(), |i| i + 1)
    } else {
        let body = run(&s[1..], |c| is_word(c) || c == ':');
        let body = s[1..1 + body].trim_end_matches(':').len();
        // `$_`, `$$`, `$?`, `$^` are one-character variables.
        let special = usize::from(body == 0 && s[1..].starts_with(['$', '?', '^']));
        1 + body + special
    };
    let name = s[1..n].to_ascii_lowercase();
    let kind = if matches!(name.as_str(), "true" | "false" | "null") {
        Token::Constant
    } else {
        Token::Variable
    };
    out.token(kind, &s[..n]);
    n
}

/// `[string]`, `[System.IO.File]`, `[int[]]`; any other `[` is punctuation.
fn ps_type(s: &str, out: &mut Out) -> usize {
    let name = run(&s[1..], |c| is_word(c) || c == '.');
    let after = &s[1 + name..];
    let close = if after.starts_with("[]]") {
        3
    } else if after.starts_with(']') {
        1
    } else {
        0
    };
    if name == 0 || close == 0 || !s[1..].starts_with(|c: char| c.is_alphabetic()) {
        out.plain("[");
        return 1;
    }
    out.plain("[");
    out.token(Token::Type, &s[1..1 + name]);
    out.plain(&after[..close]);
    1 + name + close
}

const CMD_KEYWORDS: &[&str] = &[
    "if",
    "else",
    "for",
    "in",
    "do",
    "goto",
    "call",
    "exit",
    "not",
    "exist",
    "defined",
    "errorlevel",
    "equ",
    "neq",
    "lss",
    "leq",
    "gtr",
    "geq",
    "setlocal",
    "endlocal",
    "shift",
];

/// Highlights a command-prompt (batch) script, line by line.
pub fn batch(code: &str) -> String {
    let mut out = Out::new(code.len());
    for line in code.split_inclusive('\n') {
        batch_line(line, &mut out);
    }
    out.html
}

fn batch_line(line: &str, out: &mut Out) {
    let indent = run(line, |c| c == ' ' || c == '\t');
    out.plain(&line[..indent]);
    let mut rest = &line[indent..];
    if rest.starts_with('@') {
        out.token(Token::Operator, "@");
        rest = &rest[1..];
    }
    let body = rest.trim_end_matches(['\n', '\r']);
    let eol = &rest[body.len()..];
    let lower = body.to_ascii_lowercase();
    if body.starts_with("::") {
        out.token(Token::Comment, body);
    } else if lower == "rem" || lower.starts_with("rem ") || lower.starts_with("rem\t") {
        out.token(Token::Keyword, &body[..3]);
        out.token(Token::Comment, &body[3..]);
    } else if let Some(label) = body.strip_prefix(':') {
        out.plain(":");
        out.token(Token::Label, label);
    } else {
        batch_tokens(body, out);
    }
    out.plain(eol);
}

fn batch_tokens(body: &str, out: &mut Out) {
    let mut rest = body;
    let mut command = true;
    // After `echo`, the rest of the command is text (variables and operators still count).
    let mut echo = false;
    while let Some(c) = rest.chars().next() {
        let n = match c {
            '%' | '!' | '"' => batch_quoted(rest, c, out),
            '>' | '<' | '|' | '&' => {
                let n = batch_operator_len(rest);
                out.token(Token::Operator, &rest[..n]);
                if !rest[..n].contains(['>', '<']) {
                    // `&`, `&&`, `||`, `|` start a new command; redirections do not.
                    command = true;
                    echo = false;
                }
                n
            }
            '=' if rest.starts_with("==") => {
                out.token(Token::Operator, "==");
                2
            }
            '(' | ')' => {
                out.plain(&rest[..1]);
                command = c == '(';
                1
            }
            c if c.is_whitespace() => {
                let n = run(rest, char::is_whitespace);
                out.plain(&rest[..n]);
                n
            }
            _ => {
                let n = run(rest, |c| {
                    !c.is_whitespace()
                        && !matches!(c, '%' | '"' | '>' | '<' | '|' | '&' | '(' | ')' | '!')
                })
                .max(c.len_utf8());
                let word = &rest[..n];
                if echo {
                    out.plain(word);
                } else {
                    command = batch_word(word, command, out);
                    echo = word.eq_ignore_ascii_case("echo") || word.eq_ignore_ascii_case("echo.");
                }
                n
            }
        };
        rest = &rest[n..];
    }
}

/// `%var%` / `%%i` / `%1`, `!var!` (delayed expansion) or `"text"`; a lone `%` or `!` is text.
/// Returns the length emitted.
fn batch_quoted(rest: &str, c: char, out: &mut Out) -> usize {
    match c {
        '%' => {
            let n = batch_percent_len(rest);
            if n > 1 {
                out.token(Token::Variable, &rest[..n]);
            } else {
                out.plain("%");
            }
            n
        }
        '!' => {
            let name = rest[1..].find('!').filter(|&j| {
                j > 0
                    && rest[1..1 + j]
                        .chars()
                        .all(|c| is_word(c) || c == ':' || c == '~')
            });
            match name {
                Some(j) => {
                    out.token(Token::Variable, &rest[..j + 2]);
                    j + 2
                }
                None => {
                    out.plain("!");
                    1
                }
            }
        }
        _ => {
            let n = rest[1..].find('"').map_or(rest.len(), |j| j + 2);
            out.token(Token::Str, &rest[..n]);
            n
        }
    }
}

/// `>`, `>>`, `<`, `|`, `||`, `&`, `&&`, `>&1`, `2>&1` (the leading digit is a word).
fn batch_operator_len(rest: &str) -> usize {
    let n = run(rest, |c| matches!(c, '>' | '<' | '|' | '&'));
    if rest[..n].ends_with('&') && rest[n..].starts_with(|c: char| c.is_ascii_digit()) {
        n + 1
    } else {
        n
    }
}

/// Emits a word; returns whether the next word is in command position.
fn batch_word(word: &str, command: bool, out: &mut Out) -> bool {
    let lower = word.to_ascii_lowercase();
    if CMD_KEYWORDS.contains(&lower.as_str()) {
        out.token(Token::Keyword, word);
        // `if not exist x cmd`, `else cmd`, `do cmd`: a command may follow a keyword.
        return matches!(lower.as_str(), "else" | "do");
    }
    if word.starts_with('/') || (word.starts_with('-') && word.len() > 1) {
        out.token(Token::Parameter, word);
    } else if word.chars().all(|c| c.is_ascii_digit()) {
        out.token(Token::Number, word);
    } else if command {
        out.token(Token::Command, word);
    } else {
        out.plain(word);
    }
    false
}

/// `%name%`, `%%i`, `%1`, `%*`, `%~dp0`, `%~nx1`; `1` means a lone `%`.
fn batch_percent_len(s: &str) -> usize {
    let after = &s[1..];
    if let Some(r) = after.strip_prefix('%') {
        // `%%i` (a for variable) or `%%` (a literal percent).
        return 2 + r
            .chars()
            .next()
            .filter(|c| is_word(*c))
            .map_or(0, char::len_utf8);
    }
    if after.starts_with(|c: char| c.is_ascii_digit() || c == '*') {
        return 2;
    }
    if let Some(mods) = after.strip_prefix('~') {
        return 2 + run(mods, |c| c.is_ascii_alphanumeric() || c == '$' || c == ':');
    }
    match after.find('%') {
        Some(j) if j > 0 && !after[..j].contains([' ', '\t', '\n']) => j + 2,
        _ => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The text of highlighted HTML: tags removed, entities decoded.
    fn text_of(html: &str) -> String {
        let mut out = String::new();
        let mut in_tag = false;
        for c in html.chars() {
            match c {
                '<' => in_tag = true,
                '>' => in_tag = false,
                c if !in_tag => out.push(c),
                _ => {}
            }
        }
        out.replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#x27;", "'")
            .replace("&#39;", "'")
            .replace("&amp;", "&")
    }

    fn classes(html: &str) -> Vec<(String, String)> {
        let mut out = Vec::new();
        for part in html.split("<span class=\"").skip(1) {
            if let Some((class, rest)) = part.split_once("\">") {
                let text = rest.split("</span>").next().unwrap_or("");
                out.push((class.to_string(), text_of(text)));
            }
        }
        out
    }

    fn has(html: &str, class: &str, text: &str) -> bool {
        classes(html).iter().any(|(c, t)| c == class && t == text)
    }

    #[test]
    fn powershell_tokens() {
        let code = "# note\nGet-CimInstance -ClassName SoftwareLicensingService -Filter \"Name = '$x'\" |\n  Select-Object Name\n(Get-CimInstance -ClassName X).OA3xOriginalProductKey\nif ($a -eq 5) { return $null } else { [string]$s = 'it''s' }\ncscript.exe //nologo $env:SystemRoot\\System32\\slmgr.vbs /dlv\n<# block #>\n";
        let html = powershell(code);
        assert_eq!(text_of(&html), code, "every character is kept");
        assert!(has(&html, "hl-cm", "# note"));
        assert!(has(&html, "hl-fn", "Get-CimInstance"));
        assert!(has(&html, "hl-fn", "Select-Object"));
        assert!(has(&html, "hl-pa", "-ClassName"));
        assert!(has(&html, "hl-op", "-eq"));
        assert!(has(&html, "hl-va", "$x"), "{html}");
        assert!(has(&html, "hl-va", "$env:SystemRoot"));
        assert!(has(&html, "hl-kw", "if"));
        assert!(has(&html, "hl-co", "$null"));
        assert!(has(&html, "hl-ty", "string"));
        assert!(has(&html, "hl-st", "'it''s'"));
        assert!(has(&html, "hl-nu", "5"));
        assert!(has(&html, "hl-fn", "cscript.exe"));
        assert!(has(&html, "hl-cm", "<# block #>"));
        assert!(!has(&html, "hl-fn", "OA3xOriginalProductKey"));
    }

    #[test]
    fn batch_tokens_and_comments() {
        let code = "@echo off\nrem check (00001)\n:: note\n:label\ncscript //nologo %SystemRoot%\\System32\\slmgr.vbs /xpr\nif errorlevel 1 echo Failed with %errorlevel% > out.txt 2>&1\nfor %%i in (a b) do echo %%i\ngoto :eof\nset /a n=%n%+1\n";
        let html = batch(code);
        assert_eq!(text_of(&html), code, "every character is kept");
        assert!(has(&html, "hl-op", "@"));
        assert!(has(&html, "hl-fn", "echo"));
        assert!(has(&html, "hl-cm", " check (00001)"), "{html}");
        assert!(has(&html, "hl-cm", ":: note"));
        assert!(has(&html, "hl-la", "label"));
        assert!(has(&html, "hl-fn", "cscript"));
        assert!(has(&html, "hl-pa", "/xpr"));
        assert!(has(&html, "hl-va", "%SystemRoot%"));
        assert!(has(&html, "hl-kw", "if"));
        assert!(has(&html, "hl-va", "%%i"));
        assert!(
            has(&html, "hl-op", "2>&1") || has(&html, "hl-op", ">&1"),
            "{html}"
        );
        assert!(has(&html, "hl-kw", "goto"));
    }

    #[test]
    fn odd_inputs_keep_every_character() {
        for code in [
            "",
            "\"",
            "'",
            "$",
            "@\"",
            "<#",
            "[",
            "-",
            "%",
            "%%",
            "!x",
            "0x",
            "1..3",
            "é $é ü",
            "\"unterminated $x",
            "a`\"b\"",
            "${odd name}",
            "[int[]]$a",
            "%~dp0x",
            "echo \"a\" & b",
            "\r\n",
            "x\r\ny",
            "&&||>>",
            "@",
            "rem",
            "::",
            ":",
            "%1%2%*",
        ] {
            assert_eq!(text_of(&powershell(code)), code, "powershell {code:?}");
            assert_eq!(text_of(&batch(code)), code, "batch {code:?}");
        }
    }
}

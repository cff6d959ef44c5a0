//! Deterministic synthetic corpus for the benchmark (`bench/compare.sh`).
//!
//! `cargo run --release --example gen_corpus -- --topics 5000 --out DIR [--seed 42]` writes:
//! - `DIR/kbgen/`: a kbgen project (book.toml, content/{ja,en}, sources, and this repository's
//!   templates, static files and UI strings) with `--topics` topics in each language;
//! - `DIR/hugo/`: the same pages (2 × topics) as plain Markdown with front matter for Hugo;
//! - `DIR/mdbook/`: the same pages for mdBook (`src/SUMMARY.md` lists every page).
//!
//! Every page has Japanese or English prose from a pool of varied sentences, a table, links to
//! other topics and 1–3 procedures with cmd and PowerShell commands (two or more code blocks), so
//! every tool renders the same text.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

const JA: &[&str] = &[
    "ライセンス認証の状態は [設定] > [システム] > [ライセンス認証] で確認できます。",
    "プロダクトキーは 25 文字で、5 文字ずつハイフンで区切られています。",
    "デジタル ライセンスはデバイスのハードウェアに関連付けられます。",
    "マザーボードを交換すると、プリインストール版では新しいライセンスが必要になることがあります。",
    "エラー コードを控えてから、トラブルシューティング ツールを実行します。",
    "購入時の領収書や確認メールは、問い合わせの前に手元に用意しておきます。",
    "極端に安いキーは、後から使用をブロックされる場合があります。",
    "ボリューム ライセンスは組織向けで、KMS ホストや MAK を使って認証します。",
    "オフラインの PC では、インストール ID を使って電話で認証できます。",
    "WMIC は非推奨のため、PowerShell の CIM コマンドレットを使います。",
    "管理者として実行したターミナルでコマンドを入力します。",
    "結果が空欄の場合は、ファームウェアにキーが記録されていない可能性があります。",
];
const EN: &[&str] = &[
    "Check the activation state under Settings > System > Activation.",
    "A product key has 25 characters in five groups separated by hyphens.",
    "A digital license is associated with the device's hardware.",
    "After a motherboard replacement, a preinstalled copy may need a new license.",
    "Write down the error code, then run the Activation troubleshooter.",
    "Keep the receipt and the confirmation email at hand before contacting support.",
    "Keys sold at a price that looks too good to be true may be blocked later.",
    "Volume licensing is for organizations and activates through a KMS host or a MAK.",
    "An offline PC can be activated by phone with its installation ID.",
    "WMIC is deprecated; use the PowerShell CIM cmdlets instead.",
    "Type the command in a terminal running as administrator.",
    "An empty result can mean that the firmware holds no key.",
];
const COMMANDS: &[(&str, &str)] = &[
    ("cmd", "slmgr /dli"),
    ("cmd", "slmgr /dlv"),
    ("cmd", "slmgr /ato"),
    ("cmd", "slmgr /dti"),
    (
        "powershell",
        "(Get-CimInstance -ClassName SoftwareLicensingService).OA3xOriginalProductKey",
    ),
    (
        "powershell",
        "Get-CimInstance -ClassName Win32_OperatingSystem | Select-Object Caption, Version",
    ),
];

/// xorshift64*: deterministic across platforms and runs.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// A procedure: id, title and its `(shell, command)` pairs.
type ProcedureSpec = (String, String, Vec<(&'static str, &'static str)>);

struct Page {
    id: String,
    title: String,
    summary: String,
    category: &'static str,
    body: String,
    procedures: Vec<ProcedureSpec>,
    related: Vec<String>,
}

fn page(rng: &mut Rng, i: usize, topics: usize, lang: &str) -> Page {
    let pool = if lang == "ja" { JA } else { EN };
    let id = format!("topic-{i:05}");
    let title = if lang == "ja" {
        format!("トピック {i}: {}", pool[i % pool.len()])
    } else {
        format!("Topic {i}: {}", pool[i % pool.len()])
    };
    let title: String = title.chars().take(40).collect();
    let summary = pool[rng.below(pool.len())].to_string();
    let links: Vec<usize> = (0..3).map(|_| rng.below(topics)).collect();
    let mut body = String::new();
    for section in 0..3 {
        let _ = writeln!(
            body,
            "## {} {}\n",
            if lang == "ja" { "節" } else { "Section" },
            section + 1
        );
        for _ in 0..4 {
            body.push_str(pool[rng.below(pool.len())]);
            body.push(' ');
        }
        body.push_str("\n\n");
    }
    body.push_str("| a | b | c |\n|---|---|---|\n");
    for r in 0..3 {
        let _ = writeln!(body, "| {r} | {} | {} |", rng.below(1000), rng.below(1000));
    }
    body.push('\n');
    for l in &links {
        let _ = writeln!(
            body,
            "- [{}](@/topic-{l:05})",
            if lang == "ja" { "関連" } else { "Related" }
        );
    }
    let n_procs = 1 + i % 3;
    let procedures = (0..n_procs)
        .map(|p| {
            let cmds = vec![COMMANDS[(i + p) % 4], COMMANDS[4 + (i + p) % 2]];
            (
                format!("step-{p}"),
                format!(
                    "{} {}",
                    if lang == "ja" { "手順" } else { "Procedure" },
                    p + 1
                ),
                cmds,
            )
        })
        .collect();
    let category = ["keys", "activation", "purchase"][i % 3];
    Page {
        id,
        title,
        summary,
        category,
        body,
        procedures,
        related: links
            .iter()
            .take(1)
            .map(|l| format!("topic-{l:05}"))
            .collect(),
    }
}

fn yaml_str(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

fn write(path: &Path, text: &str) {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).expect("create folder");
    }
    std::fs::write(path, text).expect("write file");
}

fn kbgen_topic(p: &Page) -> String {
    let mut s = format!(
        "---\nid: {}\ntitle: {}\nsummary: {}\ncategory: {}\nreviewed: 2026-11-01\nrelated: [{}]\nprocedures:\n",
        p.id,
        yaml_str(&p.title),
        yaml_str(&p.summary),
        p.category,
        p.related.join(", ")
    );
    for (id, title, cmds) in &p.procedures {
        let _ = write!(
            s,
            "  - id: {id}\n    title: {}\n    steps:\n      - {}\n    commands:\n",
            yaml_str(title),
            yaml_str(&p.summary)
        );
        for (shell, run) in cmds {
            let _ = write!(
                s,
                "      - shell: {shell}\n        run: {}\n",
                yaml_str(run)
            );
        }
        s.push_str("    sources: [learn-slmgr]\n");
    }
    s.push_str("---\n");
    s.push_str(&p.body);
    s
}

/// The same page as plain Markdown: procedures become headings, lists and fenced code blocks.
fn plain_markdown(p: &Page, link: &dyn Fn(&str) -> String) -> String {
    let mut s = format!("{}\n\n", p.summary);
    s.push_str(
        &p.body
            .lines()
            .map(|l| {
                if let Some(start) = l.find("(@/") {
                    let end = l[start..].find(')').map_or(l.len(), |e| start + e);
                    format!(
                        "{}({}){}",
                        &l[..start],
                        link(&l[start + 3..end]),
                        &l[end + 1..]
                    )
                } else {
                    l.to_string()
                }
            })
            .collect::<Vec<_>>()
            .join("\n"),
    );
    s.push('\n');
    for (_, title, cmds) in &p.procedures {
        let _ = write!(s, "\n## {title}\n\n1. {}\n\n", p.summary);
        for (shell, run) in cmds {
            let _ = write!(s, "```{shell}\n{run}\n```\n\n");
        }
    }
    s
}

fn main() {
    let mut topics = 500;
    let mut out = PathBuf::from("corpus");
    let mut seed = 42u64;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--topics" => {
                topics = args
                    .next()
                    .and_then(|v| v.parse().ok())
                    .expect("--topics N")
            }
            "--out" => out = PathBuf::from(args.next().expect("--out DIR")),
            "--seed" => seed = args.next().and_then(|v| v.parse().ok()).expect("--seed N"),
            other => panic!("unknown argument {other}; usage: --topics N --out DIR [--seed N]"),
        }
    }
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let kb = out.join("kbgen");
    let _ = std::fs::remove_dir_all(&out);
    std::fs::create_dir_all(&kb).expect("create output");
    let book_toml = std::fs::read_to_string(repo.join("book.toml")).expect("repo book.toml");
    write(&kb.join("book.toml"), &book_toml);
    write(
        &kb.join("content/sources.yaml"),
        "- id: learn-slmgr\n  title: Slmgr.vbs options for obtaining volume activation information\n  url: https://learn.microsoft.com/windows-server/get-started/activation-slmgr-vbs-options\n  publisher: Microsoft Learn\n  lang: en\n  verified:\n    on: 2026-11-23\n    quote: Tries to install a 5×5 product key.\n",
    );
    for dir in ["templates", "static", "i18n"] {
        for entry in std::fs::read_dir(repo.join(dir)).expect("repo folder") {
            let entry = entry.expect("entry");
            if entry.path().is_file() {
                write(
                    &kb.join(dir).join(entry.file_name()),
                    &std::fs::read_to_string(entry.path()).expect("read"),
                );
            }
        }
    }
    let mut rng = Rng(seed.max(1));
    let mut summary = String::from("# Summary\n\n");
    let hugo = out.join("hugo");
    write(&hugo.join("hugo.toml"), "baseURL = 'http://example.invalid/'\nlanguageCode = 'ja'\ntitle = 'bench'\ndisableKinds = ['taxonomy', 'term', 'RSS', 'sitemap']\n[markup.highlight]\nnoClasses = false\n");
    write(&hugo.join("layouts/_default/single.html"), "<!doctype html><html><head><meta charset=\"utf-8\"><title>{{ .Title }}</title></head><body><h1>{{ .Title }}</h1>{{ .Content }}</body></html>\n");
    write(&hugo.join("layouts/_default/list.html"), "<!doctype html><html><body><ul>{{ range .Pages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></li>{{ end }}</ul></body></html>\n");
    write(
        &hugo.join("layouts/index.html"),
        "<!doctype html><html><body><h1>{{ .Site.Title }}</h1></body></html>\n",
    );
    let mdbook = out.join("mdbook");
    write(&mdbook.join("book.toml"), "[book]\ntitle = \"bench\"\nlanguage = \"ja\"\n[output.html]\n[output.html.search]\nenable = true\n");
    for lang in ["ja", "en"] {
        for i in 0..topics {
            let p = page(&mut rng, i, topics, lang);
            write(
                &kb.join(format!("content/{lang}/{}.md", p.id)),
                &kbgen_topic(&p),
            );
            let hugo_link = |id: &str| format!("{{{{< relref \"/{lang}-{id}.md\" >}}}}");
            let hugo_page = format!(
                "---\ntitle: {}\n---\n{}",
                yaml_str(&p.title),
                plain_markdown(&p, &hugo_link)
            );
            write(
                &hugo.join(format!("content/{lang}-{}.md", p.id)),
                &hugo_page,
            );
            let md_link = |id: &str| format!("{lang}-{id}.md");
            write(
                &mdbook.join(format!("src/{lang}-{}.md", p.id)),
                &format!("# {}\n\n{}", p.title, plain_markdown(&p, &md_link)),
            );
            let _ = writeln!(
                summary,
                "- [{}]({lang}-{}.md)",
                p.title.replace(['[', ']'], ""),
                p.id
            );
        }
    }
    write(&mdbook.join("src/SUMMARY.md"), &summary);
    println!("wrote {topics} topics x 2 languages to {}", out.display());
}

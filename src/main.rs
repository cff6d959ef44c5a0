//! The `kbgen` binary: parse arguments, call the library, map the result to an exit code
//! (0 ok, 1 content errors, 2 usage or I/O errors) in one place.

use clap::Parser;
use kbgen::cli::{Cli, Command, Format, SourcesCommand, ThemeCommand};
use kbgen::date::Date;
use kbgen::error::Error;
use kbgen::lint::rules;
use kbgen::pipeline::{self, BuildOptions};
use kbgen::report;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    match run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            print_fatal(&e);
            ExitCode::from(2)
        }
    }
}

/// "Today", overridable with `KBGEN_TODAY=YYYY-MM-DD` for reproducible builds and tests.
fn today() -> Result<Date, Error> {
    match std::env::var("KBGEN_TODAY") {
        Ok(s) => Date::parse(&s)
            .ok_or_else(|| Error::Usage(format!("KBGEN_TODAY=`{s}` is not a YYYY-MM-DD date"))),
        Err(_) => Ok(Date::today_utc()),
    }
}

fn color() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

fn run(cli: Cli) -> Result<u8, Error> {
    match cli.command {
        Command::Build { root, out, timings } => build(&root, out, timings),
        Command::Check {
            root,
            format,
            deny_warnings,
            explain,
            list_rules,
        } => {
            if list_rules {
                list_all_rules();
                return Ok(0);
            }
            match explain {
                Some(name) => explain_rule(&name),
                None => check(&root, format, deny_warnings),
            }
        }
        Command::Serve {
            root,
            port,
            bind,
            open,
            allow_host,
        } => {
            let mut options = kbgen::serve::ServeOptions::new(root);
            options.port = port;
            options.bind = bind;
            options.allow_hosts = allow_host;
            options.color = color();
            // A fixed date only when asked for; otherwise each rebuild reads the clock.
            if std::env::var_os("KBGEN_TODAY").is_some() {
                options.today = Some(today()?);
            }
            kbgen::serve::run(options, open)?;
            Ok(0)
        }
        Command::New { id, root } => {
            let (config, _) = kbgen::config::load(&root, rules::is_configurable)?;
            for p in kbgen::scaffold::new_topic(&root, &config, &id, today()?)? {
                println!("created {}", p.strip_prefix(&root).unwrap_or(&p).display());
            }
            Ok(0)
        }
        Command::Init {
            dir,
            languages,
            title,
            force,
        } => {
            let options = kbgen::scaffold::init::InitOptions {
                languages,
                title,
                force,
            };
            let written = kbgen::scaffold::init::init(&dir, &options, today()?)?;
            print_written(&dir, &written);
            let cd = if dir == Path::new(".") {
                String::new()
            } else {
                format!("cd {} && ", dir.display())
            };
            eprintln!(
                "next: {cd}kbgen serve --open   (preview, reloads on save)\n      \
                 {cd}kbgen build          (writes the site to book/)"
            );
            Ok(0)
        }
        Command::Theme {
            command: ThemeCommand::Eject { root, only },
        } => {
            print_written(&root, &kbgen::scaffold::eject::eject(&root, &only)?);
            Ok(0)
        }
        Command::Theme {
            command: ThemeCommand::List { root },
        } => {
            for (rel, origin) in kbgen::scaffold::eject::list(&root) {
                let from = match origin {
                    kbgen::scaffold::eject::Origin::BuiltIn => "built-in",
                    kbgen::scaffold::eject::Origin::Project => "project",
                };
                println!("{from:<9} {rel}");
            }
            Ok(0)
        }
        Command::Sources {
            command:
                SourcesCommand::Verify {
                    root,
                    timeout,
                    only,
                    allow_http,
                },
        } => {
            let mut options = kbgen::verify::VerifyOptions::new(today()?);
            options.timeout = std::time::Duration::from_secs(timeout);
            options.only = only;
            options.allow_http = allow_http;
            verify_sources(&root, &options)
        }
    }
}

/// What `init` and `theme eject` wrote under `base`, one line a file.
fn print_written(base: &Path, written: &kbgen::scaffold::Written) {
    let shown = |p: &PathBuf| {
        if base == Path::new(".") {
            p.display().to_string()
        } else {
            base.join(p).display().to_string()
        }
    };
    for p in &written.created {
        println!("created {}", shown(p));
    }
    for p in &written.kept {
        println!("kept    {} (exists; not overwritten)", shown(p));
    }
}

/// `kbgen build`.
fn build(root: &Path, out: Option<PathBuf>, timings: bool) -> Result<u8, Error> {
    let built = pipeline::build(root, &BuildOptions::new(today()?))?;
    let checked = &built.checked;
    print_diagnostics(checked);
    let Some(output) = built.output else {
        report::eprint(&format!(
            "error: the site was not written: {}\n",
            report::summary(checked.tally(), checked.corpus.topics.len())
        ));
        return Ok(1);
    };
    let out = out.unwrap_or_else(|| root.join(&checked.config.output));
    let write_start = std::time::Instant::now();
    output.write_keeping(&out, root, &checked.config.output_keep)?;
    if timings {
        for (stage, took) in &built.timings.stages {
            eprintln!("{stage:>14}: {:>7.1} ms", took.as_secs_f64() * 1000.0);
        }
        eprintln!(
            "{:>14}: {:>7.1} ms",
            "write",
            write_start.elapsed().as_secs_f64() * 1000.0
        );
    }
    eprintln!(
        "wrote {} files for {} topics to {}",
        output.len(),
        checked.corpus.topics.len(),
        out.display()
    );
    Ok(0)
}

/// The diagnostics on stderr, and how many cascading findings were hidden.
fn print_diagnostics(checked: &pipeline::Checked) {
    report::eprint(&report::human(
        &checked.diagnostics,
        &checked.files,
        color(),
    ));
    if let Some(note) = checked.hidden.note() {
        eprintln!("note: {note}");
    }
}

/// `kbgen check --list-rules`.
fn list_all_rules() {
    for r in rules::ALL {
        println!(
            "{}  {:<28} {:<8} {}",
            r.code,
            r.name,
            r.default.to_string(),
            r.summary
        );
    }
}

/// `kbgen check --explain RULE`.
fn explain_rule(name: &str) -> Result<u8, Error> {
    let r = rules::find(name).ok_or_else(|| {
        Error::Usage(format!(
            "no rule `{name}`; `kbgen check --list-rules` lists them"
        ))
    })?;
    println!(
        "{} {} (default: {})\n\n{}\n\n{}",
        r.code, r.name, r.default, r.summary, r.explain
    );
    Ok(0)
}

/// `kbgen check`.
fn check(root: &Path, format: Format, deny_warnings: bool) -> Result<u8, Error> {
    let checked = pipeline::check(root, today()?)?;
    let tally = checked.tally();
    match format {
        Format::Json => println!("{}", report::json(&checked.diagnostics)),
        Format::Human => {
            print_diagnostics(&checked);
            eprintln!("{}", report::summary(tally, checked.corpus.topics.len()));
        }
    }
    let failed = tally.errors > 0 || (deny_warnings && tally.warnings > 0);
    Ok(u8::from(failed))
}

/// `kbgen sources verify`.
fn verify_sources(root: &Path, options: &kbgen::verify::VerifyOptions) -> Result<u8, Error> {
    let verified = kbgen::verify::verify_sources(root, options)?;
    if !verified.diagnostics.is_empty() {
        report::eprint(&report::human(
            &verified.diagnostics,
            &verified.files,
            color(),
        ));
        eprintln!("error: content/sources.yaml cannot be read; nothing was fetched");
        return Ok(1);
    }
    for r in &verified.results {
        println!("{}", r.line(&verified.path));
    }
    eprintln!("{}", verified.summary());
    Ok(if verified.ok() { 0 } else { 1 })
}

fn print_fatal(e: &Error) {
    match e {
        Error::Invalid { files, diagnostics } => {
            report::eprint(&report::human(diagnostics, files, color()));
            if diagnostics
                .iter()
                .all(|d| d.code == kbgen::config::CONFIG_CODE)
            {
                eprintln!("error: cannot continue with an invalid configuration");
            } else {
                eprintln!("error: the site was not written: fix the templates or UI strings above");
            }
        }
        Error::Io { path, source }
            if !Path::new(path).exists() && source.kind() == std::io::ErrorKind::NotFound =>
        {
            eprintln!(
                "error: {} does not exist (is --root pointing at a kbgen project?)",
                path.display()
            );
        }
        other => eprintln!("error: {other}"),
    }
}

//! `vigil watch`, `feeds` and `run`: rules that report new matching events, feeds polled on a
//! schedule, and the monitor that does both.

use super::exit;
use crate::flags::monitor::{FeedsCommand, RunArgs, WatchAddArgs, WatchCommand};
use anyhow::Result;
use std::io::Write;
use std::process::ExitCode;
use std::time::Duration;
use vigil_corpus::feeds::{self, format_every, MonitorEvent, MonitorOptions};
use vigil_corpus::queue::deliver_exclusive;
use vigil_corpus::watch::{self, Delivered, Output};
use vigil_extract::Extractor;
use vigil_store::{Feed, WatchRule};

/// Tells on standard error which webhooks failed.
pub fn tell_failures(delivered: &Delivered) {
    for (rule, e) in &delivered.failed {
        errln!("vigil: watch {rule}: {e}");
    }
}

fn output(jsonl: bool) -> Output {
    if jsonl {
        Output::Jsonl
    } else {
        Output::Text
    }
}

/// `vigil watch add|list|remove|run`.
pub fn watch(what: WatchCommand) -> Result<ExitCode> {
    let mut out = std::io::stdout().lock();
    match what {
        WatchCommand::Add(args) => add_rule(&mut out, args)?,
        WatchCommand::List { db } => {
            let store = db.open_existing()?;
            for r in store.watch_rules()? {
                writeln!(out, "{}", serde_json::to_string(&r)?)?;
            }
        }
        WatchCommand::Remove { name, db } => {
            let mut store = db.open_existing()?;
            if !store.remove_watch_rule(&name)? {
                anyhow::bail!("no watch rule {name:?}");
            }
            writeln!(out, "removed watch rule {name}")?;
        }
        WatchCommand::Run { rule, jsonl, db } => {
            let mut store = db.open_existing()?;
            let delivered = match db.postgres() {
                // Workers deliver too: one delivery at a time, under their lock.
                Some(url) => deliver_exclusive(&url, &mut out, rule.as_deref(), output(jsonl))?,
                None => watch::deliver(&mut out, store.as_mut(), rule.as_deref(), output(jsonl))?,
            };
            tell_failures(&delivered);
            return Ok(exit(!delivered.ok()));
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn add_rule(out: &mut impl Write, args: WatchAddArgs) -> Result<()> {
    let mut store = args.db.open_existing()?;
    let rule = WatchRule {
        name: args.name.clone(),
        kinds: args.events.kind,
        actor: args.events.actor,
        country: args.events.country,
        target: args.target,
        min_killed: args.min_killed,
        text: args.events.text,
        webhook: args.webhook,
    };
    let skipped = watch::save_rule(store.as_mut(), &rule, args.from_now)?;
    writeln!(out, "saved watch rule {}", args.name)?;
    if args.from_now {
        writeln!(out, "{skipped} events already stored count as reported")?;
    }
    Ok(())
}

/// `vigil feeds add|list|remove`.
pub fn feeds(what: FeedsCommand) -> Result<ExitCode> {
    match what {
        FeedsCommand::Add { urls, every, db } => {
            let mut store = db.open()?;
            for (url, new) in urls.iter().zip(feeds::add(store.as_mut(), &urls, every)?) {
                let verb = if new { "added" } else { "updated" };
                outln!("{verb} {url}, polled every {}", format_every(every));
            }
            Ok(ExitCode::SUCCESS)
        }
        FeedsCommand::List { db, json } => {
            let all = db.open_existing()?.feeds()?;
            let mut out = std::io::stdout().lock();
            if json {
                for f in &all {
                    serde_json::to_writer(&mut out, f)?;
                    writeln!(out)?;
                }
            } else if all.is_empty() {
                writeln!(
                    out,
                    "no feeds (add one with `vigil feeds add URL --every 15m`)"
                )?;
            } else {
                write!(out, "{}", table(&all, feeds::now()))?;
            }
            Ok(ExitCode::SUCCESS)
        }
        FeedsCommand::Remove { urls, db } => {
            let mut store = db.open_existing()?;
            let mut missing = false;
            for url in &urls {
                if store.remove_feed(url)? {
                    outln!("removed {url}");
                } else {
                    errln!("vigil: no feed {url} (see `vigil feeds list`)");
                    missing = true;
                }
            }
            Ok(exit(missing))
        }
    }
}

/// `vigil run`: the monitor, with polls and failures told on standard error.
pub fn run(args: RunArgs) -> Result<ExitCode> {
    let mut store = args.db.open()?;
    let extractor = Extractor::new()?;
    let opts = MonitorOptions {
        once: args.once,
        output: output(args.jsonl),
        read: args.read.options(),
        tick: Duration::from_secs(5),
    };
    let ok = feeds::monitor(
        &mut std::io::stdout().lock(),
        store.as_mut(),
        &extractor,
        &opts,
        &mut |event| match event {
            MonitorEvent::Polled(p) => errln!("{}", p.describe()),
            MonitorEvent::Delivered(d) => tell_failures(d),
            MonitorEvent::RoundFailed { error, retry } => {
                errln!("vigil run: {error}; trying again in {} s", retry.as_secs())
            }
        },
    )?;
    Ok(exit(!ok))
}

/// `vigil feeds list` as text: one line per feed.
#[must_use]
pub fn table(feeds: &[Feed], at: i64) -> String {
    let ago = |t: i64| {
        let d = at - t;
        if d < 0 {
            format!("in {}", format_every(d.unsigned_abs()))
        } else {
            format!("{} ago", format_every(d.unsigned_abs()))
        }
    };
    let mut rows = vec![[
        "FEED".to_string(),
        "EVERY".into(),
        "NEXT".into(),
        "LAST POLL".into(),
        "DOCS".into(),
        "LAST OUTCOME".into(),
    ]];
    for f in feeds {
        rows.push([
            f.url.clone(),
            format_every(f.every_secs),
            if f.next_due <= at {
                "due".into()
            } else {
                ago(f.next_due)
            },
            f.last_polled.map_or_else(|| "never".into(), ago),
            f.documents.to_string(),
            f.last_outcome.clone().unwrap_or_default(),
        ]);
    }
    let widths: Vec<usize> = (0..5)
        .map(|i| rows.iter().map(|r| r[i].chars().count()).max().unwrap_or(0))
        .collect();
    let mut out = String::new();
    for r in &rows {
        for (i, w) in widths.iter().enumerate() {
            out.push_str(&format!("{:<w$}  ", r[i]));
        }
        out.push_str(&r[5]);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_says_when() {
        let f = Feed {
            url: "https://example.org/rss".into(),
            every_secs: 300,
            next_due: 1_120,
            last_polled: Some(1_000),
            last_outcome: Some("304 not modified".into()),
            documents: 7,
            ..Feed::default()
        };
        let t = table(std::slice::from_ref(&f), 1_060);
        let line = t.lines().nth(1).unwrap();
        assert!(line.starts_with("https://example.org/rss  5m"), "{t}");
        assert!(line.contains("in 1m"), "{t}");
        assert!(line.contains("1m ago"), "{t}");
        assert!(line.ends_with("304 not modified"), "{t}");
        let never = Feed {
            last_polled: None,
            next_due: 0,
            ..f
        };
        let t = table(&[never], 10);
        assert!(t.contains("due") && t.contains("never"), "{t}");
    }
}

//! `vigil extract`, `ingest`, `query`, `export`, `text` and `stats`: articles in, events out.

use super::exit;
use crate::flags::documents::{
    ExportArgs, ExportFormat, ExtractArgs, IngestArgs, QueryArgs, QueryFormat, StatsArgs, TextArgs,
};
use crate::flags::shared::Format;
use crate::output::{documents as table, records};
use anyhow::{Context, Result};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};
use std::process::ExitCode;
use std::time::Duration;
use vigil_corpus::ingest::{cores, ingest_inputs, IngestOptions, Progress, Summary};
use vigil_corpus::{export, language, Pipeline};
use vigil_extract::Extractor;
use vigil_ingest::source::read_inputs;
use vigil_model::DocumentOutput;

/// Prints documents in `format`.
pub fn emit(out: &mut impl Write, docs: &[DocumentOutput], format: Format) -> Result<()> {
    match format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut *out, docs)?;
            writeln!(out)?;
        }
        Format::Jsonl => {
            for d in docs {
                serde_json::to_writer(&mut *out, d)?;
                writeln!(out)?;
            }
        }
        Format::Table => table::write(out, docs)?,
    }
    Ok(())
}

/// `vigil extract`: every article's events, under the id `vigil ingest` gives it. A document
/// in a language Vigil does not read yet gets a line on standard error, and a closing count.
pub fn extract(args: ExtractArgs) -> Result<ExitCode> {
    let extractor = Extractor::new()?;
    let pipeline = Pipeline {
        extractor: &extractor,
        published: args.published,
    };
    let mut failed = false;
    let mut docs = Vec::new();
    let mut unread: BTreeMap<String, usize> = BTreeMap::new();
    read_inputs(&args.inputs, &args.read.options(), &mut |item| match item {
        Ok(article) => {
            let out = pipeline.extract(&article);
            if let Some(code) = out
                .document
                .language
                .as_deref()
                .filter(|c| !language::is_read(c))
            {
                errln!(
                    "vigil: {}",
                    language::notice(&out.document.source, code, out.events.len())
                );
                *unread.entry(code.to_string()).or_default() += 1;
            }
            docs.push(out);
        }
        Err(e) => {
            errln!("vigil: {e}");
            failed = true;
        }
    });
    emit(&mut std::io::stdout().lock(), &docs, args.format)?;
    if let Some(line) = language::summary(&unread) {
        errln!("vigil: {line}");
    }
    Ok(exit(failed))
}

/// A progress bar on standard error, with rejected items printed above it.
fn progress_bar() -> ProgressBar {
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr_with_hz(4));
    bar.set_style(
        ProgressStyle::with_template(
            "{spinner} {elapsed_precise} {pos} documents ({per_sec}) {msg}",
        )
        .expect("valid template"),
    );
    bar.enable_steady_tick(Duration::from_millis(250));
    bar
}

/// Draws `progress` on `bar`.
fn show(bar: &ProgressBar, progress: Progress<'_>) {
    match progress {
        Progress::Read(s) => {
            bar.set_position(s.read as u64);
            bar.set_message(format!(
                "· {} stored · {} events · {} unchanged · {} errors",
                s.stored,
                s.events,
                s.unchanged,
                s.errors()
            ));
        }
        Progress::Rejected(line) | Progress::NotRead(line) => {
            bar.suspend(|| errln!("vigil: {line}"));
        }
    }
}

/// `vigil ingest`.
pub fn ingest(args: IngestArgs) -> Result<ExitCode> {
    let mut store = args.db.open()?;
    let location = store.location().to_string();
    let extractor = Extractor::new()?;
    let pipeline = Pipeline {
        extractor: &extractor,
        published: args.published,
    };
    let options = IngestOptions {
        batch_size: args.batch.max(1),
        threads: args.threads.unwrap_or_else(cores).max(1),
    };
    let bar = progress_bar();
    let summary = ingest_inputs(
        store.as_mut(),
        pipeline,
        options,
        &args.inputs,
        &args.read.options(),
        &mut |p| show(&bar, p),
    );
    bar.finish_and_clear();
    let summary = summary?;
    print_summary(&summary, &location)?;
    Ok(exit(summary.errors() > 0))
}

/// Prints the closing summary of an ingest.
///
/// # Errors
/// Standard output is closed.
pub fn print_summary(summary: &Summary, location: &str) -> Result<()> {
    let secs = summary.elapsed.as_secs_f64().max(1e-9);
    outln!(
        "{} articles read in {:.1} s ({:.0}/s): {} stored ({} near-duplicates), {} already stored, {} events, into {location}",
        summary.read,
        secs,
        summary.read as f64 / secs,
        summary.stored,
        summary.duplicates,
        summary.unchanged,
        summary.events
    );
    if summary.errors() > 0 {
        let parts: Vec<String> = summary
            .rejected
            .iter()
            .map(|(k, v)| format!("{k} {v}"))
            .collect();
        outln!("{} rejected: {}", summary.errors(), parts.join(", "));
    }
    if let Some(line) = language::summary(&summary.unread) {
        outln!("{line}");
    }
    Ok(())
}

/// `vigil query`.
pub fn query(args: QueryArgs) -> Result<ExitCode> {
    let store = args.db.open_existing()?;
    let found = store.query(&args.filters.checked_query(store.as_ref())?)?;
    let mut out = std::io::stdout().lock();
    match args.format {
        QueryFormat::Table => records::write_table(&mut out, &found)?,
        QueryFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &found)?;
            writeln!(out)?;
        }
        QueryFormat::Jsonl => {
            export::write(export::Format::Jsonl, &mut out, &found)?;
        }
        QueryFormat::Csv => {
            export::write(export::Format::Csv, &mut out, &found)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `vigil export`.
pub fn export(args: ExportArgs) -> Result<ExitCode> {
    let store = args.db.open_existing()?;
    let format = match args.format {
        ExportFormat::Jsonl => export::Format::Jsonl,
        ExportFormat::Csv => export::Format::Csv,
        ExportFormat::Geojson => export::Format::Geojson,
        ExportFormat::Parquet => export::Format::Parquet,
    };
    if format == export::Format::Parquet && args.output.is_none() && std::io::stdout().is_terminal()
    {
        anyhow::bail!("a Parquet export is binary: name a file with --output, or redirect");
    }
    let found = store.query(&args.filters.checked_query(store.as_ref())?)?;
    let mut out: Box<dyn Write> = match &args.output {
        Some(p) => Box::new(std::io::BufWriter::new(
            std::fs::File::create(p).with_context(|| format!("{}", p.display()))?,
        )),
        None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
    };
    let summary = export::write(format, &mut out, &found)?;
    out.flush()?;
    match args.output {
        Some(p) => errln!("{summary} written to {}", p.display()),
        None => errln!("{summary}"),
    }
    Ok(ExitCode::SUCCESS)
}

/// `vigil text`: the main text of each article read.
pub fn text(args: TextArgs) -> Result<ExitCode> {
    let mut failed = false;
    let mut texts = Vec::new();
    read_inputs(
        &[args.input],
        &args.read.options(),
        &mut |item| match item {
            Ok(a) => texts.push(a.text()),
            Err(e) => {
                errln!("vigil: {e}");
                failed = true;
            }
        },
    );
    let mut out = std::io::stdout().lock();
    for (i, t) in texts.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        writeln!(out, "{t}")?;
    }
    Ok(exit(failed))
}

/// `vigil stats`.
pub fn stats(args: StatsArgs) -> Result<ExitCode> {
    let store = args.db.open_existing()?;
    let s = store.stats()?;
    let mut out = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &s)?;
        writeln!(out)?;
    } else {
        records::write_stats(&mut out, &s, &args.db.path().display().to_string())?;
    }
    Ok(ExitCode::SUCCESS)
}

//! `vigil eval html|conll|geo|muc4|events`: Vigil's scores on public benchmark data.

use super::eval_events;
use crate::flags::eval::EvalCommand;
use anyhow::{Context, Result};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use vigil_extract::{muc4, Extractor};
use vigil_ner::roles::RoleModel;

/// `vigil eval …`.
pub fn run(what: EvalCommand) -> Result<ExitCode> {
    match what {
        EvalCommand::Events {
            sets,
            shared,
            json,
            misses,
            threads,
            texts,
            outputs,
        } => {
            let threads = threads.unwrap_or_else(vigil_corpus::ingest::cores);
            eval_events::run(
                &sets,
                &eval_events::Options {
                    shared: &shared,
                    json,
                    misses,
                    threads,
                    texts: texts.as_deref(),
                    outputs: outputs.as_deref(),
                },
            )?;
        }
        EvalCommand::Html { dir, json } => html(&dir, json)?,
        EvalCommand::Conll {
            file,
            lowercase,
            model,
            json,
        } => conll(&file, lowercase, model.as_deref(), json)?,
        EvalCommand::Geo {
            file, misses: true, ..
        } => geo_misses(&file)?,
        EvalCommand::Geo {
            file, spans: true, ..
        } => geo_spans(&file)?,
        EvalCommand::Geo { file, json, .. } => geo(&file, json)?,
        EvalCommand::Muc4 {
            file,
            predictions,
            json,
            model,
            rules,
            learned,
            thresholds,
        } => muc4(&Muc4Args {
            file,
            predictions,
            json,
            model,
            rules,
            learned,
            thresholds,
        })?,
    }
    Ok(ExitCode::SUCCESS)
}

/// `vigil eval html DIR`.
fn html(dir: &Path, json: bool) -> Result<()> {
    let s = vigil_ingest::eval::eval_html(dir)?;
    if json {
        outln!("{}", serde_json::to_string(&s)?);
        return Ok(());
    }
    outln!(
        "main text on {} pages: precision {:.3}, recall {:.3}, F1 {:.3}",
        s.pages,
        s.precision,
        s.recall,
        s.f1
    );
    if let Some(d) = s.date_accuracy {
        outln!(
            "publication date accuracy: {d:.3} ({} pages with a gold date)",
            s.date_pages
        );
    }
    Ok(())
}

/// `vigil eval conll FILE`.
fn conll(file: &Path, lowercase: bool, model: Option<&Path>, json: bool) -> Result<()> {
    let loaded;
    let m = match model {
        Some(p) => {
            loaded = vigil_ner::Model::load(p)?;
            &loaded
        }
        None => vigil_ner::Model::embedded(),
    };
    let scores = vigil_ner::evaluate_file(m, file, lowercase)?;
    if json {
        outln!("{}", serde_json::to_string(&scores)?);
    } else {
        out!("{}", scores.to_table());
    }
    Ok(())
}

/// `vigil eval geo FILE --misses`.
fn geo_misses(file: &Path) -> Result<()> {
    let list = vigil_geo::eval::resolution_misses(file).map_err(anyhow::Error::msg)?;
    let mut out = std::io::stdout().lock();
    let opt = |v: Option<String>| v.unwrap_or_else(|| "-".into());
    let pt = |p: Option<(f64, f64)>| opt(p.map(|(a, b)| format!("{a:.4},{b:.4}")));
    for m in list {
        writeln!(
            out,
            "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
            m.article,
            m.name,
            opt(m.kind),
            opt(m.gold_id.map(|i| i.to_string())),
            pt(Some(m.gold)),
            opt(m.ours),
            opt(m.our_id.map(|i| i.to_string())),
            pt(m.our_point),
            if m.inferred { "setting" } else { "name" },
            opt(m.km.map(|k| format!("{k:.0}"))),
        )?;
    }
    Ok(())
}

/// `vigil eval geo FILE --spans`.
fn geo_spans(file: &Path) -> Result<()> {
    let list = vigil_geo::eval::recognition_errors(file).map_err(anyhow::Error::msg)?;
    let mut out = std::io::stdout().lock();
    for e in list {
        writeln!(
            out,
            "{}\t{}\t{}\t{}\t{}",
            e.article,
            if e.spurious { "spurious" } else { "missed" },
            e.text,
            e.gold.unwrap_or_else(|| "-".into()),
            e.context,
        )?;
    }
    Ok(())
}

/// `vigil eval geo FILE`.
fn geo(file: &Path, json: bool) -> Result<()> {
    let s = vigil_geo::eval::eval_geo(file).map_err(anyhow::Error::msg)?;
    if json {
        outln!("{}", serde_json::to_string(&s)?);
        return Ok(());
    }
    let r = &s.recognition;
    let z = &s.resolution;
    outln!(
        "toponym recognition: precision {:.3}, recall {:.3}, F1 {:.3}",
        r.precision,
        r.recall,
        r.f1
    );
    outln!(
        "resolution given gold spans ({} toponyms): exact id {:.3}, within 161 km {:.3}",
        z.n,
        z.exact,
        z.within_161km
    );
    Ok(())
}

/// The arguments of `vigil eval muc4`.
struct Muc4Args {
    file: PathBuf,
    predictions: Option<PathBuf>,
    json: bool,
    model: Option<PathBuf>,
    rules: bool,
    learned: bool,
    thresholds: Option<String>,
}

/// The role model, with thresholds overridden by `--thresholds` (eleven numbers).
fn role_model(model: Option<&Path>, thresholds: Option<&str>) -> Result<RoleModel> {
    let mut roles = match model {
        Some(p) => RoleModel::load(p)?,
        None => RoleModel::embedded()?.clone(),
    };
    if let Some(t) = thresholds {
        let v: Vec<f32> = t
            .split(',')
            .map(|x| x.trim().parse::<f32>())
            .collect::<Result<_, _>>()
            .context("--thresholds: eleven comma-separated numbers")?;
        anyhow::ensure!(
            v.len() == 11,
            "--thresholds: eleven comma-separated numbers"
        );
        roles.thresholds.role.copy_from_slice(&v[..5]);
        roles.thresholds.doc = v[5];
        roles.thresholds.boost.copy_from_slice(&v[6..]);
    }
    Ok(roles)
}

/// `vigil eval muc4 FILE`.
fn muc4(args: &Muc4Args) -> Result<()> {
    let file = &args.file;
    let text = std::fs::read_to_string(file)
        .with_context(|| format!("{}: cannot read", file.display()))?;
    let docs = muc4::read(&text).map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
    let roles = role_model(args.model.as_deref(), args.thresholds.as_deref())?;
    let extractor = if args.learned {
        None
    } else {
        Some(Extractor::new()?)
    };
    let t0 = std::time::Instant::now();
    let predicted: BTreeMap<_, _> = docs
        .iter()
        .map(|d| {
            let p = match &extractor {
                Some(x) if args.rules => muc4::predict(x, d),
                Some(x) => muc4::predict_combined(x, &roles, d),
                None => muc4::predict_learned(&roles, d),
            };
            (d.docid.clone(), p)
        })
        .collect();
    let secs = t0.elapsed().as_secs_f64();
    let s = muc4::score(&docs, &predicted);
    if let Some(out) = &args.predictions {
        std::fs::write(
            out,
            serde_json::to_string_pretty(&muc4::predictions_json(&predicted))?,
        )
        .with_context(|| format!("{}: cannot write", out.display()))?;
    }
    let per_sec = docs.len() as f64 / secs.max(1e-9);
    if args.json {
        let mut v = serde_json::to_value(&s.roles)?;
        v["micro"] = serde_json::to_value(s.micro)?;
        v["documents"] = s.documents.into();
        v["documents_per_second"] = per_sec.into();
        outln!("{v}");
    } else {
        for (role, p) in &s.roles {
            outln!("{}", p.line(role));
        }
        outln!(
            "micro    {}  on {} documents, {per_sec:.0} documents/s (1 thread)",
            s.micro.percents(),
            s.documents,
        );
    }
    Ok(())
}

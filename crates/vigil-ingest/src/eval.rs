//! Accuracy of the HTML reader on a labelled set of pages.
//!
//! The layout is the trafilatura evaluation set's: `DIR/gold.json` maps a page's file name to
//! `{url, with: [...], without: [...], date?, ...}`, and the pages are `DIR/pages/NAME.gz` (or
//! `DIR/pages/NAME`). The metric is that set's own: whitespace is collapsed in the extracted
//! main text and in the snippets; each `with` snippet found is a true positive, each one
//! missing a false negative; each `without` snippet found is a false positive, each one absent
//! a true negative; counts are summed over the set and F1 = 2TP / (2TP + FP + FN). A page the
//! reader rejects counts its `with` snippets as misses. Date accuracy is the share of pages
//! with a gold `date` whose published date is that day.
//!
//! The text scored is the main text as the set defines it: headline, standfirst and body
//! paragraphs. Photo captions, which the reader keeps apart as
//! [`ParagraphKind::Caption`], are left out: the set's gold
//! treats captions and photo credits as outside the main text.

use std::io::Read;
use std::path::Path;
use std::time::{Duration, Instant};

use serde::Serialize;

use crate::html::read_html;
use crate::ParagraphKind;

/// Scores of the HTML reader on a set.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct HtmlScores {
    /// TP / (TP + FP).
    pub precision: f64,
    /// TP / (TP + FN).
    pub recall: f64,
    /// 2TP / (2TP + FP + FN).
    pub f1: f64,
    /// Share of dated pages whose published date is right; `None` when no page has a date.
    pub date_accuracy: Option<f64>,
    /// Pages scored.
    pub pages: usize,
    /// Pages with a gold date.
    pub date_pages: usize,
    /// Pages whose published date is right.
    pub dates_right: usize,
    /// `with` snippets found.
    pub true_positives: usize,
    /// `without` snippets found.
    pub false_positives: usize,
    /// `with` snippets missing.
    pub false_negatives: usize,
    /// `without` snippets absent.
    pub true_negatives: usize,
    /// Pages the reader rejected (empty, binary).
    pub rejected: usize,
    /// Seconds spent in `read_html` (one thread), file reading excluded.
    pub read_seconds: f64,
    /// Pages per second of `read_html` alone.
    pub pages_per_second: f64,
}

/// Counts for one page.
#[derive(Debug, Clone, Copy, Default)]
struct Counts {
    tp: usize,
    fp: usize,
    fn_: usize,
    tn: usize,
}

use crate::collapse;

fn snippets<'a>(v: &'a serde_json::Value, key: &str) -> impl Iterator<Item = &'a str> {
    v.get(key)
        .and_then(serde_json::Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(serde_json::Value::as_str)
}

fn score_page(text: &str, gold: &serde_json::Value) -> Counts {
    let text = collapse(text);
    let mut c = Counts::default();
    for s in snippets(gold, "with") {
        if text.contains(&collapse(s)) {
            c.tp += 1;
        } else {
            c.fn_ += 1;
        }
    }
    for s in snippets(gold, "without") {
        if text.contains(&collapse(s)) {
            c.fp += 1;
        } else {
            c.tn += 1;
        }
    }
    c
}

/// A benchmark file that cannot be read (`gold.json`, a page).
#[derive(Debug, thiserror::Error)]
#[error("{path}: {message}")]
pub struct EvalError {
    /// The file.
    pub path: String,
    /// What went wrong.
    pub message: String,
}

impl EvalError {
    fn at(path: &Path, error: impl std::fmt::Display) -> EvalError {
        EvalError {
            path: path.display().to_string(),
            message: error.to_string(),
        }
    }
}

fn read_page(pages: &Path, name: &str) -> Result<Vec<u8>, EvalError> {
    let gz = pages.join(format!("{name}.gz"));
    if gz.is_file() {
        let f = std::fs::File::open(&gz).map_err(|e| EvalError::at(&gz, e))?;
        let mut out = Vec::new();
        flate2::read::MultiGzDecoder::new(f)
            .read_to_end(&mut out)
            .map_err(|e| EvalError::at(&gz, e))?;
        return Ok(out);
    }
    let plain = pages.join(name);
    std::fs::read(&plain).map_err(|e| EvalError::at(&plain, e))
}

/// The main text of every page of the set in `dir` (`gold.json` and `pages/`), in name order:
/// (file name, text, publication date). A page [`read_html`] rejects has empty text.
///
/// # Errors
/// When `gold.json` is missing or malformed, or a page it names cannot be read.
pub fn page_texts(
    dir: &Path,
) -> Result<Vec<(String, String, Option<vigil_model::Date>)>, EvalError> {
    let gold_path = dir.join("gold.json");
    let gold_text =
        std::fs::read_to_string(&gold_path).map_err(|e| EvalError::at(&gold_path, e))?;
    let gold: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(&gold_text).map_err(|e| EvalError::at(&gold_path, e))?;
    let pages_dir = dir.join("pages");
    let mut names: Vec<&String> = gold.keys().collect();
    names.sort();
    let mut out = Vec::with_capacity(names.len());
    for name in names {
        let bytes = read_page(&pages_dir, name)?;
        let url = gold[name.as_str()]
            .get("url")
            .and_then(serde_json::Value::as_str)
            .filter(|u| u.starts_with("http"));
        let (text, published) = match read_html(&bytes, url) {
            Ok(a) => (a.text(), a.published),
            Err(_) => (String::new(), None),
        };
        out.push((name.clone(), text, published));
    }
    Ok(out)
}

/// Scores [`read_html`] on the set in `dir` (`gold.json` and `pages/`).
///
/// # Errors
/// When `gold.json` is missing or malformed, or a page it names cannot be read.
pub fn eval_html(dir: &Path) -> Result<HtmlScores, EvalError> {
    let gold_path = dir.join("gold.json");
    let gold_text =
        std::fs::read_to_string(&gold_path).map_err(|e| EvalError::at(&gold_path, e))?;
    let gold: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(&gold_text).map_err(|e| EvalError::at(&gold_path, e))?;
    let pages_dir = dir.join("pages");
    let mut names: Vec<&String> = gold.keys().collect();
    names.sort();
    let mut total = Counts::default();
    let (mut date_pages, mut dates_right, mut rejected) = (0, 0, 0);
    let mut elapsed = Duration::ZERO;
    for name in &names {
        let g = &gold[name.as_str()];
        let bytes = read_page(&pages_dir, name)?;
        let url = g
            .get("url")
            .and_then(serde_json::Value::as_str)
            .filter(|u| u.starts_with("http"));
        let start = Instant::now();
        let result = read_html(&bytes, url);
        elapsed += start.elapsed();
        let (text, published) = match result {
            Ok(mut a) => {
                a.paragraphs.retain(|p| p.kind != ParagraphKind::Caption);
                (a.text(), a.published)
            }
            Err(_) => {
                rejected += 1;
                (String::new(), None)
            }
        };
        let c = score_page(&text, g);
        total.tp += c.tp;
        total.fp += c.fp;
        total.fn_ += c.fn_;
        total.tn += c.tn;
        if let Some(d) = g
            .get("date")
            .and_then(serde_json::Value::as_str)
            .filter(|d| !d.is_empty())
        {
            date_pages += 1;
            if published.is_some_and(|p| p.to_string() == d) {
                dates_right += 1;
            }
        }
    }
    let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    let secs = elapsed.as_secs_f64();
    Ok(HtmlScores {
        precision: ratio(total.tp, total.tp + total.fp),
        recall: ratio(total.tp, total.tp + total.fn_),
        f1: ratio(2 * total.tp, 2 * total.tp + total.fp + total.fn_),
        date_accuracy: (date_pages > 0).then(|| ratio(dates_right, date_pages)),
        pages: names.len(),
        date_pages,
        dates_right,
        true_positives: total.tp,
        false_positives: total.fp,
        false_negatives: total.fn_,
        true_negatives: total.tn,
        rejected,
        read_seconds: secs,
        pages_per_second: if secs > 0.0 {
            names.len() as f64 / secs
        } else {
            0.0
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metric() {
        let g = serde_json::json!({"with": ["a  b", "zzz"], "without": ["c", "d"]});
        let c = score_page("x a\nb c", &g);
        assert_eq!((c.tp, c.fn_, c.fp, c.tn), (1, 1, 1, 1));
    }
}

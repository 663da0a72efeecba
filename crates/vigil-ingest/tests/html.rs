//! The HTML reader on fixtures written for it (`tests/fixtures/html/`), and its accuracy on the
//! trafilatura evaluation set in `../shared/eval/html/trafilatura` (read at run time, never
//! copied here).

use std::path::{Path, PathBuf};

use vigil_ingest::html::read_html;
use vigil_ingest::{Article, Cause, ParagraphKind};
use vigil_model::Date;

fn fixture(name: &str) -> Vec<u8> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/html")
        .join(name);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn read(name: &str) -> Article {
    read_html(&fixture(name), Some("https://example.org/page"))
        .unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn kinds(a: &Article, k: ParagraphKind) -> Vec<&str> {
    a.paragraphs
        .iter()
        .filter(|p| p.kind == k)
        .map(|p| p.text.as_str())
        .collect()
}

#[test]
fn boilerplate_is_dropped_and_the_story_kept() {
    let a = read("boilerplate.html");
    let text = a.text();
    // The story, in order, headline first.
    assert_eq!(a.paragraphs[0].kind, ParagraphKind::Headline);
    assert_eq!(a.paragraphs[0].text, "Bomb blast hits market in Eastport");
    assert_eq!(
        kinds(&a, ParagraphKind::Standfirst),
        ["Seven people were killed when a device exploded among the stalls on Thursday morning."]
    );
    let body = kinds(&a, ParagraphKind::Body);
    assert_eq!(body.len(), 3, "{body:#?}");
    assert!(body[0].starts_with("A bomb exploded in the central market of Eastport"));
    assert!(body[2].ends_with("promised a full investigation."));
    assert_eq!(
        kinds(&a, ParagraphKind::Caption),
        ["Police cordon off the market after the explosion."]
    );
    // Navigation, cookie banner, share prompt, related list, comments, footer: gone.
    for junk in [
        "cookies",
        "Politics",
        "Share this",
        "Related articles",
        "Earlier attack on the port",
        "thoughts are with the families",
        "Copyright",
        "Privacy policy",
        "By Mira Holt",
    ] {
        assert!(!text.contains(junk), "{junk:?} in {text}");
    }
}

#[test]
fn json_ld_metadata() {
    let a = read("boilerplate.html");
    assert_eq!(
        a.title.as_deref(),
        Some("Bomb blast hits market in Eastport")
    );
    assert_eq!(a.author.as_deref(), Some("Mira Holt, Jon Ade"));
    assert_eq!(a.published, Date::new(2024, 3, 28));
    assert_eq!(a.modified, Date::new(2024, 3, 29));
    assert_eq!(a.site_name.as_deref(), Some("The Harbour Courier"));
    assert_eq!(a.language.as_deref(), Some("en-GB"));
    // The canonical link wins over the given URL.
    assert_eq!(
        a.url.as_deref(),
        Some("https://courier.example/world/2024/03/28/eastport-market-blast")
    );
    assert!(a.source.is_empty());
}

#[test]
fn opengraph_only_metadata() {
    let a = read("opengraph.html");
    assert_eq!(
        a.title.as_deref(),
        Some("Gunmen attack police post in the north")
    );
    assert_eq!(a.paragraphs[0].kind, ParagraphKind::Headline);
    assert_eq!(a.site_name.as_deref(), Some("Northern Wire"));
    assert_eq!(a.author.as_deref(), Some("Sam Okafor"));
    assert_eq!(a.published, Date::new(2023, 11, 5));
    assert_eq!(a.modified, Date::new(2023, 11, 6));
    assert_eq!(a.language.as_deref(), Some("en-US"));
    assert_eq!(
        a.url.as_deref(),
        Some("https://wire.example/news/police-post-attack")
    );
    assert_eq!(kinds(&a, ParagraphKind::Body).len(), 2);
}

#[test]
fn declared_latin1() {
    let a = read("latin1.html");
    assert_eq!(a.title.as_deref(), Some("Attentat déjoué à Lyon"));
    assert_eq!(a.language.as_deref(), Some("fr"));
    let text = a.text();
    assert!(text.contains("soupçonnés de préparer une attaque contre la cathédrale"));
    assert!(text.contains("« Nous avons évité le pire »"));
    assert!(!text.contains("Accueil"));
    // No page URL of its own: the given one is kept.
    assert_eq!(a.url.as_deref(), Some("https://example.org/page"));
}

#[test]
fn undeclared_windows_1252_is_detected() {
    let a = read("undeclared-1252.html");
    assert_eq!(
        a.paragraphs[0].text,
        "Explosión en Medellín deja tres heridos"
    );
    assert!(a
        .text()
        .contains("informó la policía, que atribuyó el ataque"));
}

#[test]
fn shift_jis() {
    let a = read("shift_jis.html");
    assert_eq!(a.paragraphs[0].text, "東京の駅で爆発、二人が負傷");
    assert!(a
        .text()
        .contains("警視庁は爆発物を使った事件とみて捜査している。"));
}

#[test]
fn binary_and_empty_pages_are_rejected() {
    assert!(matches!(
        read_html(&fixture("binary.html"), None),
        Err(Cause::Binary(_))
    ));
    assert!(matches!(
        read_html(&fixture("empty.html"), None),
        Err(Cause::Empty(_))
    ));
    assert!(matches!(read_html(b"", None), Err(Cause::Empty(_))));
    assert!(matches!(read_html(b"  \n", None), Err(Cause::Empty(_))));
}

#[test]
fn never_panics_on_junk() {
    let page = fixture("boilerplate.html");
    // Every prefix of a real page (truncated downloads), and some garbage.
    for cut in (0..page.len()).step_by(7) {
        let _ = read_html(&page[..cut], None);
    }
    for junk in [
        &b"<"[..],
        b"<<<>>>",
        b"</p></div></body>",
        b"<p>&#xFFFFFFFF; &#0; &#; &amp",
        b"<script type='application/ld+json'>{\"@graph\": [[[[]]]]}</script><p>x</p>",
        b"\xff\xfe<\x00p\x00>\x00",
        b"<meta charset='bogus'><p>caf\xe9</p>",
        b"<svg/><math><p>text</p>",
    ] {
        let _ = read_html(junk, None);
    }
    let deep = "<div><span>".repeat(50_000) + "deep text";
    let _ = read_html(deep.as_bytes(), None);
}

/// The evaluation set, beside the repository (`../shared/eval/html/trafilatura`).
fn eval_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/eval/html/trafilatura")
}

#[test]
fn accuracy_on_the_trafilatura_set() {
    let dir = eval_dir();
    if !dir.join("gold.json").is_file() {
        let ci = std::env::var("CI").is_ok_and(|v| v == "true");
        assert!(
            !ci,
            "evaluation data missing at {} (CI=true: this must not be skipped)",
            dir.display()
        );
        eprintln!(
            "skipped: evaluation data missing at {} (set up ../shared to run it)",
            dir.display()
        );
        return;
    }
    let s = vigil_ingest::eval::eval_html(&dir).expect("evaluation runs");
    eprintln!(
        "trafilatura set: P {:.4} R {:.4} F1 {:.4}, dates {:?} over {} pages, {:.0} pages/s",
        s.precision, s.recall, s.f1, s.date_accuracy, s.pages, s.pages_per_second
    );
    assert_eq!(s.pages, 990);
    assert!(s.f1 >= 0.92, "F1 {:.4} below 0.92", s.f1);
    let json = serde_json::to_value(&s).expect("serializes");
    for key in ["precision", "recall", "f1", "date_accuracy"] {
        assert!(json.get(key).is_some(), "{key}");
    }
}

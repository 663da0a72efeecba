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

#[test]
fn printed_dates_near_the_headline() {
    // No metadata: the byline's date, not today's date in the page header, the sidebar's,
    // the event's or the comments'.
    let a = read("dates-de.html");
    assert_eq!(a.published, Date::new(2019, 3, 12));
    assert_eq!(a.language.as_deref(), Some("de"));
    assert!(a.text().contains("Die Halle brannte vollständig aus."));
    // The metadata in UTC says the next day; the page prints its own (US, month first).
    let a = read("dates-us.html");
    assert_eq!(a.published, Date::new(2019, 12, 3));
    assert_eq!(a.modified, Date::new(2019, 12, 5));
    // A printed update never stands in for the publication date.
    let a = read("dates-updated.html");
    assert_eq!(a.published, Date::new(2020, 1, 10));
    assert_eq!(a.modified, Date::new(2020, 3, 2));
}

/// A page with `head` in its head and `byline` after its headline, and enough story text.
fn page(lang: &str, head: &str, byline: &str) -> String {
    format!(
        "<html lang='{lang}'><head>{head}</head><body><div class='story'><h1>Storm closes the \
         coast road</h1>{byline}<p>The coast road was closed on Monday after a storm brought \
         down trees and power lines between the two villages, and the police asked drivers to \
         use the inland route until further notice.</p><p>Crews worked through the night to \
         clear the road. The power company said most homes would be reconnected by the \
         evening, and the schools in both villages stayed closed.</p></div></body></html>"
    )
}

fn published(html: &str, url: Option<&str>) -> Option<Date> {
    read_html(html.as_bytes(), url)
        .unwrap_or_else(|e| panic!("{e}: {html}"))
        .published
}

#[test]
fn publication_date_sources() {
    let d = Date::new(2019, 3, 12);
    // <meta> names, any case.
    for name in [
        "date",
        "dc.date",
        "DC.date.issued",
        "sailthru.date",
        "parsely-pub-date",
        "pubdate",
        "article.published",
        "publish-date",
        "citation_publication_date",
    ] {
        let head = format!("<meta name='{name}' content='2019-03-12T08:00:00'>");
        assert_eq!(published(&page("en", &head, ""), None), d, "{name}");
    }
    let og = "<meta property='article:published_time' content='2019-03-12T08:00:00+01:00'>";
    assert_eq!(published(&page("en", og, ""), None), d);
    // itemprop=datePublished on any element, its text read as a date.
    let span = "<p><span itemprop='datePublished'>12. März 2019</span></p>";
    assert_eq!(published(&page("de", "", span), None), d);
    // <time> with no datetime attribute: its text.
    let time = "<p>Publié le <time>12 mars 2019</time></p>";
    assert_eq!(published(&page("fr", "", time), None), d);
    // <time pubdate> and hAtom.
    let time = "<p><time pubdate datetime='2019-03-12'>Tuesday</time></p>";
    assert_eq!(published(&page("en", "", time), None), d);
    let abbr = "<p><abbr class='published' title='2019-03-12T10:00:00'>Tuesday</abbr></p>";
    assert_eq!(published(&page("en", "", abbr), None), d);
    // JSON-LD: @graph, a list of types, a script without a type, broken JSON.
    for ld in [
        r#"<script type="application/ld+json">{"@graph": [{"@type": "WebSite", "name": "X"},
           {"@type": ["NewsArticle"], "datePublished": "2019-03-12T09:00:00Z"}]}</script>"#,
        r#"<script>{"@context": "https://schema.org", "@type": "NewsArticle",
           "datePublished": "2019-03-12T06:00:00+01:00"}</script>"#,
        r#"<script type="application/ld+json">{"@type": "NewsArticle",
           "datePublished": '2019-03-12', }</script>"#,
        r#"<script type="application/ld+json">{"@type": "VideoObject",
           "uploadDate": "2019-03-12"}</script>"#,
    ] {
        assert_eq!(published(&page("en", ld, ""), None), d, "{ld}");
    }
    // Dates in the URL: /2019/03/12/, -2019-03-12, /20190312-.
    for url in [
        "https://x.example/2019/03/12/storm/",
        "https://x.example/news/storm-2019-03-12.html",
        "https://x.example/texte/20190312-storm.html",
    ] {
        assert_eq!(published(&page("en", "", ""), Some(url)), d, "{url}");
    }
    // Numeric dates with slashes follow the page's language, else only an unambiguous one.
    let by = "<p class='byline'>By Jo Reed | Published 12/03/2019</p>";
    assert_eq!(published(&page("en-GB", "", by), None), d);
    assert_eq!(published(&page("de", "", by), None), d);
    assert_eq!(
        published(&page("en-US", "", by), None),
        Date::new(2019, 12, 3)
    );
    assert_eq!(published(&page("en", "", by), None), None);
    let by = "<p class='byline'>By Jo Reed | Published 03/28/2019</p>";
    assert_eq!(published(&page("en", "", by), None), Date::new(2019, 3, 28));
    // German, dotted, labelled "Stand".
    let by = "<p>Stand: 12.03.2019 18:00 Uhr</p>";
    assert_eq!(published(&page("de", "", by), None), d);
    let by = "<p>Von Anna Beispiel, 12. März 2019</p>";
    assert_eq!(published(&page("de", "", by), None), d);
    let by = "<div class='meta'><span>Erstellt am</span><span>12.03.2019</span></div>";
    assert_eq!(published(&page("de", "", by), None), d);
    // English and French bylines.
    let by = "<p>By Jo Reed, March 12th, 2019 at 9:30 am</p>";
    assert_eq!(published(&page("en", "", by), None), d);
    let by = "<p>Par Jeanne Martin, publié le 12 mars 2019 à 10h</p>";
    assert_eq!(published(&page("fr", "", by), None), d);
}

#[test]
fn publication_date_is_never_invented() {
    // No date anywhere: none (no crawl date, no "today").
    assert_eq!(published(&page("en", "", ""), None), None);
    assert_eq!(
        published(&page("en", "", ""), Some("https://x.example/news/storm")),
        None
    );
    // A date that ends a range is an event's.
    let by = "<p>Ausstellung vom 9. bis 23. Februar 2017</p>";
    assert_eq!(published(&page("de", "", by), None), None);
    // A printed update alone is no publication date.
    let by = "<p>Aktualisiert am 12.03.2019</p>";
    assert_eq!(published(&page("de", "", by), None), None);
    // Modification metadata is not publication metadata.
    let head = "<meta property='article:modified_time' content='2019-03-12'>";
    assert_eq!(published(&page("en", head, ""), None), None);
    // Printed dates win over metadata in UTC, unless the URL agrees with the metadata.
    let head = "<meta property='article:published_time' content='2019-03-13T02:00:00Z'>";
    let by = "<p>March 12, 2019 9:00 pm EST</p>";
    assert_eq!(
        published(&page("en", head, by), None),
        Date::new(2019, 3, 12)
    );
    let by = "<p>March 12, 2018</p>";
    assert_eq!(
        published(
            &page("en", head, by),
            Some("https://x.example/2019/03/13/storm/")
        ),
        Date::new(2019, 3, 13)
    );
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

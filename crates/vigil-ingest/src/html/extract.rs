//! Main-text extraction: drop boilerplate, find the article's container by paragraph scores,
//! read its blocks in order, filter link lists and stock phrases.

use super::dom::{Attr, Dom, Node, Tag, NONE};
use crate::{Paragraph, ParagraphKind};

/// One block of text (a paragraph, heading, list item, cell, caption).
#[derive(Debug, Clone)]
pub(crate) struct Block {
    /// Whitespace-collapsed text.
    pub text: String,
    /// Characters of text inside links.
    pub link_chars: usize,
    /// Characters (non-whitespace).
    pub chars: usize,
    /// The block element it came from.
    pub owner: u32,
    /// Heading level 1–6, 0 when not a heading.
    pub heading: u8,
    /// Inside a caption (`figcaption`, `caption`, `.caption`).
    pub caption: bool,
    /// A list item.
    pub li: bool,
    /// Marked as a standfirst by its class.
    pub standfirst: bool,
}

impl Block {
    fn link_density(&self) -> f64 {
        self.link_chars as f64 / self.chars.max(1) as f64
    }
}

/// What the class and id of an element say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Signal {
    None,
    /// Boilerplate (navigation, share, comments, related, ads...).
    Drop,
    /// Likely the article body.
    Content,
    /// Certainly the article body (`itemprop=articleBody`, `article-body`).
    Body,
}

const DROP_SUBSTR: &[&str] = &[
    "comment",
    "cookie",
    "consent",
    "gdpr",
    "breadcrumb",
    "sidebar",
    "newsletter",
    "subscribe",
    "social",
    "share",
    "sharing",
    "related",
    "recommend",
    "advert",
    "sponsor",
    "popup",
    "modal",
    "outbrain",
    "taboola",
    "disqus",
    "footer",
    "navbar",
    "navigation",
    "pagination",
    "pager",
    "skiplink",
    "skip-link",
    "toolbar",
    "tagcloud",
    "tag-cloud",
    "authorbio",
    "author-bio",
    "about-author",
    "author-box",
    "authorbox",
    "byline",
    "entry-meta",
    "post-meta",
    "postmeta",
    "article-meta",
    "jp-relatedposts",
    "yarpp",
    "trending",
    "mostread",
    "most-read",
    "mostpopular",
    "most-popular",
    "addthis",
    "shariff",
    "sr-only",
    "visually-hidden",
    "screen-reader",
    "screenreader",
    "offscreen",
    "login",
    "signup",
    "masthead",
    "banner",
    "promo",
    "teaser-list",
    "more-articles",
    "morearticles",
    "read-more",
    "readmore",
    "print-only",
    "rating",
    "post-tags",
    "entry-tags",
    "article-tags",
    "tags-list",
    "taglist",
    "post-navigation",
    "postnav",
    "nav-links",
    "dropdown",
    "overlay",
    "paywall-prompt",
    "twitter-tweet",
    "instagram-media",
    "fb-post",
    "tiktok-embed",
    "factbox",
    "subscription",
    "licence",
    "license",
    "privacy",
    "reading-time",
    "readingtime",
    "credit",
    "author",
    "post-author",
    "author-info",
    "authorinfo",
    "saboxplugin",
    "about-the-author",
    "image-credit",
    "credits",
    "copyright",
    "print-button",
    "appstore",
    "listposts",
    "nextstory",
    "next-post",
    "prev-post",
    "previous-post",
    "contact-form",
    "searchform",
    "search-form",
];

const DROP_WORD: &[&str] = &[
    "nav",
    "menu",
    "ad",
    "ads",
    "adv",
    "advert",
    "werbung",
    "anzeige",
    "header",
    "meta",
    "tags",
    "tag",
    "share",
    "print",
    "date",
    "author",
    "search",
    "subnav",
    "topnav",
    "footnav",
    "menubar",
    "submenu",
    "mainmenu",
    "sitemap",
    "copyright",
    "legal",
    "imprint",
    "impressum",
    "skip",
    "social",
    "likes",
    "reactions",
    "related",
    "breadcrumbs",
    "crumbs",
    "header-top",
    "noprint",
    "categories",
    "category",
    "cats",
    "posted",
    "postedon",
    "posted-on",
    "published",
    "entry-date",
    "post-date",
    "dateline",
    "timestamp",
    "avatar",
];

const BODY_CLASSES: &[&str] = &[
    "article-body",
    "articlebody",
    "article__body",
    "article-content",
    "articlecontent",
    "article__content",
    "article-text",
    "articletext",
    "entry-content",
    "entry__content",
    "post-content",
    "postcontent",
    "post-body",
    "postbody",
    "post-entry",
    "post-text",
    "story-body",
    "storybody",
    "story-content",
    "story-text",
    "content-body",
    "body-text",
    "bodytext",
    "blog-post-body",
    "single-content",
    "td-post-content",
    "field-name-body",
    "field--name-body",
    "rich-text",
    "richtext",
    "article-main",
    "text-content",
    "main-text",
    "maintext",
    "news-text",
    "newstext",
];

const CONTENT_WORDS: &[&str] = &[
    "article", "content", "entry", "main", "post", "story", "text", "body", "blog", "page",
    "single", "rte", "inhalt", "artikel", "beitrag", "news",
];

const CLIMB_LD: f64 = 0.3;

/// Characters of paragraph text that make a `<header>` part of the story.
const HEADER_TEXT: u32 = 200;

/// Characters of paragraph text that make an `<article>` the story whatever its classes say.
const ARTICLE_KEEP: u32 = 400;

/// What a class or id string says (bits), judged once per distinct string of a page.
mod cls {
    /// A token is one of `BODY_CLASSES`.
    pub const BODY: u8 = 1;
    /// A token is one of `DROP_WORD`.
    pub const DROP_WORD: u8 = 2;
    /// A word of a token is "nav", "menu", "ad", "ads", "adv" or "share" (read on classes).
    pub const DROP_PART: u8 = 4;
    /// The string contains one of `DROP_SUBSTR`.
    pub const DROP_SUB: u8 = 8;
    /// A word of a token is one of `CONTENT_WORDS`.
    pub const CONTENT: u8 = 16;
    /// Contains "caption" (read on classes).
    pub const CAPTION: u8 = 32;
    /// A word names a standfirst, and no "list" (read on classes).
    pub const STANDFIRST: u8 = 64;
    /// Bits that are read on `class` only.
    pub const CLASS_ONLY: u8 = DROP_PART | CAPTION | STANDFIRST;
}

/// Lookup bits of a class token or word.
mod word {
    /// A whole token (trimmed) is one of `BODY_CLASSES`.
    pub const BODY: u8 = 1;
    /// A whole token is one of `DROP_WORD`.
    pub const DROP: u8 = 2;
    /// A word of a token: "nav", "menu", "ad", "ads", "adv", "share".
    pub const PART: u8 = 4;
    /// A word of a token: one of `CONTENT_WORDS`.
    pub const CONTENT: u8 = 8;
    /// A word of a token: a standfirst.
    pub const STANDFIRST: u8 = 16;
}

const STANDFIRST_WORDS: &[&str] = &[
    "standfirst",
    "dek",
    "lede",
    "lead",
    "intro",
    "summary",
    "subtitle",
    "subheadline",
    "excerpt",
    "abstract",
    "teaser",
    "deck",
    "subline",
];

fn word_bits(w: &[u8]) -> u8 {
    /// The words by length and first letter, so that most tokens are rejected without hashing.
    static SHAPES: std::sync::OnceLock<[u32; 32]> = std::sync::OnceLock::new();
    static MAP: std::sync::OnceLock<rustc_hash::FxHashMap<&'static [u8], u8>> =
        std::sync::OnceLock::new();
    let shape = |w: &[u8]| -> Option<(usize, u32)> {
        let first = *w.first()?;
        (w.len() < 32 && first.is_ascii_lowercase()).then(|| (w.len(), 1 << (first - b'a')))
    };
    let shapes = SHAPES.get_or_init(|| {
        let mut t = [0u32; 32];
        for w in BODY_CLASSES
            .iter()
            .chain(DROP_WORD)
            .chain(CONTENT_WORDS)
            .chain(STANDFIRST_WORDS)
            .chain(&["nav", "menu", "ad", "ads", "adv", "share"])
        {
            if let Some((len, bit)) = shape(w.as_bytes()) {
                t[len] |= bit;
            }
        }
        t
    });
    match shape(w) {
        Some((len, bit)) if shapes[len] & bit != 0 => {}
        _ => return 0,
    }
    let map = MAP.get_or_init(|| {
        let mut m = rustc_hash::FxHashMap::default();
        let lists: [(&[&'static str], u8); 5] = [
            (BODY_CLASSES, word::BODY),
            (DROP_WORD, word::DROP),
            (&["nav", "menu", "ad", "ads", "adv", "share"], word::PART),
            (CONTENT_WORDS, word::CONTENT),
            (STANDFIRST_WORDS, word::STANDFIRST),
        ];
        for (list, bit) in lists {
            for w in list {
                *m.entry(w.as_bytes()).or_insert(0) |= bit;
            }
        }
        m
    });
    map.get(w).copied().unwrap_or(0)
}

/// Class and id strings judged so far on a page, whole and token by token.
struct ClassCache<'a> {
    strings: rustc_hash::FxHashMap<&'a str, u8>,
    tokens: rustc_hash::FxHashMap<&'a str, u8>,
    lower: Vec<u8>,
}

/// A token says "list" (standfirst classes must not).
const LIST: u8 = 128;

impl<'a> ClassCache<'a> {
    fn new() -> Self {
        ClassCache {
            strings: rustc_hash::FxHashMap::with_capacity_and_hasher(512, Default::default()),
            tokens: rustc_hash::FxHashMap::with_capacity_and_hasher(512, Default::default()),
            lower: Vec::new(),
        }
    }

    /// The `cls` bits of a class or id string.
    fn bits(&mut self, v: Option<&'a str>) -> u8 {
        let v = match v {
            None | Some("") => return 0,
            Some(v) => v,
        };
        if let Some(&b) = self.strings.get(v) {
            return b;
        }
        let trimmed = v.trim_matches(|c: char| c.is_ascii_whitespace());
        if !trimmed.bytes().any(|b| b.is_ascii_whitespace()) {
            // One token (most ids, many classes): judged once as a whole string.
            let mut bits = token_bits(trimmed.as_bytes(), &mut self.lower);
            if bits & LIST != 0 {
                bits &= !(LIST | cls::STANDFIRST);
            }
            self.strings.insert(v, bits);
            return bits;
        }
        let mut bits = 0;
        for tok in v.split_ascii_whitespace() {
            bits |= match self.tokens.get(tok) {
                Some(&b) => b,
                None => {
                    let b = token_bits(tok.as_bytes(), &mut self.lower);
                    self.tokens.insert(tok, b);
                    b
                }
            };
        }
        if bits & LIST != 0 {
            bits &= !(LIST | cls::STANDFIRST);
        }
        self.strings.insert(v, bits);
        bits
    }
}

/// The `cls` bits of one token of a class or id string, and `LIST`.
fn token_bits(raw: &[u8], lower: &mut Vec<u8>) -> u8 {
    let tok = if raw.iter().any(u8::is_ascii_uppercase) {
        lower.clear();
        lower.extend_from_slice(raw);
        lower.make_ascii_lowercase();
        lower.as_slice()
    } else {
        raw
    };
    let mut bits = 0;
    let tb = word_bits(tok);
    if tb & word::DROP != 0 {
        bits |= cls::DROP_WORD;
    }
    let start = tok
        .iter()
        .position(u8::is_ascii_alphanumeric)
        .unwrap_or(tok.len());
    let end = tok
        .iter()
        .rposition(u8::is_ascii_alphanumeric)
        .map_or(start, |e| e + 1);
    let trimmed_bits = if end - start == tok.len() {
        tb
    } else {
        word_bits(&tok[start..end])
    };
    if trimmed_bits & word::BODY != 0 {
        bits |= cls::BODY;
    }
    for w in tok.split(|b| !b.is_ascii_alphanumeric()) {
        if w.is_empty() {
            continue;
        }
        let wb = if w.len() == tok.len() {
            tb
        } else {
            word_bits(w)
        };
        if wb & word::PART != 0 {
            bits |= cls::DROP_PART;
        }
        if wb & word::CONTENT != 0 {
            bits |= cls::CONTENT;
        }
        if wb & word::STANDFIRST != 0 {
            bits |= cls::STANDFIRST;
        }
    }
    // The automaton stepped by hand: every pattern ending at each byte, overlapping ones
    // too (the iterators cost more than the search on haystacks this short).
    use aho_corasick::automaton::Automaton;
    let dfa = class_automaton();
    let Ok(mut sid) = dfa.start_state(aho_corasick::Anchored::No) else {
        return bits;
    };
    for (i, &b) in tok.iter().enumerate() {
        sid = dfa.next_state(aho_corasick::Anchored::No, sid, b);
        if !dfa.is_special(sid) {
            continue;
        }
        if dfa.is_dead(sid) {
            break;
        }
        for m in 0..dfa.match_len(sid) {
            let k = dfa.match_pattern(sid, m).as_usize();
            if k < DROP_SUBSTR.len() {
                let start = (i + 1).saturating_sub(DROP_SUBSTR[k].len());
                if !tok[start..].starts_with(b"commentary") {
                    bits |= cls::DROP_SUB;
                }
            } else if k < DROP_SUBSTR.len() + CAPTION_SUBSTR.len() {
                bits |= cls::CAPTION;
            } else {
                bits |= LIST;
            }
        }
    }
    bits
}

const CAPTION_SUBSTR: &[&str] = &["caption", "bildunterschrift", "legende"];

/// Finds `DROP_SUBSTR`, then `CAPTION_SUBSTR`, then "list".
fn class_automaton() -> &'static aho_corasick::dfa::DFA {
    static AC: std::sync::OnceLock<aho_corasick::dfa::DFA> = std::sync::OnceLock::new();
    AC.get_or_init(|| {
        let pats = DROP_SUBSTR
            .iter()
            .chain(CAPTION_SUBSTR)
            .chain(&["list"])
            .copied();
        // Cannot fail: a few short literal patterns.
        aho_corasick::dfa::DFA::builder()
            .prefilter(false)
            .build(pats)
            .expect("small literal patterns")
    })
}

/// The signal of an element from its class bits, id bits and `itemprop`.
fn signal_of(class: u8, id: u8, itemprop: Option<&str>) -> Signal {
    if itemprop.is_some_and(|p| {
        p.split_ascii_whitespace()
            .any(|w| w == "articleBody" || w == "text")
    }) {
        return Signal::Body;
    }
    let both = class | (id & !cls::CLASS_ONLY);
    if both & cls::BODY != 0 {
        Signal::Body
    } else if both & (cls::DROP_WORD | cls::DROP_SUB) != 0 || class & cls::DROP_PART != 0 {
        Signal::Drop
    } else if both & cls::CONTENT != 0 {
        Signal::Content
    } else {
        Signal::None
    }
}

fn hidden(dom: &Dom<'_>, n: &Node) -> bool {
    if !n.has_attrs() {
        return false;
    }
    if dom.attr_of(n, Attr::Hidden).is_some() {
        return true;
    }
    if let Some(style) = dom.attr_of(n, Attr::Style) {
        if style.contains("none") || style.contains("hidden") {
            let s: String = style
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect::<String>()
                .to_ascii_lowercase();
            if s.contains("display:none") || s.contains("visibility:hidden") {
                return true;
            }
        }
    }
    false
}

fn role_drop(dom: &Dom<'_>, n: &Node) -> bool {
    dom.attr_of(n, Attr::Role).is_some_and(|r| {
        matches!(
            r.trim(),
            "navigation"
                | "banner"
                | "contentinfo"
                | "complementary"
                | "search"
                | "menu"
                | "menubar"
                | "dialog"
                | "alertdialog"
                | "toolbar"
                | "tablist"
        )
    })
}

fn tag_drop(t: Tag) -> bool {
    matches!(
        t,
        Tag::Head
            | Tag::Script
            | Tag::Style
            | Tag::Noscript
            | Tag::Template
            | Tag::Svg
            | Tag::Math
            | Tag::Iframe
            | Tag::Object
            | Tag::Embed
            | Tag::Canvas
            | Tag::Nav
            | Tag::Footer
            | Tag::Aside
            | Tag::Input
            | Tag::Button
            | Tag::Select
            | Tag::Option
            | Tag::Textarea
            | Tag::Menu
            | Tag::Dialog
            | Tag::Video
            | Tag::Audio
            | Tag::Map
            | Tag::Frameset
            | Tag::Title
            | Tag::Meta
            | Tag::Link
            | Tag::Label
    )
}

/// Characters other than ASCII whitespace (UTF-8 continuation bytes are not counted).
pub(crate) fn count_chars(s: &str) -> usize {
    // Branch-free so that it vectorizes.
    s.bytes()
        .map(|b| {
            let space = (b == b' ') | (b == b'\t') | (b == b'\n') | (b == b'\r') | (b == 0x0c);
            let continuation = (b & 0xC0) == 0x80;
            usize::from(!(space | continuation))
        })
        .sum()
}

/// Commas: ',' and the CJK and Arabic ones ('，', '、', '،').
fn count_commas(s: &str) -> usize {
    let b = s.as_bytes();
    let ascii: usize = b.iter().map(|&c| usize::from(c == b',')).sum();
    if b.is_ascii() {
        return ascii;
    }
    ascii + s.matches(['，', '、', '،']).count()
}

/// Per-node analysis shared by the passes.
pub(crate) struct Analysis<'a> {
    pub dom: &'a Dom<'a>,
    pub dropped: Vec<bool>,
    pub chars: Vec<u32>,
    pub links: Vec<u32>,
    signal: Vec<Signal>,
    /// Class says "caption".
    caption_cls: Vec<bool>,
    /// Class says "standfirst" (lead, dek, summary...).
    standfirst_cls: Vec<bool>,
}

impl<'a> Analysis<'a> {
    /// The analysis of a page; `relaxed` drops only what is never text (scripts, forms,
    /// navigation, footers, hidden elements), not asides, headers or boilerplate classes.
    pub(crate) fn new(dom: &'a Dom<'a>, relaxed: bool) -> Analysis<'a> {
        let n = dom.nodes.len();
        // Pages repeat the same classes many times: each distinct string is judged once.
        let mut cache = ClassCache::new();
        let mut signal = vec![Signal::None; n];
        let mut caption_cls = vec![false; n];
        let mut standfirst_cls = vec![false; n];
        for (i, node) in dom.nodes.iter().enumerate() {
            if !node.has_attrs() || matches!(node.tag, Tag::Text | Tag::Document) {
                continue;
            }
            let class = cache.bits(dom.attr_of(node, Attr::Class));
            let id = cache.bits(dom.attr_of(node, Attr::Id));
            let itemprop = dom.attr_of(node, Attr::Itemprop);
            signal[i] = signal_of(class, id, itemprop);
            caption_cls[i] = class & cls::CAPTION != 0;
            standfirst_cls[i] = (class & cls::STANDFIRST != 0 || itemprop == Some("description"))
                && !matches!(node.tag, Tag::A | Tag::Li);
        }
        // Paragraph text (before dropping), to protect big wrappers from class-based drops.
        let text_chars = text_sizes(dom);
        let raw = para_sizes(dom, &text_chars);
        let total = raw[0].max(1);
        // Ancestors of a certain body are protected (one with paragraphs, or with text in
        // lines: forums break lines with <br>).
        let mut protected = vec![false; n];
        let mut text_below: Option<TextBelow> = None;
        for i in 0..n {
            if signal[i] == Signal::Body
                && (raw[i] > 0
                    || text_below
                        .get_or_insert_with(|| TextBelow::new(dom, &text_chars))
                        .of(i)
                        >= BODY_TEXT)
            {
                let mut p = i as u32;
                while p != NONE && !protected[p as usize] {
                    protected[p as usize] = true;
                    p = dom.node(p).parent;
                }
            }
        }
        let mut dropped = vec![false; n];
        for i in 1..n {
            let node = &dom.nodes[i];
            let parent = node.parent as usize;
            if dropped[parent] {
                dropped[i] = true;
                continue;
            }
            if node.tag == Tag::Text {
                continue;
            }
            let d = if tag_drop(node.tag) && !(relaxed && node.tag == Tag::Aside)
                || hidden(dom, node)
            {
                true
            } else if relaxed
                || protected[i]
                || matches!(node.tag, Tag::Html | Tag::Body | Tag::Main)
            {
                false
            } else if role_drop(dom, node) {
                true
            } else if signal[i] == Signal::Drop {
                // A wrapper of most of the page ("page has-sidebar") is kept, and so is an
                // article with paragraphs of text ("post enable-pin-share tag-…").
                let story = node.tag == Tag::Article && raw[i] >= ARTICLE_KEEP;
                (u64::from(raw[i]) * 2 < u64::from(total) && !story)
                    || node.tag == Tag::Header
                    || n < 3
            } else if node.tag == Tag::Header {
                // Page headers go; an article's header (with its headline) stays, and so does
                // one used as a box of paragraphs.
                raw[i] < HEADER_TEXT && !has_descendant(dom, i as u32, Tag::H1)
            } else {
                false
            };
            dropped[i] = d;
        }
        let (chars, links) = sizes(dom, &dropped, &text_chars);
        Analysis {
            dom,
            dropped,
            chars,
            links,
            signal,
            caption_cls,
            standfirst_cls,
        }
    }
}

fn has_descendant(dom: &Dom<'_>, i: u32, tag: Tag) -> bool {
    // Nodes are in document order: descendants follow until the next non-descendant.
    let start = i as usize + 1;
    for j in start..dom.nodes.len() {
        if !is_ancestor(dom, i, j as u32) {
            return false;
        }
        if dom.nodes[j].tag == tag {
            return true;
        }
    }
    false
}

fn is_ancestor(dom: &Dom<'_>, a: u32, mut j: u32) -> bool {
    while j != NONE {
        if j == a {
            return true;
        }
        j = dom.node(j).parent;
    }
    false
}

/// Non-whitespace characters of each text node (0 for the raw text of scripts and styles,
/// and for elements).
fn text_sizes(dom: &Dom<'_>) -> Vec<u32> {
    let mut out = vec![0u32; dom.nodes.len()];
    for (i, node) in dom.nodes.iter().enumerate() {
        if node.tag == Tag::Text
            && !matches!(
                dom.node(node.parent).tag,
                Tag::Script | Tag::Style | Tag::Template | Tag::Noscript | Tag::Title
            )
        {
            out[i] = u32::try_from(count_chars(dom.text(i as u32))).unwrap_or(u32::MAX);
        }
    }
    out
}

/// Characters of text below any node, from prefix sums over the nodes in document order
/// (a node's descendants follow it).
struct TextBelow {
    /// Index after the last descendant of each node.
    end: Vec<u32>,
    /// Text characters of the nodes before each index.
    before: Vec<u64>,
}

impl TextBelow {
    fn new(dom: &Dom<'_>, text_chars: &[u32]) -> TextBelow {
        let n = dom.nodes.len();
        let mut end: Vec<u32> = (1..=n as u32).collect();
        for j in (1..n).rev() {
            let p = dom.nodes[j].parent as usize;
            end[p] = end[p].max(end[j]);
        }
        let mut before = Vec::with_capacity(n + 1);
        let mut sum = 0u64;
        before.push(0);
        for &c in text_chars {
            sum += u64::from(c);
            before.push(sum);
        }
        TextBelow { end, before }
    }

    fn of(&self, i: usize) -> u64 {
        self.before[self.end[i] as usize] - self.before[i]
    }
}

/// Characters of text that make a certain body (`articleBody`) worth protecting when it has
/// no paragraphs.
const BODY_TEXT: u64 = 200;

/// Non-whitespace characters of text inside `p` elements (outside links) below each node.
fn para_sizes(dom: &Dom<'_>, text_chars: &[u32]) -> Vec<u32> {
    let n = dom.nodes.len();
    let mut inside = vec![false; n];
    for i in 1..n {
        let node = &dom.nodes[i];
        let p = node.parent as usize;
        inside[i] = match node.tag {
            Tag::P => true,
            Tag::A | Tag::Script | Tag::Style | Tag::Noscript | Tag::Template => false,
            _ => inside[p],
        };
    }
    let mut chars = vec![0u32; n];
    for i in (1..n).rev() {
        let node = &dom.nodes[i];
        if node.tag == Tag::Text && inside[i] {
            chars[i] = text_chars[i];
        }
        let p = node.parent as usize;
        chars[p] = chars[p].saturating_add(chars[i]);
    }
    chars
}

/// Non-whitespace characters of text below each node, and of text inside links.
fn sizes(dom: &Dom<'_>, dropped: &[bool], text_chars: &[u32]) -> (Vec<u32>, Vec<u32>) {
    let n = dom.nodes.len();
    let mut chars = vec![0u32; n];
    let mut links = vec![0u32; n];
    for i in (1..n).rev() {
        if dropped[i] {
            continue;
        }
        let node = &dom.nodes[i];
        match node.tag {
            Tag::Text => chars[i] = text_chars[i],
            Tag::A => links[i] = chars[i],
            Tag::Script | Tag::Style | Tag::Template | Tag::Head | Tag::Title => {
                chars[i] = 0;
                links[i] = 0;
            }
            _ => {}
        }
        let p = node.parent as usize;
        chars[p] = chars[p].saturating_add(chars[i]);
        links[p] = links[p].saturating_add(links[i]);
    }
    (chars, links)
}

/// The block-level element that owns a node's text.
fn owner(dom: &Dom<'_>, mut i: u32) -> u32 {
    loop {
        let n = dom.node(i);
        if n.tag.is_block() || n.parent == NONE {
            return i;
        }
        i = n.parent;
    }
}

impl Analysis<'_> {
    fn link_density(&self, i: u32) -> f64 {
        f64::from(self.links[i as usize]) / f64::from(self.chars[i as usize].max(1))
    }

    /// Readability-style scores: each paragraph adds to its ancestors.
    fn top_candidate(&self) -> Option<u32> {
        let dom = self.dom;
        let n = dom.nodes.len();
        // Direct text per owner.
        let mut own_chars = vec![0u32; n];
        let mut own_commas = vec![0u32; n];
        for i in 1..n {
            let node = &dom.nodes[i];
            if node.tag != Tag::Text || self.dropped[i] {
                continue;
            }
            let o = owner(dom, node.parent) as usize;
            own_chars[o] += self.chars[i];
            own_commas[o] += u32::try_from(count_commas(dom.text(i as u32))).unwrap_or(0);
        }
        let mut score = vec![0f64; n];
        let mut touched = vec![false; n];
        for o in 0..n {
            if own_chars[o] < 25 || self.dropped[o] {
                continue;
            }
            let tag = dom.nodes[o].tag;
            if tag.is_heading() || matches!(tag, Tag::Li | Tag::Dt | Tag::Th | Tag::Option) {
                continue;
            }
            let s = 1.0 + f64::from(own_commas[o]) + (f64::from(own_chars[o]) / 100.0).min(3.0);
            let mut a = dom.nodes[o].parent;
            let mut level = 0;
            while a != NONE && level < 5 {
                let ai = a as usize;
                if !touched[ai] {
                    touched[ai] = true;
                    score[ai] = self.initial_score(a);
                }
                let div = match level {
                    0 => 1.0,
                    1 => 2.0,
                    l => f64::from(l) * 3.0,
                };
                score[ai] += s / div;
                a = dom.nodes[ai].parent;
                level += 1;
            }
        }
        let mut best = None;
        let mut best_score = 0.0;
        for i in 0..n {
            if !touched[i] || self.dropped[i] {
                continue;
            }
            let s = score[i] * (1.0 - self.link_density(i as u32));
            if s > best_score {
                best_score = s;
                best = Some(i as u32);
            }
        }
        best
    }

    /// Widens the container while what the parent adds is text rather than links: stories
    /// split into several sibling blocks (modules, sections) are read whole.
    fn climb(&self, mut x: u32) -> u32 {
        let dom = self.dom;
        for _ in 0..12 {
            let p = dom.node(x).parent;
            if p == NONE || matches!(dom.node(p).tag, Tag::Body | Tag::Html | Tag::Document) {
                break;
            }
            let (pc, xc) = (self.chars[p as usize], self.chars[x as usize]);
            let (pl, xl) = (self.links[p as usize], self.links[x as usize]);
            let extra = pc.saturating_sub(xc);
            let extra_links = pl.saturating_sub(xl);
            if extra > 0 && f64::from(extra_links) / f64::from(extra) > CLIMB_LD {
                break;
            }
            x = p;
        }
        x
    }

    fn initial_score(&self, i: u32) -> f64 {
        let node = self.dom.node(i);
        let mut s = match node.tag {
            Tag::Div | Tag::Article | Tag::Main | Tag::Section => 5.0,
            Tag::Pre | Tag::Td | Tag::Blockquote => 3.0,
            Tag::Address
            | Tag::Ol
            | Tag::Ul
            | Tag::Dl
            | Tag::Dd
            | Tag::Dt
            | Tag::Li
            | Tag::Form => -3.0,
            t if t.is_heading() => -5.0,
            Tag::Th => -5.0,
            _ => 0.0,
        };
        s += match self.signal[i as usize] {
            Signal::Body => 50.0,
            Signal::Content => 25.0,
            Signal::Drop => -25.0,
            Signal::None => 0.0,
        };
        if node.tag == Tag::Article {
            s += 10.0;
        }
        s
    }
}

struct Walker<'a, 'b> {
    an: &'b Analysis<'a>,
    blocks: Vec<Block>,
    cur: String,
    cur_links: usize,
    cur_chars: usize,
    owner: u32,
    heading: u8,
    caption: bool,
    li: bool,
    standfirst: bool,
}

impl Walker<'_, '_> {
    fn flush(&mut self) {
        let t = self.cur.trim();
        if !t.is_empty() {
            self.blocks.push(Block {
                text: t.to_string(),
                link_chars: self.cur_links,
                chars: self.cur_chars,
                owner: self.owner,
                heading: self.heading,
                caption: self.caption,
                li: self.li,
                standfirst: self.standfirst,
            });
        }
        self.cur.clear();
        self.cur_links = 0;
        self.cur_chars = 0;
    }

    /// A space, unless the block is empty or already ends with one.
    #[inline]
    fn space(&mut self) {
        if !self.cur.is_empty() && !self.cur.ends_with(' ') {
            self.cur.push(' ');
        }
    }

    /// Appends text with white space collapsed: white space (no-break spaces too) becomes
    /// one space; soft hyphens and zero-width marks go.
    fn push_text(&mut self, s: &str, in_link: bool) {
        if s.is_empty() {
            // A whitespace-only text node.
            self.space();
            return;
        }
        let bytes = s.as_bytes();
        let mut run = 0;
        let mut chars = 0;
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            if b < 0x80 {
                if matches!(b, b' ' | b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r') {
                    self.cur.push_str(&s[run..i]);
                    self.space();
                    run = i + 1;
                } else {
                    chars += 1;
                }
                i += 1;
                continue;
            }
            let c = s[i..].chars().next().unwrap_or('\u{fffd}');
            let len = c.len_utf8();
            match c {
                '\u{ad}' | '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{feff}' | '\u{200e}'
                | '\u{200f}' => {
                    self.cur.push_str(&s[run..i]);
                    run = i + len;
                }
                c if c.is_whitespace() => {
                    self.cur.push_str(&s[run..i]);
                    self.space();
                    run = i + len;
                }
                _ => chars += 1,
            }
            i += len;
        }
        self.cur.push_str(&s[run..]);
        self.cur_chars += chars;
        if in_link {
            self.cur_links += chars;
        }
    }

    fn walk(&mut self, i: u32, in_link: bool) {
        let an = self.an;
        if an.dropped[i as usize] {
            return;
        }
        let node = an.dom.node(i);
        match node.tag {
            Tag::Text => {
                self.push_text(an.dom.text(i), in_link);
                return;
            }
            Tag::Br | Tag::Hr => {
                self.flush();
                return;
            }
            Tag::Img => return,
            _ => {}
        }
        let block = node.tag.is_block();
        let saved = (
            self.owner,
            self.heading,
            self.caption,
            self.li,
            self.standfirst,
        );
        if block {
            self.flush();
            self.owner = i;
            match node.tag {
                Tag::H1 => self.heading = 1,
                Tag::H2 => self.heading = 2,
                Tag::H3 => self.heading = 3,
                Tag::H4 => self.heading = 4,
                Tag::H5 => self.heading = 5,
                Tag::H6 => self.heading = 6,
                Tag::Figcaption => self.caption = true,
                Tag::Li | Tag::Dt | Tag::Dd => self.li = true,
                _ => {}
            }
        }
        if !self.caption && an.caption_cls[i as usize] {
            self.flush();
            self.caption = true;
        }
        if !self.standfirst && an.standfirst_cls[i as usize] {
            self.flush();
            self.standfirst = true;
        }
        let link = in_link || node.tag == Tag::A;
        for c in an.dom.children(i) {
            self.walk(c, link);
        }
        if block || saved.2 != self.caption || saved.4 != self.standfirst {
            self.flush();
        }
        (
            self.owner,
            self.heading,
            self.caption,
            self.li,
            self.standfirst,
        ) = saved;
    }
}

/// Phrases that are never article text when they make up a whole block.
fn stock_phrase(t: &str) -> bool {
    if t.len() > 60 {
        return false;
    }
    let l = t.to_lowercase();
    let l = l.trim_matches(|c: char| !c.is_alphanumeric());
    matches!(
        l,
        "advertisement"
            | "anzeige"
            | "werbung"
            | "publicité"
            | "publicidad"
            | "share"
            | "share this"
            | "share this article"
            | "tweet"
            | "print"
            | "email"
            | "e-mail"
            | "read more"
            | "weiterlesen"
            | "mehr lesen"
            | "mehr"
            | "more"
            | "top"
            | "nach oben"
            | "back to top"
            | "related"
            | "related articles"
            | "comments"
            | "kommentare"
            | "leave a comment"
            | "leave a reply"
            | "teilen"
            | "drucken"
            | "facebook"
            | "twitter"
            | "whatsapp"
            | "linkedin"
            | "pinterest"
            | "follow us"
            | "bild anzeigen"
            | "rezept drucken"
            | "artikel drucken"
            | "seite drucken"
            | "print this page"
            | "zurück"
            | "back"
            | "lade weitere inhalte"
            | "load more"
            | "mehr laden"
    )
}

/// Reads the blocks below the chosen roots.
fn blocks_of(an: &Analysis<'_>, roots: &[u32]) -> Vec<Block> {
    let mut w = Walker {
        an,
        blocks: Vec::new(),
        cur: String::new(),
        cur_links: 0,
        cur_chars: 0,
        owner: NONE,
        heading: 0,
        caption: false,
        li: false,
        standfirst: false,
    };
    for &r in roots {
        w.owner = r;
        w.walk(r, false);
        w.flush();
    }
    w.blocks
}

fn keep_block(an: &Analysis<'_>, b: &Block, root_ld: f64) -> bool {
    if b.chars == 0 || stock_phrase(&b.text) {
        return false;
    }
    let mut ld = b.link_density();
    if b.chars >= 20 && root_ld < 0.0 {
        return true;
    }
    if b.owner != NONE && matches!(an.dom.node(b.owner).tag, Tag::Td | Tag::Th) {
        // A cell is judged with its row: a linked name beside plain values is data.
        let row = an.dom.node(b.owner).parent;
        if row != NONE && an.dom.node(row).tag == Tag::Tr {
            ld = ld.min(an.link_density(row));
            if b.chars < 80 && ld < 0.6 {
                return true;
            }
        }
    }
    if b.heading > 0 {
        return ld < 0.5;
    }
    if b.li {
        return ld < 0.5 || b.chars > 150 && ld < 0.7;
    }
    if ld > 0.6 && b.chars < 400 {
        return false;
    }
    if ld > 0.9 {
        return false;
    }
    true
}

/// The main text of a page and where it was found.
pub(crate) struct Extracted {
    /// Paragraphs, headline first.
    pub paragraphs: Vec<Paragraph>,
    /// The `h1` the headline was read from, `NONE` when none.
    pub headline: u32,
    /// The first container the story was read from, `NONE` when none.
    pub root: u32,
}

/// The main text of a page as paragraphs; `title` is the headline when the page has no `h1`.
pub(crate) fn extract(dom: &Dom<'_>, title: Option<&str>) -> Extracted {
    let strict = Analysis::new(dom, false);
    let (mut blocks, mut roots) = story(&strict);
    let relaxed;
    let mut an = &strict;
    if !blocks.iter().any(|b| b.heading == 0 && !b.caption) {
        // Nothing is left: the story is where boilerplate usually is (in an <aside>, in
        // "comment" boxes of a forum). Read the page again with only the hard drops.
        relaxed = Analysis::new(dom, true);
        let (b, r) = story(&relaxed);
        if b.iter().any(|b| b.heading == 0 && !b.caption) {
            (blocks, roots, an) = (b, r, &relaxed);
        }
    }
    // The headline: an h1 among the blocks, else the first h1 of the page, else the title.
    let mut out = Vec::with_capacity(blocks.len() + 1);
    let h1 = blocks.iter().position(|b| b.heading == 1);
    let mut headline_node = NONE;
    let headline = match h1 {
        Some(k) if k <= 3 => {
            let b = blocks.remove(k);
            let mut o = b.owner;
            while o != NONE && dom.node(o).tag != Tag::H1 {
                o = dom.node(o).parent;
            }
            headline_node = if o == NONE { b.owner } else { o };
            Some(b.text)
        }
        _ => match page_h1(an) {
            Some((i, h)) => {
                headline_node = i;
                Some(h)
            }
            None => title.map(str::to_string),
        },
    };
    if let Some(h) = headline {
        // Drop blocks before the headline that repeat it.
        blocks.retain(|b| b.text != h);
        out.push(Paragraph {
            kind: ParagraphKind::Headline,
            text: h,
        });
    }
    for (k, b) in blocks.into_iter().enumerate() {
        let kind = if b.caption {
            ParagraphKind::Caption
        } else if b.standfirst && k < 3 && b.heading == 0 {
            ParagraphKind::Standfirst
        } else {
            ParagraphKind::Body
        };
        out.push(Paragraph { kind, text: b.text });
    }
    Extracted {
        paragraphs: out,
        headline: headline_node,
        root: roots.first().copied().unwrap_or(NONE),
    }
}

/// The blocks of the story and the containers they were read from.
fn story(an: &Analysis<'_>) -> (Vec<Block>, Vec<u32>) {
    let dom = an.dom;
    let roots = choose_roots(an);
    let mut blocks: Vec<Block> = blocks_of(an, &roots);
    let root_ld = {
        let (c, l) = roots.iter().fold((0u32, 0u32), |(c, l), &r| {
            (c + an.chars[r as usize], l + an.links[r as usize])
        });
        f64::from(l) / f64::from(c.max(1))
    };
    blocks.retain(|b| keep_block(an, b, root_ld));
    let text_chars: usize = blocks
        .iter()
        .filter(|b| b.heading == 0)
        .map(|b| b.chars)
        .sum();
    if text_chars < 200 {
        // Fallback: every block of the page that reads like text.
        let body = dom
            .nodes
            .iter()
            .position(|n| n.tag == Tag::Body)
            .map_or(0, |i| i as u32);
        let mut all = blocks_of(an, &[body]);
        all.retain(|b| {
            keep_block(an, b, 1.0) && (b.chars >= 30 || b.heading > 0) && b.link_density() < 0.3
        });
        let all_chars: usize = all.iter().filter(|b| b.heading == 0).map(|b| b.chars).sum();
        if all_chars > text_chars {
            blocks = all;
        }
    }
    cut_tail(&mut blocks);
    drop_promo_tail(&mut blocks);
    blocks.retain(|b| !label_line(&b.text));
    drop_orphan_headings(&mut blocks);
    if let Some(&first) = roots.first() {
        // A standfirst printed above the story's container (in its header).
        if !blocks.iter().any(|b| b.standfirst) {
            if let Some(sf) = standfirst_before(an, first) {
                blocks.insert(0, sf);
            }
        }
    }
    (blocks, roots)
}

/// Starts of what follows an article: related lists, author boxes, comments, share prompts.
const TAIL_MARKERS: &[&str] = &[
    "mehr zum thema",
    "weitere informationen",
    "weiterführende informationen",
    "weiterführende links",
    "links zum thema",
    "möchten sie den artikel teilen",
    "jetzt teilen",
    "mehr themen",
    "weitere themen",
    "top themen",
    "lesen sie auch",
    "lies auch",
    "das könnte sie auch interessieren",
    "das könnte dich auch interessieren",
    "das thema könnte dich auch interessieren",
    "könnte sie auch interessieren",
    "weitere beiträge",
    "weitere artikel",
    "verwandte artikel",
    "verwandte beiträge",
    "ähnliche beiträge",
    "ähnliche artikel",
    "empfohlene beiträge",
    "empfehlungen",
    "zum weiterlesen",
    "auch interessant",
    "schon gelesen",
    "über den autor",
    "über die autorin",
    "zur person",
    "kommentare",
    "kommentar schreiben",
    "bisherige kommentare",
    "diesen artikel teilen",
    "artikel teilen",
    "seite teilen",
    "beitrag teilen",
    "lust auf mehr",
    "related articles",
    "related posts",
    "related stories",
    "related content",
    "you may also like",
    "you might also like",
    "more stories",
    "more from",
    "read more",
    "read next",
    "recommended",
    "about the author",
    "leave a comment",
    "leave a reply",
    "comments",
    "share this",
    "explore further",
    "zobacz także",
    "zobacz też",
    "czytaj także",
    "czytaj też",
    "veja também",
    "lire aussi",
    "à lire aussi",
    "sur le même sujet",
    "leer más",
    "lee también",
    "te puede interesar",
    "noticias relacionadas",
    "leggi anche",
];

/// The first 60 characters, lower case, from the first letter or digit on.
fn normalized_start(t: &str) -> String {
    let mut out = String::with_capacity(64);
    for c in t.chars().take(60) {
        if c.is_ascii() {
            let l = c.to_ascii_lowercase();
            if !out.is_empty() || l.is_ascii_alphanumeric() {
                out.push(l);
            }
        } else {
            for l in c.to_lowercase() {
                if !out.is_empty() || l.is_alphanumeric() {
                    out.push(l);
                }
            }
        }
    }
    out
}

/// Drops a marker of the end of the story and everything after it, once the story has begun.
fn cut_tail(blocks: &mut Vec<Block>) {
    let total: usize = blocks
        .iter()
        .filter(|b| b.heading == 0 && !b.caption)
        .map(|b| b.chars)
        .sum();
    let mut seen = 0;
    let mut k = 0;
    while k < blocks.len() {
        let b = &blocks[k];
        if seen >= 300 && b.chars < 70 {
            let start = normalized_start(&b.text);
            if TAIL_MARKERS.iter().any(|m| start.starts_with(m)) {
                if total.saturating_sub(seen) * 2 < seen {
                    blocks.truncate(k);
                    return;
                }
                // A box inside the story: the marker and a short line after it go.
                blocks.remove(k);
                if blocks
                    .get(k)
                    .is_some_and(|n| n.chars < 150 && n.heading == 0)
                {
                    blocks.remove(k);
                }
                continue;
            }
        }
        if b.heading == 0 && !b.caption {
            seen += b.chars;
        }
        k += 1;
    }
}

/// Starts of the notices that end many stories: subscription prompts, copyright notices,
/// invitations to comment or to follow.
const PROMO_STARTS: &[&str] = &[
    "subscribe",
    "sign up for",
    "to view the full story",
    "to read the full story",
    "if you enjoyed",
    "if you liked",
    "if you like this",
    "enjoyed this article",
    "for the latest stories",
    "for more news",
    "this article is the copyrighted",
    "this article is copyrighted",
    "all rights reserved",
    "copyright",
    "stay up-to-date",
    "stay up to date",
    "follow us on",
    "schreibe einen kommentar",
    "hinterlasse einen kommentar",
    "jetzt abonnieren",
    "abonnieren sie",
    "melden sie sich",
    "alle rechte vorbehalten",
    "tous droits réservés",
    "abonnez-vous",
];

/// Drops the notices that end a story (read from its end back, up to three of them).
fn drop_promo_tail(blocks: &mut Vec<Block>) {
    for _ in 0..3 {
        let Some(last) = blocks.last() else {
            return;
        };
        if last.heading > 0 || last.chars > 400 {
            return;
        }
        let start = normalized_start(&last.text);
        if last.text.starts_with('©') || PROMO_STARTS.iter().any(|p| start.starts_with(p)) {
            blocks.pop();
        } else {
            return;
        }
    }
}

/// Short lines that label metadata rather than tell the story: dates and times alone,
/// "Kontakt:", "Source: …", "Updated: …", bylines.
fn label_line(t: &str) -> bool {
    if t.len() > 240 || t.chars().count() > 60 {
        return false;
    }
    let start = normalized_start(t);
    const LABELS: &[&str] = &[
        "kontakt",
        "telefon",
        "tel.",
        "tel:",
        "fax",
        "e-mail:",
        "email:",
        "quelle:",
        "quellen:",
        "source:",
        "credit:",
        "credits:",
        "foto:",
        "fotos:",
        "photo:",
        "photos:",
        "bild:",
        "titelbild",
        "beitragsbild",
        "themen:",
        "schlagworte",
        "schlagwörter",
        "tags:",
        "kategorie:",
        "kategorien:",
        "category:",
        "categories:",
        "aktualisiert",
        "updated",
        "veröffentlicht",
        "published",
        "posted",
        "release date",
        "last modified",
        "autor:",
        "autorin:",
        "author:",
        "by ",
        "von ",
        "opublikowano",
        "publikacja",
        "argomenti",
        "copyright",
        "©",
        "aufrufe",
        "lesezeit",
        "reading time",
        "min read",
        "drucken",
        "print",
        "teilen",
        "share",
        "pdf",
    ];
    if LABELS.iter().any(|l| start.starts_with(l)) || t.starts_with('©') {
        return true;
    }
    date_or_time_line(t)
}

/// "23.10.2018", "20:37", "3:59 PM", "7. Oktober 2020", "March 3, 2021".
fn date_or_time_line(t: &str) -> bool {
    let t = t.trim();
    if t.chars().count() > 40 || !t.chars().any(|c| c.is_ascii_digit()) {
        return false;
    }
    let words: Vec<&str> = t.split_whitespace().collect();
    // "Posted March 3, 2021": a date with an English month name, or an ISO date, however
    // it is labelled. (Other forms must make up the line alone, below: "Termin: 21.02.2020,
    // 19 Uhr" is news.)
    let iso = t.len() >= 10 && t.as_bytes()[4] == b'-' && t.as_bytes()[7] == b'-';
    if (iso
        || words
            .iter()
            .any(|w| crate::dates::is_english_month_prefix(w)))
        && crate::dates::parse_date(t).is_some()
    {
        return true;
    }
    words.len() <= 5
        && words.iter().all(|w| {
            let w = w.trim_matches(|c: char| matches!(c, ',' | '|' | '-' | '–' | '(' | ')'));
            w.is_empty()
                || w.chars()
                    .all(|c| c.is_ascii_digit() || matches!(c, '.' | ':' | '/'))
                || matches!(
                    w.to_lowercase().as_str(),
                    "uhr"
                        | "am"
                        | "pm"
                        | "a.m."
                        | "p.m."
                        | "um"
                        | "h"
                        | "gmt"
                        | "utc"
                        | "cet"
                        | "mez"
                        | "mesz"
                )
                || crate::dates::month_number(w).is_some()
        })
}

/// Headings (h2–h6) with no text of their own after them before the next heading or the end:
/// titles of dropped lists ("Related", "More on this").
fn drop_orphan_headings(blocks: &mut Vec<Block>) {
    let n = blocks.len();
    let mut keep = vec![true; n];
    for k in 0..n {
        let h = blocks[k].heading;
        if h < 2 {
            continue;
        }
        let next = blocks[k + 1..].iter().find(|b| !(b.caption));
        keep[k] = match next {
            None => false,
            Some(b) => b.heading == 0 || b.heading > h,
        };
    }
    let mut k = 0;
    blocks.retain(|_| {
        k += 1;
        keep[k - 1]
    });
}

/// The first standfirst-classed element before `root` (not inside it, not dropped).
fn standfirst_before(an: &Analysis<'_>, root: u32) -> Option<Block> {
    let dom = an.dom;
    let start = (root as usize).saturating_sub(400);
    for i in start..root as usize {
        let n = &dom.nodes[i];
        if an.dropped[i] || matches!(n.tag, Tag::Text | Tag::Meta | Tag::A) {
            continue;
        }
        if an.standfirst_cls[i] && !is_ancestor(dom, i as u32, root) {
            let chars = an.chars[i];
            if (40..1500).contains(&chars) && an.link_density(i as u32) < 0.2 {
                let mut bs = blocks_of(an, &[i as u32]);
                if bs.len() == 1 {
                    let mut b = bs.remove(0);
                    b.standfirst = true;
                    return Some(b);
                }
            }
        }
    }
    None
}

fn choose_roots(an: &Analysis<'_>) -> Vec<u32> {
    match an.top_candidate() {
        Some(top) => with_siblings(an, an.climb(top)),
        None => Vec::new(),
    }
}

fn page_h1(an: &Analysis<'_>) -> Option<(u32, String)> {
    let dom = an.dom;
    let i = (0..dom.nodes.len()).find(|&i| dom.nodes[i].tag == Tag::H1 && !an.dropped[i])?;
    let mut s = String::new();
    dom.raw_text(i as u32, &mut s);
    let s = super::meta::collapse(&s);
    (!s.is_empty()).then_some((i as u32, s))
}

/// The top candidate and those of its siblings that read like more of the same text.
fn with_siblings(an: &Analysis<'_>, top: u32) -> Vec<u32> {
    let dom = an.dom;
    let parent = dom.node(top).parent;
    if parent == NONE {
        return vec![top];
    }
    let mut out = Vec::new();
    for s in dom.children(parent) {
        if s == top {
            out.push(s);
            continue;
        }
        if an.dropped[s as usize] {
            continue;
        }
        let node = dom.node(s);
        let chars = an.chars[s as usize];
        let ld = an.link_density(s);
        let ok = match node.tag {
            Tag::P => chars > 80 && ld < 0.25,
            _ => false,
        };
        if ok {
            out.push(s);
        }
    }
    out
}

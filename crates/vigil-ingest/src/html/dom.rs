//! A small, fast, forgiving HTML tokenizer and tree builder.
//!
//! It is not a full HTML5 parser: it knows void and raw-text elements, the common implied end
//! tags (`p`, `li`, `dt`/`dd`, table cells and rows, `option`), drops what it cannot place, and
//! keeps only the attributes the reader looks at. The tree is an arena of nodes in document
//! order (a parent always comes before its children), so a reverse scan visits children first.
//! Depth is capped so that later passes may recurse safely.

use memchr::memchr;

/// "No node".
pub(crate) const NONE: u32 = u32::MAX;
/// The deepest element nesting kept; deeper start tags are ignored.
const MAX_DEPTH: usize = 200;

macro_rules! tags {
    ($($variant:ident = $name:literal),* $(,)?) => {
        /// The element names the reader distinguishes.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub(crate) enum Tag {
            /// The document root.
            Document,
            /// A text node.
            Text,
            $($variant,)*
            /// Any other element.
            Other,
        }

        impl Tag {
            /// The tag for an element name (any case).
            fn from_name(name: &[u8]) -> Tag {
                #[allow(non_upper_case_globals)]
                mod names {
                    $(pub(super) const $variant: u128 = super::pack($name.as_bytes());)*
                }
                match pack(name) {
                    $(names::$variant => Tag::$variant,)*
                    _ => Tag::Other,
                }
            }
        }
    };
}

tags! {
    Html = "html", Head = "head", Body = "body", Title = "title", Meta = "meta", Link = "link",
    Base = "base", Script = "script", Style = "style", Noscript = "noscript",
    Template = "template", Svg = "svg", Math = "math", Iframe = "iframe", Object = "object",
    Embed = "embed", Canvas = "canvas", Nav = "nav", Footer = "footer", Header = "header",
    Aside = "aside", Main = "main", Article = "article", Section = "section", Div = "div",
    P = "p", Br = "br", Hr = "hr", H1 = "h1", H2 = "h2", H3 = "h3", H4 = "h4", H5 = "h5",
    H6 = "h6", Ul = "ul", Ol = "ol", Li = "li", Dl = "dl", Dt = "dt", Dd = "dd",
    Table = "table", Thead = "thead", Tbody = "tbody", Tfoot = "tfoot", Tr = "tr", Td = "td",
    Th = "th", Caption = "caption", Figure = "figure", Figcaption = "figcaption",
    Blockquote = "blockquote", Pre = "pre", A = "a", Img = "img", Picture = "picture",
    Source = "source", Form = "form", Input = "input", Button = "button", Select = "select",
    Option = "option", Optgroup = "optgroup", Textarea = "textarea", Label = "label",
    Fieldset = "fieldset", Legend = "legend", Time = "time", Address = "address",
    Menu = "menu", Dialog = "dialog", Video = "video", Audio = "audio", Track = "track",
    Area = "area", Map = "map", Col = "col", Colgroup = "colgroup", Wbr = "wbr",
    Param = "param", Center = "center", Details = "details", Summary = "summary",
    Xmp = "xmp", Noembed = "noembed", Noframes = "noframes", Frameset = "frameset",
    Frame = "frame", Hgroup = "hgroup", Span = "span", Font = "font", B = "b",
    Strong = "strong", I = "i", Em = "em", U = "u", Small = "small", Big = "big",
    Sub = "sub", Sup = "sup", Code = "code", Abbr = "abbr", Cite = "cite", Q = "q",
    Mark = "mark", S = "s", Del = "del", Ins = "ins", Kbd = "kbd", Samp = "samp",
    Var = "var", Dfn = "dfn", Nobr = "nobr", Tt = "tt",
}

/// An element name of up to 15 bytes, lower-cased, as one number (its length in the low
/// byte); 0 for longer names.
const fn pack(name: &[u8]) -> u128 {
    if name.len() > 15 {
        return 0;
    }
    let mut k = 0u128;
    let mut i = 0;
    while i < name.len() {
        k = (k << 8) | name[i].to_ascii_lowercase() as u128;
        i += 1;
    }
    (k << 8) | name.len() as u128
}

impl Tag {
    /// Elements that never have children.
    fn is_void(self) -> bool {
        matches!(
            self,
            Tag::Meta
                | Tag::Link
                | Tag::Base
                | Tag::Br
                | Tag::Hr
                | Tag::Img
                | Tag::Input
                | Tag::Source
                | Tag::Embed
                | Tag::Track
                | Tag::Area
                | Tag::Col
                | Tag::Wbr
                | Tag::Param
                | Tag::Frame
        )
    }

    /// Elements whose content is raw text up to the matching end tag.
    fn is_raw(self) -> bool {
        matches!(
            self,
            Tag::Script
                | Tag::Style
                | Tag::Textarea
                | Tag::Title
                | Tag::Xmp
                | Tag::Iframe
                | Tag::Noembed
                | Tag::Noframes
                | Tag::Noscript
                | Tag::Template
        )
    }

    /// Start tags that close an open `p`.
    fn closes_p(self) -> bool {
        matches!(
            self,
            Tag::P
                | Tag::Div
                | Tag::Ul
                | Tag::Ol
                | Tag::Dl
                | Tag::Table
                | Tag::H1
                | Tag::H2
                | Tag::H3
                | Tag::H4
                | Tag::H5
                | Tag::H6
                | Tag::Blockquote
                | Tag::Pre
                | Tag::Section
                | Tag::Article
                | Tag::Aside
                | Tag::Nav
                | Tag::Header
                | Tag::Footer
                | Tag::Main
                | Tag::Figure
                | Tag::Form
                | Tag::Hr
                | Tag::Address
                | Tag::Fieldset
                | Tag::Menu
                | Tag::Details
                | Tag::Hgroup
                | Tag::Center
                | Tag::Dialog
        )
    }

    /// Elements that start a new block of text (a line break in rendered text).
    pub(crate) fn is_block(self) -> bool {
        self.closes_p()
            || matches!(
                self,
                Tag::Li
                    | Tag::Dt
                    | Tag::Dd
                    | Tag::Tr
                    | Tag::Td
                    | Tag::Th
                    | Tag::Caption
                    | Tag::Figcaption
                    | Tag::Br
                    | Tag::Body
                    | Tag::Html
                    | Tag::Document
                    | Tag::Thead
                    | Tag::Tbody
                    | Tag::Tfoot
                    | Tag::Summary
                    | Tag::Legend
                    | Tag::Option
                    | Tag::Select
                    | Tag::Textarea
                    | Tag::Frameset
                    | Tag::Video
                    | Tag::Audio
                    | Tag::Picture
                    | Tag::Img
                    | Tag::Noscript
                    | Tag::Iframe
                    | Tag::Object
            )
    }

    /// Headings `h1`–`h6`.
    pub(crate) fn is_heading(self) -> bool {
        matches!(
            self,
            Tag::H1 | Tag::H2 | Tag::H3 | Tag::H4 | Tag::H5 | Tag::H6
        )
    }
}

/// A piece of text: a byte range of the page's source, or of the document's own buffer (for
/// text with character references decoded, or text merged across a comment).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Span {
    /// Start offset; `IN_BUF` set when the range is in the buffer.
    start: u32,
    len: u32,
}

/// The flag of a span in the document's buffer.
const IN_BUF: u32 = 1 << 31;
/// The largest page read (bytes); offsets must fit below `IN_BUF`.
const MAX_SRC: usize = (IN_BUF - 1) as usize;

impl Span {
    const EMPTY: Span = Span { start: 0, len: 0 };
}

/// One node of the tree.
#[derive(Debug)]
pub(crate) struct Node {
    /// Element name, or `Text`/`Document`.
    pub tag: Tag,
    /// Parent node, `NONE` for the root.
    pub parent: u32,
    /// First child, `NONE` when none.
    pub first_child: u32,
    /// Last child, `NONE` when none.
    pub last_child: u32,
    /// Next sibling, `NONE` when none.
    pub next: u32,
    /// Text of a text node (entities decoded; raw for `script`/`style`; empty for whitespace
    /// alone); the name of an `Other` element as written.
    text: Span,
    /// The node's attributes: a range of `Dom::attrs`.
    attr_start: u32,
    attr_end: u32,
}

impl Node {
    /// Whether the element has any of the attributes the reader keeps.
    #[inline]
    pub(crate) fn has_attrs(&self) -> bool {
        self.attr_end > self.attr_start
    }
}

/// The attributes the reader looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Attr {
    Class,
    Id,
    Role,
    Itemprop,
    Hidden,
    Style,
    Name,
    Property,
    Content,
    Rel,
    Href,
    Datetime,
    Lang,
    Type,
    HttpEquiv,
    Pubdate,
    Title,
}

impl Attr {
    fn from_name(name: &[u8]) -> Option<Attr> {
        // Attribute names are matched by length first: most names on a page are none of these.
        Some(match name.len() {
            2 if eq_lower(name, b"id") => Attr::Id,
            3 if eq_lower(name, b"rel") => Attr::Rel,
            4 if eq_lower(name, b"role") => Attr::Role,
            4 if eq_lower(name, b"name") => Attr::Name,
            4 if eq_lower(name, b"href") => Attr::Href,
            4 if eq_lower(name, b"lang") => Attr::Lang,
            4 if eq_lower(name, b"type") => Attr::Type,
            5 if eq_lower(name, b"class") => Attr::Class,
            5 if eq_lower(name, b"style") => Attr::Style,
            5 if eq_lower(name, b"title") => Attr::Title,
            6 if eq_lower(name, b"hidden") => Attr::Hidden,
            7 if eq_lower(name, b"content") => Attr::Content,
            7 if eq_lower(name, b"pubdate") => Attr::Pubdate,
            8 if eq_lower(name, b"itemprop") => Attr::Itemprop,
            8 if eq_lower(name, b"property") => Attr::Property,
            8 if eq_lower(name, b"datetime") => Attr::Datetime,
            8 if eq_lower(name, b"xml:lang") => Attr::Lang,
            10 if eq_lower(name, b"http-equiv") => Attr::HttpEquiv,
            _ => return None,
        })
    }

    /// Whether the reader looks at this attribute on this element (values of the others are
    /// not kept: most attributes of a page are links' `href`s).
    fn kept_on(self, tag: Tag) -> bool {
        match self {
            Attr::Lang => tag == Tag::Html,
            Attr::Name | Attr::HttpEquiv | Attr::Property => tag == Tag::Meta,
            Attr::Rel | Attr::Href => tag == Tag::Link,
            Attr::Type => tag == Tag::Script,
            Attr::Pubdate => tag == Tag::Time,
            Attr::Title => tag == Tag::Abbr,
            _ => true,
        }
    }
}

/// `a` equals the lower-case ASCII `lower`, ignoring the case of `a`.
#[inline]
fn eq_lower(a: &[u8], lower: &[u8]) -> bool {
    a.len() == lower.len()
        && a.iter()
            .zip(lower)
            .all(|(x, y)| x.to_ascii_lowercase() == *y)
}

/// A parsed document.
#[derive(Debug)]
pub(crate) struct Dom<'s> {
    /// All nodes; index 0 is the document root.
    pub nodes: Vec<Node>,
    /// The page's text.
    src: &'s str,
    /// Decoded text and attribute values that are not plain slices of `src`.
    buf: String,
    /// Attributes of all elements, each element's in one run.
    attrs: Vec<(Attr, Span)>,
}

impl<'s> Dom<'s> {
    /// Parses a document (pages over 2 GiB are read up to that size).
    pub(crate) fn parse(src: &'s str) -> Dom<'s> {
        let src = if src.len() > MAX_SRC {
            let mut end = MAX_SRC;
            while !src.is_char_boundary(end) {
                end -= 1;
            }
            &src[..end]
        } else {
            src
        };
        let mut b = Builder {
            dom: Dom {
                nodes: Vec::with_capacity(src.len() / 48 + 16),
                src,
                buf: String::with_capacity(src.len() / 16),
                attrs: Vec::with_capacity(src.len() / 128 + 16),
            },
            stack: Vec::with_capacity(64),
        };
        b.dom.nodes.push(Node {
            tag: Tag::Document,
            parent: NONE,
            first_child: NONE,
            last_child: NONE,
            next: NONE,
            text: Span::EMPTY,
            attr_start: 0,
            attr_end: 0,
        });
        b.stack.push(0);
        tokenize(src, &mut b);
        b.dom
    }

    #[inline]
    fn span(&self, s: Span) -> &str {
        if s.start & IN_BUF != 0 {
            let a = (s.start & !IN_BUF) as usize;
            &self.buf[a..a + s.len as usize]
        } else {
            let a = s.start as usize;
            &self.src[a..a + s.len as usize]
        }
    }

    /// Node by index.
    #[inline]
    pub(crate) fn node(&self, i: u32) -> &Node {
        &self.nodes[i as usize]
    }

    /// The text of a text node (empty for whitespace alone; raw in `script`/`style`).
    #[inline]
    pub(crate) fn text(&self, i: u32) -> &str {
        self.span(self.nodes[i as usize].text)
    }

    /// The value of an attribute of a node.
    #[inline]
    pub(crate) fn attr_of(&self, n: &Node, a: Attr) -> Option<&str> {
        if n.attr_end == n.attr_start {
            return None;
        }
        self.attrs[n.attr_start as usize..n.attr_end as usize]
            .iter()
            .find(|(k, _)| *k == a)
            .map(|(_, v)| self.span(*v))
    }

    /// The children of a node.
    pub(crate) fn children(&self, i: u32) -> Children<'_, 's> {
        Children {
            dom: self,
            next: self.node(i).first_child,
        }
    }

    /// All text below a node, as is (no whitespace handling), skipping `script`/`style`.
    pub(crate) fn raw_text(&self, i: u32, out: &mut String) {
        let n = self.node(i);
        match n.tag {
            Tag::Text if n.text.len == 0 => out.push(' '),
            Tag::Text => out.push_str(self.span(n.text)),
            Tag::Script | Tag::Style | Tag::Template | Tag::Noscript => {}
            _ => {
                for c in self.children(i) {
                    self.raw_text(c, out);
                }
            }
        }
    }
}

/// Iterator over a node's children.
pub(crate) struct Children<'a, 's> {
    dom: &'a Dom<'s>,
    next: u32,
}

impl Iterator for Children<'_, '_> {
    type Item = u32;
    #[inline]
    fn next(&mut self) -> Option<u32> {
        if self.next == NONE {
            return None;
        }
        let i = self.next;
        self.next = self.dom.node(i).next;
        Some(i)
    }
}

struct Builder<'s> {
    dom: Dom<'s>,
    stack: Vec<u32>,
}

impl<'s> Builder<'s> {
    fn current(&self) -> u32 {
        *self.stack.last().unwrap_or(&0)
    }

    fn tag_of(&self, i: u32) -> Tag {
        self.dom.nodes[i as usize].tag
    }

    /// A span for `src[a..b]` with character references decoded (in the buffer only when
    /// there are any).
    fn decoded(&mut self, a: usize, b: usize) -> Span {
        let s = &self.dom.src[a..b];
        if memchr(b'&', s.as_bytes()).is_none() {
            return Span {
                start: a as u32,
                len: (b - a) as u32,
            };
        }
        let start = self.dom.buf.len();
        decode_entities(s, &mut self.dom.buf);
        self.buf_span(start)
    }

    /// The span of the buffer from `start` to its end.
    fn buf_span(&mut self, start: usize) -> Span {
        let end = self.dom.buf.len();
        if end >= MAX_SRC {
            // Never reached in practice (the buffer holds at most a few copies of the page).
            self.dom.buf.truncate(start);
            return Span::EMPTY;
        }
        Span {
            start: start as u32 | IN_BUF,
            len: (end - start) as u32,
        }
    }

    fn append(&mut self, parent: u32, tag: Tag, text: Span, attr_start: u32) -> u32 {
        let Ok(idx) = u32::try_from(self.dom.nodes.len()) else {
            return NONE;
        };
        if idx == NONE {
            return NONE;
        }
        let attr_end = self.dom.attrs.len() as u32;
        self.dom.nodes.push(Node {
            tag,
            parent,
            first_child: NONE,
            last_child: NONE,
            next: NONE,
            text,
            attr_start,
            attr_end,
        });
        let p = &mut self.dom.nodes[parent as usize];
        let last = p.last_child;
        p.last_child = idx;
        if last == NONE {
            p.first_child = idx;
        } else {
            self.dom.nodes[last as usize].next = idx;
        }
        idx
    }

    /// Text `src[a..b]` between tags.
    fn text(&mut self, a: usize, b: usize) {
        if a >= b {
            return;
        }
        let s = &self.dom.src[a..b];
        let blank = s.bytes().all(|c| c.is_ascii_whitespace());
        if !blank && self.tag_of(self.current()) == Tag::Head {
            // Text ends the head.
            self.stack.pop();
        }
        let cur = self.current();
        // Merge with a preceding text node.
        let last = self.dom.nodes[cur as usize].last_child;
        if last != NONE && self.tag_of(last) == Tag::Text {
            let prev = self.dom.nodes[last as usize].text;
            if blank {
                if prev.len > 0 && !self.dom.span(prev).ends_with(' ') {
                    let start = self.tail(prev);
                    self.dom.buf.push(' ');
                    self.dom.nodes[last as usize].text = self.buf_span(start);
                }
            } else {
                let start = self.tail(prev);
                let s = &self.dom.src[a..b];
                if prev.len == 0 {
                    // It held only whitespace.
                    self.dom.buf.push(' ');
                    decode_entities(s.trim_start(), &mut self.dom.buf);
                } else {
                    decode_entities(s, &mut self.dom.buf);
                }
                self.dom.nodes[last as usize].text = self.buf_span(start);
            }
            return;
        }
        // Whitespace alone is kept as an empty text node (read as one space), except between
        // the rows, items and cells of structures, where it separates nothing.
        if blank
            && matches!(
                self.tag_of(cur),
                Tag::Html
                    | Tag::Head
                    | Tag::Ul
                    | Tag::Ol
                    | Tag::Dl
                    | Tag::Table
                    | Tag::Thead
                    | Tag::Tbody
                    | Tag::Tfoot
                    | Tag::Tr
                    | Tag::Select
                    | Tag::Colgroup
            )
            && (last == NONE || self.tag_of(last).is_block())
        {
            return;
        }
        let span = if blank {
            Span::EMPTY
        } else {
            self.decoded(a, b)
        };
        let at = self.dom.attrs.len() as u32;
        self.append(cur, Tag::Text, span, at);
    }

    /// Makes `prev` the last text of the buffer (copying it there when it is not) and
    /// returns its start in the buffer.
    fn tail(&mut self, prev: Span) -> usize {
        if prev.start & IN_BUF != 0 {
            let a = (prev.start & !IN_BUF) as usize;
            if a + prev.len as usize == self.dom.buf.len() {
                return a;
            }
        }
        let start = self.dom.buf.len();
        if prev.start & IN_BUF != 0 {
            let a = (prev.start & !IN_BUF) as usize;
            self.dom.buf.extend_from_within(a..a + prev.len as usize);
        } else {
            let a = prev.start as usize;
            let src = self.dom.src;
            self.dom.buf.push_str(&src[a..a + prev.len as usize]);
        }
        start
    }

    /// Pops up to and including the innermost open `tag`, unless one of `stop` is met first.
    fn close(&mut self, tag: Tag, stop: &[Tag]) -> bool {
        for k in (1..self.stack.len()).rev() {
            let t = self.tag_of(self.stack[k]);
            if t == tag {
                self.stack.truncate(k);
                return true;
            }
            if stop.contains(&t) {
                return false;
            }
        }
        false
    }

    /// A start tag whose attributes are `attrs[attr_start..]` (and whose values, if decoded,
    /// are `buf[buf_start..]`); `name` is the element's name in `src`.
    fn start(
        &mut self,
        tag: Tag,
        name: Span,
        attr_start: u32,
        buf_start: usize,
        self_closing: bool,
    ) -> Option<u32> {
        const BLOCK_SCOPE: &[Tag] = &[
            Tag::Div,
            Tag::Td,
            Tag::Th,
            Tag::Li,
            Tag::Table,
            Tag::Article,
            Tag::Section,
            Tag::Body,
            Tag::Html,
            Tag::Blockquote,
            Tag::Main,
            Tag::Button,
            Tag::Figure,
        ];
        if self.tag_of(self.current()) == Tag::Head
            && !matches!(
                tag,
                Tag::Meta
                    | Tag::Link
                    | Tag::Title
                    | Tag::Script
                    | Tag::Style
                    | Tag::Base
                    | Tag::Noscript
                    | Tag::Template
                    | Tag::Head
                    | Tag::Html
            )
        {
            // Content in the head ends it (pages that never open their body).
            self.stack.pop();
        }
        match tag {
            Tag::Html | Tag::Body | Tag::Head => {
                // Only one of each: later ones are ignored (their attributes too).
                if let Some(&i) = self.stack.iter().find(|&&i| self.tag_of(i) == tag) {
                    self.dom.attrs.truncate(attr_start as usize);
                    self.dom.buf.truncate(buf_start);
                    return Some(i);
                }
                if tag == Tag::Body {
                    self.close(Tag::Head, &[]);
                }
            }
            Tag::Li => {
                self.close(Tag::P, BLOCK_SCOPE);
                self.close(
                    Tag::Li,
                    &[Tag::Ul, Tag::Ol, Tag::Menu, Tag::Table, Tag::Div],
                );
            }
            Tag::Dt | Tag::Dd => {
                self.close(Tag::P, BLOCK_SCOPE);
                if !self.close(Tag::Dd, &[Tag::Dl, Tag::Div]) {
                    self.close(Tag::Dt, &[Tag::Dl, Tag::Div]);
                }
            }
            Tag::Tr => {
                self.close(Tag::Tr, &[Tag::Table]);
            }
            Tag::Td | Tag::Th if !self.close(Tag::Td, &[Tag::Tr, Tag::Table]) => {
                self.close(Tag::Th, &[Tag::Tr, Tag::Table]);
            }
            Tag::Thead | Tag::Tbody | Tag::Tfoot => {
                self.close(Tag::Tr, &[Tag::Table]);
                for t in [Tag::Thead, Tag::Tbody, Tag::Tfoot] {
                    self.close(t, &[Tag::Table]);
                }
            }
            Tag::Option => {
                self.close(Tag::Option, &[Tag::Select]);
            }
            Tag::A => {
                self.close(Tag::A, BLOCK_SCOPE);
            }
            t if t.closes_p() => {
                self.close(Tag::P, BLOCK_SCOPE);
                if t.is_heading() {
                    let cur = self.tag_of(self.current());
                    if cur.is_heading() {
                        self.stack.pop();
                    }
                }
            }
            _ => {}
        }
        let parent = self.current();
        let label = if tag == Tag::Other { name } else { Span::EMPTY };
        let idx = self.append(parent, tag, label, attr_start);
        if idx == NONE {
            return None;
        }
        let foreign = matches!(tag, Tag::Svg | Tag::Math);
        if !tag.is_void() && !(self_closing && (foreign || tag == Tag::Other)) && !tag.is_raw() {
            if self.stack.len() < MAX_DEPTH {
                self.stack.push(idx);
            } else {
                return None;
            }
        }
        Some(idx)
    }

    fn end(&mut self, tag: Tag, name: &str) {
        match tag {
            Tag::Html | Tag::Body => {}
            Tag::Br => {
                let at = self.dom.attrs.len() as u32;
                let bs = self.dom.buf.len();
                self.start(Tag::Br, Span::EMPTY, at, bs, true);
            }
            Tag::Other => {
                // Unknown elements keep their name in `text`.
                for k in (1..self.stack.len()).rev() {
                    let n = &self.dom.nodes[self.stack[k] as usize];
                    if n.tag == Tag::Other && self.dom.span(n.text).eq_ignore_ascii_case(name) {
                        self.stack.truncate(k);
                        return;
                    }
                }
            }
            t if t.is_heading() => {
                // Any heading end tag closes any open heading.
                for k in (1..self.stack.len()).rev() {
                    let s = self.tag_of(self.stack[k]);
                    if s.is_heading() {
                        self.stack.truncate(k);
                        return;
                    }
                    if matches!(s, Tag::Div | Tag::Body | Tag::Article | Tag::Section) {
                        return;
                    }
                }
            }
            _ => {
                self.close(tag, &[]);
            }
        }
    }
}

#[inline]
fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c')
}

fn tokenize(src: &str, b: &mut Builder<'_>) {
    let bytes = src.as_bytes();
    let n = bytes.len();
    let mut pos = 0;
    let mut text_start = 0;
    while pos < n {
        let Some(off) = memchr(b'<', &bytes[pos..]) else {
            break;
        };
        let lt = pos + off;
        let next = bytes.get(lt + 1).copied().unwrap_or(0);
        if next == b'!' {
            b.text(text_start, lt);
            if bytes[lt..].starts_with(b"<!--") {
                let end = find_sub(bytes, lt + 4, b"-->").map_or(n, |e| e + 3);
                pos = end;
            } else {
                let end = memchr(b'>', &bytes[lt..]).map_or(n, |e| lt + e + 1);
                pos = end;
            }
            text_start = pos;
            continue;
        }
        if next == b'?' {
            b.text(text_start, lt);
            pos = memchr(b'>', &bytes[lt..]).map_or(n, |e| lt + e + 1);
            text_start = pos;
            continue;
        }
        let (is_end, name_at) = if next == b'/' {
            (true, lt + 2)
        } else {
            (false, lt + 1)
        };
        if name_at >= n || !bytes[name_at].is_ascii_alphabetic() {
            if is_end && name_at < n && bytes[name_at] == b'>' {
                // "</>" is ignored.
                b.text(text_start, lt);
                pos = name_at + 1;
                text_start = pos;
                continue;
            }
            if is_end {
                // A bogus comment.
                b.text(text_start, lt);
                pos = memchr(b'>', &bytes[lt..]).map_or(n, |e| lt + e + 1);
                text_start = pos;
                continue;
            }
            // A lone '<' is text.
            pos = lt + 1;
            continue;
        }
        b.text(text_start, lt);
        let mut i = name_at;
        while i < n
            && !matches!(
                bytes[i],
                b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'/' | b'>'
            )
        {
            i += 1;
        }
        let name = &src[name_at..i];
        let tag = Tag::from_name(name.as_bytes());
        // Attributes.
        let attr_start = b.dom.attrs.len();
        let buf_start = b.dom.buf.len();
        let mut self_closing = false;
        loop {
            while i < n && is_space(bytes[i]) {
                i += 1;
            }
            if i >= n {
                break;
            }
            match bytes[i] {
                b'>' => {
                    i += 1;
                    break;
                }
                b'/' => {
                    i += 1;
                    if i < n && bytes[i] == b'>' {
                        self_closing = true;
                        i += 1;
                        break;
                    }
                    continue;
                }
                _ => {}
            }
            let an_start = i;
            i += 1;
            while i < n
                && !matches!(
                    bytes[i],
                    b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'/' | b'>' | b'='
                )
            {
                i += 1;
            }
            let an_end = i;
            while i < n && is_space(bytes[i]) {
                i += 1;
            }
            let mut value = None;
            if i < n && bytes[i] == b'=' {
                i += 1;
                while i < n && is_space(bytes[i]) {
                    i += 1;
                }
                if i < n && (bytes[i] == b'"' || bytes[i] == b'\'') {
                    let q = bytes[i];
                    let vs = i + 1;
                    let ve = memchr(q, &bytes[vs..]).map_or(n, |e| vs + e);
                    value = Some((vs, ve));
                    i = (ve + 1).min(n);
                } else {
                    let vs = i;
                    while i < n
                        && !matches!(bytes[i], b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'>')
                    {
                        i += 1;
                    }
                    value = Some((vs, i));
                }
            }
            if is_end {
                continue;
            }
            if let Some(a) = Attr::from_name(&bytes[an_start..an_end]) {
                if !a.kept_on(tag) || b.dom.attrs[attr_start..].iter().any(|(k, _)| *k == a) {
                    continue;
                }
                let v = match value {
                    Some((vs, ve)) => b.decoded(vs, ve),
                    None => Span::EMPTY,
                };
                b.dom.attrs.push((a, v));
            }
        }
        pos = i;
        text_start = pos;
        if is_end {
            b.end(tag, name);
            continue;
        }
        let name_span = Span {
            start: name_at as u32,
            len: name.len() as u32,
        };
        let idx = b.start(tag, name_span, attr_start as u32, buf_start, self_closing);
        if tag.is_raw() && !self_closing {
            // Raw text up to the matching end tag.
            let end = find_end_tag(bytes, pos, name.as_bytes()).unwrap_or(n);
            if let Some(idx) = idx {
                if end > pos {
                    let text = if matches!(tag, Tag::Title | Tag::Textarea) {
                        b.decoded(pos, end)
                    } else {
                        Span {
                            start: pos as u32,
                            len: (end - pos) as u32,
                        }
                    };
                    let at = b.dom.attrs.len() as u32;
                    b.append(idx, Tag::Text, text, at);
                }
            }
            pos = if end >= n {
                n
            } else {
                memchr(b'>', &bytes[end..]).map_or(n, |e| end + e + 1)
            };
            text_start = pos;
        }
    }
    if text_start < n {
        b.text(text_start, n);
    }
}

/// The start of `</name` (any case) from `from` on.
fn find_end_tag(hay: &[u8], from: usize, name: &[u8]) -> Option<usize> {
    // Scripts hold many '<' and few "</".
    static END: std::sync::OnceLock<memchr::memmem::Finder<'static>> = std::sync::OnceLock::new();
    let finder = END.get_or_init(|| memchr::memmem::Finder::new(b"</"));
    let mut i = from;
    while i < hay.len() {
        let j = finder.find(&hay[i..])? + i;
        if hay.len() - (j + 2) >= name.len()
            && hay[j + 2..j + 2 + name.len()].eq_ignore_ascii_case(name)
        {
            return Some(j);
        }
        i = j + 1;
    }
    None
}

fn find_sub(hay: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    let mut i = from;
    while i < hay.len() {
        let j = memchr(needle[0], &hay[i..])? + i;
        if hay[j..].starts_with(needle) {
            return Some(j);
        }
        i = j + 1;
    }
    None
}

/// Appends `s` to `out` with character references decoded.
pub(crate) fn decode_entities(s: &str, out: &mut String) {
    let bytes = s.as_bytes();
    let mut last = 0;
    let mut pos = 0;
    while let Some(off) = memchr(b'&', &bytes[pos..]) {
        let amp = pos + off;
        out.push_str(&s[last..amp]);
        let (consumed, ch) = entity(&s[amp + 1..]);
        if consumed == 0 {
            out.push('&');
            pos = amp + 1;
        } else {
            match ch {
                Entity::Char(c) => out.push(c),
                Entity::Str(t) => out.push_str(t),
            }
            pos = amp + 1 + consumed;
        }
        last = pos;
    }
    out.push_str(&s[last..]);
}

enum Entity {
    Char(char),
    Str(&'static str),
}

/// Decodes the reference after '&': bytes consumed (0 when not a reference) and the value.
fn entity(s: &str) -> (usize, Entity) {
    let b = s.as_bytes();
    if b.first() == Some(&b'#') {
        let (hex, start) = match b.get(1) {
            Some(b'x' | b'X') => (true, 2),
            _ => (false, 1),
        };
        let mut i = start;
        let mut v: u32 = 0;
        while i < b.len() && i < start + 8 {
            let d = if hex {
                (b[i] as char).to_digit(16)
            } else {
                (b[i] as char).to_digit(10)
            };
            let Some(d) = d else { break };
            v = v
                .saturating_mul(if hex { 16 } else { 10 })
                .saturating_add(d);
            i += 1;
        }
        if i == start {
            return (0, Entity::Char('&'));
        }
        if b.get(i) == Some(&b';') {
            i += 1;
        }
        let c = match v {
            0 => '\u{FFFD}',
            // Windows-1252 code points that pages write as numeric references.
            0x80..=0x9F => cp1252(v),
            _ => char::from_u32(v).unwrap_or('\u{FFFD}'),
        };
        return (i, Entity::Char(c));
    }
    let mut i = 0;
    while i < b.len() && i < 32 && b[i].is_ascii_alphanumeric() {
        i += 1;
    }
    if i == 0 {
        return (0, Entity::Char('&'));
    }
    let name = &s[..i];
    let semi = b.get(i) == Some(&b';');
    if let Some(v) = named(name) {
        return (i + usize::from(semi), v);
    }
    // Legacy references without ';' that are a prefix ("&nbspfoo" is rare; "&copy2020").
    (0, Entity::Char('&'))
}

fn cp1252(v: u32) -> char {
    const T: [u16; 32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
        0x2039, 0x0152, 0x8D, 0x017D, 0x8F, 0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013,
        0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
    ];
    let i = (v - 0x80) as usize;
    char::from_u32(u32::from(T[i])).unwrap_or('\u{FFFD}')
}

fn named(name: &str) -> Option<Entity> {
    use Entity::{Char as C, Str as S};
    Some(match name {
        "amp" | "AMP" => C('&'),
        "lt" | "LT" => C('<'),
        "gt" | "GT" => C('>'),
        "quot" | "QUOT" => C('"'),
        "apos" => C('\''),
        "nbsp" => C('\u{A0}'),
        "ensp" => C('\u{2002}'),
        "emsp" => C('\u{2003}'),
        "thinsp" => C('\u{2009}'),
        "zwnj" => C('\u{200C}'),
        "zwj" => C('\u{200D}'),
        "lrm" => C('\u{200E}'),
        "rlm" => C('\u{200F}'),
        "shy" => C('\u{AD}'),
        "ndash" => C('–'),
        "mdash" => C('—'),
        "lsquo" => C('‘'),
        "rsquo" => C('’'),
        "sbquo" => C('‚'),
        "ldquo" => C('“'),
        "rdquo" => C('”'),
        "bdquo" => C('„'),
        "laquo" => C('«'),
        "raquo" => C('»'),
        "lsaquo" => C('‹'),
        "rsaquo" => C('›'),
        "hellip" => C('…'),
        "bull" => C('•'),
        "middot" => C('·'),
        "dagger" => C('†'),
        "Dagger" => C('‡'),
        "permil" => C('‰'),
        "prime" => C('′'),
        "Prime" => C('″'),
        "euro" => C('€'),
        "cent" => C('¢'),
        "pound" => C('£'),
        "yen" => C('¥'),
        "curren" => C('¤'),
        "copy" | "COPY" => C('©'),
        "reg" | "REG" => C('®'),
        "trade" => C('™'),
        "deg" => C('°'),
        "plusmn" => C('±'),
        "times" => C('×'),
        "divide" => C('÷'),
        "sect" => C('§'),
        "para" => C('¶'),
        "micro" => C('µ'),
        "ordf" => C('ª'),
        "ordm" => C('º'),
        "sup1" => C('¹'),
        "sup2" => C('²'),
        "sup3" => C('³'),
        "frac14" => C('¼'),
        "frac12" => C('½'),
        "frac34" => C('¾'),
        "iexcl" => C('¡'),
        "iquest" => C('¿'),
        "brvbar" => C('¦'),
        "uml" => C('¨'),
        "macr" => C('¯'),
        "acute" => C('´'),
        "cedil" => C('¸'),
        "not" => C('¬'),
        "larr" => C('←'),
        "rarr" => C('→'),
        "uarr" => C('↑'),
        "darr" => C('↓'),
        "harr" => C('↔'),
        "hearts" => C('♥'),
        "minus" => C('−'),
        "le" => C('≤'),
        "ge" => C('≥'),
        "ne" => C('≠'),
        "infin" => C('∞'),
        "asymp" => C('≈'),
        "szlig" => C('ß'),
        "Agrave" => C('À'),
        "Aacute" => C('Á'),
        "Acirc" => C('Â'),
        "Atilde" => C('Ã'),
        "Auml" => C('Ä'),
        "Aring" => C('Å'),
        "AElig" => C('Æ'),
        "Ccedil" => C('Ç'),
        "Egrave" => C('È'),
        "Eacute" => C('É'),
        "Ecirc" => C('Ê'),
        "Euml" => C('Ë'),
        "Igrave" => C('Ì'),
        "Iacute" => C('Í'),
        "Icirc" => C('Î'),
        "Iuml" => C('Ï'),
        "ETH" => C('Ð'),
        "Ntilde" => C('Ñ'),
        "Ograve" => C('Ò'),
        "Oacute" => C('Ó'),
        "Ocirc" => C('Ô'),
        "Otilde" => C('Õ'),
        "Ouml" => C('Ö'),
        "Oslash" => C('Ø'),
        "Ugrave" => C('Ù'),
        "Uacute" => C('Ú'),
        "Ucirc" => C('Û'),
        "Uuml" => C('Ü'),
        "Yacute" => C('Ý'),
        "THORN" => C('Þ'),
        "agrave" => C('à'),
        "aacute" => C('á'),
        "acirc" => C('â'),
        "atilde" => C('ã'),
        "auml" => C('ä'),
        "aring" => C('å'),
        "aelig" => C('æ'),
        "ccedil" => C('ç'),
        "egrave" => C('è'),
        "eacute" => C('é'),
        "ecirc" => C('ê'),
        "euml" => C('ë'),
        "igrave" => C('ì'),
        "iacute" => C('í'),
        "icirc" => C('î'),
        "iuml" => C('ï'),
        "eth" => C('ð'),
        "ntilde" => C('ñ'),
        "ograve" => C('ò'),
        "oacute" => C('ó'),
        "ocirc" => C('ô'),
        "otilde" => C('õ'),
        "ouml" => C('ö'),
        "oslash" => C('ø'),
        "ugrave" => C('ù'),
        "uacute" => C('ú'),
        "ucirc" => C('û'),
        "uuml" => C('ü'),
        "yacute" => C('ý'),
        "thorn" => C('þ'),
        "yuml" => C('ÿ'),
        "Yuml" => C('Ÿ'),
        "OElig" => C('Œ'),
        "oelig" => C('œ'),
        "Scaron" => C('Š'),
        "scaron" => C('š'),
        "Zcaron" => C('Ž'),
        "zcaron" => C('ž'),
        "fnof" => C('ƒ'),
        "circ" => C('ˆ'),
        "tilde" => C('˜'),
        "Alpha" => C('Α'),
        "alpha" => C('α'),
        "beta" => C('β'),
        "gamma" => C('γ'),
        "delta" => C('δ'),
        "Delta" => C('Δ'),
        "pi" => C('π'),
        "mu" => C('μ'),
        "sigma" => C('σ'),
        "Omega" => C('Ω'),
        "omega" => C('ω'),
        "lambda" => C('λ'),
        "check" | "checkmark" => C('✓'),
        "star" => C('☆'),
        "starf" => C('★'),
        "NewLine" => C('\n'),
        "Tab" => C('\t'),
        "colon" => C(':'),
        "comma" => C(','),
        "period" => C('.'),
        "excl" => C('!'),
        "quest" => C('?'),
        "num" => C('#'),
        "dollar" => C('$'),
        "percnt" => C('%'),
        "lpar" => C('('),
        "rpar" => C(')'),
        "ast" => C('*'),
        "plus" => C('+'),
        "sol" => C('/'),
        "semi" => C(';'),
        "equals" => C('='),
        "commat" => C('@'),
        "lsqb" | "lbrack" => C('['),
        "rsqb" | "rbrack" => C(']'),
        "lowbar" => C('_'),
        "grave" => C('`'),
        "lcub" | "lbrace" => C('{'),
        "rcub" | "rbrace" => C('}'),
        "verbar" | "vert" => C('|'),
        "bsol" => C('\\'),
        "Hat" => C('^'),
        "hyphen" | "dash" => C('‐'),
        "fjlig" => S("fj"),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(d: &Dom) -> String {
        let mut s = String::new();
        d.raw_text(0, &mut s);
        s
    }

    #[test]
    fn entities() {
        let mut s = String::new();
        decode_entities(
            "a &amp; b &lt;&#233;&#xE9;&eacute; &foo; &#150; & x &nbsp",
            &mut s,
        );
        assert_eq!(s, "a & b <ééé &foo; – & x \u{a0}");
    }

    #[test]
    fn tree() {
        let d = Dom::parse("<p>one<p>two<ul><li>a<li>b</ul><script>if (a<b) x='</p>'</script>");
        assert_eq!(text(&d), "onetwoab");
        let lis = d.nodes.iter().filter(|n| n.tag == Tag::Li).count();
        assert_eq!(lis, 2);
        let d = Dom::parse("<p><b>a</b> <i>b</i>\n<!-- c --> d</p>");
        assert_eq!(text(&d), "a b d");
    }

    #[test]
    fn junk() {
        for s in [
            "<", "</", "<a", "<a b='", "<!--", "<!", "&#", "&#x;", "<<>>", "</>", "<p/>",
        ] {
            let _ = Dom::parse(s);
        }
        let deep = "<div>".repeat(10_000);
        let d = Dom::parse(&deep);
        assert!(d.nodes.len() > MAX_DEPTH);
    }
}

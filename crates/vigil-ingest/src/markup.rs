//! Small HTML fragments as feeds carry them (an item's summary or content): text by paragraph,
//! entities decoded. Whole pages go through [`crate::html`], which also finds the main text.

/// Decodes character references: the XML five, `&nbsp;`, common typographic names, and numeric
/// references. Unknown names are kept as written.
#[must_use]
pub fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let end = rest[1..]
            .find(|c: char| c == ';' || c == '&' || c.is_whitespace())
            .map(|e| e + 1);
        let decoded = end
            .filter(|&e| rest.as_bytes().get(e) == Some(&b';'))
            .and_then(|e| entity(&rest[1..e]).map(|c| (c, e + 1)));
        match decoded {
            Some((c, used)) => {
                out.push(c);
                rest = &rest[used..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn entity(name: &str) -> Option<char> {
    if let Some(num) = name.strip_prefix('#') {
        let code = if let Some(hex) = num.strip_prefix(['x', 'X']) {
            u32::from_str_radix(hex, 16).ok()?
        } else {
            num.parse().ok()?
        };
        return char::from_u32(code).filter(|c| *c != '\0');
    }
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        "ndash" => '\u{2013}',
        "mdash" => '\u{2014}',
        "lsquo" => '\u{2018}',
        "rsquo" => '\u{2019}',
        "ldquo" => '\u{201c}',
        "rdquo" => '\u{201d}',
        "hellip" => '\u{2026}',
        "laquo" => '\u{ab}',
        "raquo" => '\u{bb}',
        "eacute" => 'é',
        "egrave" => 'è',
        "agrave" => 'à',
        "ccedil" => 'ç',
        "uuml" => 'ü',
        "ouml" => 'ö',
        "auml" => 'ä',
        "szlig" => 'ß',
        "copy" => '©',
        _ => return None,
    })
}

const BLOCKS: &[&str] = &[
    "p",
    "br",
    "div",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "tr",
    "ul",
    "ol",
    "figure",
    "figcaption",
    "section",
    "article",
    "hr",
    "table",
    "pre",
];

/// The paragraphs of an HTML fragment: block elements and `<br>` break paragraphs, other tags
/// are dropped, scripts and styles with their content, whitespace collapsed, entities decoded.
/// Plain text (no tags) splits on blank lines.
#[must_use]
pub fn fragment_paragraphs(html: &str) -> Vec<String> {
    let mut paras = Vec::new();
    let mut cur = String::new();
    let flush = |cur: &mut String, paras: &mut Vec<String>| {
        let t = decode_entities(cur)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        if !t.is_empty() {
            paras.push(t);
        }
        cur.clear();
    };
    if !html.contains('<') {
        for block in html.split("\n\n") {
            cur.push_str(block);
            flush(&mut cur, &mut paras);
        }
        return paras;
    }
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        cur.push_str(&rest[..i]);
        rest = &rest[i..];
        let Some(close) = rest.find('>') else {
            // A stray '<' with no tag after it is text.
            cur.push_str(rest);
            rest = "";
            break;
        };
        let tag = &rest[1..close];
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect::<String>()
            .to_ascii_lowercase();
        rest = &rest[close + 1..];
        if (name == "script" || name == "style") && !tag.starts_with('/') {
            let end = format!("</{name}");
            let lower = rest.to_ascii_lowercase();
            let skip = lower.find(&end).map_or(rest.len(), |e| {
                e + lower[e..].find('>').map_or(lower.len() - e, |g| g + 1)
            });
            rest = &rest[skip..];
            continue;
        }
        if BLOCKS.contains(&name.as_str()) {
            flush(&mut cur, &mut paras);
        } else if !name.is_empty() {
            // Inline tags join words that touch them only when the source had space.
        }
    }
    cur.push_str(rest);
    flush(&mut cur, &mut paras);
    paras
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entities() {
        assert_eq!(
            decode_entities("a &amp; b &lt;c&gt; &#233;&#xE9; &nbsp;&bogus; & x"),
            "a & b <c> éé \u{a0}&bogus; & x"
        );
    }

    #[test]
    fn fragments() {
        let got = fragment_paragraphs(
            "<p>First <b>bold</b> one.</p><script>var x = '<p>no</p>';</script><p>Second&nbsp;one<br>third</p> tail",
        );
        assert_eq!(got, ["First bold one.", "Second one", "third", "tail"]);
        assert_eq!(fragment_paragraphs("plain\n\ntext"), ["plain", "text"]);
        assert_eq!(fragment_paragraphs("a < b and c"), ["a < b and c"]);
    }
}

//! `vigil serve --token`: ingest through the API with the real pipeline — JSON text, an
//! uploaded HTML file (raw body and form), a URL fetched from a local HTTP server — then read it back.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::process::{Child, Stdio};
use vigil_server::client::request;

mod common;

struct Kill(Child);

impl Drop for Kill {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn serve(db: &std::path::Path, token: Option<&str>) -> (Kill, String) {
    let mut cmd = common::vigil();
    cmd.args(["serve", "--addr", "127.0.0.1:0", "--demo", "--db"])
        .arg(db)
        .env_remove("VIGIL_TOKEN")
        .stderr(Stdio::piped());
    if let Some(t) = token {
        cmd.args(["--token", t]);
    }
    let mut child = cmd.spawn().unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let addr = loop {
        let l = lines
            .next()
            .expect("vigil serve said where it listens")
            .unwrap();
        if let Some(rest) = l.split("http://").nth(1) {
            assert!(
                l.contains(if token.is_some() {
                    "writes need the token"
                } else {
                    "read-only"
                }),
                "{l}"
            );
            break rest.split('/').next().unwrap().to_string();
        }
    };
    std::thread::spawn(move || for _ in lines {});
    (Kill(child), addr)
}

/// Serves one HTML page to every request.
fn page_server(html: &'static str) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut s) = stream else { continue };
            let mut buf = [0u8; 4096];
            let _ = s.read(&mut buf);
            let _ = write!(
                s,
                "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{html}",
                html.len()
            );
        }
    });
    addr
}

#[test]
fn ingest_text_files_and_urls_through_the_api() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("serve.db");
    let (_server, addr) = serve(&db, Some("t0ken"));
    let auth = [
        ("Authorization", "Bearer t0ken"),
        ("Content-Type", "application/json"),
    ];
    text_uploads(&addr, &auth);
    file_uploads(&addr);
    url_uploads(&addr, &auth);
    // Everything is there: the demo articles and the five new ones.
    let stats = request(&addr, "GET", "/api/v1/stats", &[], b"")
        .unwrap()
        .json()
        .unwrap();
    assert_eq!(stats["documents"], 9);
    let ng = request(
        &addr,
        "GET",
        "/api/v1/incidents?country=NG&kind=attack",
        &[],
        b"",
    )
    .unwrap()
    .json()
    .unwrap();
    assert_eq!(ng["items"].as_array().unwrap().len(), 5, "{ng}");
}

/// Text in JSON: stored, served, and the same text again stores nothing.
fn text_uploads(addr: &str, auth: &[(&str, &str)]) {
    // Text.
    let r = request(
        addr,
        "POST",
        "/api/v1/documents",
        auth,
        br#"{"title": "Blast in Jos", "published": "2026-04-02", "url": "https://news.example/jos",
             "text": "A bomb exploded at a market in Jos, Nigeria, on Wednesday, killing six people, police said."}"#,
    )
    .unwrap();
    assert_eq!(r.status, 201, "{}", r.text());
    let v = r.json().unwrap();
    assert_eq!(v["inserted"], 1);
    let id = v["documents"][0].as_str().unwrap().to_string();
    let d = request(addr, "GET", &format!("/api/v1/documents/{id}"), &[], b"")
        .unwrap()
        .json()
        .unwrap();
    assert_eq!(d["document"]["title"], "Blast in Jos");
    assert_eq!(d["document"]["url"], "https://news.example/jos");
    assert_eq!(d["document"]["published"], "2026-04-02");
    let attack = d["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == "attack")
        .unwrap();
    assert_eq!(attack["time"]["start"], "2026-04-01");
    // The same text again stores nothing.
    let again = request(
        addr,
        "POST",
        "/api/v1/documents",
        auth,
        br#"{"title": "Blast in Jos", "published": "2026-04-02", "url": "https://news.example/jos",
             "text": "A bomb exploded at a market in Jos, Nigeria, on Wednesday, killing six people, police said."}"#,
    )
    .unwrap()
    .json()
    .unwrap();
    assert_eq!(
        (again["inserted"].as_u64(), again["unchanged"].as_u64()),
        (Some(0), Some(1))
    );
    assert_eq!(again["documents"][0], id.as_str());
}

/// Files: as the raw body, in a form as a browser sends them; text fields in a form, and forms
/// that are refused, by name.
fn file_uploads(addr: &str) {
    // A file as the body.
    let html = "<html><head><title>Kaduna raid</title><meta property=\"article:published_time\" content=\"2026-04-03\"></head><body><article><p>Gunmen attacked a village in Kaduna, Nigeria, on Thursday, killing eleven people, residents said.</p></article></body></html>";
    let r = request(
        addr,
        "POST",
        "/api/v1/documents?name=kaduna.html",
        &[
            ("Authorization", "Bearer t0ken"),
            ("Content-Type", "text/html"),
        ],
        html.as_bytes(),
    )
    .unwrap();
    assert_eq!(r.status, 201, "{}", r.text());
    assert!(r.json().unwrap()["events"].as_u64().unwrap() >= 1);

    // A file in a form, as a browser or `curl -F file=@page.html` sends it.
    let form = |parts: &[(&str, Option<&str>, &str)]| {
        let mut b = Vec::new();
        for (name, filename, content) in parts {
            b.extend_from_slice(b"--vigil-form-7f3a\r\n");
            let file = filename.map_or(String::new(), |f| format!("; filename=\"{f}\""));
            b.extend_from_slice(
                format!("Content-Disposition: form-data; name=\"{name}\"{file}\r\n\r\n").as_bytes(),
            );
            b.extend_from_slice(content.as_bytes());
            b.extend_from_slice(b"\r\n");
        }
        b.extend_from_slice(b"--vigil-form-7f3a--\r\n");
        b
    };
    let multipart = [
        ("Authorization", "Bearer t0ken"),
        (
            "Content-Type",
            "multipart/form-data; boundary=vigil-form-7f3a",
        ),
    ];
    let zaria = "<html><head><title>Zaria ambush</title></head><body><article><p>Bandits ambushed a convoy near Zaria, Nigeria, on Tuesday, killing five soldiers, the army said.</p></article></body></html>";
    let r = request(
        addr,
        "POST",
        "/api/v1/documents",
        &multipart,
        &form(&[
            ("file", Some("../zaria.html"), zaria),
            ("url", None, "https://news.example/zaria"),
        ]),
    )
    .unwrap();
    assert_eq!(r.status, 201, "{}", r.text());
    let id = r.json().unwrap()["documents"][0]
        .as_str()
        .unwrap()
        .to_string();
    let d = request(addr, "GET", &format!("/api/v1/documents/{id}"), &[], b"")
        .unwrap()
        .json()
        .unwrap();
    assert_eq!(
        (&d["document"]["title"], &d["document"]["url"]),
        (&"Zaria ambush".into(), &"https://news.example/zaria".into())
    );
    // Text fields in a form; then forms that are refused, by name.
    let r = request(
        addr,
        "POST",
        "/api/v1/documents",
        &multipart,
        &form(&[
            ("title", None, "Sokoto kidnapping"),
            ("published", None, "2026-04-04"),
            ("text", None, "Gunmen kidnapped twenty pupils from a school in Sokoto, Nigeria, on Saturday, police said."),
        ]),
    )
    .unwrap();
    assert_eq!(r.status, 201, "{}", r.text());
    for (parts, why) in [
        (
            vec![("comment", None, "x")],
            "unknown form field \"comment\"",
        ),
        (vec![("title", None, "only a title")], "give a file"),
        (vec![("url", None, "file:///etc/passwd")], "only http"),
        (
            vec![("published", None, "yesterday"), ("text", None, "x")],
            "published",
        ),
        (
            vec![("a", Some("a.html"), "x"), ("b", Some("b.html"), "y")],
            "one file",
        ),
    ] {
        let r = request(addr, "POST", "/api/v1/documents", &multipart, &form(&parts)).unwrap();
        assert_eq!(r.status, 400, "{}", r.text());
        let v = r.json().unwrap();
        assert_eq!(v["code"], "bad_body");
        assert!(v["message"].as_str().unwrap().contains(why), "{v}");
    }
}

/// A URL, fetched; one that fails is reported, and nothing stored.
fn url_uploads(addr: &str, auth: &[(&str, &str)]) {
    // A URL, fetched.
    let site = page_server("<html><head><title>Maiduguri blast</title></head><body><article><p>A suicide bomber struck a mosque in Maiduguri, Nigeria, on Friday, killing nine worshippers, officials said.</p></article></body></html>");
    let body = format!("{{\"url\": \"http://{site}/story.html\"}}");
    let r = request(addr, "POST", "/api/v1/documents", auth, body.as_bytes()).unwrap();
    assert_eq!(r.status, 201, "{}", r.text());
    let v = r.json().unwrap();
    let id = v["documents"][0].as_str().unwrap();
    let d = request(addr, "GET", &format!("/api/v1/documents/{id}"), &[], b"")
        .unwrap()
        .json()
        .unwrap();
    assert_eq!(d["document"]["title"], "Maiduguri blast");
    // A URL that fails is reported, nothing stored.
    let r = request(
        addr,
        "POST",
        "/api/v1/documents",
        auth,
        br#"{"url": "http://127.0.0.1:9/none"}"#,
    )
    .unwrap();
    assert_eq!(r.status, 422, "{}", r.text());
    let v = r.json().unwrap();
    assert_eq!(v["inserted"], 0);
    assert!(
        v["rejected"][0]["reason"]
            .as_str()
            .unwrap()
            .contains("127.0.0.1:9"),
        "{v}"
    );
}

#[test]
fn without_a_token_the_server_is_read_only() {
    let dir = tempfile::tempdir().unwrap();
    let (_server, addr) = serve(&dir.path().join("ro.db"), None);
    let r = request(
        &addr,
        "POST",
        "/api/v1/documents",
        &[("Content-Type", "application/json")],
        br#"{"text": "x"}"#,
    )
    .unwrap();
    assert_eq!(r.status, 403);
    assert_eq!(r.json().unwrap()["code"], "read_only");
    let r = request(
        &addr,
        "POST",
        "/api/v1/watch",
        &[
            ("Authorization", "Bearer x"),
            ("Content-Type", "application/json"),
        ],
        br#"{"name": "x"}"#,
    )
    .unwrap();
    assert_eq!(r.status, 403);
    assert_eq!(
        request(&addr, "GET", "/api/v1/stats", &[], b"")
            .unwrap()
            .json()
            .unwrap()["documents"],
        4
    );
}

//! The page as served, and as one self-contained HTML file.
//!
//! Exported, the page carries its styles, scripts, base map and data inline, and a
//! Content-Security-Policy that allows exactly those scripts and that style (by their
//! SHA-256) and no network at all: the data travels as `application/json` script
//! elements (never executed; every `<` escaped so no text in it can close the element),
//! and the page puts data text in the DOM only as text.

use std::io::Write;
use std::path::Path;

use base64::Engine;
use sha2::{Digest, Sha256};

use crate::{ViewError, assets};

/// The Content-Security-Policy of the served page: its own scripts and styles only, data
/// fetched from the same server only.
pub const SERVED_CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; \
     img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; \
     frame-ancestors 'none'";

/// The page as the server sends it: links to `app/…`; the data comes from `data.json`.
pub fn served_page() -> String {
    let head = r#"<link rel="stylesheet" href="app/app.css">"#.to_string();
    let body: String = assets::SCRIPTS
        .iter()
        .map(|(name, _)| format!("<script src=\"app/{name}\"></script>\n"))
        .collect();
    fill(&head, "", &body, "")
}

fn fill(head: &str, data: &str, body: &str, csp: &str) -> String {
    assets::INDEX_HTML
        .replace("<!--IADSIM:CSP-->", csp)
        .replace("<!--IADSIM:HEAD-->", head)
        .replace("<!--IADSIM:DATA-->", data)
        .replace("<!--IADSIM:BODY-->", body)
}

/// JSON text safe inside a `<script type="application/json">` element: `<` (which could
/// start `</script>` or `<!--`) is written as the JSON escape `\u003c`, which `JSON.parse`
/// reads back as `<`. Outside strings JSON has no `<`, so this changes no value.
pub fn json_for_script(value: &serde_json::Value) -> String {
    serde_json::to_string(value)
        .unwrap_or_else(|_| "null".into())
        .replace('<', "\\u003c")
}

fn sha256_source(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    format!(
        "'sha256-{}'",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

/// The self-contained page for the viewer document `data`.
pub fn exported_page(data: &serde_json::Value) -> String {
    let css = assets::APP_CSS;
    let scripts: Vec<&str> = assets::SCRIPTS.iter().map(|(_, s)| *s).collect();
    let hashes: Vec<String> = scripts.iter().map(|s| sha256_source(s)).collect();
    let csp = format!(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src {}; style-src {}; img-src data:; base-uri 'none'; form-action 'none'\">",
        hashes.join(" "),
        sha256_source(css)
    );
    let head = format!("<style>{css}</style>");
    let data = format!(
        "<script type=\"application/json\" id=\"iadsim-data\">{}</script>\n<script type=\"application/json\" id=\"iadsim-basemap\">{}</script>\n",
        json_for_script(data),
        assets::BASE_MAP.replace('<', "\\u003c")
    );
    let body: String = scripts
        .iter()
        .map(|s| format!("<script>{s}</script>\n"))
        .collect();
    fill(&head, &data, &body, &csp)
}

/// Writes the viewer of the run or study folder `dir` to `file` as one HTML file,
/// committed as a one-file output ([`iadsim_io::commit::OutputFile`]: written under a
/// temporary name beside it and renamed when complete). Returns its size, bytes.
pub fn export_html(dir: &Path, file: &Path) -> Result<u64, ViewError> {
    let data = crate::load(dir)?;
    let page = exported_page(&data);
    let mut out = iadsim_io::commit::OutputFile::create(file)?;
    out.write_all(page.as_bytes())
        .map_err(|e| ViewError::io(file, e))?;
    out.commit()?;
    Ok(page.len() as u64)
}

//! The exported page: self-contained, and no text of the data can end a script element.

mod common;

use base64::Engine;
use sha2::{Digest, Sha256};

#[test]
fn exported_page_is_self_contained_and_escapes_the_data() {
    let tmp = tempfile::tempdir().unwrap();
    let evil = "</script><script>alert(1)</script><!--";
    common::write_run(&tmp.path().join("run"), evil);
    let file = tmp.path().join("v.html");
    iadsim_view::export_html(&tmp.path().join("run"), &file).unwrap();
    let page = std::fs::read_to_string(&file).unwrap();
    assert!(!page.contains("alert(1)</script>"));
    assert!(
        !page.contains("src=\"http") && !page.contains("href=\"http"),
        "no network references"
    );
    // The data element holds the document exactly.
    let start = page
        .find("<script type=\"application/json\" id=\"iadsim-data\">")
        .unwrap();
    let body = &page[start..];
    let json = &body[body.find('>').unwrap() + 1..body.find("</script>").unwrap()];
    let doc: serde_json::Value = serde_json::from_str(json).unwrap();
    assert_eq!(doc["threats"][0]["name"], evil);
    assert_eq!(doc, iadsim_view::load(&tmp.path().join("run")).unwrap());
    // Every inline script that runs is allowed by its hash in the page's CSP, and no other.
    let csp_start = page.find("Content-Security-Policy\" content=\"").unwrap();
    let csp = &page[csp_start..page[csp_start..].find("\">").unwrap() + csp_start];
    let mut n = 0;
    for (i, _) in page.match_indices("<script>") {
        let code = &page[i + 8..i + 8 + page[i + 8..].find("</script>").unwrap()];
        let h = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(code.as_bytes()));
        assert!(
            csp.contains(&format!("'sha256-{h}'")),
            "script {n} not in CSP"
        );
        n += 1;
    }
    assert_eq!(n, iadsim_view::assets::SCRIPTS.len());
    assert!(!csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"));
}

#[test]
fn export_of_a_bad_folder_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("v.html");
    assert!(iadsim_view::export_html(tmp.path(), &file).is_err());
    assert!(!file.exists());
}

#[test]
fn export_of_an_incomplete_folder_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let run = tmp.path().join("run");
    common::write_run(&run, "cm-1");
    std::fs::remove_file(run.join("run.complete.json")).unwrap();
    let file = tmp.path().join("v.html");
    let e = iadsim_view::export_html(&run, &file)
        .unwrap_err()
        .to_string();
    assert!(e.contains("no run.complete.json"), "{e}");
    assert!(!file.exists());
}

#[test]
fn export_is_committed_through_io_commit() {
    let tmp = tempfile::tempdir().unwrap();
    let run = tmp.path().join("run");
    common::write_run(&run, "cm-1");
    // A target that is not a regular file is refused and left alone (io::commit's rule).
    let file = tmp.path().join("v.html");
    std::fs::create_dir(&file).unwrap();
    assert!(iadsim_view::export_html(&run, &file).is_err());
    assert!(file.is_dir());
    std::fs::remove_dir(&file).unwrap();
    // Written whole: the file is there with the size returned, and no temporary is left.
    let bytes = iadsim_view::export_html(&run, &file).unwrap();
    assert_eq!(std::fs::metadata(&file).unwrap().len(), bytes);
    let names: Vec<String> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert!(names.iter().all(|n| !n.contains("partial")), "{names:?}");
}

//! The server serves the folder it was given and nothing else: `..`, encoded `..`,
//! absolute paths and symlinks out of the folder are refused; foreign Host headers too.

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;

use iadsim_view::{ServeOptions, serve};

const SECRET: &str = "TOP-SECRET-OUTSIDE-THE-FOLDER";

struct Fixture {
    _tmp: tempfile::TempDir,
    addr: std::net::SocketAddr,
}

fn start() -> Fixture {
    let tmp = tempfile::tempdir().unwrap();
    let run = tmp.path().join("run");
    common::write_run(&run, "cm-1");
    std::fs::write(tmp.path().join("secret.txt"), SECRET).unwrap();
    std::fs::create_dir(run.join("sub")).unwrap();
    std::fs::write(run.join("sub/inner.txt"), "inner").unwrap();
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(tmp.path().join("secret.txt"), run.join("link.txt")).unwrap();
        std::os::unix::fs::symlink(tmp.path(), run.join("up")).unwrap();
        std::os::unix::fs::symlink(run.join("sub/inner.txt"), run.join("inside.txt")).unwrap();
    }
    let server = serve(&run, &ServeOptions::default()).unwrap();
    let addr = server.addr();
    assert!(addr.ip().is_loopback(), "binds the loopback by default");
    std::thread::spawn(move || server.run());
    Fixture { _tmp: tmp, addr }
}

/// Sends a raw request (the target exactly as written) and returns status and body.
fn get(f: &Fixture, target: &str, host: Option<&str>) -> (u16, String) {
    let mut s = TcpStream::connect(f.addr).unwrap();
    let host = host.map_or_else(|| f.addr.to_string(), str::to_string);
    write!(s, "GET {target} HTTP/1.1\r\nHost: {host}\r\n\r\n").unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).unwrap();
    let status = out[9..12].parse().unwrap();
    let body = out
        .split_once("\r\n\r\n")
        .map(|x| x.1.to_string())
        .unwrap_or_default();
    (status, body)
}

#[test]
fn serves_the_page_the_data_and_the_folder_files() {
    let f = start();
    let (s, body) = get(&f, "/", None);
    assert_eq!(s, 200);
    assert!(body.contains("app/main.js"));
    assert_eq!(get(&f, "/app/d3.min.js", None).0, 200);
    let (s, body) = get(&f, "/data.json", None);
    assert_eq!(s, 200);
    let doc: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(doc["threats"][0]["name"], "cm-1");
    assert_eq!(get(&f, "/files/summary.json", None).0, 200);
    assert_eq!(get(&f, "/files/sub/inner.txt", None), (200, "inner".into()));
    #[cfg(unix)]
    assert_eq!(get(&f, "/files/inside.txt", None), (200, "inner".into()));
    assert_eq!(get(&f, "/nothing", None).0, 404);
}

#[test]
fn refuses_every_way_out_of_the_folder() {
    let f = start();
    let attempts = [
        "/files/../secret.txt",
        "/files/sub/../../secret.txt",
        "/files/%2e%2e/secret.txt",
        "/files/%2E%2E%2Fsecret.txt",
        "/files/sub%2f..%2f..%2fsecret.txt",
        "/files/..%5csecret.txt",
        "/files//etc/passwd",
        "/files/%2fetc%2fpasswd",
        "/files/%2Fetc/passwd",
        "/files/./summary.json",
        "/files/link.txt",
        "/files/up/secret.txt",
        "/files/%00",
        "/data.json?dir=..",
        "/data.json?dir=%2e%2e",
        "/data.json?dir=%2Ftmp",
        "/data.json?dir=up",
    ];
    for a in attempts {
        let (status, body) = get(&f, a, None);
        assert!(matches!(status, 400 | 404), "{a}: status {status}");
        assert!(
            !body.contains(SECRET) && !body.contains("root:"),
            "{a} leaked a file"
        );
    }
}

#[test]
fn refuses_foreign_hosts_and_other_methods() {
    let f = start();
    assert_eq!(
        get(&f, "/files/summary.json", Some("evil.example:80")).0,
        403
    );
    assert_eq!(
        get(&f, "/", Some(&format!("localhost:{}", f.addr.port()))).0,
        200
    );
    let mut s = TcpStream::connect(f.addr).unwrap();
    write!(
        s,
        "POST / HTTP/1.1\r\nHost: {}\r\nContent-Length: 0\r\n\r\n",
        f.addr
    )
    .unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).unwrap();
    assert!(out.starts_with("HTTP/1.1 405"), "{out}");
}

#[test]
fn resolve_accepts_names_only() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().canonicalize().unwrap();
    std::fs::write(root.join("a b.txt"), "x").unwrap();
    assert_eq!(
        iadsim_view::server::resolve(&root, "a%20b.txt").unwrap(),
        root.join("a b.txt")
    );
    use iadsim_view::server::Refusal;
    assert_eq!(
        iadsim_view::server::resolve(&root, "..").unwrap_err(),
        Refusal::BadPath
    );
    assert_eq!(
        iadsim_view::server::resolve(&root, "missing").unwrap_err(),
        Refusal::NotFound
    );
}

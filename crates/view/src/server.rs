//! The local HTTP server of `iadsim view`: HTTP/1.1 on `std::net`, one request a
//! connection, a thread a connection (it serves one person's browser on the loopback).
//!
//! Routes (GET and HEAD only): `/` the page, `/app/NAME` an embedded file,
//! `/data.json[?dir=SUB]` the viewer document of the folder (or of a run or study folder
//! inside it), `/files/PATH` a file of the folder as it is. A path is percent-decoded once,
//! then refused unless every segment is a plain name (no `..`, `.`, empty segment,
//! backslash or NUL) and the file, with symlinks resolved, lies inside the folder. The
//! `Host` header must name the loopback or the bound address, so a web page elsewhere
//! cannot read the folder through DNS rebinding (an IP address written out, or
//! `localhost`, with this port). It binds 127.0.0.1 unless told otherwise.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use percent_encoding::percent_decode_str;
use serde_json::Value;

use crate::export::{SERVED_CSP, served_page};
use crate::{ViewError, assets};

/// Where and how to serve.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// Address to bind; 127.0.0.1 by default.
    pub bind: std::net::IpAddr,
    /// Port; 0 picks a free one.
    pub port: u16,
}

impl Default for ServeOptions {
    fn default() -> Self {
        Self {
            bind: std::net::IpAddr::V4(std::net::Ipv4Addr::LOCALHOST),
            port: 0,
        }
    }
}

/// Connections answered at once; more wait in the listen queue.
const MAX_CONNECTIONS: usize = 32;

/// Longest request head read (request line and headers), bytes.
const MAX_HEAD: usize = 16 * 1024;

/// A started server: its address, and a loop that answers requests.
pub struct Server {
    listener: TcpListener,
    root: PathBuf,
    addr: SocketAddr,
    cache: Mutex<HashMap<PathBuf, String>>,
    open: AtomicUsize,
}

/// Binds the server for the run or study folder `dir` (checked readable first, so a bad
/// folder is an error before anything listens).
pub fn serve(dir: &Path, options: &ServeOptions) -> Result<Server, ViewError> {
    let root = dir.canonicalize().map_err(|e| ViewError::io(dir, e))?;
    crate::folder_kind(&root)?;
    let want = SocketAddr::new(options.bind, options.port);
    let bind_err = |e: std::io::Error| ViewError::Bind {
        addr: want.to_string(),
        reason: e.to_string(),
    };
    let listener = TcpListener::bind(want).map_err(bind_err)?;
    let addr = listener.local_addr().map_err(bind_err)?;
    Ok(Server {
        listener,
        root,
        addr,
        cache: Mutex::new(HashMap::new()),
        open: AtomicUsize::new(0),
    })
}

/// An answer: status, content type, body.
#[derive(Debug)]
pub struct Reply {
    /// HTTP status code.
    pub status: u16,
    /// Content-Type.
    pub content_type: &'static str,
    /// Body.
    pub body: Vec<u8>,
}

fn reply(status: u16, content_type: &'static str, body: impl Into<Vec<u8>>) -> Reply {
    Reply {
        status,
        content_type,
        body: body.into(),
    }
}

fn text(status: u16, msg: &str) -> Reply {
    reply(status, "text/plain; charset=utf-8", msg)
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        422 => "Unprocessable Content",
        431 => "Request Header Fields Too Large",
        _ => "Error",
    }
}

/// Why a request gets no file.
#[derive(Debug, PartialEq, Eq)]
pub enum Refusal {
    /// 400: the path is not a plain relative path of names.
    BadPath,
    /// 404: nothing there, or it resolves outside the folder.
    NotFound,
}

/// The file under `root` (canonical) that the URL-encoded relative path `encoded` names,
/// or why not. Public for the traversal tests.
pub fn resolve(root: &Path, encoded: &str) -> Result<PathBuf, Refusal> {
    let decoded = percent_decode_str(encoded)
        .decode_utf8()
        .map_err(|_| Refusal::BadPath)?;
    if decoded.is_empty() || decoded.contains(['\\', '\0']) {
        return Err(Refusal::BadPath);
    }
    let rel = Path::new(decoded.as_ref());
    for (i, seg) in decoded.split('/').enumerate() {
        let last = i + 1 == decoded.split('/').count();
        if (seg.is_empty() && !last) || seg == "." || seg == ".." {
            return Err(Refusal::BadPath);
        }
    }
    if !rel.components().all(|c| matches!(c, Component::Normal(_))) {
        return Err(Refusal::BadPath);
    }
    let full = root
        .join(rel)
        .canonicalize()
        .map_err(|_| Refusal::NotFound)?;
    if full.starts_with(root) {
        Ok(full)
    } else {
        Err(Refusal::NotFound)
    }
}

impl Server {
    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The folder it serves (canonical).
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Keeps `doc`, the viewer document of the served folder already read, for its first
    /// request (a large run takes seconds to read).
    pub fn preload(&self, doc: &Value) {
        if let (Ok(mut c), Ok(text)) = (self.cache.lock(), serde_json::to_string(doc)) {
            c.insert(self.root.clone(), text);
        }
    }

    /// The page's URL (on 127.0.0.1 when listening on every address).
    pub fn url(&self) -> String {
        let mut a = self.addr;
        if a.ip().is_unspecified() {
            a.set_ip(std::net::IpAddr::V4(std::net::Ipv4Addr::LOCALHOST));
        }
        format!("http://{a}/")
    }

    /// Answers connections, each on a thread of its own (one request a connection), until
    /// the process ends.
    pub fn run(self) {
        let this = Arc::new(self);
        for stream in this.listener.incoming() {
            let Ok(stream) = stream else { continue };
            while this.open.load(Ordering::Acquire) >= MAX_CONNECTIONS {
                std::thread::sleep(Duration::from_millis(5));
            }
            this.open.fetch_add(1, Ordering::AcqRel);
            let s = Arc::clone(&this);
            std::thread::spawn(move || {
                // A client that went away mid-answer is no error of ours.
                let _ = s.connection(stream);
                s.open.fetch_sub(1, Ordering::AcqRel);
            });
        }
    }

    fn connection(&self, stream: TcpStream) -> std::io::Result<()> {
        stream.set_read_timeout(Some(Duration::from_secs(10)))?;
        stream.set_write_timeout(Some(Duration::from_secs(60)))?;
        let mut reader = BufReader::new(stream.try_clone()?);
        let mut lines = Vec::new();
        let mut size = 0;
        loop {
            let mut line = String::new();
            let n = reader.read_line(&mut line)?;
            size += n;
            if n == 0 || line == "\r\n" || line == "\n" {
                break;
            }
            if size > MAX_HEAD {
                return write_reply(stream, false, text(431, "request head too large"));
            }
            lines.push(line.trim_end().to_string());
        }
        let mut parts = lines.first().map(|l| l.split(' ')).into_iter().flatten();
        let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
        let host = lines.iter().skip(1).find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.trim()
                .eq_ignore_ascii_case("host")
                .then(|| v.trim().to_string())
        });
        let head_only = method == "HEAD";
        let answer = self.answer(method, target, host.as_deref());
        write_reply(stream, head_only, answer)
    }

    /// A Host header is accepted when it names this port on an IP address written out, or
    /// on `localhost`: a name that DNS could point here from elsewhere (rebinding) is not.
    fn host_ok(&self, host: Option<&str>) -> bool {
        let Some(host) = host else { return false };
        let Some((name, port)) = host.rsplit_once(':') else {
            return false;
        };
        if port.parse::<u16>().ok() != Some(self.addr.port()) {
            return false;
        }
        let name = name.trim_start_matches('[').trim_end_matches(']');
        name.eq_ignore_ascii_case("localhost") || name.parse::<std::net::IpAddr>().is_ok()
    }

    /// The answer to one request (`target` as sent: path and query, still URL-encoded).
    pub fn answer(&self, method: &str, target: &str, host: Option<&str>) -> Reply {
        if method != "GET" && method != "HEAD" {
            return text(405, "only GET and HEAD");
        }
        if !self.host_ok(host) {
            return text(
                403,
                "Host must be an IP address or localhost, with this port",
            );
        }
        let (path, query) = target.split_once('?').unwrap_or((target, ""));
        if path == "/" || path == "/index.html" {
            return reply(200, "text/html; charset=utf-8", served_page());
        }
        if let Some(name) = path.strip_prefix("/app/") {
            return match assets::get(name) {
                Some((body, ct)) => reply(200, ct, body),
                None => text(404, "no such file"),
            };
        }
        if path == "/data.json" {
            return self.data(query);
        }
        if let Some(rel) = path.strip_prefix("/files/") {
            return match resolve(&self.root, rel) {
                Ok(file) if file.is_file() => match std::fs::read(&file) {
                    Ok(bytes) => reply(200, content_type(&file), bytes),
                    Err(_) => text(404, "cannot read"),
                },
                Ok(_) | Err(Refusal::NotFound) => text(404, "no such file in the folder"),
                Err(Refusal::BadPath) => text(400, "a path inside the folder, names only"),
            };
        }
        text(404, "not found")
    }

    fn data(&self, query: &str) -> Reply {
        let sub = query
            .split('&')
            .find_map(|kv| kv.strip_prefix("dir="))
            .filter(|s| !s.is_empty());
        let dir = match sub {
            None => self.root.clone(),
            Some(rel) => match resolve(&self.root, rel) {
                Ok(d) if d.is_dir() => d,
                Ok(_) | Err(Refusal::NotFound) => return text(404, "no such folder"),
                Err(Refusal::BadPath) => {
                    return text(400, "a folder inside the served one, names only");
                }
            },
        };
        let cached = self.cache.lock().ok().and_then(|c| c.get(&dir).cloned());
        let body = match cached {
            Some(b) => b,
            None => match crate::load(&dir) {
                Ok(v) => {
                    let b = serde_json::to_string(&v).unwrap_or_else(|_| "null".into());
                    if let Ok(mut c) = self.cache.lock() {
                        c.insert(dir.clone(), b.clone());
                    }
                    b
                }
                Err(e) => {
                    let body = serde_json::json!({"error": Value::String(e.to_string())});
                    return reply(422, "application/json", body.to_string());
                }
            },
        };
        reply(200, "application/json", body)
    }
}

fn write_reply(mut stream: TcpStream, head_only: bool, r: Reply) -> std::io::Result<()> {
    let head = format!(
        "HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\nConnection: close\r\n\
         X-Content-Type-Options: nosniff\r\nReferrer-Policy: no-referrer\r\n\
         Cache-Control: no-store\r\nContent-Security-Policy: {}\r\n\r\n",
        r.status,
        reason(r.status),
        r.content_type,
        r.body.len(),
        SERVED_CSP
    );
    stream.write_all(head.as_bytes())?;
    if !head_only {
        stream.write_all(&r.body)?;
    }
    stream.flush()?;
    stream.shutdown(std::net::Shutdown::Write)
}

fn content_type(file: &Path) -> &'static str {
    match file.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "json" | "czml" | "geojson" => "application/json",
        "csv" => "text/csv; charset=utf-8",
        "png" => "image/png",
        // Served as text, never as a document or script the browser would run.
        _ => "text/plain; charset=utf-8",
    }
}

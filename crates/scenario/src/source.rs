//! Reading scenario text: from a file through a reader capped at
//! [`MAX_SOURCE_BYTES`](crate::tree::MAX_SOURCE_BYTES) (so a device such as `/dev/zero`, a
//! FIFO or a huge file is refused after reading one byte more than the cap, never read
//! whole), and checking that the bytes are UTF-8 text.

use std::io::Read;
use std::path::Path;

use crate::diag::{Diagnostics, Problem};
use crate::tree::MAX_SOURCE_BYTES;

/// A problem with the file as a whole (no line).
fn whole_file(file: &str, message: String, help: Option<String>) -> Diagnostics {
    Diagnostics {
        problems: vec![Problem {
            file: file.to_string(),
            line: None,
            column: None,
            path: String::new(),
            message,
            help,
        }],
    }
}

fn too_large(file: &str, size: String) -> Diagnostics {
    whole_file(
        file,
        format!("file too large: {size} bytes (the limit is {MAX_SOURCE_BYTES} bytes)"),
        Some("a scenario file is normally a few kilobytes".into()),
    )
}

/// The bytes of the file at `path`, at most [`MAX_SOURCE_BYTES`] of them.
pub(crate) fn read_capped(path: &Path) -> Result<Vec<u8>, Diagnostics> {
    let name = path.display().to_string();
    let cannot = |e: std::io::Error| whole_file(&name, format!("cannot read the file: {e}"), None);
    let meta = std::fs::metadata(path).map_err(cannot)?;
    if meta.is_dir() {
        return Err(whole_file(
            &name,
            "is a directory, not a scenario file".into(),
            None,
        ));
    }
    // A regular file's size is known before reading it.
    if meta.is_file() && meta.len() > MAX_SOURCE_BYTES as u64 {
        return Err(too_large(&name, meta.len().to_string()));
    }
    let file = std::fs::File::open(path).map_err(cannot)?;
    let mut bytes = Vec::new();
    file.take(MAX_SOURCE_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(cannot)?;
    if bytes.len() > MAX_SOURCE_BYTES {
        return Err(too_large(&name, format!("more than {MAX_SOURCE_BYTES}")));
    }
    Ok(bytes)
}

/// `bytes` as text; invalid UTF-8 is reported with its line, column and offset.
pub(crate) fn utf8<'b>(bytes: &'b [u8], file_name: &str) -> Result<&'b str, Diagnostics> {
    std::str::from_utf8(bytes).map_err(|e| {
        let good = &bytes[..e.valid_up_to()];
        let line = good.iter().filter(|&&b| b == b'\n').count() + 1;
        let line_start = good.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        let column = String::from_utf8_lossy(&good[line_start..]).chars().count() + 1;
        Diagnostics {
            problems: vec![Problem {
                file: file_name.to_string(),
                line: Some(line),
                column: Some(column),
                path: String::new(),
                message: format!(
                    "the file is not valid UTF-8 text (bad byte at offset {})",
                    e.valid_up_to()
                ),
                help: Some("scenario files are UTF-8 YAML text; is this a binary file?".into()),
            }],
        }
    })
}

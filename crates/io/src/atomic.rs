//! Single-file atomic output, the names earlier releases used: both are
//! [`crate::commit`]'s one mechanism (a temporary file beside the target, renamed when
//! complete).

use std::io::Write;
use std::path::Path;

use crate::OutputError;

pub use crate::commit::OutputFile as AtomicFile;
pub use crate::commit::ensure_dir;

/// Writes `bytes` to `path` in one step (see [`crate::commit::OutputFile::commit`]).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), OutputError> {
    let mut f = AtomicFile::create(path)?;
    f.write_all(bytes).map_err(|source| OutputError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    f.commit()
}

//! The output commit protocol: how every iadsim command puts its files on disk, so that
//! no reader can take a half-written file, or a mix of two runs, for a result.
//!
//! # Protocol
//!
//! 1. **Begin.** A command that writes a set of files into a folder (`run`, `mc`,
//!    `merge`, a sweep, `coverage`, `envelope`) opens an [`OutputSet`] with the folder and
//!    the set's name (`run`, `mc`, `sweep`, `coverage`, `envelope_<MISSILE>`). That
//!    removes the folder's completion marker `<name>.complete.json` (the previous result
//!    in the folder stops counting as complete as soon as a new one is under way) and
//!    deletes temporary files that dead iadsim processes left behind.
//! 2. **Stage.** Every file is written under a temporary name beside its target,
//!    `.iadsim-partial-<pid>-<host>-XXXXXX`, created with mode `0666` less the umask (as
//!    `cp` does), checksummed (CRC-32, as zlib computes it) while written, and synced.
//!    The temporary names are kept in a process-wide list so that a signal handler can
//!    delete them ([`remove_partials`]).
//! 3. **Commit.** Targets that exist and are not regular files (symlinks, devices, FIFOs,
//!    folders) are refused before anything changes. Then: every other marker in the
//!    folder that lists one of the targets is removed; the previous set's files (from its
//!    marker) and the existing targets are deleted; the temporary files are renamed to
//!    their targets; the folders are synced; and the marker, listing every file with its
//!    size and CRC-32, is written last (itself under a temporary name, then renamed).
//!
//! A process killed at any point leaves either the complete new set with its marker, or
//! no marker and, of the set's files, only old ones (killed before the first deletion)
//! or only new ones (killed after it): never a marker over files that are not the ones
//! it lists, and never old and new files of one set side by side. Readers (`merge`, the
//! viewer, the Python package) call [`verify`] and take a folder as a result only when
//! it passes.
//!
//! A single output file (`track --out FILE`, a library caller's one file) is one rename:
//! [`OutputFile::commit`].

use std::collections::HashSet;
use std::fs::File;
use std::io::{BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, OnceLock};

use serde::{Deserialize, Serialize};
use tempfile::TempPath;

use crate::OutputError;

/// Start of every temporary file name.
pub const PARTIAL_PREFIX: &str = ".iadsim-partial-";
/// End of every completion marker's name: `<set>.complete.json`.
pub const MARKER_SUFFIX: &str = ".complete.json";
/// The `format` field of a marker.
pub const MARKER_FORMAT: &str = "iadsim-complete-1";

/// A file-system error with its path.
fn io_err(path: &Path, source: std::io::Error) -> OutputError {
    OutputError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Temporary files that exist now (created, not yet renamed or deleted).
fn live_lock() -> &'static Mutex<Vec<PathBuf>> {
    static LIVE: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());
    &LIVE
}

fn live() -> MutexGuard<'static, Vec<PathBuf>> {
    // A panic while the list was locked leaves it usable: it is a plain list of paths.
    live_lock().lock().unwrap_or_else(|e| e.into_inner())
}

fn unregister(list: &mut Vec<PathBuf>, path: &Path) {
    if let Some(i) = list.iter().position(|p| p == path) {
        list.swap_remove(i);
    }
}

/// Deletes every temporary output file this process has open. For signal handlers
/// (SIGINT, SIGTERM): call it, then exit. A commit under way finishes its renames first
/// (it holds the same lock), so nothing it has renamed is lost.
pub fn remove_partials() {
    let mut list = live();
    for p in list.drain(..) {
        let _ = std::fs::remove_file(&p);
    }
}

/// This machine's name, made file-name safe (from `/proc/sys/kernel/hostname` on Linux).
fn host() -> &'static str {
    static HOST: OnceLock<String> = OnceLock::new();
    HOST.get_or_init(|| {
        let raw = std::fs::read_to_string("/proc/sys/kernel/hostname").unwrap_or_default();
        let s: String = raw
            .trim()
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
            .take(32)
            .collect();
        if s.is_empty() { "host".into() } else { s }
    })
}

/// The prefix of this process's temporary names.
fn partial_prefix() -> String {
    format!("{PARTIAL_PREFIX}{}-{}-", std::process::id(), host())
}

/// Whether a process with this id runs on this machine (`None`: cannot tell).
fn process_alive(pid: u32) -> Option<bool> {
    if !Path::new("/proc/self").exists() {
        return None;
    }
    Some(Path::new(&format!("/proc/{pid}")).exists())
}

/// Deletes, once per folder and process, the temporary files in `dir` that iadsim
/// processes of this machine that no longer run have left (interrupted by SIGKILL, a
/// crash or a power cut).
pub fn sweep_partials(dir: &Path) {
    static SWEPT: Mutex<Option<HashSet<PathBuf>>> = Mutex::new(None);
    {
        let mut swept = SWEPT.lock().unwrap_or_else(|e| e.into_inner());
        if !swept
            .get_or_insert_with(HashSet::new)
            .insert(dir.to_path_buf())
        {
            return;
        }
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let me = std::process::id();
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(rest) = name.to_str().and_then(|n| n.strip_prefix(PARTIAL_PREFIX)) else {
            continue;
        };
        let Some((pid, rest)) = rest.split_once('-') else {
            continue;
        };
        let (Ok(pid), true) = (
            pid.parse::<u32>(),
            rest.starts_with(&format!("{}-", host())),
        ) else {
            continue;
        };
        if pid == me || process_alive(pid) != Some(false) {
            continue;
        }
        if entry.file_type().is_ok_and(|t| t.is_file()) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Refuses a target that exists and is not a regular file: iadsim never replaces a
/// symlink, a device node, a FIFO, a socket or a folder.
pub fn check_target(path: &Path) -> Result<(), OutputError> {
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_file() => Ok(()),
        Ok(m) => {
            let what = if m.file_type().is_symlink() {
                "a symbolic link"
            } else if m.is_dir() {
                "a folder"
            } else {
                "not a regular file (a device, FIFO or socket)"
            };
            Err(io_err(
                path,
                std::io::Error::new(
                    std::io::ErrorKind::AlreadyExists,
                    format!("it is {what}; iadsim replaces only regular files: name a new file"),
                ),
            ))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(io_err(path, e)),
    }
}

/// The folder holding `path` (`.` for a bare file name).
fn parent_of(path: &Path) -> &Path {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// Creates `dir` and its parents if missing; refuses a path that exists and is not a
/// folder.
pub fn ensure_dir(dir: &Path) -> Result<(), OutputError> {
    std::fs::create_dir_all(dir).map_err(|source| io_err(dir, source))?;
    if !dir.is_dir() {
        return Err(io_err(
            dir,
            std::io::Error::new(std::io::ErrorKind::AlreadyExists, "not a folder"),
        ));
    }
    Ok(())
}

/// A registered temporary file: deleted and forgotten when dropped, unless renamed.
#[derive(Debug)]
struct Partial(Option<TempPath>);

impl Partial {
    fn path(&self) -> &Path {
        self.0.as_deref().unwrap_or(Path::new(""))
    }

    /// Renames the file to `target` and forgets it (the caller holds the list's lock).
    fn rename_to(mut self, target: &Path, list: &mut Vec<PathBuf>) -> std::io::Result<()> {
        let Some(temp) = self.0.take() else {
            return Ok(());
        };
        match std::fs::rename(&temp, target) {
            Ok(()) => {
                unregister(list, &temp);
                // Renamed: nothing left to delete.
                let _ = temp.keep();
                Ok(())
            }
            Err(e) => {
                self.0 = Some(temp);
                Err(e)
            }
        }
    }
}

impl Drop for Partial {
    fn drop(&mut self) {
        if let Some(temp) = self.0.take() {
            // `try_lock`: a commit that fails half-way drops its files with the lock held.
            if let Ok(mut list) = live_lock().try_lock() {
                unregister(&mut list, &temp);
            }
            drop(temp); // deletes the file
        }
    }
}

/// A new temporary file beside `target` (mode 0666 less the umask), registered for
/// [`remove_partials`].
fn temp_beside(target: &Path, suffix: &str) -> Result<(File, Partial), OutputError> {
    check_target(target)?;
    let dir = parent_of(target);
    sweep_partials(dir);
    #[cfg_attr(not(unix), allow(unused_mut))]
    let mut builder = tempfile::Builder::new();
    let prefix = partial_prefix();
    builder.prefix(&prefix).suffix(suffix);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    // Register under the lock before the file exists, so no signal finds it unlisted.
    let mut list = live();
    let tmp = builder
        .tempfile_in(dir)
        .map_err(|source| io_err(target, source))?;
    let (file, path) = tmp.into_parts();
    list.push(path.to_path_buf());
    Ok((file, Partial(Some(path))))
}

/// A file written under a temporary name and checksummed; it reaches its target only
/// through [`OutputFile::commit`] (alone) or [`OutputSet::add`] + [`OutputSet::commit`].
/// Dropped before that, the temporary file is deleted.
#[derive(Debug)]
pub struct OutputFile {
    target: PathBuf,
    temp: Partial,
    writer: BufWriter<File>,
    crc: crc32fast::Hasher,
    bytes: u64,
}

impl OutputFile {
    /// Starts writing `target` (its folder must exist; an existing target must be a
    /// regular file).
    pub fn create(target: &Path) -> Result<Self, OutputError> {
        let (file, temp) = temp_beside(target, "")?;
        Ok(Self {
            target: target.to_path_buf(),
            temp,
            writer: BufWriter::with_capacity(1 << 16, file),
            crc: crc32fast::Hasher::new(),
            bytes: 0,
        })
    }

    /// The final path.
    pub fn path(&self) -> &Path {
        &self.target
    }

    /// Flushes and syncs the file; it is ready to be committed.
    pub fn finish(self) -> Result<Staged, OutputError> {
        let target = self.target;
        let file = self
            .writer
            .into_inner()
            .map_err(|e| io_err(&target, e.into_error()))?;
        file.sync_all().map_err(|e| io_err(&target, e))?;
        Ok(Staged {
            target,
            temp: self.temp,
            bytes: self.bytes,
            crc32: self.crc.finalize(),
        })
    }

    /// Finishes the file and renames it into place: a one-file output in one step.
    pub fn commit(self) -> Result<(), OutputError> {
        self.finish()?.commit_alone()
    }
}

impl Write for OutputFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.writer.write(buf)?;
        self.crc.update(&buf[..n]);
        self.bytes += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.writer.flush()
    }
}

/// A temporary file for a writer that needs a path (the PNG encoders open the file
/// themselves): write to [`StagedPath::path`], then [`StagedPath::finish`].
#[derive(Debug)]
pub struct StagedPath {
    target: PathBuf,
    temp: Partial,
}

impl StagedPath {
    /// A temporary path beside `target`, ending in `suffix` (e.g. `.png`, which picks the
    /// encoder).
    pub fn create(target: &Path, suffix: &str) -> Result<Self, OutputError> {
        let (_, temp) = temp_beside(target, suffix)?;
        Ok(Self {
            target: target.to_path_buf(),
            temp,
        })
    }

    /// Where to write.
    pub fn path(&self) -> &Path {
        self.temp.path()
    }

    /// Reads the written file back for its size and CRC-32 and syncs it.
    pub fn finish(self) -> Result<Staged, OutputError> {
        let err = |e| io_err(&self.target, e);
        let mut f = File::open(self.temp.path()).map_err(err)?;
        let (bytes, crc32) = checksum(&mut f).map_err(err)?;
        f.sync_all().map_err(err)?;
        Ok(Staged {
            target: self.target,
            temp: self.temp,
            bytes,
            crc32,
        })
    }
}

/// Size and CRC-32 of everything `r` yields.
fn checksum(r: &mut impl Read) -> std::io::Result<(u64, u32)> {
    let mut crc = crc32fast::Hasher::new();
    let mut buf = vec![0u8; 1 << 16];
    let mut bytes = 0u64;
    loop {
        let n = r.read(&mut buf)?;
        if n == 0 {
            return Ok((bytes, crc.finalize()));
        }
        crc.update(&buf[..n]);
        bytes += n as u64;
    }
}

/// A finished temporary file waiting for its commit.
#[derive(Debug)]
pub struct Staged {
    target: PathBuf,
    temp: Partial,
    bytes: u64,
    crc32: u32,
}

impl Staged {
    /// The final path.
    pub fn path(&self) -> &Path {
        &self.target
    }

    /// Renames this one file into place (checking again that the target may be replaced).
    pub fn commit_alone(self) -> Result<(), OutputError> {
        check_target(&self.target)?;
        let dir = parent_of(&self.target).to_path_buf();
        let mut list = live();
        self.rename_into_place(&mut list)?;
        drop(list);
        sync_dir(&dir)
    }

    /// Renames the temporary file to the target and forgets it.
    fn rename_into_place(self, list: &mut Vec<PathBuf>) -> Result<(), OutputError> {
        let target = self.target;
        self.temp
            .rename_to(&target, list)
            .map_err(|e| io_err(&target, e))
    }
}

/// Syncs a folder, so that renames in it survive a power cut (where the platform allows).
fn sync_dir(dir: &Path) -> Result<(), OutputError> {
    #[cfg(unix)]
    {
        File::open(dir)
            .and_then(|d| d.sync_all())
            .map_err(|e| io_err(dir, e))?;
    }
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

/// One file of a committed set, as its marker lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MarkerFile {
    /// Path relative to the marker's folder (absolute for a file outside it).
    pub path: String,
    /// Size, bytes.
    pub bytes: u64,
    /// CRC-32 (IEEE 802.3, as zlib's `crc32`) of the content, 8 hex digits.
    pub crc32: String,
}

/// The completion marker `<set>.complete.json`: present only when every file it lists
/// is complete and from the same commit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Marker {
    /// [`MARKER_FORMAT`].
    pub format: String,
    /// The set's name (`run`, `mc`, `sweep`, `coverage`, `envelope_<MISSILE>`).
    pub set: String,
    /// Version of iadsim that wrote the set.
    pub iadsim_version: String,
    /// The files, in the order they were written.
    pub files: Vec<MarkerFile>,
}

impl Marker {
    /// Where a listed file is, for a marker in `dir`.
    pub fn resolve(dir: &Path, file: &MarkerFile) -> PathBuf {
        let p = Path::new(&file.path);
        if p.is_absolute() {
            p.to_path_buf()
        } else {
            dir.join(p)
        }
    }
}

/// The marker's path for set `set` in `dir`.
pub fn marker_path(dir: &Path, set: &str) -> PathBuf {
    dir.join(format!("{set}{MARKER_SUFFIX}"))
}

/// Why a folder does not hold a complete set.
#[derive(Debug, thiserror::Error)]
pub enum Incomplete {
    /// No marker: never finished, interrupted, or being rewritten.
    #[error(
        "{dir}: no {set}{MARKER_SUFFIX}: the {set} output there is not complete (interrupted, still running, or written by an iadsim before 0.1 markers)"
    )]
    NoMarker {
        /// The folder.
        dir: PathBuf,
        /// The set.
        set: String,
    },
    /// The marker cannot be read as a marker.
    #[error("{path}: not an iadsim completion marker: {message}")]
    BadMarker {
        /// The marker.
        path: PathBuf,
        /// Why.
        message: String,
    },
    /// A listed file is missing or differs from what was committed.
    #[error("{path}: {message}: the {set} output is not the one its marker lists")]
    Changed {
        /// The file.
        path: PathBuf,
        /// The set.
        set: String,
        /// What differs.
        message: String,
    },
}

/// Largest marker read, bytes (a marker lists a few dozen files).
const MAX_MARKER_BYTES: u64 = 1 << 20;

/// Reads the marker of set `set` in `dir` without checking the files.
pub fn read_marker(dir: &Path, set: &str) -> Result<Marker, Incomplete> {
    let path = marker_path(dir, set);
    let bad = |message: String| Incomplete::BadMarker {
        path: path.clone(),
        message,
    };
    let file = match File::open(&path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(Incomplete::NoMarker {
                dir: dir.to_path_buf(),
                set: set.into(),
            });
        }
        Err(e) => return Err(bad(e.to_string())),
    };
    let mut text = String::new();
    file.take(MAX_MARKER_BYTES + 1)
        .read_to_string(&mut text)
        .map_err(|e| bad(e.to_string()))?;
    if text.len() as u64 > MAX_MARKER_BYTES {
        return Err(bad(format!("larger than {MAX_MARKER_BYTES} bytes")));
    }
    let m: Marker = serde_json::from_str(&text).map_err(|e| bad(e.to_string()))?;
    if m.format != MARKER_FORMAT || m.set != set {
        return Err(bad(format!(
            "format {:?} of set {:?}, expected {MARKER_FORMAT:?} of set {set:?}",
            m.format, m.set
        )));
    }
    Ok(m)
}

/// Checks that `dir` holds a complete set `set`: the marker is there and every file it
/// lists has the listed size and CRC-32. Returns the marker.
pub fn verify(dir: &Path, set: &str) -> Result<Marker, Incomplete> {
    let marker = read_marker(dir, set)?;
    for f in &marker.files {
        let path = Marker::resolve(dir, f);
        let changed = |message: String| Incomplete::Changed {
            path: path.clone(),
            set: set.into(),
            message,
        };
        let mut file = File::open(&path).map_err(|e| changed(e.to_string()))?;
        let (bytes, crc) = checksum(&mut file).map_err(|e| changed(e.to_string()))?;
        let crc = format!("{crc:08x}");
        if bytes != f.bytes || crc != f.crc32 {
            return Err(changed(format!(
                "{bytes} bytes with CRC-32 {crc}, the marker lists {} bytes with {}",
                f.bytes, f.crc32
            )));
        }
    }
    Ok(marker)
}

/// A set of output files committed together (see the module documentation).
#[derive(Debug)]
pub struct OutputSet {
    dir: PathBuf,
    name: String,
    staged: Vec<Staged>,
    /// Files of the set the folder held before (from its marker).
    previous: Vec<PathBuf>,
}

impl OutputSet {
    /// Begins set `name` in `dir` (created if missing): the folder's marker of that set is
    /// removed at once, and temporary files of dead iadsim processes are deleted.
    pub fn begin(dir: &Path, name: &str) -> Result<Self, OutputError> {
        ensure_dir(dir)?;
        sweep_partials(dir);
        let marker = marker_path(dir, name);
        check_target(&marker)?;
        let previous = read_marker(dir, name)
            .map(|m| m.files.iter().map(|f| Marker::resolve(dir, f)).collect())
            .unwrap_or_default();
        match std::fs::remove_file(&marker) {
            Ok(()) => sync_dir(dir)?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(io_err(&marker, e)),
        }
        Ok(Self {
            dir: dir.to_path_buf(),
            name: name.to_string(),
            staged: Vec::new(),
            previous,
        })
    }

    /// The set's folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Starts the file `name` of the set's folder.
    pub fn create(&self, name: &str) -> Result<OutputFile, OutputError> {
        OutputFile::create(&self.dir.join(name))
    }

    /// Adds a finished file to the set.
    pub fn add(&mut self, staged: Staged) {
        self.staged.push(staged);
    }

    /// Writes `bytes` as `path` (a member of the set; any folder on the same file system).
    pub fn write(&mut self, path: &Path, bytes: &[u8]) -> Result<(), OutputError> {
        let mut f = OutputFile::create(path)?;
        f.write_all(bytes).map_err(|e| io_err(path, e))?;
        self.add(f.finish()?);
        Ok(())
    }

    /// Writes `bytes` as file `name` of the set's folder.
    pub fn write_in(&mut self, name: &str, bytes: &[u8]) -> Result<(), OutputError> {
        let path = self.dir.join(name);
        self.write(&path, bytes)
    }

    /// The paths of the files added so far.
    pub fn paths(&self) -> Vec<PathBuf> {
        self.staged.iter().map(|s| s.target.clone()).collect()
    }

    fn listed_path(&self, target: &Path) -> String {
        match target.strip_prefix(&self.dir) {
            Ok(rel) if !rel.as_os_str().is_empty() => rel.to_string_lossy().into_owned(),
            _ => std::path::absolute(target)
                .unwrap_or_else(|_| target.to_path_buf())
                .to_string_lossy()
                .into_owned(),
        }
    }

    /// Removes the other markers of the folder that list one of `targets`.
    fn invalidate_others(&self, targets: &HashSet<PathBuf>) -> Result<(), OutputError> {
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return Ok(());
        };
        for entry in entries.flatten() {
            let file = entry.file_name();
            let Some(set) = file.to_str().and_then(|n| n.strip_suffix(MARKER_SUFFIX)) else {
                continue;
            };
            if set == self.name {
                continue;
            }
            let Ok(m) = read_marker(&self.dir, set) else {
                continue;
            };
            if m.files
                .iter()
                .any(|f| targets.contains(&Marker::resolve(&self.dir, f)))
            {
                std::fs::remove_file(entry.path()).map_err(|e| io_err(&entry.path(), e))?;
            }
        }
        Ok(())
    }

    /// Makes the set visible (see the module documentation) and returns its paths.
    pub fn commit(self) -> Result<Vec<PathBuf>, OutputError> {
        let Self {
            dir,
            name,
            staged,
            previous,
        } = self;
        for s in &staged {
            check_target(&s.target)?;
        }
        let targets: HashSet<PathBuf> = staged.iter().map(|s| s.target.clone()).collect();
        let me = Self {
            dir,
            name,
            staged: Vec::new(),
            previous: Vec::new(),
        };
        me.invalidate_others(&targets)?;
        let mut marker = Marker {
            format: MARKER_FORMAT.into(),
            set: me.name.clone(),
            iadsim_version: env!("CARGO_PKG_VERSION").into(),
            files: staged
                .iter()
                .map(|s| MarkerFile {
                    path: me.listed_path(&s.target),
                    bytes: s.bytes,
                    crc32: format!("{:08x}", s.crc32),
                })
                .collect(),
        };
        marker.files.dedup_by(|a, b| a.path == b.path);
        let mut dirs: Vec<PathBuf> = vec![me.dir.clone()];
        let written: Vec<PathBuf> = staged.iter().map(|s| s.target.clone()).collect();
        {
            // Signal handlers wait while files move.
            let mut list = live();
            // Old members first (only regular files inside the folder), then the targets:
            // from here until the last rename the folder holds no file of the old set.
            for p in previous.iter().filter(|p| p.starts_with(&me.dir)) {
                if std::fs::symlink_metadata(p).is_ok_and(|m| m.file_type().is_file()) {
                    std::fs::remove_file(p).map_err(|e| io_err(p, e))?;
                }
            }
            for t in &targets {
                match std::fs::remove_file(t) {
                    Ok(()) => {}
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                    Err(e) => return Err(io_err(t, e)),
                }
            }
            for s in staged {
                let parent = parent_of(&s.target).to_path_buf();
                if !dirs.contains(&parent) {
                    dirs.push(parent);
                }
                s.rename_into_place(&mut list)?;
            }
        }
        for d in &dirs {
            sync_dir(d)?;
        }
        let mut text =
            serde_json::to_string_pretty(&marker).map_err(|source| OutputError::Json {
                what: "completion marker",
                source,
            })?;
        text.push('\n');
        let path = marker_path(&me.dir, &me.name);
        let mut f = OutputFile::create(&path)?;
        f.write_all(text.as_bytes()).map_err(|e| io_err(&path, e))?;
        f.commit()?;
        Ok(written)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn nothing_appears_until_commit_and_nothing_is_left_on_drop() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("events.jsonl");
        {
            let mut f = OutputFile::create(&target).unwrap();
            f.write_all(b"partial").unwrap();
            assert!(!target.exists());
        }
        assert!(!target.exists());
        assert!(names(dir.path()).is_empty());
        let mut f = OutputFile::create(&target).unwrap();
        f.write_all(b"whole\n").unwrap();
        f.commit().unwrap();
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "whole\n");
        assert_eq!(names(dir.path()), ["events.jsonl"]);
    }

    #[test]
    fn a_set_commits_with_its_marker_and_replaces_the_previous_set_whole() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let mut set = OutputSet::begin(d, "run").unwrap();
        set.write_in("events.jsonl", b"one\n").unwrap();
        set.write_in("replay.kml", b"<kml/>").unwrap();
        set.commit().unwrap();
        let m = verify(d, "run").unwrap();
        assert_eq!(m.files.len(), 2);
        // CRC-32 of "one\n" (zlib.crc32(b"one\n") == 0x6a3ea5f7... checked below by value).
        assert_eq!(m.files[0].bytes, 4);
        assert_eq!(
            m.files[0].crc32,
            format!("{:08x}", crc32fast::hash(b"one\n"))
        );
        // A second run without the replay: the old replay goes, the marker lists one file.
        let set = OutputSet::begin(d, "run").unwrap();
        assert!(read_marker(d, "run").is_err(), "begin removes the marker");
        let mut set = set;
        set.write_in("events.jsonl", b"two\n").unwrap();
        set.commit().unwrap();
        assert_eq!(names(d), ["events.jsonl", "run.complete.json"]);
        assert_eq!(verify(d, "run").unwrap().files.len(), 1);
        // A changed file is caught.
        std::fs::write(d.join("events.jsonl"), b"TWO\n").unwrap();
        let e = verify(d, "run").unwrap_err().to_string();
        assert!(e.contains("CRC-32"), "{e}");
    }

    #[test]
    fn another_sets_marker_falls_when_one_of_its_files_is_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let mut set = OutputSet::begin(d, "run").unwrap();
        set.write_in("summary.json", b"{}").unwrap();
        set.commit().unwrap();
        let mut set = OutputSet::begin(d, "mc").unwrap();
        set.write_in("summary.json", b"{\"mc\":1}").unwrap();
        set.commit().unwrap();
        assert!(matches!(
            read_marker(d, "run"),
            Err(Incomplete::NoMarker { .. })
        ));
        verify(d, "mc").unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn non_regular_targets_are_refused_and_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::write(d.join("real"), b"keep").unwrap();
        std::os::unix::fs::symlink(d.join("real"), d.join("link")).unwrap();
        let e = OutputFile::create(&d.join("link")).unwrap_err().to_string();
        assert!(e.contains("symbolic link"), "{e}");
        let e = OutputFile::create(Path::new("/dev/null"))
            .unwrap_err()
            .to_string();
        assert!(e.contains("not a regular file"), "{e}");
        assert_eq!(std::fs::read(d.join("real")).unwrap(), b"keep");
        assert!(
            std::fs::symlink_metadata(d.join("link"))
                .unwrap()
                .file_type()
                .is_symlink()
        );
    }

    #[cfg(unix)]
    #[test]
    fn files_honour_the_umask() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("t.txt");
        let mut f = OutputFile::create(&target).unwrap();
        f.write_all(b"x").unwrap();
        f.commit().unwrap();
        let mode = std::fs::metadata(&target).unwrap().permissions().mode() & 0o777;
        // Created 0666; the test process's umask removes some bits, never adds any.
        let umask = 0o666 & !mode;
        assert_eq!(mode, 0o666 & !umask);
        assert_ne!(mode, 0o600, "0600 whatever the umask was the defect");
    }

    #[test]
    fn partials_of_dead_processes_are_swept_and_live_ones_kept() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        // pid 0 never names a user process: "dead".
        let dead = d.join(format!("{PARTIAL_PREFIX}4194999-{}-abcdef", host()));
        let other_host = d.join(format!("{PARTIAL_PREFIX}4194999-elsewhere-abcdef"));
        let mine = d.join(format!("{}abcdef", partial_prefix()));
        for p in [&dead, &other_host, &mine] {
            std::fs::write(p, b"x").unwrap();
        }
        sweep_partials(d);
        assert!(!dead.exists());
        assert!(
            other_host.exists(),
            "another machine's file is not ours to judge"
        );
        assert!(mine.exists(), "a live process's file stays");
    }
}

//! Fuzz `merge`'s inputs: the bytes are split at NUL bytes into up to three shard
//! manifests and one `mc.csv` table. Manifests must parse and match up (or be refused
//! with a message), and the table must read row by row against the first manifest's
//! columns (or be refused), never a panic or an index out of bounds.
#![no_main]

use std::path::Path;

use iadsim_io::mctable::CsvRows;
use iadsim_study::{Manifest, match_shards};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let parts: Vec<&[u8]> = data.splitn(4, |&b| b == 0).collect();
    let (manifest_parts, table) = match parts.len() {
        1 => (&parts[..], &b""[..]),
        n => (&parts[..n - 1], parts[n - 1]),
    };
    let manifests: Vec<Manifest> = manifest_parts
        .iter()
        .filter_map(|p| Manifest::parse(&String::from_utf8_lossy(p)).ok())
        .collect();
    let names: Vec<String> = (0..manifests.len()).map(|i| format!("shard{i}")).collect();
    if let Ok(slots) = match_shards(&names, &manifests) {
        let count = manifests[0].shard.map_or(1, |s| s.count);
        assert_eq!(slots.len() as u64, count);
    }
    let Some(first) = manifests.first() else {
        return;
    };
    if let Ok(mut rows) = CsvRows::from_reader(Path::new("mc.csv"), table, &first.columns) {
        let mut n = 0;
        while let Ok(Some(row)) = rows.next_row() {
            assert_eq!(row.len(), first.columns.len());
            n += 1;
            if n > 100_000 {
                break;
            }
        }
    }
});

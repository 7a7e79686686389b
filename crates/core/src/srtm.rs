//! SRTM `.hgt` tile names and sizes, shared by the scenario validator (which checks a
//! DEM folder without reading its heights) and the engine's terrain model.
//!
//! A tile covers 1° × 1° and is named after its south-west corner: `N48E067.hgt` covers
//! 48–49°N, 67–68°E. It holds n × n big-endian signed 16-bit heights, n = 1201 for 3″
//! data and 3601 for 1″ ([`TILE_SIZES`]).

use std::path::{Path, PathBuf};

/// The `*.hgt` files (extension in any case) in the folder `dir`, in name order.
pub fn tile_paths(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.extension()
                .and_then(|x| x.to_str())
                .is_some_and(|x| x.eq_ignore_ascii_case("hgt"))
        })
        .collect();
    paths.sort();
    Ok(paths)
}

/// Samples per side of the SRTM tiles: 1201 (3″) and 3601 (1″).
pub const TILE_SIZES: [usize; 2] = [1201, 3601];

/// The file length, bytes, of a tile of `size` × `size` 16-bit samples.
pub const fn tile_bytes(size: usize) -> u64 {
    2 * (size as u64) * (size as u64)
}

/// The south-west corner (lat, lon, whole degrees) from a tile name such as
/// `N48E067.hgt` or `s01w072.HGT` (the first seven characters are read).
pub fn parse_tile_name(name: &str) -> Option<(i32, i32)> {
    let b = name.as_bytes();
    if b.len() < 7 {
        return None;
    }
    let lat: i32 = name.get(1..3)?.parse().ok()?;
    let lon: i32 = name.get(4..7)?.parse().ok()?;
    let lat = match b[0].to_ascii_uppercase() {
        b'N' => lat,
        b'S' => -lat,
        _ => return None,
    };
    let lon = match b[3].to_ascii_uppercase() {
        b'E' => lon,
        b'W' => -lon,
        _ => return None,
    };
    Some((lat, lon))
}

/// The name of the tile with south-west corner (`south`, `west`), whole degrees, without
/// the extension: `N48E067`, `S01W072`.
pub fn tile_name(south: i32, west: i32) -> String {
    format!(
        "{}{:02}{}{:03}",
        if south < 0 { 'S' } else { 'N' },
        south.abs(),
        if west < 0 { 'W' } else { 'E' },
        west.abs()
    )
}

/// The corner of the tile holding latitude `lat_deg`, longitude `lon_deg` (degrees).
pub fn tile_of(lat_deg: f64, lon_deg: f64) -> (i32, i32) {
    (lat_deg.floor() as i32, lon_deg.floor() as i32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        assert_eq!(parse_tile_name("N48E067.hgt"), Some((48, 67)));
        assert_eq!(parse_tile_name("s01w072.HGT"), Some((-1, -72)));
        assert_eq!(parse_tile_name("X48E067.hgt"), None);
        assert_eq!(parse_tile_name("N48E06"), None);
        assert_eq!(tile_name(-1, -72), "S01W072");
        assert_eq!(tile_name(48, 67), "N48E067");
        assert_eq!(tile_of(-0.5, -71.2), (-1, -72));
        assert_eq!(tile_bytes(1201), 2_884_802);
        assert_eq!(tile_bytes(3601), 25_934_402);
    }
}

//! The terrain model a file names (`terrain.dem`): the folder resolved against the
//! scenario file's own, its tiles checked by name and size (their heights are read by
//! the engine when it prepares a run), and every radar site on a tile.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use iadsim_core::srtm::{TILE_SIZES, parse_tile_name, tile_bytes, tile_name, tile_of, tile_paths};
use iadsim_setup::{Battalion, Terrain};

use super::Builder;
use crate::format::{ScenarioFile, TerrainSpec};

const DEM: &str = "terrain.dem";

impl Builder<'_, '_> {
    /// The terrain model of `spec`, if it names one and it is usable: a folder of SRTM
    /// tiles holding every radar site of `battalions`. Problems go to the context, all
    /// of them in one pass.
    pub(super) fn terrain(
        &mut self,
        spec: Option<&TerrainSpec>,
        file: &ScenarioFile,
        battalions: &[Battalion],
    ) -> Option<Terrain> {
        let spec = spec?;
        let dem = spec.dem.as_deref()?;
        if spec.surface_height_m.is_some() {
            self.err(
                "terrain.surface_height_m",
                "surface_height_m and dem exclude each other",
                Some("with a dem the ground is the DEM's; remove surface_height_m".into()),
            );
        }
        if dem.trim().is_empty() {
            self.err(DEM, "the DEM folder name is empty", Some(dem_help()));
            return None;
        }
        let dir = self.relative_to_file(dem);
        // A bad tile is reported and left out; the radar sites are still checked.
        let (corners, mut ok) = self.tiles(&dir)?;
        for bn in battalions {
            for (key, radar) in [
                ("acquisition_radar", &bn.acquisition_radar),
                ("engagement_radar", &bn.engagement_radar),
            ] {
                let (lat, lon) = (
                    radar.position.lat.to_degrees(),
                    radar.position.lon.to_degrees(),
                );
                let corner = tile_of(lat, lon);
                if corners.contains(&corner) {
                    continue;
                }
                ok = false;
                let index = file
                    .regiment
                    .battalions
                    .iter()
                    .position(|b| b.name == bn.name);
                let path = index.map_or("regiment.battalions".into(), |i| {
                    format!("regiment.battalions[{i}].{key}")
                });
                self.err(
                    &path,
                    format!(
                        "radar \"{}\" at {lat:.4}°, {lon:.4}° is on no tile of the DEM {}",
                        radar.name,
                        dir.display()
                    ),
                    Some(format!(
                        "add the tile {}.hgt to the folder, or move the radar",
                        tile_name(corner.0, corner.1)
                    )),
                );
            }
        }
        ok.then_some(Terrain { dem: dir })
    }

    /// `path` as written in the file, made relative to the scenario file's folder (the
    /// file name the loader was given; the working directory for a bare name).
    fn relative_to_file(&self, path: &str) -> PathBuf {
        let path = Path::new(path);
        if path.is_absolute() {
            return path.to_path_buf();
        }
        match Path::new(&self.cx.file).parent() {
            Some(folder) => folder.join(path),
            None => path.to_path_buf(),
        }
    }

    /// The corners of the good `.hgt` tiles in `dir` (each one's name and size checked),
    /// and whether all were good; `None` (with the problem recorded) when the folder
    /// cannot be read or holds no tile.
    fn tiles(&mut self, dir: &Path) -> Option<(BTreeSet<(i32, i32)>, bool)> {
        let paths = match tile_paths(dir) {
            Ok(p) => p,
            Err(e) => {
                self.err(
                    DEM,
                    format!("cannot read the DEM folder {}: {e}", dir.display()),
                    Some(dem_help()),
                );
                return None;
            }
        };
        if paths.is_empty() {
            self.err(
                DEM,
                format!("the DEM folder {} holds no .hgt tile", dir.display()),
                Some(dem_help()),
            );
            return None;
        }
        let mut corners = BTreeSet::new();
        let mut ok = true;
        for p in &paths {
            match check_tile(p) {
                Ok(corner) => {
                    corners.insert(corner);
                }
                Err(message) => {
                    ok = false;
                    self.err(DEM, message, Some(dem_help()));
                }
            }
        }
        Some((corners, ok))
    }
}

/// The corner of the tile at `path` if its name and length are an SRTM tile's.
fn check_tile(path: &Path) -> Result<(i32, i32), String> {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    let corner = parse_tile_name(name)
        .filter(|&(lat, lon)| (-90..90).contains(&lat) && (-180..180).contains(&lon))
        .ok_or_else(|| {
            format!(
                "tile {}: the name is not an SRTM tile's (e.g. N48E067.hgt)",
                path.display()
            )
        })?;
    let len = std::fs::metadata(path)
        .map_err(|e| format!("tile {}: {e}", path.display()))?
        .len();
    if !TILE_SIZES.iter().any(|&n| tile_bytes(n) == len) {
        return Err(format!(
            "tile {}: {len} bytes is not an SRTM tile ({} bytes for 1201² samples, {} for 3601²)",
            path.display(),
            tile_bytes(TILE_SIZES[0]),
            tile_bytes(TILE_SIZES[1])
        ));
    }
    Ok(corner)
}

fn dem_help() -> String {
    "terrain.dem names a folder of SRTM .hgt tiles (1201² or 3601² big-endian 16-bit \
     heights, named like N48E067.hgt), relative to the scenario file's folder"
        .into()
}

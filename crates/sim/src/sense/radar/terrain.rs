//! Terrain: SRTM `.hgt` elevation tiles, bilinear heights, and terrain masking of radar
//! sight lines over the 4/3 Earth (a profile march for single lines, a radial viewshed
//! for coverage maps).
//!
//! # SRTM `.hgt` format
//!
//! One tile covers 1° × 1°, named after its south-west corner (`N48E067.hgt` covers
//! 48–49°N, 67–68°E). It holds n × n big-endian signed 16-bit heights in metres (n = 1201
//! for 3″ data, 3601 for 1″), rows from north to south, columns from west to east; the
//! edge rows and columns repeat the neighbouring tiles' edges. −32768 marks a void.
//! Heights are orthometric (above the EGM96 geoid); [`Dem::geoid_offset`] (m, default 0)
//! is added to turn them into heights above the ellipsoid, which is what every other
//! height here is — a single offset is a fair approximation over one regiment's area
//! (the geoid varies by a few metres per 100 km); set it from a geoid model for the area.
//!
//! Voids: the bilinear weights of void corners are dropped and the rest renormalised; a
//! point with four void corners, or outside every loaded tile, is at height 0 (sea
//! level) plus the geoid offset.

use std::collections::BTreeMap;
use std::path::Path;

use iadsim_core::{Enu, Geodetic, Vector3, wgs84};

use super::error::RadarError;
use super::sight::{Site, ellipsoid_normal, ray_height};

/// One SRTM tile.
#[derive(Debug, Clone, PartialEq)]
pub struct HgtTile {
    south: i32,
    west: i32,
    size: usize,
    heights: Vec<i16>,
    max: f64,
}

impl HgtTile {
    /// The void marker.
    pub const VOID: i16 = i16::MIN;

    /// A tile from its south-west corner (integer degrees) and `size`² heights (m), rows
    /// north to south. `size` must be 1201 or 3601, or any n ≥ 2 for synthetic tiles.
    pub fn from_heights(
        south: i32,
        west: i32,
        size: usize,
        heights: Vec<i16>,
    ) -> Result<Self, RadarError> {
        if size < 2 || heights.len() != size * size {
            return Err(RadarError::Terrain(format!(
                "tile {}: expected {size}×{size} heights, got {}",
                tile_name(south, west),
                heights.len()
            )));
        }
        if !(-90..90).contains(&south) || !(-180..180).contains(&west) {
            return Err(RadarError::Terrain(format!(
                "tile corner ({south}, {west}) out of range"
            )));
        }
        let max = heights
            .iter()
            .filter(|&&h| h != Self::VOID)
            .map(|&h| f64::from(h))
            .fold(0.0, f64::max);
        Ok(Self {
            south,
            west,
            size,
            heights,
            max,
        })
    }

    /// A tile from the bytes of a `.hgt` file (big-endian i16; 1201² or 3601² samples).
    pub fn from_bytes(south: i32, west: i32, bytes: &[u8]) -> Result<Self, RadarError> {
        let n = bytes.len() / 2;
        let size = (n as f64).sqrt().round() as usize;
        if !bytes.len().is_multiple_of(2) || size * size != n || !TILE_SIZES.contains(&size) {
            return Err(RadarError::Terrain(format!(
                "{}: {} bytes is not an SRTM tile (1201² or 3601² big-endian i16)",
                tile_name(south, west),
                bytes.len()
            )));
        }
        let heights = bytes
            .chunks_exact(2)
            .map(|b| i16::from_be_bytes([b[0], b[1]]))
            .collect();
        Self::from_heights(south, west, size, heights)
    }

    /// Reads a `.hgt` file; its name (e.g. `N48E067.hgt`) gives the corner.
    pub fn read(path: &Path) -> Result<Self, RadarError> {
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .ok_or_else(|| RadarError::Terrain(format!("{}: no file name", path.display())))?;
        let (south, west) = parse_tile_name(name).ok_or_else(|| {
            RadarError::Terrain(format!(
                "{}: name is not of the form N48E067.hgt",
                path.display()
            ))
        })?;
        let bytes = std::fs::read(path)
            .map_err(|e| RadarError::Terrain(format!("{}: {e}", path.display())))?;
        Self::from_bytes(south, west, &bytes)
    }

    /// The `.hgt` bytes of this tile.
    pub fn to_bytes(&self) -> Vec<u8> {
        self.heights.iter().flat_map(|h| h.to_be_bytes()).collect()
    }

    /// Its file name, e.g. `N48E067.hgt`.
    pub fn file_name(&self) -> String {
        format!("{}.hgt", tile_name(self.south, self.west))
    }

    /// South-west corner, integer degrees (lat, lon).
    pub fn corner(&self) -> (i32, i32) {
        (self.south, self.west)
    }

    /// Samples per side.
    pub fn size(&self) -> usize {
        self.size
    }

    /// Highest non-void height, m (at least 0).
    pub fn max_height(&self) -> f64 {
        self.max
    }

    /// Bilinear height (m, orthometric) at `lat_deg`, `lon_deg` inside the tile; `None`
    /// when all four surrounding samples are void.
    pub fn height_deg(&self, lat_deg: f64, lon_deg: f64) -> Option<f64> {
        let cells = (self.size - 1) as f64;
        let x = ((lon_deg - f64::from(self.west)) * cells).clamp(0.0, cells);
        let y = ((f64::from(self.south) + 1.0 - lat_deg) * cells).clamp(0.0, cells);
        let c = (x as usize).min(self.size - 2);
        let r = (y as usize).min(self.size - 2);
        let (fx, fy) = (x - c as f64, y - r as f64);
        let idx = r * self.size + c;
        let corners = [
            (self.heights[idx], (1.0 - fx) * (1.0 - fy)),
            (self.heights[idx + 1], fx * (1.0 - fy)),
            (self.heights[idx + self.size], (1.0 - fx) * fy),
            (self.heights[idx + self.size + 1], fx * fy),
        ];
        let mut sum = 0.0;
        let mut weight = 0.0;
        for (h, w) in corners {
            if h != Self::VOID {
                sum += w * f64::from(h);
                weight += w;
            }
        }
        if weight > 0.0 {
            Some(sum / weight)
        } else if corners.iter().any(|&(h, _)| h != Self::VOID) {
            // The point sits exactly on a valid sample whose weight rounded to zero.
            corners
                .iter()
                .find(|&&(h, _)| h != Self::VOID)
                .map(|&(h, _)| f64::from(h))
        } else {
            None
        }
    }
}

pub use iadsim_core::srtm::parse_tile_name;
use iadsim_core::srtm::{TILE_SIZES, tile_name, tile_of, tile_paths};

/// Profile samples per DEM spacing in [`Dem::masks`].
const PROFILE_SUBSTEPS: u32 = 4;

/// A digital elevation model made of SRTM tiles.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Dem {
    tiles: BTreeMap<(i32, i32), HgtTile>,
    /// Added to every orthometric DEM height to give heights above the WGS-84 ellipsoid,
    /// m (the geoid undulation N over the area; 0 by default).
    pub geoid_offset: f64,
}

impl Dem {
    /// An empty model (flat sea-level terrain).
    pub fn new() -> Self {
        Self::default()
    }

    /// A model from tiles (a later tile with the same corner replaces an earlier one).
    pub fn from_tiles(tiles: impl IntoIterator<Item = HgtTile>) -> Self {
        let mut dem = Self::new();
        for t in tiles {
            dem.insert(t);
        }
        dem
    }

    /// Adds a tile.
    pub fn insert(&mut self, tile: HgtTile) {
        self.tiles.insert(tile.corner(), tile);
    }

    /// Reads every `*.hgt` file (any case) in `dir`, in name order.
    pub fn read_dir(dir: &Path) -> Result<Self, RadarError> {
        let paths =
            tile_paths(dir).map_err(|e| RadarError::Terrain(format!("{}: {e}", dir.display())))?;
        let mut dem = Self::new();
        for p in paths {
            dem.insert(HgtTile::read(&p)?);
        }
        Ok(dem)
    }

    /// Number of tiles.
    pub fn len(&self) -> usize {
        self.tiles.len()
    }

    /// Whether no tile is loaded.
    pub fn is_empty(&self) -> bool {
        self.tiles.is_empty()
    }

    /// Highest terrain in the model above the ellipsoid, m.
    pub fn max_height(&self) -> f64 {
        self.tiles
            .values()
            .map(HgtTile::max_height)
            .fold(0.0, f64::max)
            + self.geoid_offset
    }

    /// Sample spacing of the finest tile along a meridian, m (≈ 92.6 m for 3″ tiles;
    /// 92.6 m when empty).
    pub fn spacing(&self) -> f64 {
        let size = self.tiles.values().map(|t| t.size).max().unwrap_or(1201);
        let metres_per_degree = wgs84::MEAN_RADIUS.to_radians();
        metres_per_degree / (size - 1) as f64
    }

    /// Terrain height above the ellipsoid (m) at latitude `lat`, longitude `lon` (rad).
    pub fn height(&self, lat: f64, lon: f64) -> f64 {
        let (lat_d, lon_d) = (lat.to_degrees(), lon.to_degrees());
        let key = tile_of(lat_d, lon_d);
        let h = self
            .tiles
            .get(&key)
            .and_then(|t| t.height_deg(lat_d, lon_d))
            .unwrap_or(0.0);
        h + self.geoid_offset
    }

    /// Whether the terrain hides `target` from the radar at `site`: the straight ray over
    /// the effective sphere passes below the terrain profile somewhere between them.
    ///
    /// The profile is sampled every quarter of [`Dem::spacing`] along the great circle
    /// between the two ellipsoid normals (within tens of metres of the geodesic),
    /// excluding one spacing at each end (the ground under the antenna and under the
    /// target); a target below the ground under it is hidden too. A crest between two
    /// samples is missed by at most an eighth of a spacing (11.6 m for 3″ tiles): its
    /// height is under-read by at most that times the slope (0.6 m on a 1:20 flank, 1.2 m
    /// on 1:10). Smooth-Earth horizon is not part of this test (see
    /// [`super::sight::Sight::above_horizon`]).
    pub fn masks(&self, site: &Site, target: &Geodetic) -> bool {
        let sight = site.sight(target);
        if target.height < self.height(target.lat, target.lon) {
            return true;
        }
        if sight.clearance >= self.max_height() {
            return false;
        }
        let n1 = *site.normal();
        let n2 = ellipsoid_normal(target.lat, target.lon);
        let dot = n1.dot(&n2).clamp(-1.0, 1.0);
        let cross = n1.cross(&n2);
        let psi = cross.norm().atan2(dot);
        if psi <= 0.0 {
            return false;
        }
        let u = (n2 - n1 * dot) / psi.sin();
        let step = self.spacing() / f64::from(PROFILE_SUBSTEPS);
        let samples = (sight.ground_range / step).ceil() as usize;
        let skip = PROFILE_SUBSTEPS as usize;
        if samples < 2 * skip + 1 {
            return false;
        }
        let re = sight.effective_radius;
        let phi = psi / site.k;
        let (h1, h2) = (site.position.height, target.height);
        for i in skip..samples - skip {
            let theta = psi * i as f64 / samples as f64;
            let n = n1 * theta.cos() + u * theta.sin();
            let (lat, lon) = normal_to_lat_lon(&n);
            let ray = ray_height(h1, h2, phi, theta / site.k, re);
            if ray < self.height(lat, lon) {
                return true;
            }
        }
        false
    }

    /// The radial viewshed of `site` for coverage maps: `azimuths` rays (evenly spaced
    /// from north, clockwise) sampled every `step` metres of ground range out to
    /// `max_ground_range`, each keeping the running maximum of the terrain's elevation
    /// angle (tangent) seen from the antenna over the effective sphere.
    pub fn viewshed(
        &self,
        site: &Site,
        azimuths: usize,
        step: f64,
        max_ground_range: f64,
    ) -> Viewshed {
        use rayon::prelude::*;
        let samples = (max_ground_range / step).ceil().max(1.0) as usize;
        let n1 = *site.normal();
        let east = site.frame.vector_to_ecef(&Enu::new(1.0, 0.0, 0.0)).0;
        let north = site.frame.vector_to_ecef(&Enu::new(0.0, 1.0, 0.0)).0;
        let lat1 = site.position.lat;
        let h1 = site.position.height;
        let mut max_slope = vec![0f32; azimuths * samples];
        max_slope
            .par_chunks_mut(samples)
            .enumerate()
            .for_each(|(j, row)| {
                let az = std::f64::consts::TAU * j as f64 / azimuths as f64;
                let (sa, ca) = az.sin_cos();
                let u: Vector3<f64> = east * sa + north * ca;
                let radius = 1.0
                    / (ca * ca / wgs84::meridian_radius(lat1)
                        + sa * sa / wgs84::prime_vertical_radius(lat1));
                let re = site.k * radius;
                let mut running = f64::NEG_INFINITY;
                for (i, slot) in row.iter_mut().enumerate() {
                    let s = step * (i + 1) as f64;
                    let theta = s / radius;
                    let n = n1 * theta.cos() + u * theta.sin();
                    let (lat, lon) = normal_to_lat_lon(&n);
                    let h = self.height(lat, lon);
                    running = running.max(slope(h1, h, theta / site.k, re));
                    *slot = running as f32;
                }
            });
        Viewshed {
            azimuths,
            samples,
            step,
            max_slope,
        }
    }
}

/// The truth's view of the terrain: where terrain-following routes fly.
impl crate::truth::TerrainHeight for Dem {
    fn ground_height(&self, lat: f64, lon: f64) -> f64 {
        self.height(lat, lon)
    }

    fn sample_spacing(&self) -> f64 {
        self.spacing()
    }
}

/// Tangent of the elevation angle at which a point at height `h` (m), central angle
/// `phi` (rad) away on a sphere of radius `re` (m), is seen from height `h1`.
#[inline]
fn slope(h1: f64, h: f64, phi: f64, re: f64) -> f64 {
    let r = re + h;
    let half = (0.5 * phi).sin();
    let up = (h - h1) - r * 2.0 * half * half;
    up / (r * phi.sin())
}

/// Geodetic latitude and longitude (rad) of the ellipsoid point with unit normal `n`.
#[inline]
fn normal_to_lat_lon(n: &Vector3<f64>) -> (f64, f64) {
    (n.z.atan2(n.x.hypot(n.y)), n.y.atan2(n.x))
}

/// A radar's radial terrain viewshed (see [`Dem::viewshed`]).
#[derive(Debug, Clone)]
pub struct Viewshed {
    azimuths: usize,
    samples: usize,
    step: f64,
    max_slope: Vec<f32>,
}

impl Viewshed {
    /// Whether a point at azimuth `azimuth` (rad), ground range `ground_range` (m), seen
    /// at apparent elevation `apparent_elevation` (rad) clears the terrain: its elevation
    /// angle is at least that of every terrain sample on the nearest ray closer than one
    /// step short of it.
    #[inline]
    pub fn visible(&self, azimuth: f64, ground_range: f64, apparent_elevation: f64) -> bool {
        let count = (ground_range / self.step).floor() as isize - 1;
        if count < 1 {
            return true;
        }
        let count = (count as usize).min(self.samples);
        let j = ((azimuth / std::f64::consts::TAU * self.azimuths as f64).round() as usize)
            % self.azimuths;
        let max = f64::from(self.max_slope[j * self.samples + count - 1]);
        apparent_elevation.tan() >= max
    }

    /// Number of rays.
    pub fn azimuths(&self) -> usize {
        self.azimuths
    }

    /// Ground-range step, m.
    pub fn step(&self) -> f64 {
        self.step
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bilinear_and_voids() {
        // 3×3 tile: heights rise east 0, 100, 200 on every row; centre void.
        let v = HgtTile::VOID;
        let t =
            HgtTile::from_heights(10, 20, 3, vec![0, 100, 200, 0, v, 200, 0, 100, 200]).unwrap();
        // North-west corner sample.
        assert_eq!(t.height_deg(11.0, 20.0), Some(0.0));
        // Between the top-row samples 0 and 100.
        assert!((t.height_deg(11.0, 20.25).unwrap() - 50.0).abs() < 1e-9);
        // Next to the void: weights of valid corners renormalised.
        let h = t.height_deg(10.75, 20.25).unwrap();
        assert!(h > 0.0 && h < 100.0, "{h}");
        assert!(HgtTile::from_bytes(0, 0, &[0u8; 10]).is_err());
    }
}

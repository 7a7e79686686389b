//! Coverage outputs: GeoJSON (Pd contours, engagement zones, sites, assets), PNG and SVG
//! maps and range–height diagrams drawn with plotters, a JSON summary and a terminal
//! table.
//!
//! Everything is written as one committed set (see [`crate::commit`]): temporary files
//! in the output folder, renamed into place together, `coverage.complete.json` last.
//!
//! # GeoJSON (RFC 7946)
//!
//! One `FeatureCollection`, WGS-84 longitude/latitude in degrees (in that order, rounded
//! to 1e-6° ≈ 0.1 m), every ring closed and of at least four positions, exteriors
//! counter-clockwise and holes clockwise (the right-hand rule). Features, each with a
//! `kind` property:
//!
//! - `pd_contour`: a MultiPolygon of the region where the Pd of one radar (`radar`) or of
//!   all radars (`radar` = `"combined"`) is at least `level`, single scan or cumulative
//!   over `dwell_scans` (`cumulative`);
//! - `engagement_zone`: a MultiPolygon per battalion (`battalion`) and missile
//!   (`missile`), with its range and altitude band;
//! - `site` (Point): radars, command posts, launchers (`site_kind`);
//! - `asset` (Point) and `asset_area` (Polygon of its radius).

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use iadsim_core::{Geodetic, geodesic, horizon, wgs84};
use iadsim_sim::coverage::contour::{Polygon, rings};
use iadsim_sim::coverage::{AssetMark, CoverageResult, HeightReference, RadarCoverage};
use iadsim_sim::setup::RadarRole;
use plotters::coord::Shift;
use plotters::prelude::*;
use serde_json::{Value, json};

use crate::OutputError;
use crate::antimeridian;
use crate::commit::{OutputFile, OutputSet, Staged, StagedPath};
use crate::geojson::{self, feature};

mod map;
use map::{draw_map, map_size};

/// Writes every coverage output into `out_dir` (created if missing) as one committed set
/// `coverage` (see [`crate::commit`]) and returns the paths written, in order:
/// `coverage.geojson`, `coverage_summary.json`, `coverage_summary.txt`,
/// `coverage_map.png`, `coverage_map.svg`, then `vertical_<radar>.png` / `.svg` for each
/// radar.
pub fn write_all(result: &CoverageResult, out_dir: &Path) -> Result<Vec<PathBuf>, OutputError> {
    let mut set = OutputSet::begin(out_dir, "coverage")?;

    let text = serde_json::to_string(&geojson(result)).map_err(|source| OutputError::Json {
        what: "coverage GeoJSON",
        source,
    })?;
    set.write_in("coverage.geojson", text.as_bytes())?;

    let text = serde_json::to_string_pretty(&summary_json(result)).map_err(|source| {
        OutputError::Json {
            what: "coverage summary",
            source,
        }
    })?;
    set.write_in("coverage_summary.json", text.as_bytes())?;
    set.write_in("coverage_summary.txt", summary_table(result).as_bytes())?;

    let (w, h) = map_size(result);
    set.add(render_png(
        &out_dir.join("coverage_map.png"),
        (w, h),
        |root| draw_map(root, result, 600),
    )?);
    set.add(render_svg(
        &out_dir.join("coverage_map.svg"),
        (w, h),
        |root| draw_map(root, result, 160),
    )?);

    for rc in &result.radars {
        let stem = format!("vertical_{}", slug(&rc.name));
        set.add(render_png(
            &out_dir.join(format!("{stem}.png")),
            (1100, 650),
            |root| draw_vertical(root, result, rc, 400),
        )?);
        set.add(render_svg(
            &out_dir.join(format!("{stem}.svg")),
            (1100, 650),
            |root| draw_vertical(root, result, rc, 150),
        )?);
    }
    set.commit()
}

/// A file-name-safe form of `name`: lowercase ASCII letters and digits, other runs → `-`.
pub fn slug(name: &str) -> String {
    let mut s = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            s.push(c.to_ascii_lowercase());
        } else if !s.ends_with('-') {
            s.push('-');
        }
    }
    let t = s.trim_matches('-');
    if t.is_empty() {
        "radar".into()
    } else {
        t.into()
    }
}

// ───────────────────────────── GeoJSON ─────────────────────────────

fn point(g: &Geodetic) -> Value {
    geojson::point(geojson::position(g.lon_deg(), g.lat_deg()))
}

/// A counter-clockwise circle of `radius` (m) around `centre`, 72 geodesic points.
fn circle(centre: &Geodetic, radius: f64) -> Vec<[f64; 2]> {
    let mut ring: Vec<[f64; 2]> = (0..=72)
        .map(|k| {
            // Bearings decreasing: counter-clockwise on a north-up map.
            let az = (360.0 - 5.0 * f64::from(k)).to_radians();
            let (p, _) = geodesic::direct(centre, az, radius);
            // Continuous across ±180°, next to the centre.
            [
                antimeridian::unwrap_near(p.lon_deg(), centre.lon_deg()),
                p.lat_deg(),
            ]
        })
        .collect();
    ring[72] = ring[0];
    ring
}

/// The whole result as one GeoJSON FeatureCollection (see the module notes).
pub fn geojson(r: &CoverageResult) -> Value {
    let mut features = contour_features(r);
    features.extend(zone_features(r));
    features.extend(site_features(r));
    features.extend(asset_features(r));
    geojson::feature_collection(format!("{} coverage", r.scenario), features)
}

/// One feature per Pd contour of every radar and of the combined layer.
fn contour_features(r: &CoverageResult) -> Vec<Value> {
    let s = &r.settings;
    let layers = r
        .radars
        .iter()
        .map(|rc| (rc.name.as_str(), &rc.layer))
        .chain(std::iter::once(("combined", &r.combined)));
    let mut features = Vec::new();
    for (name, layer) in layers {
        for c in &layer.contours {
            features.push(feature(
                geojson::multi_polygon(&c.polygons),
                json!({
                    "kind": "pd_contour",
                    "radar": name,
                    "level": c.level,
                    "cumulative": c.cumulative,
                    "dwell_scans": if c.cumulative { s.dwell_scans } else { 1 },
                    "target_height_m": s.target_height,
                    "height_reference": s.height_reference,
                    "rcs_m2": s.rcs,
                    "swerling": s.swerling,
                    "pfa": s.pfa,
                }),
            ));
        }
    }
    features
}

/// One feature per engagement zone (battalion and missile).
fn zone_features(r: &CoverageResult) -> Vec<Value> {
    let s = &r.settings;
    r.zones
        .iter()
        .map(|z| {
            feature(
                geojson::multi_polygon(&z.polygons),
                json!({
                    "kind": "engagement_zone",
                    "battalion": z.battalion,
                    "missile": z.missile,
                    "max_range_km": z.max_range / 1e3,
                    "min_range_km": z.min_range / 1e3,
                    "min_altitude_m": z.altitude_band.0,
                    "max_altitude_m": z.altitude_band.1,
                    "in_altitude_band": z.in_altitude_band,
                    "detection_pd": s.zone_pd,
                    "target_height_m": s.target_height,
                    "rcs_m2": s.rcs,
                }),
            )
        })
        .collect()
}

/// One point feature per site.
fn site_features(r: &CoverageResult) -> Vec<Value> {
    r.sites
        .iter()
        .map(|site| {
            feature(
                point(&site.position),
                json!({
                    "kind": "site",
                    "site_kind": site.kind,
                    "name": site.name,
                    "battalion": site.battalion,
                    "height_m": site.position.height,
                }),
            )
        })
        .collect()
}

/// A point per defended asset and, when it has a radius, its area.
fn asset_features(r: &CoverageResult) -> Vec<Value> {
    let mut features = Vec::new();
    for a in &r.assets {
        features.push(feature(
            point(&a.position),
            json!({"kind": "asset", "name": a.name, "radius_m": a.radius}),
        ));
        if a.radius > 0.0
            && let Some(geometry) = asset_area(a)
        {
            features.push(feature(
                geometry,
                json!({"kind": "asset_area", "name": a.name, "radius_m": a.radius}),
            ));
        }
    }
    features
}

/// An asset's circle, cut at the antimeridian when it crosses it (a MultiPolygon then).
fn asset_area(a: &AssetMark) -> Option<Value> {
    let parts = antimeridian::split_polygon(&circle(&a.position, a.radius), &[]);
    match parts.as_slice() {
        [(ring, _)] => geojson::ring(ring).map(|r| geojson::polygon(vec![r])),
        _ => {
            let polys: Vec<Value> = parts
                .iter()
                .filter_map(|(ring, _)| geojson::ring(ring).map(|r| json!([r])))
                .collect();
            (!polys.is_empty()).then(|| json!({"type": "MultiPolygon", "coordinates": polys}))
        }
    }
}

// ─────────────────────────── summaries ───────────────────────────

/// Area (km²) on the WGS-84 ellipsoid of polygons given in [lon°, lat°] (longitudes
/// continuous, possibly past ±180°), each edge a straight line in longitude and latitude
/// (as the contours are drawn between grid nodes), holes counted negative.
///
/// On the ellipsoid the area element is (a²/2)·dq·dλ, with q(φ) the authalic function
/// (\[snyder-1987\] eq. 3-12), so by Green's theorem a
/// counter-clockwise ring encloses −(a²/2)∮q dλ: exact along parallels and meridians,
/// Simpson's rule (three q values) along a cell-sized edge. A ring round a pole is
/// closed along the pole's row (q = ±q_p there) and the grid's side meridians, so a
/// polar cap is measured like any other region.
pub fn area_km2(polys: &[Polygon]) -> f64 {
    polys
        .iter()
        .map(|p| ring_area_m2(&p.exterior) + p.holes.iter().map(|h| ring_area_m2(h)).sum::<f64>())
        .sum::<f64>()
        / 1e6
}

/// q(φ) = (1 − e²)·[sin φ/(1 − e² sin² φ) − ln((1 − e sin φ)/(1 + e sin φ))/(2e)]: the
/// ellipsoid's area from the equator to latitude φ is π·a²·q(φ) per turn.
fn authalic_q(lat_deg: f64) -> f64 {
    let e = wgs84::E2.sqrt();
    let s = lat_deg.to_radians().sin();
    (1.0 - wgs84::E2)
        * (s / (1.0 - wgs84::E2 * s * s) - ((1.0 - e * s) / (1.0 + e * s)).ln() / (2.0 * e))
}

/// Signed area (m², counter-clockwise positive) of a closed ring of [lon°, lat°].
fn ring_area_m2(ring: &[[f64; 2]]) -> f64 {
    let integral: f64 = ring
        .windows(2)
        .map(|w| {
            let dlon = (w[1][0] - w[0][0]).to_radians();
            if dlon == 0.0 {
                return 0.0;
            }
            let (q0, q1) = (authalic_q(w[0][1]), authalic_q(w[1][1]));
            let qm = authalic_q(0.5 * (w[0][1] + w[1][1]));
            dlon * (q0 + 4.0 * qm + q1) / 6.0
        })
        .sum();
    -0.5 * wgs84::A * wgs84::A * integral
}

fn role_name(r: RadarRole) -> &'static str {
    match r {
        RadarRole::Acquisition => "acquisition",
        RadarRole::Engagement => "engagement",
    }
}

fn height_phrase(r: &CoverageResult) -> String {
    let s = &r.settings;
    let reference = match s.height_reference {
        HeightReference::AboveGround => "above ground",
        HeightReference::AboveEllipsoid => "above the ellipsoid",
    };
    format!("{:.0} m {reference}", s.target_height)
}

fn contour_area(layer: &iadsim_sim::coverage::Layer, level: f64, cumulative: bool) -> f64 {
    layer
        .contours
        .iter()
        .find(|c| c.level == level && c.cumulative == cumulative)
        .map_or(0.0, |c| area_km2(&c.polygons))
}

/// The terminal summary: detection ranges of the chosen target for each radar, covered
/// areas, engagement zones.
pub fn summary_table(r: &CoverageResult) -> String {
    let mut o = String::new();
    table_heading(&mut o, r);
    range_rows(&mut o, r);
    area_rows(&mut o, r);
    zone_rows(&mut o, r);
    o
}

/// The table's first line: target, detection settings and the Earth model.
fn table_heading(o: &mut String, r: &CoverageResult) {
    let s = &r.settings;
    let _ = writeln!(
        o,
        "{} — coverage for a {} m² target (Swerling {}) at {}, Pfa {:e}, k = {:.3}{}",
        r.scenario,
        s.rcs,
        s.swerling.number(),
        height_phrase(r),
        s.pfa,
        s.k_factor,
        if s.terrain {
            ", terrain".to_string()
        } else {
            // The scenario's one smooth surface (every radar carries the same).
            let surface = r.radars.first().map_or(0.0, |rc| rc.surface_height);
            format!(", smooth Earth at {surface} m")
        }
    );
    let _ = writeln!(o);
}

/// Each radar's ranges: free space, horizon, instrumented, and seen along the diagram.
fn range_rows(o: &mut String, r: &CoverageResult) {
    let _ = writeln!(
        o,
        "{:<20} {:<12} {:>6} {:>10} {:>10} {:>9} {:>9} {:>10} {:>10}",
        "radar",
        "role",
        "pulses",
        "R(.5) km",
        "R(.9) km",
        "horizon",
        "instr.",
        "seen .5",
        "seen .9"
    );
    for rc in &r.radars {
        let g = &rc.ranges;
        let _ = writeln!(
            o,
            "{:<20} {:<12} {:>6} {:>10.1} {:>10.1} {:>9.1} {:>9.1} {:>10.1} {:>10.1}",
            rc.name,
            role_name(rc.role),
            rc.pulses,
            g.free_space_50 / 1e3,
            g.free_space_90 / 1e3,
            g.horizon / 1e3,
            g.instrumented / 1e3,
            g.along_50 / 1e3,
            g.along_90 / 1e3
        );
    }
    let _ = writeln!(
        o,
        "  R(.5), R(.9): free-space range for single-scan Pd 0.5 / 0.9; horizon: 4/3-Earth \
         horizon at the target height;\n  seen .5/.9: farthest ground range with that Pd \
         along the diagram azimuth (horizon, beam and terrain included)."
    );
    let _ = writeln!(o);
}

/// Covered areas per radar and combined, single scan and dwell.
fn area_rows(o: &mut String, r: &CoverageResult) {
    let _ = writeln!(
        o,
        "{:<20} {:>16} {:>16} {:>16} {:>16}",
        "area, km²", "Pd ≥ .5 (scan)", "Pd ≥ .9 (scan)", "Pd ≥ .5 (dwell)", "Pd ≥ .9 (dwell)"
    );
    let layers = r
        .radars
        .iter()
        .map(|rc| (rc.name.as_str(), &rc.layer))
        .chain(std::iter::once(("combined", &r.combined)));
    for (name, layer) in layers {
        let _ = writeln!(
            o,
            "{:<20} {:>16.0} {:>16.0} {:>16.0} {:>16.0}",
            name,
            contour_area(layer, 0.5, false),
            contour_area(layer, 0.9, false),
            contour_area(layer, 0.5, true),
            contour_area(layer, 0.9, true)
        );
    }
    let _ = writeln!(o, "  dwell: {} scans", r.settings.dwell_scans);
    let _ = writeln!(o);
}

/// Each engagement zone's range and altitude band and its area.
fn zone_rows(o: &mut String, r: &CoverageResult) {
    let _ = writeln!(
        o,
        "engagement zones (engagement radar single-scan Pd ≥ {}):",
        r.settings.zone_pd
    );
    for z in &r.zones {
        let state = if z.in_altitude_band {
            format!("{:>10.0} km²", area_km2(&z.polygons))
        } else {
            "target outside the altitude band".into()
        };
        let _ = writeln!(
            o,
            "  {:<10} {:<10} range {:>5.1}–{:>5.0} km, altitude {:>5.0}–{:>6.0} m: {state}",
            z.battalion,
            z.missile,
            z.min_range / 1e3,
            z.max_range / 1e3,
            z.altitude_band.0,
            z.altitude_band.1
        );
    }
}

/// Machine-readable summary: settings, grid, detection ranges, areas.
pub fn summary_json(r: &CoverageResult) -> Value {
    json!({
        "scenario": r.scenario,
        "settings": r.settings,
        "grid": {
            "south_deg": r.grid.south.to_degrees(),
            "north_deg": r.grid.north.to_degrees(),
            "west_deg": r.grid.west.to_degrees(),
            "east_deg": r.grid.east.to_degrees(),
            "nx": r.grid.nx,
            "ny": r.grid.ny,
        },
        "radars": r.radars.iter().map(|rc| json!({
            "name": rc.name,
            "type": rc.type_name,
            "battalion": rc.battalion,
            "role": rc.role,
            "pulses": rc.pulses,
            "surface_height_m": rc.surface_height,
            "sector_deg": rc.sector.map(|(c, w)| [c.to_degrees(), w.to_degrees()]),
            "ranges_m": rc.ranges,
            "area_km2": {
                "single_50": contour_area(&rc.layer, 0.5, false),
                "single_90": contour_area(&rc.layer, 0.9, false),
                "dwell_50": contour_area(&rc.layer, 0.5, true),
                "dwell_90": contour_area(&rc.layer, 0.9, true),
            },
        })).collect::<Vec<_>>(),
        "combined_area_km2": {
            "single_50": contour_area(&r.combined, 0.5, false),
            "single_90": contour_area(&r.combined, 0.9, false),
            "dwell_50": contour_area(&r.combined, 0.5, true),
            "dwell_90": contour_area(&r.combined, 0.9, true),
        },
        "zones": r.zones.iter().map(|z| json!({
            "battalion": z.battalion,
            "missile": z.missile,
            "in_altitude_band": z.in_altitude_band,
            "area_km2": area_km2(&z.polygons),
        })).collect::<Vec<_>>(),
    })
}

// ─────────────────────────── pictures ───────────────────────────

pub(crate) type DrawResult = Result<(), String>;

pub(crate) fn render_png(
    path: &Path,
    size: (u32, u32),
    draw: impl FnOnce(&DrawingArea<BitMapBackend<'_>, Shift>) -> DrawResult,
) -> Result<Staged, OutputError> {
    let err = |msg: String| OutputError::Io {
        path: path.to_path_buf(),
        source: std::io::Error::other(msg),
    };
    // plotters writes the file itself: point it at a temporary path (with the extension
    // that picks the encoder).
    let staged = StagedPath::create(path, ".png")?;
    {
        let root = BitMapBackend::new(staged.path(), size).into_drawing_area();
        draw(&root).map_err(err)?;
        root.present().map_err(|e| err(e.to_string()))?;
    }
    staged.finish()
}

pub(crate) fn render_svg(
    path: &Path,
    size: (u32, u32),
    draw: impl FnOnce(&DrawingArea<SVGBackend<'_>, Shift>) -> DrawResult,
) -> Result<Staged, OutputError> {
    let mut text = String::new();
    {
        let root = SVGBackend::with_string(&mut text, size).into_drawing_area();
        draw(&root).map_err(|msg| OutputError::Io {
            path: path.to_path_buf(),
            source: std::io::Error::other(msg),
        })?;
        root.present().map_err(|e| OutputError::Io {
            path: path.to_path_buf(),
            source: std::io::Error::other(e.to_string()),
        })?;
    }
    let mut f = OutputFile::create(path)?;
    f.write_all(text.as_bytes())
        .map_err(|source| OutputError::Io {
            path: path.to_path_buf(),
            source,
        })?;
    f.finish()
}

fn e<T: std::fmt::Display>(x: T) -> String {
    x.to_string()
}

/// Ten Pd bands, light to dark (a yellow–green–blue sequential ramp).
const BANDS: [RGBColor; 10] = [
    RGBColor(255, 255, 217),
    RGBColor(237, 248, 177),
    RGBColor(199, 233, 180),
    RGBColor(127, 205, 187),
    RGBColor(65, 182, 196),
    RGBColor(29, 145, 192),
    RGBColor(34, 114, 180),
    RGBColor(34, 94, 168),
    RGBColor(37, 70, 150),
    RGBColor(37, 52, 130),
];

/// The parts of a closed ring that are not on the grid's edge (where marching squares
/// clips the region), as open polylines: `(x_min, x_max, y_min, y_max)` are the edge
/// coordinates exactly as the ring's points carry them.
fn open_paths(ring: &[[f64; 2]], edges: (f64, f64, f64, f64)) -> Vec<Vec<(f64, f64)>> {
    let (x0, x1, y0, y1) = edges;
    let on_edge = |a: [f64; 2], b: [f64; 2]| {
        (a[0] == x0 && b[0] == x0)
            || (a[0] == x1 && b[0] == x1)
            || (a[1] == y0 && b[1] == y0)
            || (a[1] == y1 && b[1] == y1)
    };
    let mut out = Vec::new();
    let mut current: Vec<(f64, f64)> = Vec::new();
    for w in ring.windows(2) {
        if on_edge(w[0], w[1]) {
            if current.len() >= 2 {
                out.push(std::mem::take(&mut current));
            }
            current.clear();
        } else {
            if current.is_empty() {
                current.push((w[0][0], w[0][1]));
            }
            current.push((w[1][0], w[1][1]));
        }
    }
    if current.len() >= 2 {
        out.push(current);
    }
    out
}

/// Draws `paths` as a black line of `width` over a white halo, readable on any band.
fn halo_paths<DB: DrawingBackend, CT: plotters::coord::CoordTranslate<From = (f64, f64)>>(
    area: &DrawingArea<DB, CT>,
    paths: &[Vec<(f64, f64)>],
    width: u32,
) -> DrawResult
where
    DB::ErrorType: 'static,
{
    for (colour, w) in [(WHITE, width + 2), (BLACK, width)] {
        for path in paths {
            area.draw(&PathElement::new(path.clone(), colour.stroke_width(w)))
                .map_err(e)?;
        }
    }
    Ok(())
}

/// Band of a Pd value: `None` below 0.01 (left blank).
fn band(p: f64) -> Option<usize> {
    (p >= 0.01).then(|| ((p * 10.0).floor() as usize).min(9))
}

/// Cells of a value grid merged into horizontal runs of the same band, at most
/// `max_cells` per axis: (x0, x1, y0, y1, band) in the grid's own coordinates, each node
/// standing for the cell around it.
fn runs(
    values: &[f64],
    nx: usize,
    ny: usize,
    x: impl Fn(f64) -> f64,
    y: impl Fn(f64) -> f64,
    max_cells: usize,
) -> Vec<(f64, f64, f64, f64, usize)> {
    let sx = nx.div_ceil(max_cells).max(1);
    let sy = ny.div_ceil(max_cells).max(1);
    let mut out = Vec::new();
    let mut j = 0;
    while j < ny {
        let jc = (j + sy / 2).min(ny - 1);
        let y0 = y((j as f64 - 0.5).max(0.0));
        let y1 = y(((j + sy) as f64 - 0.5).min((ny - 1) as f64));
        let mut i = 0;
        let mut current: Option<(usize, usize)> = None; // (start column, band)
        while i <= nx {
            let b = if i < nx {
                band(values[jc * nx + (i + sx / 2).min(nx - 1)])
            } else {
                None
            };
            match (current, b) {
                (Some((_, cb)), Some(nb)) if cb == nb => {}
                _ => {
                    if let Some((start, cb)) = current {
                        let x0 = x((start as f64 - 0.5).max(0.0));
                        let x1 = x((i as f64 - 0.5).min((nx - 1) as f64));
                        out.push((x0, x1, y0, y1, cb));
                    }
                    current = b.map(|nb| (i, nb));
                }
            }
            i += sx;
        }
        j += sy;
    }
    out
}

/// The Pd band legend at the top of a legend column: `title` at height `y`, then the ten
/// bands, darkest first; returns the height below the last band.
fn draw_band_legend<DB: DrawingBackend>(
    legend: &DrawingArea<DB, Shift>,
    title: &str,
    mut y: i32,
) -> Result<i32, String>
where
    DB::ErrorType: 'static,
{
    let font = ("sans-serif", 15).into_font();
    legend
        .draw(&Text::new(title, (10, y), ("sans-serif", 17).into_font()))
        .map_err(e)?;
    y += 28;
    for (k, colour) in BANDS.iter().enumerate().rev() {
        legend
            .draw(&Rectangle::new([(10, y), (40, y + 18)], colour.filled()))
            .map_err(e)?;
        legend
            .draw(&Rectangle::new(
                [(10, y), (40, y + 18)],
                BLACK.stroke_width(1),
            ))
            .map_err(e)?;
        let lo = if k == 0 { 0.01 } else { k as f64 / 10.0 };
        legend
            .draw(&Text::new(
                format!("{lo:.2} – {:.1}", (k + 1) as f64 / 10.0),
                (50, y + 2),
                font.clone(),
            ))
            .map_err(e)?;
        y += 20;
    }
    Ok(y)
}

fn draw_vertical<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    r: &CoverageResult,
    rc: &RadarCoverage,
    max_cells: usize,
) -> DrawResult
where
    DB::ErrorType: 'static,
{
    root.fill(&WHITE).map_err(e)?;
    let (w, _) = root.dim_in_pixel();
    let (plot, legend) = root.split_horizontally(w - 220);
    let v = &rc.vertical;
    let (nr, nh) = (v.ranges.len(), v.heights.len());
    let max_r = v.ranges[nr - 1] / 1e3;
    let max_h = v.heights[nh - 1] / 1e3;
    let s = &r.settings;
    let title = format!(
        "{} ({}) — Pd vs range and height, {} m², azimuth {:.0}°",
        rc.name,
        role_name(rc.role),
        s.rcs,
        v.azimuth.to_degrees()
    );
    let mut chart = ChartBuilder::on(&plot)
        .caption(title, ("sans-serif", 19))
        .margin(12)
        .x_label_area_size(40)
        .y_label_area_size(55)
        .build_cartesian_2d(0.0..max_r, 0.0..max_h)
        .map_err(e)?;
    chart
        .configure_mesh()
        .disable_mesh()
        .x_desc("ground range, km")
        .y_desc("height, km")
        .draw()
        .map_err(e)?;
    let xr = |x: f64| max_r * x / (nr - 1) as f64;
    let yh = |y: f64| max_h * y / (nh - 1) as f64;
    let cells = runs(&v.pd, nr, nh, xr, yh, max_cells);
    chart
        .draw_series(
            cells
                .into_iter()
                .map(|(x0, x1, y0, y1, b)| Rectangle::new([(x0, y0), (x1, y1)], BANDS[b].filled())),
        )
        .map_err(e)?;
    let edges = (0.0, (nr - 1) as f64, 0.0, (nh - 1) as f64);
    for &level in &s.contour_levels {
        let width = if level >= 0.85 { 2 } else { 1 };
        let paths: Vec<Vec<(f64, f64)>> = rings(&v.pd, nr, nh, level)
            .iter()
            .flat_map(|ring| open_paths(ring, edges))
            .map(|p| p.into_iter().map(|(x, y)| (xr(x), yh(y))).collect())
            .collect();
        halo_paths(chart.plotting_area(), &paths, width)?;
    }
    // The radar horizon: lowest visible height against ground range (smooth 4/3 Earth).
    let re = s.k_factor * wgs84::gaussian_mean_radius(rc.position.lat);
    let horizon_line: Vec<(f64, f64)> = (0..=200)
        .map(|k| {
            let sr = max_r * f64::from(k) / 200.0;
            let h =
                horizon::min_visible_height(rc.position.height - rc.surface_height, sr * 1e3, re);
            (sr, (h / 1e3).min(max_h))
        })
        .collect();
    chart
        .draw_series(std::iter::once(PathElement::new(
            horizon_line,
            RGBColor(200, 0, 0).stroke_width(2),
        )))
        .map_err(e)?;

    vertical_legend(&legend, r, rc)
}

/// The vertical diagram's legend column: Pd bands, horizon and contour lines, R(.9).
fn vertical_legend<DB: DrawingBackend>(
    legend: &DrawingArea<DB, Shift>,
    r: &CoverageResult,
    rc: &RadarCoverage,
) -> DrawResult
where
    DB::ErrorType: 'static,
{
    let mut y = draw_band_legend(legend, "Pd (one scan)", 40)?;
    y += 14;
    let horizon = RGBColor(200, 0, 0).stroke_width(2);
    legend_line(legend, y, horizon, "radar horizon".into())?;
    y += 22;
    for lvl in &r.settings.contour_levels {
        let width = if *lvl >= 0.85 { 2 } else { 1 };
        legend_line(legend, y, BLACK.stroke_width(width), format!("Pd = {lvl}"))?;
        y += 22;
    }
    y += 10;
    let text = format!("R(.9) free space {:.0} km", rc.ranges.free_space_90 / 1e3);
    legend
        .draw(&Text::new(text, (10, y), ("sans-serif", 15).into_font()))
        .map_err(e)
}

/// One legend line sample of `style` and its `label` at height `y`.
fn legend_line<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    y: i32,
    style: ShapeStyle,
    label: String,
) -> DrawResult
where
    DB::ErrorType: 'static,
{
    area.draw(&PathElement::new(vec![(10, y + 8), (40, y + 8)], style))
        .map_err(e)?;
    area.draw(&Text::new(label, (50, y), ("sans-serif", 15).into_font()))
        .map_err(e)
}

#[cfg(test)]
mod tests {
    use super::*;
    use iadsim_sim::coverage::{CoverageRequest, GridSpec, compute};
    use iadsim_sim::setup::*;

    fn radar(
        role: RadarRole,
        site: Geodetic,
        mast: f64,
        range: f64,
        rcs: f64,
        period: f64,
    ) -> Radar {
        Radar {
            name: format!("{site:?}{role:?}")
                .chars()
                .filter(|c| c.is_ascii_digit())
                .take(6)
                .collect::<String>()
                + match role {
                    RadarRole::Acquisition => " 91N6E",
                    RadarRole::Engagement => " 92N6E",
                },
            type_name: "test".into(),
            role,
            position: site.with_height(mast),
            ground_height: 0.0,
            surface_height: 0.0,
            instrumented_range: range,
            reference_range: range,
            reference_rcs: rcs,
            detection_probability: 0.9,
            scan_period: period,
            scan_phase: None,
            min_elevation: 0.0,
            max_elevation: 1.2,
            sigma_range: 50.0,
            sigma_azimuth: 0.003,
            sigma_elevation: 0.003,
            max_tracks: 36,
            max_guided_missiles: 72,
            sector_centre: None,
            sector_width: match role {
                RadarRole::Acquisition => std::f64::consts::TAU,
                RadarRole::Engagement => 90f64.to_radians(),
            },
            slew_rate: 10f64.to_radians(),
        }
    }

    fn cp(name: &str, p: Geodetic) -> CommandPost {
        CommandPost {
            name: name.into(),
            type_name: "55K6E".into(),
            position: p,
            decision_period: 2.0,
            reaction_time: 5.0,
        }
    }

    fn missile(name: &str, max: f64, alt: f64) -> Missile {
        Missile {
            type_name: name.into(),
            max_range: max,
            max_range_ballistic: 60e3,
            min_range: 3e3,
            min_altitude: 10.0,
            max_altitude: alt,
            average_speed: 1500.0,
            max_target_speed: 4800.0,
            single_shot_pk: 0.8,
            lethal_radius: 20.0,
            max_flight_time: 300.0,
            unit_cost: None,
        }
    }

    fn setup() -> Setup {
        let battalion = |name: &str, lon: f64| {
            let site = Geodetic::from_degrees(48.0, lon, 0.0);
            Battalion {
                name: name.into(),
                command_post: cp(&format!("{name} CP"), site),
                acquisition_radar: Radar {
                    name: format!("{name} 91N6E"),
                    ..radar(RadarRole::Acquisition, site, 8.0, 600e3, 10.0, 10.0)
                },
                engagement_radar: Radar {
                    name: format!("{name} 92N6E"),
                    ..radar(RadarRole::Engagement, site, 24.0, 400e3, 4.0, 1.0)
                },
                launchers: (0..4)
                    .map(|i| Launcher {
                        name: format!("{name} L{i}"),
                        type_name: "5P85TE2".into(),
                        position: Geodetic::from_degrees(
                            48.0 + 0.01 * f64::from(i),
                            lon + 0.01,
                            0.0,
                        ),
                        loadout: vec![
                            MissileLoad {
                                missile: missile("40N6E", 400e3, 30e3),
                                count: 2,
                            },
                            MissileLoad {
                                missile: missile("48N6E3", 250e3, 27e3),
                                count: 2,
                            },
                        ],
                        launch_interval: 3.0,
                    })
                    .collect(),
            }
        };
        Setup {
            terrain: None,
            name: "coverage demo".into(),
            seed: 1,
            duration: 60.0,
            time_step: 0.5,
            assets: vec![Asset {
                name: "city".into(),
                position: Geodetic::from_degrees(48.36, 67.0, 0.0),
                value: 10.0,
                radius: 10e3,
            }],
            regiment: Regiment {
                name: "regiment".into(),
                command_post: cp("regiment CP", Geodetic::from_degrees(48.0, 67.0, 0.0)),
                battalions: vec![battalion("bn1", 66.73), battalion("bn2", 67.27)],
            },
            threats: vec![],
            doctrine: Doctrine {
                salvo_size: 2,
                shoot_look_shoot: true,
                ballistic_reserve: 0,
                allow_double_engagement: false,
                class_priority: Default::default(),
            },
            costs: None,
        }
    }

    fn signed_area(ring: &[Value]) -> f64 {
        let p: Vec<(f64, f64)> = ring
            .iter()
            .map(|q| (q[0].as_f64().unwrap(), q[1].as_f64().unwrap()))
            .collect();
        p.windows(2)
            .map(|w| w[0].0 * w[1].1 - w[1].0 * w[0].1)
            .sum::<f64>()
            / 2.0
    }

    /// RFC 7946 shape checks on every polygon ring of a geometry.
    fn check_rings(polygons: &[Value]) {
        for poly in polygons {
            let rings = poly.as_array().unwrap();
            for (k, ring) in rings.iter().enumerate() {
                let ring = ring.as_array().unwrap();
                assert!(ring.len() >= 4);
                assert_eq!(ring.first(), ring.last(), "ring not closed");
                for q in ring {
                    let (lon, lat) = (q[0].as_f64().unwrap(), q[1].as_f64().unwrap());
                    assert!((-180.0..=180.0).contains(&lon) && (-90.0..=90.0).contains(&lat));
                }
                let a = signed_area(ring);
                if k == 0 {
                    assert!(a > 0.0, "exterior must be counter-clockwise");
                } else {
                    assert!(a < 0.0, "holes must be clockwise");
                }
            }
        }
    }

    #[test]
    fn writes_valid_geojson_pictures_and_summary() {
        let setup = setup();
        let mut req = CoverageRequest::new(&setup);
        req.grid = GridSpec::covering(&setup, 160, 160);
        req.target_height = 3_000.0;
        req.rcs = 1.0;
        req.vertical.n_range = 80;
        req.vertical.n_height = 40;
        let result = compute(&setup, &req).unwrap();
        let demo = std::env::var("IADSIM_COVERAGE_DEMO").ok();
        let dir = tempfile::tempdir().unwrap();
        let out = demo.as_deref().map(Path::new).unwrap_or(dir.path());
        let files = write_all(&result, out).unwrap();
        assert_eq!(files.len(), 5 + 2 * 4);
        for f in &files {
            assert!(
                f.exists() && std::fs::metadata(f).unwrap().len() > 100,
                "{f:?}"
            );
        }
        // Nothing partial left behind.
        assert!(std::fs::read_dir(out).unwrap().all(|e| {
            !e.unwrap()
                .file_name()
                .to_string_lossy()
                .starts_with(".iadsim-partial")
        }));
        let png = std::fs::read(out.join("coverage_map.png")).unwrap();
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
        let svg = std::fs::read_to_string(out.join("coverage_map.svg")).unwrap();
        assert!(svg.starts_with("<svg") && svg.contains("km") && svg.contains("40N6E"));

        let gj: Value = serde_json::from_str(&std::fs::read_to_string(&files[0]).unwrap()).unwrap();
        assert_eq!(gj["type"], "FeatureCollection");
        let features = gj["features"].as_array().unwrap();
        let mut kinds = std::collections::BTreeMap::new();
        for f in features {
            assert_eq!(f["type"], "Feature");
            *kinds
                .entry(f["properties"]["kind"].as_str().unwrap().to_string())
                .or_insert(0) += 1;
            let g = &f["geometry"];
            match g["type"].as_str().unwrap() {
                "MultiPolygon" => check_rings(g["coordinates"].as_array().unwrap()),
                "Polygon" => check_rings(std::slice::from_ref(&g["coordinates"])),
                "Point" => assert_eq!(g["coordinates"].as_array().unwrap().len(), 2),
                other => panic!("unexpected geometry {other}"),
            }
        }
        // 5 layers × 2 (scan, dwell) × 2 levels; 2 battalions × 2 missiles; sites.
        assert_eq!(kinds["pd_contour"], 20);
        assert_eq!(kinds["engagement_zone"], 4);
        assert_eq!(kinds["site"], 1 + 2 * (3 + 4));
        assert_eq!(kinds["asset"], 1);
        assert_eq!(kinds["asset_area"], 1);
        // A zone is really there and its lon/lat order is right (lon ≈ 67, lat ≈ 48).
        let zone = features
            .iter()
            .find(|f| f["properties"]["kind"] == "engagement_zone")
            .unwrap();
        let q = &zone["geometry"]["coordinates"][0][0][0];
        assert!((q[0].as_f64().unwrap() - 67.0).abs() < 8.0);
        assert!((q[1].as_f64().unwrap() - 48.0).abs() < 5.0);

        let table = summary_table(&result);
        assert!(
            table.contains("bn1 91N6E") && table.contains("48N6E3"),
            "{table}"
        );
    }

    /// The polygon enclosed by a geodesic circle of `radius` (m) round `centre`, sampled
    /// every 0.25°, as the coverage grid gives it (longitudes continuous; a circle round a
    /// pole closed along the pole's row and the antimeridian), and its area by
    /// GeographicLib (geodesic edges; Karney 2013), m².
    fn circle_and_reference(centre: &Geodetic, radius: f64, round_pole: bool) -> (Polygon, f64) {
        use geographiclib_rs::{Geodesic, PolygonArea, Winding};
        let geod = Geodesic::wgs84();
        let mut ring: Vec<[f64; 2]> = (0..1440)
            .map(|k| {
                let az = (360.0 - 0.25 * f64::from(k)).to_radians();
                let (p, _) = geodesic::direct(centre, az, radius);
                [p.lon_deg(), p.lat_deg()]
            })
            .collect();
        let mut reference = PolygonArea::new(&geod, Winding::CounterClockwise);
        for q in &ring {
            reference.add_point(q[1], q[0]);
        }
        let (_, area, _) = reference.compute(true);
        if round_pole {
            // Eastward along the circle from −180° to 180°, then over the pole.
            ring.sort_by(|a, b| a[0].total_cmp(&b[0]));
            let lat_at = |lon: f64| {
                let (a, b) = (ring[0], ring[ring.len() - 1]);
                let f = (lon - (b[0] - 360.0)) / (a[0] - (b[0] - 360.0));
                b[1] + f * (a[1] - b[1])
            };
            let west = [-180.0, lat_at(-180.0)];
            ring.insert(0, west);
            ring.extend([[180.0, west[1]], [180.0, 90.0], [-180.0, 90.0], west]);
        } else {
            let first = ring[0];
            ring.push(first);
        }
        let polygon = Polygon {
            exterior: ring,
            holes: vec![],
        };
        (polygon, area)
    }

    #[test]
    fn areas_on_the_ellipsoid_match_geographiclib() {
        // The whole ellipsoid, as a ring round the lon/lat rectangle.
        let earth = Polygon {
            exterior: vec![
                [-180.0, -90.0],
                [180.0, -90.0],
                [180.0, 90.0],
                [-180.0, 90.0],
                [-180.0, -90.0],
            ],
            holes: vec![],
        };
        let total = geographiclib_rs::Geodesic::wgs84().area() / 1e6;
        let a = area_km2(std::slice::from_ref(&earth));
        assert!((a - total).abs() < 1e-9 * total, "{a} vs {total}");
        // 400 km discs at 45°N and round the north pole (centre 88.5°N).
        for (lat, lon, round_pole) in [(45.0, 10.0, false), (88.5, 30.0, true)] {
            let centre = Geodetic::from_degrees(lat, lon, 0.0);
            let (polygon, reference) = circle_and_reference(&centre, 400e3, round_pole);
            let a = area_km2(std::slice::from_ref(&polygon));
            let reference = reference / 1e6;
            println!("400 km disc at {lat}°N: {a:.1} km², GeographicLib {reference:.1} km²");
            assert!(
                (a - reference).abs() < 1e-4 * reference,
                "{a} vs {reference}"
            );
        }
        // A hole counts negative; a one-degree cell at the equator is M·N·Δφ·Δλ (to
        // first order, M and N at 0.5°).
        let cell = Polygon {
            exterior: vec![[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0], [0.0, 0.0]],
            holes: vec![vec![
                [0.25, 0.25],
                [0.25, 0.75],
                [0.75, 0.75],
                [0.75, 0.25],
                [0.25, 0.25],
            ]],
        };
        let lat = 0.5f64.to_radians();
        let d = 1f64.to_radians();
        let mn = wgs84::meridian_radius(lat) * wgs84::prime_vertical_radius(lat) * lat.cos();
        let expected = 0.75 * mn * d * d / 1e6;
        let a = area_km2(&[cell]);
        assert!((a - expected).abs() < 1e-4 * expected, "{a} vs {expected}");
        assert_eq!(slug("bn1 92N6E / Ёж"), "bn1-92n6e");
    }
}

//! The coverage computation: each radar configured as the physics radar would be, its Pd
//! evaluated over the grid in parallel, layers combined and contoured, engagement zones
//! clipped to the engagement radars' coverage.

use std::sync::Arc;

use std::f64::consts::FRAC_PI_2;

use iadsim_core::horizon::horizon_range;
use iadsim_core::{Enu, Geodetic, Vector3, wgs84};
use rayon::prelude::*;

use super::request::{CoverageError, CoverageRequest, GridSpec, HeightReference, radars_of};
use super::result::*;
use crate::sense::physics::{Envelope, PhysicsConfig, antenna_over_terrain};
use crate::sense::radar::contour::contour_polygons;
use crate::sense::radar::detection::PdTable;
use crate::sense::radar::equation::RadarModel;
use crate::sense::radar::scan::ScanPattern;
use crate::sense::radar::sight::{Site, ellipsoid_normal};
use crate::sense::radar::terrain::{Dem, Viewshed};
use iadsim_setup::{Radar, Setup};

/// Largest ground distance (m, with 2 % margin) from `from` to the grid's boundary,
/// sampled at 64 points per side.
fn grid_reach(grid: &GridSpec, from: &Geodetic) -> f64 {
    let n = ellipsoid_normal(from.lat, from.lon);
    let radius = wgs84::gaussian_mean_radius(from.lat);
    let mut far: f64 = 0.0;
    for k in 0..=64 {
        let f = f64::from(k) / 64.0;
        let lat = grid.south + (grid.north - grid.south) * f;
        let lon = grid.west + (grid.east - grid.west) * f;
        for (la, lo) in [
            (lat, grid.west),
            (lat, grid.east),
            (grid.south, lon),
            (grid.north, lon),
        ] {
            let m = ellipsoid_normal(la, lo);
            far = far.max(radius * n.cross(&m).norm().atan2(n.dot(&m)));
        }
    }
    1.02 * far + 1_000.0
}

/// One radar ready for fast evaluation.
struct Evaluator {
    site: Site,
    envelope: Envelope,
    model: RadarModel,
    table: Arc<PdTable>,
    viewshed: Option<Viewshed>,
    ecef: Vector3<f64>,
    rcs: f64,
}

impl Evaluator {
    /// Single-scan Pd at a point given by ECEF, normal, latitude and ellipsoid height.
    #[inline]
    fn pd(&self, ecef: &Vector3<f64>, normal: &Vector3<f64>, lat: f64, height: f64) -> f64 {
        let d = ecef - self.ecef;
        let r2 = d.norm_squared();
        if r2 > self.envelope.max_range * self.envelope.max_range
            || r2 < self.envelope.min_range * self.envelope.min_range
        {
            return 0.0;
        }
        let sight = self.site.sight_parts(ecef, normal, lat, height);
        if !self.envelope.admits(&sight) {
            return 0.0;
        }
        if let Some(vs) = &self.viewshed
            && !vs.visible(
                sight.polar.azimuth,
                sight.ground_range,
                sight.apparent_elevation,
            )
        {
            return 0.0;
        }
        self.table.pd(self.model.snr(sight.polar.range, self.rcs))
    }
}

/// Computes the coverage of `setup`'s radars and missiles for `request`.
pub fn compute(setup: &Setup, request: &CoverageRequest) -> Result<CoverageResult, CoverageError> {
    request.check()?;
    let grid = request.grid;
    let evaluators = evaluators(setup, request)?;
    let points = GridPoints::new(request);
    let mut radars = Vec::with_capacity(evaluators.len());
    let mut miss_all = vec![1.0f64; grid.nx * grid.ny];
    for (ev, meta) in &evaluators {
        radars.push(radar_coverage(
            setup,
            request,
            ev,
            meta,
            &points,
            &mut miss_all,
        )?);
    }
    let n_scans = request.dwell_scans as i32;
    let combined_single: Vec<f64> = miss_all.par_iter().map(|m| 1.0 - m).collect();
    let combined_cum: Vec<f64> = miss_all.par_iter().map(|m| 1.0 - m.powi(n_scans)).collect();
    let mut combined = Layer {
        contours: Vec::new(),
        single: combined_single,
        cumulative: combined_cum,
    };
    contour_layers(&mut radars, &mut combined, request);
    let zones = engagement_zones(setup, request, &grid, &points.rows, &points.cols, &radars);
    let (sites, assets) = marks(setup);
    Ok(CoverageResult {
        scenario: setup.name.clone(),
        settings: Settings {
            target_height: request.target_height,
            height_reference: request.height_reference,
            rcs: request.rcs,
            dwell_scans: request.dwell_scans,
            swerling: request.swerling,
            pfa: request.pfa,
            k_factor: request.k_factor,
            terrain: request.terrain.is_some(),
            zone_pd: request.zone_pd,
            contour_levels: request.contour_levels.clone(),
        },
        grid,
        radars,
        combined,
        zones,
        sites,
        assets,
    })
}

/// What a radar's layer is labelled with: its battalion, its spec, the configuration it
/// was evaluated with and its sector (centre, width; rad), if it searches one.
type Meta<'a> = (usize, &'a Radar, PhysicsConfig, Option<(f64, f64)>);

/// Every radar of the setup, configured as the physics radar would be (with the
/// request's detection statistics), ready for evaluation; radars with the same detector
/// share one Pd table.
fn evaluators<'a>(
    setup: &'a Setup,
    request: &CoverageRequest,
) -> Result<Vec<(Evaluator, Meta<'a>)>, CoverageError> {
    let terrain = request.terrain.as_deref();
    let mut tables: Vec<Arc<PdTable>> = Vec::new();
    let mut out = Vec::new();
    for (b, spec) in radars_of(setup) {
        let config = configure(setup, request, b, spec);
        let model = RadarModel::from_setup(spec, config.swerling, config.pfa, config.pulses)?;
        let table = match tables.iter().find(|t| t.detector() == model.detector()) {
            Some(t) => t.clone(),
            None => {
                let t = Arc::new(PdTable::new(*model.detector()));
                tables.push(t.clone());
                t
            }
        };
        // Without terrain the smooth surface is the scenario's (the lowest ground in
        // play), as in the engine; with terrain it is the ellipsoid and the antenna stands
        // at its mast height above the DEM ground.
        let site = match terrain {
            Some(dem) => Site::new(antenna_over_terrain(spec, dem), config.k_factor),
            None => Site::new(spec.position, config.k_factor).with_surface(spec.surface_height),
        };
        let viewshed = terrain.map(|dem| {
            // Out to the instrumented range or the farthest point of the grid.
            let reach = grid_reach(&request.grid, &spec.position).min(spec.instrumented_range);
            dem.viewshed(&site, request.terrain_azimuths, request.terrain_step, reach)
        });
        let sector = match config.scan {
            ScanPattern::Sector { centre, width, .. } => Some((centre, width)),
            ScanPattern::Rotating { .. } => None,
        };
        let ev = Evaluator {
            site,
            envelope: Envelope::new(spec, &config),
            model,
            table,
            viewshed,
            ecef: site.position.to_ecef().0,
            rcs: request.rcs,
        };
        out.push((ev, (b, spec, config, sector)));
    }
    Ok(out)
}

/// Battalion `b`'s radar `spec` configured as the physics radar would be, with the
/// request's Swerling case, Pfa, pulses and refraction; every radar rotating unless the
/// engagement sectors are asked for.
fn configure(setup: &Setup, request: &CoverageRequest, b: usize, spec: &Radar) -> PhysicsConfig {
    let mut config = PhysicsConfig::for_battalion(&setup.regiment, &setup.assets, b, spec.role);
    config.swerling = request.swerling;
    config.pfa = request.pfa;
    if let Some(p) = request.pulses {
        config.pulses = p;
    }
    config.k_factor = request.k_factor;
    if !request.engagement_sectors {
        config.scan = ScanPattern::Rotating {
            period: config.scan.sweep_time(),
            phase: 0.0,
        };
    }
    config
}

/// The grid's rows (latitude, its sine and cosine, the prime-vertical radius) and columns
/// (sine and cosine of the longitude), and the terrain height at every node when heights
/// are above the ground of a DEM.
struct GridPoints {
    rows: Vec<(f64, f64, f64, f64)>,
    cols: Vec<(f64, f64)>,
    ground: Option<Vec<f64>>,
}

impl GridPoints {
    fn new(request: &CoverageRequest) -> Self {
        let grid = request.grid;
        let (nx, ny) = (grid.nx, grid.ny);
        let rows = (0..ny)
            .map(|j| {
                let lat = grid.lat(j);
                let (sl, cl) = lat.sin_cos();
                let n = wgs84::A / (1.0 - wgs84::E2 * sl * sl).sqrt();
                (lat, sl, cl, n)
            })
            .collect();
        let cols = (0..nx).map(|i| grid.lon(i).sin_cos()).collect();
        let above_ground = request.height_reference == HeightReference::AboveGround;
        let ground = match (request.terrain.as_deref(), above_ground) {
            (Some(dem), true) => {
                let mut g = vec![0.0; nx * ny];
                g.par_chunks_mut(nx).enumerate().for_each(|(j, row)| {
                    for (i, v) in row.iter_mut().enumerate() {
                        *v = dem.height(grid.lat(j), grid.lon(i));
                    }
                });
                Some(g)
            }
            _ => None,
        };
        Self { rows, cols, ground }
    }
}

/// One radar's coverage: its single-scan Pd at every node (multiplied into `miss_all`,
/// the probability every radar so far misses), cumulative Pd, vertical diagram and
/// detection ranges.
fn radar_coverage(
    setup: &Setup,
    request: &CoverageRequest,
    ev: &Evaluator,
    meta: &Meta<'_>,
    points: &GridPoints,
    miss_all: &mut [f64],
) -> Result<RadarCoverage, CoverageError> {
    let (b, spec, config, sector) = meta;
    let nx = request.grid.nx;
    let n_scans = request.dwell_scans as i32;
    let cumulative = |pd: f64| 1.0 - (1.0 - pd).powi(n_scans);
    // Without terrain "above ground" is above the smooth surface.
    let ground_without_terrain = match request.height_reference {
        HeightReference::AboveGround => ev.site.surface,
        HeightReference::AboveEllipsoid => 0.0,
    };
    let mut single = vec![0.0; miss_all.len()];
    single.par_chunks_mut(nx).enumerate().for_each(|(j, row)| {
        let (lat, sl, cl, n) = points.rows[j];
        for (i, v) in row.iter_mut().enumerate() {
            let (so, co) = points.cols[i];
            let h = request.target_height
                + points
                    .ground
                    .as_ref()
                    .map_or(ground_without_terrain, |g| g[j * nx + i]);
            let normal = Vector3::new(cl * co, cl * so, sl);
            let ecef = Vector3::new(
                (n + h) * cl * co,
                (n + h) * cl * so,
                (n * (1.0 - wgs84::E2) + h) * sl,
            );
            *v = ev.pd(&ecef, &normal, lat, h);
        }
    });
    miss_all
        .par_iter_mut()
        .zip(&single)
        .for_each(|(m, p)| *m *= 1.0 - p);
    let cum: Vec<f64> = single.par_iter().map(|&p| cumulative(p)).collect();
    let terrain = request.terrain.as_deref();
    let vertical_azimuth = sector.map_or(0.0, |(c, _)| c);
    let vertical = vertical_diagram(ev, spec, request, terrain, vertical_azimuth);
    let ranges = detection_ranges(ev, spec, request, terrain, vertical_azimuth)?;
    Ok(RadarCoverage {
        name: spec.name.clone(),
        type_name: spec.type_name.clone(),
        battalion: setup.regiment.battalions[*b].name.clone(),
        role: spec.role,
        position: ev.site.position,
        surface_height: ev.site.surface,
        pulses: config.pulses,
        sector: *sector,
        layer: Layer {
            single,
            cumulative: cum,
            contours: Vec::new(),
        },
        vertical,
        ranges,
    })
}

/// The contours of every layer (each radar's, then the combined one), level by level, as
/// independent parallel tasks.
fn contour_layers(radars: &mut [RadarCoverage], combined: &mut Layer, request: &CoverageRequest) {
    let grid = request.grid;
    let (nx, ny) = (grid.nx, grid.ny);
    let layers: Vec<&Layer> = radars
        .iter()
        .map(|r| &r.layer)
        .chain(std::iter::once(&*combined))
        .collect();
    let tasks: Vec<(usize, bool, f64)> = (0..layers.len())
        .flat_map(|k| {
            [false, true]
                .into_iter()
                .flat_map(move |cum| request.contour_levels.iter().map(move |&l| (k, cum, l)))
        })
        .collect();
    let done: Vec<(usize, Contour)> = tasks
        .par_iter()
        .map(|&(k, cumulative, level)| {
            let values = if cumulative {
                &layers[k].cumulative
            } else {
                &layers[k].single
            };
            let polygons = contour_polygons(values, nx, ny, level, |p| grid.to_lon_lat_deg(p));
            (
                k,
                Contour {
                    level,
                    cumulative,
                    polygons,
                },
            )
        })
        .collect();
    for (k, c) in done {
        if k < radars.len() {
            radars[k].layer.contours.push(c);
        } else {
            combined.contours.push(c);
        }
    }
}

/// A vertical cut from a radar site along one azimuth: points at ground range s lie on
/// the great circle of the ellipsoid normals, with the radius of curvature in that
/// azimuth at the site.
struct Cut {
    normal: Vector3<f64>,
    u: Vector3<f64>,
    radius: f64,
}

impl Cut {
    fn new(site: &Site, azimuth: f64) -> Self {
        let east = site.frame.vector_to_ecef(&Enu::new(1.0, 0.0, 0.0)).0;
        let north = site.frame.vector_to_ecef(&Enu::new(0.0, 1.0, 0.0)).0;
        let (sa, ca) = azimuth.sin_cos();
        let lat1 = site.position.lat;
        Self {
            normal: *site.normal(),
            u: east * sa + north * ca,
            radius: 1.0
                / (ca * ca / wgs84::meridian_radius(lat1)
                    + sa * sa / wgs84::prime_vertical_radius(lat1)),
        }
    }

    /// Unit ellipsoid normal at ground range `s` (m).
    fn normal_at(&self, s: f64) -> Vector3<f64> {
        let theta = s / self.radius;
        self.normal * theta.cos() + self.u * theta.sin()
    }
}

/// Pd at ground range `s` along `cut`, height `h` above the request's reference.
fn pd_along(
    ev: &Evaluator,
    request: &CoverageRequest,
    terrain: Option<&Dem>,
    cut: &Cut,
    s: f64,
    h: f64,
) -> f64 {
    let n = cut.normal_at(s.max(1.0));
    let lat = n.z.atan2(n.x.hypot(n.y));
    let ground = match (terrain, request.height_reference) {
        (Some(dem), HeightReference::AboveGround) => dem.height(lat, n.y.atan2(n.x)),
        (None, HeightReference::AboveGround) => ev.site.surface,
        (_, HeightReference::AboveEllipsoid) => 0.0,
    };
    let height = h + ground;
    // ECEF straight from the normal: ((N + h)·n_x, (N + h)·n_y, (N(1 − e²) + h)·n_z).
    let big_n = wgs84::A / (1.0 - wgs84::E2 * n.z * n.z).sqrt();
    let ecef = Vector3::new(
        (big_n + height) * n.x,
        (big_n + height) * n.y,
        (big_n * (1.0 - wgs84::E2) + height) * n.z,
    );
    ev.pd(&ecef, &n, lat, height)
}

fn vertical_diagram(
    ev: &Evaluator,
    spec: &Radar,
    request: &CoverageRequest,
    terrain: Option<&Dem>,
    azimuth: f64,
) -> VerticalDiagram {
    let v = &request.vertical;
    let max_range = v.max_range.unwrap_or(spec.instrumented_range);
    let ranges: Vec<f64> = (0..v.n_range)
        .map(|i| max_range * i as f64 / (v.n_range - 1) as f64)
        .collect();
    let heights: Vec<f64> = (0..v.n_height)
        .map(|j| v.max_height * j as f64 / (v.n_height - 1) as f64)
        .collect();
    let cut = Cut::new(&ev.site, azimuth);
    let mut pd = vec![0.0; ranges.len() * heights.len()];
    pd.par_chunks_mut(ranges.len())
        .enumerate()
        .for_each(|(j, row)| {
            for (i, p) in row.iter_mut().enumerate() {
                *p = pd_along(ev, request, terrain, &cut, ranges[i], heights[j]);
            }
        });
    VerticalDiagram {
        azimuth,
        ranges,
        heights,
        pd,
    }
}

fn detection_ranges(
    ev: &Evaluator,
    spec: &Radar,
    request: &CoverageRequest,
    terrain: Option<&Dem>,
    azimuth: f64,
) -> Result<DetectionRanges, CoverageError> {
    let free_space_50 = ev.model.detection_range(request.rcs, 0.5)?;
    let free_space_90 = ev.model.detection_range(request.rcs, 0.9)?;
    // Heights above the smooth surface (the scenario's, or the ellipsoid with a DEM): the
    // antenna's (the site's ground, or the DEM's, plus the mast) and the target's (above
    // the ground of a DEM when there is one: the textbook figure then takes that ground
    // at sea level).
    let target = match request.height_reference {
        HeightReference::AboveGround => request.target_height,
        HeightReference::AboveEllipsoid => request.target_height - ev.site.surface,
    };
    let horizon = horizon_range(
        ev.site.position.height - ev.site.surface,
        target,
        request.k_factor,
        wgs84::gaussian_mean_radius(spec.position.lat),
    );
    let step = 250.0;
    let n = (spec.instrumented_range / step).ceil() as usize;
    let cut = Cut::new(&ev.site, azimuth);
    let pds: Vec<f64> = (1..=n)
        .into_par_iter()
        .map(|k| {
            pd_along(
                ev,
                request,
                terrain,
                &cut,
                step * k as f64,
                request.target_height,
            )
        })
        .collect();
    let last = |level: f64| {
        pds.iter()
            .rposition(|&p| p >= level)
            .map_or(0.0, |k| step * (k + 1) as f64)
    };
    Ok(DetectionRanges {
        free_space_50,
        free_space_90,
        horizon,
        instrumented: spec.instrumented_range,
        along_50: last(0.5),
        along_90: last(0.9),
    })
}

fn engagement_zones(
    setup: &Setup,
    request: &CoverageRequest,
    grid: &GridSpec,
    rows: &[(f64, f64, f64, f64)],
    cols: &[(f64, f64)],
    radars: &[RadarCoverage],
) -> Vec<EngagementZone> {
    let (nx, ny) = (grid.nx, grid.ny);
    // (battalion index, centre, missile) for every missile type of every battalion.
    let mut tasks = Vec::new();
    for (b, bn) in setup.regiment.battalions.iter().enumerate() {
        // Launcher centroid (command post when there are none).
        let centre = if bn.launchers.is_empty() {
            bn.command_post.position
        } else {
            let sum = bn
                .launchers
                .iter()
                .fold(Vector3::zeros(), |s, l| s + l.position.to_ecef().0);
            let mut g = iadsim_core::Ecef(sum / bn.launchers.len() as f64).to_geodetic();
            g.height = bn.launchers[0].position.height;
            g
        };
        let mut seen: Vec<&str> = Vec::new();
        for l in &bn.launchers {
            for load in &l.loadout {
                let m = &load.missile;
                if !seen.contains(&m.type_name.as_str()) {
                    seen.push(&m.type_name);
                    tasks.push((b, centre, m));
                }
            }
        }
    }
    tasks
        .par_iter()
        .map(|&(b, centre, m)| {
            let bn = &setup.regiment.battalions[b];
            let in_band =
                request.target_height >= m.min_altitude && request.target_height <= m.max_altitude;
            let polygons = if in_band && m.max_range > m.min_range {
                // Ground distance d ↔ chord between unit normals 2·sin(d/2R): the field is
                // the signed margin in chord length (monotone in d, so the 0-contour sits
                // on the range circles), min'd with the detection margin.
                let c_normal = ellipsoid_normal(centre.lat, centre.lon);
                let radius = wgs84::gaussian_mean_radius(centre.lat);
                let chord = |d: f64| 2.0 * (0.5 * d / radius).min(FRAC_PI_2).sin();
                let (c_max, c_min) = (chord(m.max_range), chord(m.min_range));
                let eng = &radars[2 * b + 1].layer.single;
                let mut field = vec![0.0; nx * ny];
                field.par_chunks_mut(nx).enumerate().for_each(|(j, row)| {
                    let (_, sl, cl, _) = rows[j];
                    for (i, f) in row.iter_mut().enumerate() {
                        let (so, co) = cols[i];
                        let c = (Vector3::new(cl * co, cl * so, sl) - c_normal).norm();
                        let outer = (c_max - c) / c_max;
                        let inner = (c - c_min) / c_max;
                        let detect = eng[j * nx + i] - request.zone_pd;
                        *f = outer.min(inner).min(detect);
                    }
                });
                contour_polygons(&field, nx, ny, 0.0, |p| grid.to_lon_lat_deg(p))
            } else {
                Vec::new()
            };
            EngagementZone {
                battalion: bn.name.clone(),
                missile: m.type_name.clone(),
                centre,
                max_range: m.max_range,
                min_range: m.min_range,
                altitude_band: (m.min_altitude, m.max_altitude),
                in_altitude_band: in_band,
                polygons,
            }
        })
        .collect()
}

fn marks(setup: &Setup) -> (Vec<SiteMark>, Vec<AssetMark>) {
    let mut sites = vec![SiteMark {
        name: setup.regiment.command_post.name.clone(),
        kind: "command_post".into(),
        battalion: String::new(),
        position: setup.regiment.command_post.position,
    }];
    for bn in &setup.regiment.battalions {
        let mark = |name: &str, kind: &str, position: Geodetic| SiteMark {
            name: name.to_string(),
            kind: kind.to_string(),
            battalion: bn.name.clone(),
            position,
        };
        sites.push(mark(
            &bn.command_post.name,
            "command_post",
            bn.command_post.position,
        ));
        sites.push(mark(
            &bn.acquisition_radar.name,
            "acquisition_radar",
            bn.acquisition_radar.position,
        ));
        sites.push(mark(
            &bn.engagement_radar.name,
            "engagement_radar",
            bn.engagement_radar.position,
        ));
        for l in &bn.launchers {
            sites.push(mark(&l.name, "launcher", l.position));
        }
    }
    let assets = setup
        .assets
        .iter()
        .map(|a| AssetMark {
            name: a.name.clone(),
            position: a.position,
            radius: a.radius,
        })
        .collect();
    (sites, assets)
}

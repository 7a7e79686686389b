//! The coverage map (PNG and SVG): the combined single-scan Pd in bands, its contours,
//! the engagement zones, the assets and sites, a scale bar and a legend.
//!
//! The map is equirectangular in the grid's own longitudes, which run on continuously
//! past ±180° when the grid straddles the antimeridian (and from −180° to 180° round a
//! pole); every position drawn on it goes through [`map_point`] into that frame, and the
//! axis labels are wrapped back into [−180°, 180°].

use iadsim_core::wgs84;
use iadsim_sim::coverage::{CoverageResult, GridSpec};
use plotters::coord::Shift;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;

use super::{
    BANDS, DrawResult, circle, draw_band_legend, e, halo_paths, height_phrase, legend_line,
    open_paths, runs,
};
use crate::antimeridian;

/// The map's chart: longitude (°, the grid's frame) across, latitude (°) up.
type MapChart<'a, DB> = ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// Engagement zone colours, one per missile type (cycled).
const ZONE_COLOURS: [RGBColor; 5] = [
    RED,
    MAGENTA,
    RGBColor(255, 140, 0),
    RGBColor(0, 150, 0),
    CYAN,
];

/// Where the position (`lon_deg`, `lat_deg`) is drawn on the map of `grid`: its
/// longitude shifted by whole turns to within 180° of the grid's central meridian (the
/// grid's continuous frame, so a site at 179.9°E and a launcher at 179.9°W both land
/// inside a grid running from 172°E to 188°E), and its latitude.
pub(crate) fn map_point(grid: &GridSpec, lon_deg: f64, lat_deg: f64) -> (f64, f64) {
    let centre = 0.5 * (grid.west + grid.east).to_degrees();
    (antimeridian::unwrap_near(lon_deg, centre), lat_deg)
}

/// An axis label for the map longitude `x` (°, the grid's frame): wrapped into
/// (−180°, 180°], rounded to 1e-6°.
fn lon_label(x: f64) -> String {
    let w = antimeridian::wrap(x);
    let w = if w <= -180.0 + 1e-9 { 180.0 } else { w };
    format!("{}", (w * 1e6).round() / 1e6)
}

/// Picture size for the map: plot area with the map's aspect (longitude scaled by the
/// cosine of the mid latitude) plus a legend column.
pub(super) fn map_size(r: &CoverageResult) -> (u32, u32) {
    let g = &r.grid;
    let mid = 0.5 * (g.south + g.north);
    let aspect = ((g.east - g.west) * mid.cos()) / (g.north - g.south);
    let h = 900.0;
    let w = (h * aspect).clamp(500.0, 1600.0);
    (w as u32 + 340, h as u32 + 80)
}

/// Draws the whole map on `root`, at most `max_cells` Pd cells per axis.
pub(super) fn draw_map<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    r: &CoverageResult,
    max_cells: usize,
) -> DrawResult
where
    DB::ErrorType: 'static,
{
    root.fill(&WHITE).map_err(e)?;
    let (w, _) = root.dim_in_pixel();
    let (plot, legend) = root.split_horizontally(w - 330);
    let mut chart = map_chart(&plot, r)?;
    draw_pd_bands(&mut chart, r, max_cells)?;
    draw_contours(&chart, r)?;
    draw_zones(&mut chart, r)?;
    draw_assets(&mut chart, r)?;
    draw_sites(&mut chart, r)?;
    draw_scale_bar(&mut chart, r)?;
    draw_legend(&legend, r)
}

/// The chart with its title and axes (longitude labels wrapped into ±180°).
fn map_chart<'a, DB: DrawingBackend>(
    plot: &'a DrawingArea<DB, Shift>,
    r: &CoverageResult,
) -> Result<MapChart<'a, DB>, String>
where
    DB::ErrorType: 'static,
{
    let g = r.grid;
    let (west, east) = (g.west.to_degrees(), g.east.to_degrees());
    let (south, north) = (g.south.to_degrees(), g.north.to_degrees());
    let title = format!(
        "{} — all radars, single-scan Pd: {} m², {}",
        r.scenario,
        r.settings.rcs,
        height_phrase(r)
    );
    let mut chart = ChartBuilder::on(plot)
        .caption(title, ("sans-serif", 20))
        .margin(12)
        .x_label_area_size(40)
        .y_label_area_size(60)
        .build_cartesian_2d(west..east, south..north)
        .map_err(e)?;
    chart
        .configure_mesh()
        .disable_mesh()
        .x_label_formatter(&|x| lon_label(*x))
        .x_desc("longitude, °E")
        .y_desc("latitude, °N")
        .draw()
        .map_err(e)?;
    Ok(chart)
}

/// The combined single-scan Pd in ten bands.
fn draw_pd_bands<DB: DrawingBackend>(
    chart: &mut MapChart<'_, DB>,
    r: &CoverageResult,
    max_cells: usize,
) -> DrawResult
where
    DB::ErrorType: 'static,
{
    let g = r.grid;
    let (west, east) = (g.west.to_degrees(), g.east.to_degrees());
    let (south, north) = (g.south.to_degrees(), g.north.to_degrees());
    let lon = |x: f64| west + (east - west) * x / (g.nx - 1) as f64;
    let lat = |y: f64| south + (north - south) * y / (g.ny - 1) as f64;
    let cells = runs(&r.combined.single, g.nx, g.ny, lon, lat, max_cells);
    chart
        .draw_series(
            cells
                .into_iter()
                .map(|(x0, x1, y0, y1, b)| Rectangle::new([(x0, y0), (x1, y1)], BANDS[b].filled())),
        )
        .map_err(e)?;
    Ok(())
}

/// The combined single-scan contours (the grid's edge, where the region is clipped, not
/// drawn).
fn draw_contours<DB: DrawingBackend>(chart: &MapChart<'_, DB>, r: &CoverageResult) -> DrawResult
where
    DB::ErrorType: 'static,
{
    let g = r.grid;
    let corner0 = g.to_lon_lat_deg([0.0, 0.0]);
    let corner1 = g.to_lon_lat_deg([(g.nx - 1) as f64, (g.ny - 1) as f64]);
    let edges = (corner0[0], corner1[0], corner0[1], corner1[1]);
    for c in r.combined.contours.iter().filter(|c| !c.cumulative) {
        let width = if c.level >= 0.85 { 2 } else { 1 };
        let paths: Vec<Vec<(f64, f64)>> = c
            .polygons
            .iter()
            .flat_map(|p| std::iter::once(&p.exterior).chain(&p.holes))
            .flat_map(|ring| open_paths(ring, edges))
            .collect();
        halo_paths(chart.plotting_area(), &paths, width)?;
    }
    Ok(())
}

/// The missile types of the engagement zones, in order of first appearance (their
/// colours are [`ZONE_COLOURS`] in that order).
fn zone_missiles(r: &CoverageResult) -> Vec<&str> {
    let mut missiles: Vec<&str> = Vec::new();
    for z in &r.zones {
        if !missiles.contains(&z.missile.as_str()) {
            missiles.push(&z.missile);
        }
    }
    missiles
}

/// The engagement zones' outlines, one colour per missile type.
fn draw_zones<DB: DrawingBackend>(chart: &mut MapChart<'_, DB>, r: &CoverageResult) -> DrawResult
where
    DB::ErrorType: 'static,
{
    let missiles = zone_missiles(r);
    for z in &r.zones {
        let k = missiles.iter().position(|m| *m == z.missile).unwrap_or(0);
        let style = ZONE_COLOURS[k % ZONE_COLOURS.len()].stroke_width(2);
        for p in &z.polygons {
            for ring in std::iter::once(&p.exterior).chain(&p.holes) {
                chart
                    .draw_series(std::iter::once(PathElement::new(
                        ring.iter().map(|q| (q[0], q[1])).collect::<Vec<_>>(),
                        style,
                    )))
                    .map_err(e)?;
            }
        }
    }
    Ok(())
}

/// Each asset: its radius circle, a cross and its name, in the grid's frame.
fn draw_assets<DB: DrawingBackend>(chart: &mut MapChart<'_, DB>, r: &CoverageResult) -> DrawResult
where
    DB::ErrorType: 'static,
{
    for a in &r.assets {
        let p = map_point(&r.grid, a.position.lon_deg(), a.position.lat_deg());
        // The circle comes continuous next to the asset's own longitude: shift it along.
        let shift = p.0 - a.position.lon_deg();
        let ring = circle(&a.position, a.radius.max(1_000.0));
        chart
            .draw_series(std::iter::once(PathElement::new(
                ring.iter()
                    .map(|q| (q[0] + shift, q[1]))
                    .collect::<Vec<_>>(),
                RGBColor(200, 0, 0).stroke_width(2),
            )))
            .map_err(e)?;
        chart
            .draw_series(std::iter::once(
                EmptyElement::at(p)
                    + Cross::new((0, 0), 6, RGBColor(200, 0, 0).stroke_width(2))
                    + Text::new(a.name.clone(), (8, -14), ("sans-serif", 15).into_font()),
            ))
            .map_err(e)?;
    }
    Ok(())
}

/// Each site's marker (by kind), in the grid's frame.
fn draw_sites<DB: DrawingBackend>(chart: &mut MapChart<'_, DB>, r: &CoverageResult) -> DrawResult
where
    DB::ErrorType: 'static,
{
    for site in &r.sites {
        let p = map_point(&r.grid, site.position.lon_deg(), site.position.lat_deg());
        match site.kind.as_str() {
            "acquisition_radar" => chart.draw_series(std::iter::once(
                EmptyElement::at(p)
                    + TriangleMarker::new((0, 0), 7, RGBColor(230, 0, 0).filled())
                    + TriangleMarker::new((0, 0), 7, BLACK.stroke_width(1)),
            )),
            "engagement_radar" => chart.draw_series(std::iter::once(
                EmptyElement::at(p)
                    + Rectangle::new([(-5, -5), (5, 5)], RGBColor(255, 165, 0).filled())
                    + Rectangle::new([(-5, -5), (5, 5)], BLACK.stroke_width(1)),
            )),
            "launcher" => chart.draw_series(std::iter::once(
                EmptyElement::at(p) + Circle::new((0, 0), 2, BLACK.filled()),
            )),
            _ => chart.draw_series(std::iter::once(
                EmptyElement::at(p) + Cross::new((0, 0), 4, BLACK.stroke_width(1)),
            )),
        }
        .map_err(e)?;
    }
    Ok(())
}

/// A scale bar, bottom left: a round length near a fifth of the map's width, true along
/// the parallel it is drawn on (an equirectangular map's scale varies with latitude; the
/// bar names its latitude when it varies by more than 10 % across the map).
fn draw_scale_bar<DB: DrawingBackend>(
    chart: &mut MapChart<'_, DB>,
    r: &CoverageResult,
) -> DrawResult
where
    DB::ErrorType: 'static,
{
    let g = r.grid;
    let (west, east) = (g.west.to_degrees(), g.east.to_degrees());
    let (south, north) = (g.south.to_degrees(), g.north.to_degrees());
    let x0 = west + 0.05 * (east - west);
    let y0 = south + 0.05 * (north - south);
    let coslat = y0.to_radians().cos();
    let width_km = (g.east - g.west) * coslat * wgs84::MEAN_RADIUS / 1e3;
    if width_km.is_nan() || width_km <= 0.0 {
        return Ok(());
    }
    let target = width_km / 5.0;
    let mag = 10f64.powf(target.log10().floor());
    let km = [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .rfind(|&v| v <= target)
        .unwrap_or(mag);
    let dlon = (km * 1e3 / (wgs84::MEAN_RADIUS * coslat)).to_degrees();
    let tick = 0.012 * (north - south);
    chart
        .draw_series(std::iter::once(PathElement::new(
            vec![
                (x0, y0 + tick),
                (x0, y0),
                (x0 + dlon, y0),
                (x0 + dlon, y0 + tick),
            ],
            BLACK.stroke_width(3),
        )))
        .map_err(e)?;
    let (c_south, c_north) = (g.south.cos(), g.north.cos());
    let varies = (c_south - c_north).abs() > 0.1 * c_south.max(c_north);
    let label = if varies {
        format!(
            "{km:.0} km at {:.1}°{}",
            y0.abs(),
            if y0 < 0.0 { "S" } else { "N" }
        )
    } else {
        format!("{km:.0} km")
    };
    chart
        .draw_series(std::iter::once(Text::new(
            label,
            (x0, y0 + 1.8 * tick),
            ("sans-serif", 16).into_font(),
        )))
        .map_err(e)?;
    Ok(())
}

/// The legend column: Pd bands, contour and zone lines, markers, settings.
fn draw_legend<DB: DrawingBackend>(
    legend: &DrawingArea<DB, Shift>,
    r: &CoverageResult,
) -> DrawResult
where
    DB::ErrorType: 'static,
{
    let mut y = draw_band_legend(legend, "Pd (all radars, one scan)", 40)?;
    y += 14;
    y = legend_lines(legend, r, y)?;
    y += 10;
    y = legend_markers(legend, y)?;
    y += 34;
    legend_settings(legend, r, y)
}

/// The contour levels' and the zones' lines; returns the next free height.
fn legend_lines<DB: DrawingBackend>(
    legend: &DrawingArea<DB, Shift>,
    r: &CoverageResult,
    mut y: i32,
) -> Result<i32, String>
where
    DB::ErrorType: 'static,
{
    for lvl in &r.settings.contour_levels {
        let width = if *lvl >= 0.85 { 2 } else { 1 };
        legend_line(
            legend,
            y,
            BLACK.stroke_width(width),
            format!("Pd = {lvl} contour"),
        )?;
        y += 22;
    }
    for (k, m) in zone_missiles(r).iter().enumerate() {
        let style = ZONE_COLOURS[k % ZONE_COLOURS.len()].stroke_width(2);
        legend_line(legend, y, style, format!("{m} engagement zone"))?;
        y += 22;
    }
    Ok(y)
}

/// The site and asset markers, from height `y`; returns the height of the last row.
fn legend_markers<DB: DrawingBackend>(
    legend: &DrawingArea<DB, Shift>,
    mut y: i32,
) -> Result<i32, String>
where
    DB::ErrorType: 'static,
{
    let label = |y: i32, text: &str| {
        legend
            .draw(&Text::new(text, (50, y), ("sans-serif", 15).into_font()))
            .map_err(e)
    };
    let triangle = TriangleMarker::new((0, 0), 7, RGBColor(230, 0, 0).filled());
    legend
        .draw(&(EmptyElement::at((25, y + 8)) + triangle))
        .map_err(e)?;
    label(y, "acquisition radar")?;
    y += 22;
    let square = Rectangle::new([(20, y + 3), (30, y + 13)], RGBColor(255, 165, 0).filled());
    legend.draw(&square).map_err(e)?;
    label(y, "engagement radar")?;
    y += 22;
    let dot = Circle::new((0, 0), 2, BLACK.filled());
    legend
        .draw(&(EmptyElement::at((25, y + 8)) + dot))
        .map_err(e)?;
    label(y, "launcher")?;
    y += 22;
    let cross = Cross::new((0, 0), 6, RGBColor(200, 0, 0).stroke_width(2));
    legend
        .draw(&(EmptyElement::at((25, y + 8)) + cross))
        .map_err(e)?;
    label(y, "defended asset")?;
    Ok(y)
}

/// The detection settings, one per line.
fn legend_settings<DB: DrawingBackend>(
    legend: &DrawingArea<DB, Shift>,
    r: &CoverageResult,
    mut y: i32,
) -> DrawResult
where
    DB::ErrorType: 'static,
{
    let s = &r.settings;
    let font = ("sans-serif", 15).into_font();
    for text in [
        format!("Swerling {}, Pfa {:e}", s.swerling.number(), s.pfa),
        format!("dwell {} scans; zones: Pd ≥ {}", s.dwell_scans, s.zone_pd),
        if s.terrain {
            "terrain: DEM".into()
        } else {
            "smooth 4/3 Earth".into()
        },
    ] {
        legend
            .draw(&Text::new(text, (10, y), font.clone()))
            .map_err(e)?;
        y += 20;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sites_are_drawn_in_the_grids_longitude_frame() {
        // A grid straddling the antimeridian, 172.6°E to 187.4°E (172.6°W).
        let across = GridSpec::from_degrees(-15.0, -5.0, 172.6, 187.4, 10, 10);
        let inside = |(x, _): (f64, f64)| (172.6..=187.4).contains(&x);
        assert_eq!(map_point(&across, 179.9, -10.0), (179.9, -10.0));
        let (x, y) = map_point(&across, -179.95, -10.02);
        assert!((x - 180.05).abs() < 1e-9 && y == -10.02, "{x}");
        assert!(inside(map_point(&across, -172.7, -10.0)));
        assert!(inside(map_point(&across, 172.7, -10.0)));
        // The same grid written west of −180° (−187.4° to −172.6°).
        let west = GridSpec::from_degrees(-15.0, -5.0, -187.4, -172.6, 10, 10);
        let (x, _) = map_point(&west, 179.9, -10.0);
        assert!((x + 180.1).abs() < 1e-9, "{x}");
        // An ordinary grid leaves longitudes alone; a polar one spans ±180°.
        let plain = GridSpec::from_degrees(44.0, 52.0, 61.0, 73.0, 10, 10);
        assert_eq!(map_point(&plain, 67.0, 48.0), (67.0, 48.0));
        let polar = GridSpec::from_degrees(82.0, 90.0, -180.0, 180.0, 10, 10);
        assert_eq!(map_point(&polar, -179.9, 88.5), (-179.9, 88.5));
        // Axis labels are wrapped back.
        assert_eq!(lon_label(182.5), "-177.5");
        assert_eq!(lon_label(180.0), "180");
        assert_eq!(lon_label(-180.0), "180");
        assert_eq!(lon_label(67.30000000000001), "67.3");
    }
}

//! Envelope plots: ground range × height, the region where the reference aircraft and the
//! reference ballistic target can be intercepted ([`EnvelopePlot`], from a flyout table's
//! `plot_data`), as SVG or PNG (`iadsim envelope`).
//!
//! Each envelope is drawn as the band between its nearest and farthest feasible ground
//! range at every table height (filled, outlined), aircraft in blue and ballistic in red,
//! with the catalogue maximum range and ceiling as dashed reference lines when given.

use std::path::Path;

use plotters::coord::Shift;
use plotters::prelude::*;

use iadsim_sim::engage::flyout::zones::{Boundary, EnvelopePlot};

/// Why a plot could not be written.
#[derive(Debug, thiserror::Error)]
#[error("envelope plot: {0}")]
pub struct PlotError(pub String);

/// Catalogue figures to mark on the plot (m), if any.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Marks {
    /// Catalogue maximum range, m.
    pub max_range: Option<f64>,
    /// Catalogue ceiling, m.
    pub ceiling: Option<f64>,
}

fn outline(b: &[Boundary]) -> Vec<(f64, f64)> {
    let mut pts: Vec<(f64, f64)> = b
        .iter()
        .map(|x| (x.max_range / 1e3, x.height / 1e3))
        .collect();
    pts.extend(b.iter().rev().map(|x| (x.min_range / 1e3, x.height / 1e3)));
    if let Some(&p) = pts.first() {
        pts.push(p);
    }
    pts
}

/// The plot's range and height limits, km: the largest envelope point or mark, with a
/// margin (at least 10 km by 5 km).
fn axis_limits(plot: &EnvelopePlot, marks: &Marks) -> (f64, f64) {
    let all = plot.aircraft.iter().chain(&plot.ballistic);
    let x_max = all
        .clone()
        .map(|b| b.max_range)
        .chain(marks.max_range)
        .fold(10_000.0_f64, f64::max)
        / 1e3
        * 1.08;
    let y_max = all
        .map(|b| b.height)
        .chain(marks.ceiling)
        .fold(5_000.0_f64, f64::max)
        / 1e3
        * 1.1;
    (x_max, y_max)
}

fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    plot: &EnvelopePlot,
    marks: &Marks,
) -> Result<(), String> {
    let e = |x: DrawingAreaErrorKind<DB::ErrorType>| x.to_string();
    root.fill(&WHITE).map_err(e)?;
    let (x_max, y_max) = axis_limits(plot, marks);
    let mut chart = ChartBuilder::on(root)
        .caption(
            format!("{}: engagement envelope", plot.type_name),
            ("sans-serif", 22),
        )
        .margin(12)
        .x_label_area_size(40)
        .y_label_area_size(50)
        .build_cartesian_2d(0.0..x_max, 0.0..y_max)
        .map_err(e)?;
    chart
        .configure_mesh()
        .x_desc("ground range, km")
        .y_desc("target height, km")
        .draw()
        .map_err(e)?;
    let series = [
        (
            &plot.aircraft,
            BLUE,
            "non-manoeuvring aircraft, 250 m/s inbound",
        ),
        (
            &plot.ballistic,
            RED,
            "ballistic target, 3.0 km/s at 43° dive",
        ),
    ];
    for (b, colour, label) in series {
        if b.is_empty() {
            continue;
        }
        let pts = outline(b);
        chart
            .draw_series(std::iter::once(Polygon::new(pts.clone(), colour.mix(0.2))))
            .map_err(e)?;
        chart
            .draw_series(std::iter::once(PathElement::new(
                pts,
                colour.stroke_width(2),
            )))
            .map_err(e)?
            .label(label)
            .legend(move |(x, y)| {
                PathElement::new(vec![(x, y), (x + 20, y)], colour.stroke_width(2))
            });
    }
    let dashed = |pts: Vec<(f64, f64)>| DashedLineSeries::new(pts, 6, 4, BLACK.stroke_width(1));
    if let Some(r) = marks.max_range {
        chart
            .draw_series(dashed(vec![(r / 1e3, 0.0), (r / 1e3, y_max)]))
            .map_err(e)?;
    }
    if let Some(h) = marks.ceiling {
        chart
            .draw_series(dashed(vec![(0.0, h / 1e3), (x_max, h / 1e3)]))
            .map_err(e)?;
    }
    chart
        .configure_series_labels()
        .background_style(WHITE.mix(0.8))
        .border_style(BLACK)
        .position(SeriesLabelPosition::UpperRight)
        .draw()
        .map_err(e)?;
    root.present().map_err(e)?;
    Ok(())
}

/// The plot as an SVG document.
pub fn svg(plot: &EnvelopePlot, marks: &Marks) -> Result<String, PlotError> {
    let mut text = String::new();
    {
        let root = SVGBackend::with_string(&mut text, (900, 560)).into_drawing_area();
        draw(&root, plot, marks).map_err(PlotError)?;
    }
    Ok(text)
}

/// Writes the plot as a PNG file at `path`.
pub fn write_png(plot: &EnvelopePlot, marks: &Marks, path: &Path) -> Result<(), PlotError> {
    let root = BitMapBackend::new(path, (900, 560)).into_drawing_area();
    draw(&root, plot, marks).map_err(PlotError)
}

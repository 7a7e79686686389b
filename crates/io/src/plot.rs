//! Study plots: a measure's mean against a swept parameter, with its 95 % band.

use std::path::Path;

use plotters::coord::Shift;
use plotters::prelude::*;

use crate::OutputError;
use crate::commit::OutputSet;
use crate::coverage::{DrawResult, render_png, render_svg};

/// One point of a sweep: the swept value, and the mean with its 95 % interval.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BandPoint {
    /// The swept value (x).
    pub x: f64,
    /// Mean of the measure.
    pub mean: f64,
    /// Lower 95 % bound.
    pub lo: f64,
    /// Upper 95 % bound.
    pub hi: f64,
}

/// Labels of a band chart.
#[derive(Debug, Clone)]
pub struct BandLabels {
    /// Title.
    pub title: String,
    /// x-axis label.
    pub x: String,
    /// y-axis label.
    pub y: String,
    /// Legend entry of the mean line.
    pub series: String,
}

fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    points: &[BandPoint],
    labels: &BandLabels,
) -> DrawResult {
    let e = |x: &dyn std::fmt::Display| x.to_string();
    root.fill(&WHITE).map_err(|x| e(&x))?;
    let (mut x0, mut x1) = points
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), p| {
            (a.min(p.x), b.max(p.x))
        });
    if !(x0.is_finite() && x1.is_finite()) {
        return Err("no points to plot".into());
    }
    if x1 <= x0 {
        x0 -= 1.0;
        x1 += 1.0;
    }
    let y1 = points
        .iter()
        .map(|p| p.hi.max(p.mean))
        .fold(0.0_f64, f64::max)
        .max(1.0)
        * 1.08;
    let mut chart = ChartBuilder::on(root)
        .caption(&labels.title, ("sans-serif", 20))
        .margin(12)
        .x_label_area_size(45)
        .y_label_area_size(60)
        .build_cartesian_2d(x0..x1, 0.0..y1)
        .map_err(|x| e(&x))?;
    chart
        .configure_mesh()
        .x_desc(&labels.x)
        .y_desc(&labels.y)
        .draw()
        .map_err(|x| e(&x))?;
    let band: Vec<(f64, f64)> = points
        .iter()
        .map(|p| (p.x, p.hi))
        .chain(points.iter().rev().map(|p| (p.x, p.lo)))
        .collect();
    chart
        .draw_series(std::iter::once(Polygon::new(band, BLUE.mix(0.2).filled())))
        .map_err(|x| e(&x))?
        .label("95 % confidence band")
        .legend(|(x, y)| Rectangle::new([(x, y - 5), (x + 16, y + 5)], BLUE.mix(0.2).filled()));
    chart
        .draw_series(LineSeries::new(
            points.iter().map(|p| (p.x, p.mean)),
            BLUE.stroke_width(2),
        ))
        .map_err(|x| e(&x))?
        .label(labels.series.as_str())
        .legend(|(x, y)| PathElement::new([(x, y), (x + 16, y)], BLUE.stroke_width(2)));
    chart
        .draw_series(
            points
                .iter()
                .map(|p| Circle::new((p.x, p.mean), 3, BLUE.filled())),
        )
        .map_err(|x| e(&x))?;
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperLeft)
        .background_style(WHITE.mix(0.9))
        .border_style(BLACK)
        .draw()
        .map_err(|x| e(&x))?;
    Ok(())
}

/// Writes the chart as `stem.png` and `stem.svg` (900 × 600 px) into `set` (they appear
/// with its commit).
pub fn band_chart(
    stem: &Path,
    points: &[BandPoint],
    labels: &BandLabels,
    set: &mut OutputSet,
) -> Result<(), OutputError> {
    let size = (900, 600);
    set.add(render_png(&stem.with_extension("png"), size, |r| {
        draw(r, points, labels)
    })?);
    set.add(render_svg(&stem.with_extension("svg"), size, |r| {
        draw(r, points, labels)
    })?);
    Ok(())
}

//! Envelope plots: the SVG of a shipped flyout table draws both envelopes and the
//! catalogue marks; the PNG is written whole.

use iadsim_io::envelope_plot::{Marks, svg, write_png};
use iadsim_sim::engage::flyout::{calibrate, tables};

#[test]
fn the_48n6e3_envelope_plots() {
    let mut m = calibrate::catalogue_missile("48N6E3").unwrap();
    m.max_altitude = 27_000.0;
    let table = tables::cached(&m).unwrap();
    let data = table.plot_data();
    assert!(!data.aircraft.is_empty() && !data.ballistic.is_empty());
    let marks = Marks {
        max_range: Some(250_000.0),
        ceiling: Some(27_000.0),
    };
    let svg = svg(&data, &marks).unwrap();
    assert!(svg.starts_with("<svg") && (svg.contains("polygon") || svg.contains("<path")));
    let dir = tempfile::tempdir().unwrap();
    let png = dir.path().join("48N6E3.png");
    write_png(&data, &marks, &png).unwrap();
    let bytes = std::fs::read(&png).unwrap();
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
}

//! The page and its vendored libraries, embedded in the binary so that `cargo install`
//! alone gives a working viewer (no npm, no network).

/// The page's HTML template: `<!--IADSIM:HEAD-->` and `<!--IADSIM:BODY-->` mark where
/// the styles and the scripts go (links when served, inline when exported).
pub const INDEX_HTML: &str = include_str!("../web/index.html");

/// The page's style sheet.
pub const APP_CSS: &str = include_str!("../web/app.css");

/// The page's scripts, in load order (classic scripts sharing one global namespace).
pub const SCRIPTS: &[(&str, &str)] = &[
    ("d3.min.js", include_str!("../web/vendor/d3.min.js")),
    (
        "topojson-client.min.js",
        include_str!("../web/vendor/topojson-client.min.js"),
    ),
    ("util.js", include_str!("../web/js/util.js")),
    ("map.js", include_str!("../web/js/map.js")),
    ("profile.js", include_str!("../web/js/profile.js")),
    ("panel.js", include_str!("../web/js/panel.js")),
    ("run.js", include_str!("../web/js/run.js")),
    ("study.js", include_str!("../web/js/study.js")),
    ("main.js", include_str!("../web/js/main.js")),
];

/// Natural Earth 1:50m countries as TopoJSON (world-atlas 2.0.2; public domain data).
pub const BASE_MAP: &str = include_str!("../web/vendor/countries-50m.json");

/// The licences of the vendored files, served at `app/licences.txt`.
pub const LICENCES: &str = concat!(
    include_str!("../web/vendor/README.md"),
    "\n---- d3 ----\n",
    include_str!("../web/vendor/LICENSE-d3.txt"),
    "\n---- topojson-client ----\n",
    include_str!("../web/vendor/LICENSE-topojson-client.txt"),
    "\n---- world-atlas ----\n",
    include_str!("../web/vendor/LICENSE-world-atlas.txt"),
);

/// An embedded file by its name under `app/`, with its content type.
pub fn get(name: &str) -> Option<(&'static str, &'static str)> {
    match name {
        "app.css" => Some((APP_CSS, "text/css; charset=utf-8")),
        "countries-50m.json" => Some((BASE_MAP, "application/json")),
        "licences.txt" => Some((LICENCES, "text/plain; charset=utf-8")),
        _ => SCRIPTS
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, s)| (*s, "text/javascript; charset=utf-8")),
    }
}

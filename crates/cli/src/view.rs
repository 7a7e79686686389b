//! `iadsim view`: serve a run or study folder to the browser, or export it as one HTML file.

use std::path::PathBuf;
use std::process::ExitCode;

use iadsim_view::{ServeOptions, ViewError};

/// Parsed `view` arguments.
pub struct ViewArgs {
    pub dir: PathBuf,
    pub export: Option<PathBuf>,
    pub port: u16,
    pub bind: std::net::IpAddr,
    pub open: bool,
}

fn fail(e: &ViewError) -> ExitCode {
    eprintln!("error: {e}");
    match e {
        ViewError::NotAFolder { .. } | ViewError::Format { .. } | ViewError::Incomplete(_) => {
            ExitCode::from(2)
        }
        ViewError::Io { .. } | ViewError::Bind { .. } | ViewError::Output(_) => ExitCode::from(1),
    }
}

pub fn view(args: &ViewArgs) -> ExitCode {
    if !args.dir.is_dir() {
        eprintln!("error: {}: no such folder", args.dir.display());
        return ExitCode::from(2);
    }
    if let Some(file) = &args.export {
        return match iadsim_view::export_html(&args.dir, file) {
            Ok(bytes) => {
                println!(
                    "viewer of {} → {} ({:.1} MB, opens offline in a browser)",
                    args.dir.display(),
                    file.display(),
                    bytes as f64 / 1e6
                );
                ExitCode::SUCCESS
            }
            Err(e) => fail(&e),
        };
    }
    // Read the folder before listening, so a bad folder fails here and not in the page.
    let doc = match iadsim_view::load(&args.dir) {
        Ok(d) => d,
        Err(e) => return fail(&e),
    };
    let options = ServeOptions {
        bind: args.bind,
        port: args.port,
    };
    let server = match iadsim_view::serve(&args.dir, &options) {
        Ok(s) => s,
        Err(e) => return fail(&e),
    };
    server.preload(&doc);
    drop(doc);
    if !args.bind.is_loopback() {
        eprintln!(
            "warning: listening on {}: anyone who can reach this address can read {}",
            server.addr(),
            server.root().display()
        );
    }
    println!(
        "viewing {} at {}  (Ctrl-C to stop)",
        args.dir.display(),
        server.url()
    );
    if args.open
        && let Err(e) = open::that(server.url())
    {
        eprintln!(
            "warning: cannot open a browser ({e}); open {} yourself",
            server.url()
        );
    }
    server.run();
    ExitCode::SUCCESS
}

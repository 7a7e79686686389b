//! Every file in `tests/broken/` fails to load with exactly the problems listed in its
//! sibling `.expect` file: one line per problem, `<line>: <fragment>` (`-` when the
//! problem has no line), in file order. The fragment must occur in the problem's
//! displayed text (`path: message` and help).

use std::path::{Path, PathBuf};

fn broken_files() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/broken");
    let mut v: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    v.sort();
    v
}

#[test]
fn broken_files_report_their_problems() {
    let files = broken_files();
    assert!(files.len() >= 15, "only {} broken files", files.len());
    let mut failures = Vec::new();
    for path in files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let expect_path = path.with_extension("expect");
        let expect = std::fs::read_to_string(&expect_path)
            .unwrap_or_else(|_| panic!("{name}: missing {}", expect_path.display()));
        let expected: Vec<(Option<usize>, &str)> = expect
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
            .map(|l| {
                let (line, frag) = l.split_once(": ").expect("`<line>: <fragment>`");
                let line = if line == "-" {
                    None
                } else {
                    Some(line.parse().unwrap())
                };
                (line, frag)
            })
            .collect();
        let problems = match iadsim_scenario::load_path(&path) {
            Ok(_) => {
                failures.push(format!("{name}: loaded without problems"));
                continue;
            }
            Err(d) => d.problems,
        };
        if problems.len() != expected.len() {
            failures.push(format!(
                "{name}: expected {} problems, got {}:\n{}",
                expected.len(),
                problems.len(),
                problems
                    .iter()
                    .map(|p| p.to_string())
                    .collect::<Vec<_>>()
                    .join("\n")
            ));
            continue;
        }
        for (p, (line, frag)) in problems.iter().zip(&expected) {
            let shown = p.to_string();
            if p.line != *line || !shown.contains(frag) {
                failures.push(format!(
                    "{name}: expected line {line:?} with {frag:?}, got:\n{shown}"
                ));
            }
            assert!(shown.starts_with(&path.display().to_string()), "{shown}");
            if p.line.is_some() {
                assert!(p.column.is_some(), "{name}: line without column");
            }
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n\n"));
}

//! The round trip's promise under random handling: whatever an officer does to a returned
//! sheet — sort it with the filter button or by a selection that leaves the hidden token
//! behind, delete rows, copy rows, paste a name over another row, clear a token, add
//! people by hand — every outcome the import records belongs to the person printed on the
//! row it was written on. Seeded, so a failure replays.

mod common;

use std::collections::HashMap;

use common::sheets::{self, autofilters, column, data_rows, sort_like_autofilter};
use enrolgap::worklist::{self, columns, followup, Outcome, SplitBy, WorklistOptions};
use enrolgap::{analyze, latest_gaps, NoProgress};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

#[test]
fn no_handling_of_a_returned_sheet_puts_an_outcome_on_another_person() {
    let mut conn = common::import_demo();
    analyze(&mut conn, common::demo_as_of(), &NoProgress).unwrap();
    let dir = tempfile::tempdir().unwrap();
    worklist::export(
        &mut conn,
        dir.path(),
        &WorklistOptions {
            split_by: Some(SplitBy::Township),
            ..Default::default()
        },
    )
    .unwrap();
    // (name, ID as printed) → person key.
    let who: HashMap<(String, String), String> = latest_gaps(&conn)
        .unwrap()
        .into_iter()
        .map(|g| {
            let id = g.id_masked.clone().unwrap_or_else(|| {
                g.birth_date
                    .as_ref()
                    .map_or("（无）".into(), |b| format!("无，出生{b}"))
            });
            ((g.name, id), g.person_key)
        })
        .collect();
    let books: Vec<_> = sheets::worklists(dir.path())
        .into_iter()
        .map(|p| (autofilters(&p), sheets::read(&p)))
        .collect();
    let mut rng = StdRng::seed_from_u64(12);
    let mut applied_total = 0;
    for round in 0..40 {
        let (filters, book) = &books[rng.random_range(0..books.len())];
        let s = rng.random_range(0..book.len());
        let (sheet, mut rows) = book[s].clone();
        let filter = filters[s];
        let col = |name: &str| column(&rows, name);
        let (name, id, token, code, outcome, date) = (
            col(columns::NAME),
            col(columns::ID),
            col(columns::TOKEN),
            col(columns::CASE_CODE),
            col(columns::OUTCOME),
            col(columns::OUTCOME_DATE),
        );
        let visible = [name, id, col(columns::ADDRESS), col(columns::GAP), code];
        for _ in 0..rng.random_range(1..5) {
            let data = data_rows(&rows);
            if data.len() < 2 {
                break;
            }
            let pick = |rng: &mut StdRng| rng.random_range(data.clone());
            match rng.random_range(0..7) {
                0 => {
                    let by = visible[rng.random_range(0..visible.len())];
                    let desc = rng.random_bool(0.5);
                    let range = (filter.0, filter.1, data.end as u32 - 1, filter.3);
                    sort_like_autofilter(&mut rows, range, |a, b| {
                        if desc {
                            b[by].cmp(&a[by])
                        } else {
                            a[by].cmp(&b[by])
                        }
                    });
                }
                1 => {
                    // A selection of the visible columns sorted: the token stays behind.
                    let by = visible[rng.random_range(0..visible.len())];
                    let range = (filter.0, 0, data.end as u32 - 1, (token - 1) as u16);
                    sort_like_autofilter(&mut rows, range, |a, b| b[by].cmp(&a[by]));
                }
                2 => {
                    rows.remove(pick(&mut rng));
                }
                3 => {
                    let copy = rows[pick(&mut rng)].clone();
                    rows.insert(pick(&mut rng), copy);
                }
                4 => {
                    let (from, to) = (pick(&mut rng), pick(&mut rng));
                    rows[to][name] = rows[from][name].clone();
                }
                5 => rows[pick(&mut rng)][token].clear(),
                _ => {
                    let mut added = vec![String::new(); rows[data.start].len()];
                    added[name] = format!("新增{round}");
                    added[outcome] = "已参保".into();
                    rows.insert(data.end, added);
                }
            }
        }
        for r in data_rows(&rows) {
            if rng.random_bool(0.7) {
                rows[r][outcome] = Outcome::ALL[rng.random_range(0..Outcome::ALL.len())]
                    .label()
                    .into();
                rows[r][date] = format!("2026-07-{:02}", rng.random_range(1..29));
            }
        }
        let file = format!("回收-{round}.xlsx");
        let path = dir.path().join(&file);
        sheets::write(&path, &[(sheet.clone(), rows.clone())]);
        let summary = followup::import(&mut conn, &path).unwrap();
        applied_total += summary.applied + summary.updated;

        let mut stmt = conn
            .prepare("SELECT person_key, row_number FROM followup WHERE file = ?1")
            .unwrap();
        let recorded: Vec<(String, i64)> = stmt
            .query_map([&file], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        for (person, row) in recorded {
            let printed = &rows[row as usize - 1];
            let on_paper = who.get(&(printed[name].clone(), printed[id].clone()));
            assert_eq!(
                on_paper,
                Some(&person),
                "round {round}: {sheet} row {row} ({}) recorded for someone else",
                printed[name]
            );
        }
        // Every filled row is accounted for: applied, unchanged, or reported by its row.
        for r in data_rows(&rows) {
            let filled = !rows[r][outcome].is_empty();
            let reported = summary.problems.iter().any(|p| p.row as usize == r + 1);
            let kept: bool = conn
                .query_row(
                    "SELECT COUNT(*) > 0 FROM followup WHERE file = ?1 AND row_number = ?2",
                    rusqlite::params![file, r as i64 + 1],
                    |x| x.get(0),
                )
                .unwrap();
            let earlier: bool = conn
                .query_row(
                    "SELECT COUNT(*) > 0 FROM followup f JOIN worklist_row w ON w.token = f.token WHERE f.file <> ?1 AND (w.token = ?2 OR w.case_code = ?3)",
                    rusqlite::params![file, rows[r][token], rows[r][code]],
                    |x| x.get(0),
                )
                .unwrap();
            assert!(
                !filled || reported || kept || earlier,
                "round {round}: {sheet} row {} dropped silently",
                r + 1
            );
        }
    }
    assert!(
        applied_total > 40,
        "the rounds applied outcomes too ({applied_total})"
    );
}

//! Fills in an exported worklist the way an officer would, for tests and demos: the rows
//! of every sheet copied into one new sheet in reverse order, the first ones given the
//! outcomes named on the command line (with a date and an officer), the rest left blank.
//!
//! ```sh
//! cargo run --example fill_worklist -- 乡镇-海城镇.xlsx filled.xlsx 已参保,已在外地参保
//! ```

use calamine::{Data, Reader};
use enrolgap::worklist::columns;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [input, output, outcomes] = args.as_slice() else {
        eprintln!("usage: fill_worklist IN.xlsx OUT.xlsx OUTCOME[,OUTCOME…]");
        std::process::exit(2);
    };
    if let Err(e) = fill(input, output, outcomes.split(',').collect()) {
        eprintln!("fill_worklist: {e}");
        std::process::exit(1);
    }
}

fn fill(input: &str, output: &str, outcomes: Vec<&str>) -> Result<(), Box<dyn std::error::Error>> {
    let mut book = calamine::open_workbook_auto(input)?;
    let mut header: Option<Vec<Data>> = None;
    let mut data: Vec<Vec<Data>> = Vec::new();
    for sheet in book.sheet_names() {
        let rows: Vec<Vec<Data>> = book
            .worksheet_range(&sheet)?
            .rows()
            .map(|r| r.to_vec())
            .collect();
        let Some(at) = rows
            .iter()
            .position(|r| r.iter().any(|c| *c == columns::TOKEN))
        else {
            continue;
        };
        let token = rows[at]
            .iter()
            .position(|c| *c == columns::TOKEN)
            .unwrap_or(0);
        header.get_or_insert_with(|| rows[at].clone());
        // The people's rows: those with a token (not the signature block below them).
        data.extend(
            rows[at + 1..]
                .iter()
                .filter(|r| r.get(token).is_some_and(|t| !t.to_string().is_empty()))
                .cloned(),
        );
    }
    let header = header.ok_or("not a worklist: no token column")?;
    let column = |name: &str| {
        header
            .iter()
            .position(|c| *c == name)
            .ok_or("missing column")
    };
    let (outcome, date, officer) = (
        column(columns::OUTCOME)?,
        column(columns::OUTCOME_DATE)?,
        column(columns::OFFICER)?,
    );

    let mut out = rust_xlsxwriter::Workbook::new();
    let ws = out.add_worksheet();
    for (c, cell) in header.iter().enumerate() {
        ws.write_string(0, c as u16, cell.to_string())?;
    }
    // Re-sorted, as officers do: last row first.
    for (i, row) in data.iter().rev().enumerate() {
        let r = i as u32 + 1;
        for (c, cell) in row.iter().enumerate() {
            ws.write_string(r, c as u16, cell.to_string())?;
        }
        if let Some(o) = outcomes.get(i) {
            ws.write_string(r, outcome as u16, *o)?;
            ws.write_string(r, date as u16, "2026-07-02")?;
            ws.write_string(r, officer as u16, "张三")?;
        }
    }
    out.save(output)?;
    Ok(())
}

//! Writes a newer version of a list, for tests and demos: the first sheet of IN copied to
//! OUT under a new title row (the list's own date is read from it), without its last DROP
//! data rows, as a department's next month's list would arrive with people gone.
//!
//! ```sh
//! cargo run --example newer_list -- welfare.xlsx welfare-2026-07.xlsx 海丰县2026年7月民政困难人员名单 2
//! ```

use calamine::{Data, Reader};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [input, output, title, drop] = args.as_slice() else {
        eprintln!("usage: newer_list IN.xlsx OUT.xlsx TITLE DROP");
        std::process::exit(2);
    };
    let Ok(drop) = drop.parse::<usize>() else {
        eprintln!("newer_list: DROP must be a number of rows");
        std::process::exit(2);
    };
    if let Err(e) = write_newer(input, output, title, drop) {
        eprintln!("newer_list: {e}");
        std::process::exit(1);
    }
}

/// A title row holds one filled cell; the header is the first row with several.
fn is_title(row: &[Data]) -> bool {
    row.iter().filter(|c| !matches!(c, Data::Empty)).count() <= 1
}

fn write_newer(input: &str, output: &str, title: &str, drop: usize) -> Result<(), Box<dyn std::error::Error>> {
    let mut book = calamine::open_workbook_auto(input)?;
    let sheet = book.sheet_names().first().cloned().ok_or("no sheet")?;
    let rows: Vec<Vec<Data>> = book.worksheet_range(&sheet)?.rows().map(|r| r.to_vec()).collect();
    let header_at = rows.iter().position(|r| !is_title(r)).ok_or("no header row")?;
    let data = &rows[header_at + 1..];
    if drop >= data.len() {
        return Err(format!("only {} data rows; cannot drop {drop}", data.len()).into());
    }
    let mut out = rust_xlsxwriter::Workbook::new();
    let ws = out.add_worksheet().set_name(&sheet)?;
    ws.write_string(0, 0, title)?;
    let kept = std::iter::once(&rows[header_at]).chain(&data[..data.len() - drop]);
    for (r, row) in kept.enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let (r, c) = (r as u32 + 1, c as u16);
            match cell {
                Data::Empty => {}
                Data::Float(f) => ws.write_number(r, c, *f).map(|_| ())?,
                Data::Int(i) => ws.write_number(r, c, *i as f64).map(|_| ())?,
                // Dates as the text a department's export would hold: 2026-03-05.
                Data::DateTime(d) => {
                    let text = d.as_datetime().map_or_else(|| d.to_string(), |t| t.format("%Y-%m-%d").to_string());
                    ws.write_string(r, c, text).map(|_| ())?
                }
                other => ws.write_string(r, c, other.to_string()).map(|_| ())?,
            }
        }
    }
    out.save(output)?;
    Ok(())
}

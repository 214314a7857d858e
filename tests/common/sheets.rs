//! Worklist workbooks as tests see them: read back with calamine (a reader this project
//! did not write), their XML, their filter ranges, and written again as an officer's
//! spreadsheet program would save them.

use std::io::Read;
use std::path::{Path, PathBuf};

use calamine::{Data, Reader};
use enrolgap::worklist::columns;

/// Every sheet of a workbook as rows of cell texts (from A1), by sheet name.
pub fn read(path: &Path) -> Vec<(String, Vec<Vec<String>>)> {
    let mut wb = calamine::open_workbook_auto(path).unwrap();
    wb.sheet_names()
        .into_iter()
        .map(|name| {
            let range = wb.worksheet_range(&name).unwrap();
            let (r0, c0) = range.start().unwrap_or((0, 0));
            let mut rows = vec![Vec::new(); r0 as usize];
            for row in range.rows() {
                let mut cells = vec![String::new(); c0 as usize];
                cells.extend(row.iter().map(text));
                rows.push(cells);
            }
            (name, rows)
        })
        .collect()
}

fn text(d: &Data) -> String {
    match d {
        Data::Float(f) if f.fract() == 0.0 => format!("{f:.0}"),
        other => other.to_string(),
    }
}

/// The text of every XML part inside an .xlsx, by part name.
pub fn xml_parts(path: &Path) -> Vec<(String, String)> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut part = zip.by_index(i).unwrap();
            let mut s = String::new();
            part.read_to_string(&mut s).unwrap();
            (part.name().map(|n| n.to_string()).unwrap_or_default(), s)
        })
        .collect()
}

pub fn raw_xml(path: &Path) -> String {
    xml_parts(path).into_iter().map(|(_, s)| s).collect()
}

/// The worklists of an export folder (not the summary), sorted.
pub fn worklists(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.extension().is_some_and(|e| e == "xlsx") && p.file_name().unwrap() != "汇总.xlsx"
        })
        .collect();
    files.sort();
    files
}

/// The header row's index: the row holding the token column.
pub fn header_row(rows: &[Vec<String>]) -> usize {
    rows.iter()
        .position(|r| r.iter().any(|c| c == columns::TOKEN))
        .expect("a worklist header")
}

pub fn column(rows: &[Vec<String>], name: &str) -> usize {
    rows[header_row(rows)]
        .iter()
        .position(|c| c == name)
        .unwrap_or_else(|| panic!("no column {name}"))
}

/// The data rows' indices: from below the header to the last row holding a token.
pub fn data_rows(rows: &[Vec<String>]) -> std::ops::Range<usize> {
    let token = column(rows, columns::TOKEN);
    let first = header_row(rows) + 1;
    let last = rows
        .iter()
        .rposition(|r| r.get(token).is_some_and(|t| !t.is_empty()))
        .unwrap_or(first - 1);
    first..last + 1
}

/// Each sheet's autofilter range as 0-based (first row, first col, last row, last col),
/// by the sheet's position in the workbook.
pub fn autofilters(path: &Path) -> Vec<(u32, u16, u32, u16)> {
    let mut parts: Vec<(String, String)> = xml_parts(path)
        .into_iter()
        .filter(|(n, _)| n.starts_with("xl/worksheets/sheet"))
        .collect();
    parts.sort_by_key(|(n, _)| {
        n.trim_start_matches("xl/worksheets/sheet")
            .trim_end_matches(".xml")
            .parse::<u32>()
            .unwrap()
    });
    parts
        .iter()
        .map(|(_, xml)| {
            let at = xml.find("<autoFilter ref=\"").expect("an autofilter") + 17;
            let reference = &xml[at..at + xml[at..].find('"').unwrap()];
            let (a, b) = reference.split_once(':').unwrap();
            let (r1, c1) = cell_ref(a);
            let (r2, c2) = cell_ref(b);
            (r1, c1, r2, c2)
        })
        .collect()
}

fn cell_ref(a1: &str) -> (u32, u16) {
    let letters: String = a1.chars().take_while(|c| c.is_ascii_alphabetic()).collect();
    let col = enrolgap::import::column_letters::column_index(&letters).unwrap();
    let row: u32 = a1[letters.len()..].parse().unwrap();
    (row - 1, col as u16)
}

/// Sorts the data rows of a filter range the way Excel's filter button does: whole rows
/// move (stably, by `order` on the full rows), but only the cells inside the range's columns.
pub fn sort_like_autofilter(
    rows: &mut [Vec<String>],
    range: (u32, u16, u32, u16),
    order: impl Fn(&[String], &[String]) -> std::cmp::Ordering,
) {
    let (r1, c1, r2, c2) = (
        range.0 as usize,
        range.1 as usize,
        range.2 as usize,
        range.3 as usize,
    );
    let width = rows.iter().map(Vec::len).max().unwrap_or(0).max(c2 + 1);
    for row in rows.iter_mut() {
        row.resize(width, String::new());
    }
    let mut block: Vec<Vec<String>> = rows[r1 + 1..=r2].to_vec();
    block.sort_by(|a, b| order(a, b));
    for (row, sorted) in rows[r1 + 1..=r2].iter_mut().zip(block) {
        row[c1..=c2].clone_from_slice(&sorted[c1..=c2]);
    }
}

/// Writes sheets of cell texts as a workbook (every cell a string, as a re-saved sheet
/// keeps them), the token column hidden again.
pub fn write(path: &Path, sheets: &[(String, Vec<Vec<String>>)]) {
    let mut wb = rust_xlsxwriter::Workbook::new();
    for (name, rows) in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(name).unwrap();
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                if !cell.is_empty() {
                    ws.write_string(r as u32, c as u16, cell).unwrap();
                }
            }
        }
    }
    wb.save(path).unwrap();
}

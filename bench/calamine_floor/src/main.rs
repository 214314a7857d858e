//! `calamine_floor FILE.xlsx...`: opens each workbook with calamine and visits every cell
//! of every sheet through the streaming cell reader, converting nothing. The time this
//! takes is the floor for any import of the same file; `make bench` puts enrolgap's
//! import beside it. Prints one line per file: `file seconds rows cells`.

use std::time::Instant;

use calamine::{open_workbook, DataRef, Reader, Xlsx};

fn main() {
    for path in std::env::args().skip(1) {
        let start = Instant::now();
        let mut workbook: Xlsx<_> = open_workbook(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        let (mut cells, mut rows, mut last_row) = (0u64, 0u64, None);
        for name in workbook.sheet_names() {
            let mut reader = workbook.worksheet_cells_reader(&name).expect("a worksheet");
            while let Some(cell) = reader.next_cell().expect("readable cells") {
                if matches!(cell.get_value(), DataRef::Empty) {
                    continue;
                }
                cells += 1;
                let row = cell.get_position().0;
                if last_row != Some(row) {
                    rows += 1;
                    last_row = Some(row);
                }
            }
        }
        println!("{path} {:.3} {rows} {cells}", start.elapsed().as_secs_f64());
    }
}

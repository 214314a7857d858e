//! How many lines a text takes in a printed cell, so a row can be made tall enough to
//! show every wrapped cell whole (a cut-off cell prints only its last line).
//!
//! Widths are estimated per character at 10 pt: CJK and full-width characters one em,
//! Latin letters, digits and punctuation a little over half an em (Carlito/Calibri), with
//! a margin for the renderer's own padding.

/// One em at 10 pt, in millimetres.
const EM_MM: f64 = 10.0 * 25.4 / 72.0;
/// Cell padding left and right, and a safety margin for the renderer's metrics.
const PADDING_MM: f64 = 2.0;
const SAFETY: f64 = 0.9;
/// The cell padding Excel and LibreOffice leave around one line of text.
const ONE_LINE_PADDING_MM: f64 = 1.5;
/// Line height of 10 pt CJK text (Noto Sans CJK, SimSun, DengXian: ~1.45 em), in points.
pub const LINE_PT: f64 = 15.0;
/// A data row is at least this tall: room to write by hand (8.5 mm).
pub const MIN_ROW_PT: f64 = 24.0;

fn char_em(c: char) -> f64 {
    match c {
        ' ' => 0.23,
        '-' | '.' | ',' | ':' => 0.31,
        '*' => 0.5,
        '0'..='9' => 0.51,
        'M' | 'W' | 'm' | 'w' => 0.9,
        c if c.is_ascii() => 0.58,
        // CJK, full-width forms, CJK punctuation.
        _ => 1.0,
    }
}

/// Lines `text` wraps onto in a cell `width_mm` wide (explicit line breaks kept).
pub fn lines(text: &str, width_mm: f64) -> u32 {
    lines_within(text, ((width_mm - PADDING_MM) / EM_MM * SAFETY).max(1.0))
}

fn lines_within(text: &str, capacity: f64) -> u32 {
    text.split('\n')
        .map(|line| {
            let mut count = 1;
            let mut used = 0.0;
            for c in line.chars() {
                let w = char_em(c);
                if used + w > capacity && used > 0.0 {
                    count += 1;
                    used = 0.0;
                }
                used += w;
            }
            count
        })
        .sum()
}

/// The height of a row whose wrapped cells need `lines` lines at most.
pub fn row_height(lines: u32) -> f64 {
    (f64::from(lines) * LINE_PT + 4.0).max(MIN_ROW_PT)
}

/// True when `text` fits one line of a cell `width_mm` wide (for columns that do not
/// wrap: measured without the wrapping margin).
pub fn fits_one_line(text: &str, width_mm: f64) -> bool {
    !text.contains('\n') && lines_within(text, (width_mm - ONE_LINE_PADDING_MM) / EM_MM) == 1
}

/// Where pages break, so that every page is full but for room to spare and the block after
/// the last row (the signature) never stands alone on a page: the indices of the rows that
/// start a page. `above` is what the first page holds before the rows (title, header),
/// `header` what every later page repeats, `tail` the block after the last row, `page` the
/// printable height; all in points. A 3 % margin absorbs the renderers' rounding.
pub fn page_breaks(above: f64, header: f64, rows: &[f64], tail: f64, page: f64) -> Vec<usize> {
    let room = page * 0.97;
    let mut breaks = Vec::new();
    let mut used = above;
    for (i, h) in rows.iter().enumerate() {
        if used + h > room && i > 0 {
            breaks.push(i);
            used = header;
        }
        used += h;
    }
    // The signature would open a page of its own: the last row goes with it.
    if used + tail > room && rows.len() > 1 && breaks.last() != Some(&(rows.len() - 1)) {
        breaks.push(rows.len() - 1);
    }
    breaks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cjk_wraps_by_character_and_rows_grow_with_it() {
        assert_eq!(lines("", 20.0), 1);
        assert_eq!(lines("海城镇", 20.0), 1);
        // 25 mm holds about 5 CJK characters at 10 pt.
        assert!(lines("海丰县附城镇新园村东区十二号", 25.0) >= 3);
        assert_eq!(lines("第一行\n第二行", 30.0), 2);
        assert!(row_height(1) >= MIN_ROW_PT && row_height(3) > row_height(2));
    }

    #[test]
    fn pages_break_between_rows_and_keep_the_signature_with_the_last_row() {
        // 485 pt of room: 9 rows of 45 pt below an 80 pt title, then 10 below a 30 pt header.
        let breaks = page_breaks(80.0, 30.0, &[45.0; 25], 45.0, 500.0);
        assert_eq!(breaks, vec![9, 19]);
        // 18 rows: the second page holds 9 and the signature.
        assert_eq!(page_breaks(80.0, 30.0, &[45.0; 18], 45.0, 500.0), vec![9]);
        // 19 rows: the second page is full, so the 19th row goes over with the signature.
        assert_eq!(
            page_breaks(80.0, 30.0, &[45.0; 19], 45.0, 500.0),
            vec![9, 18]
        );
        assert!(page_breaks(80.0, 30.0, &[45.0; 3], 45.0, 500.0).is_empty());
    }

    #[test]
    fn single_line_columns_hold_their_values() {
        let cols = super::super::columns::field(crate::analysis::RouteType::Township);
        let width = |h: &str| cols.iter().find(|c| c.header == h).unwrap().width_mm;
        assert!(fits_one_line(
            "441521********1234",
            width(super::super::columns::ID)
        ));
        assert!(fits_one_line(
            "138****1234",
            width(super::super::columns::PHONE)
        ));
        assert!(fits_one_line(
            "2026-07-30",
            width(super::super::columns::DEADLINE)
        ));
        assert!(fits_one_line(
            "K7M3QX",
            width(super::super::columns::CASE_CODE)
        ));
    }
}

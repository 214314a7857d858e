//! Copies each merged region's value into every cell it covers, as a reader sees it: a
//! township merged down twenty rows belongs to all twenty people, and a group title
//! merged across columns heads each of them.
//!
//! One implementation for every format: the xlsx rows as they stream, and the rows of
//! the formats read whole, passed through it one by one in order. Where the regions come
//! from is [`super::super::merges`] (an xlsx scan) or calamine.

use calamine::Dimensions;

use crate::import::cell::Cell;

/// Columns to the right of a region's left edge that are filled at most: a region
/// declared 16,000 columns wide would otherwise widen every row it covers.
const MAX_FILLED_WIDTH: usize = 1000;

/// Fills merged regions into rows passed in sheet order: a region's top-left value is
/// taken when its top row passes and copied into each row it covers until its bottom.
pub struct MergeFiller {
    /// Regions not reached yet, the lowest top row last.
    pending: Vec<Dimensions>,
    /// Regions whose top row has passed, with the value they spread.
    active: Vec<(Dimensions, Cell)>,
}

impl MergeFiller {
    pub fn new(merged: &[Dimensions]) -> Self {
        let mut pending = merged.to_vec();
        // Stable: regions sharing a top row keep the file's order.
        pending.reverse();
        pending.sort_by_key(|region| std::cmp::Reverse(region.start.0));
        Self {
            pending,
            active: Vec::new(),
        }
    }

    /// Fills `row`, the sheet's row `r` (0-based); `first_row` is the sheet's first row,
    /// since regions above it have no value to copy.
    pub fn fill(&mut self, first_row: u32, r: u32, row: &mut Vec<Cell>) {
        if self.pending.is_empty() && self.active.is_empty() {
            return;
        }
        while let Some(region) = self.pending.last().copied().filter(|d| d.start.0 <= r) {
            self.pending.pop();
            if region.start.0 < first_row || region.start.0 != r {
                continue;
            }
            if let Some(value) = row.get(region.start.1 as usize).cloned() {
                self.active.push((region, value));
            }
        }
        for (region, value) in &self.active {
            let left = region.start.1 as usize;
            let right = (region.end.1 as usize).min(left + MAX_FILLED_WIDTH);
            if right < left {
                continue;
            }
            if row.len() <= right {
                row.resize(right + 1, Cell::Empty);
            }
            for cell in &mut row[left..=right] {
                *cell = value.clone();
            }
        }
        self.active.retain(|(region, _)| region.end.0 > r);
    }

    /// Fills a whole sheet's rows, `rows[0]` being the sheet's row `first_row`.
    pub fn fill_sheet(merged: &[Dimensions], first_row: u32, rows: &mut [Vec<Cell>]) {
        let mut filler = MergeFiller::new(merged);
        for (i, row) in rows.iter_mut().enumerate() {
            filler.fill(first_row, first_row + i as u32, row);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Cell {
        Cell::Text(s.into())
    }

    #[test]
    fn a_region_spreads_its_top_left_value_down_and_across() {
        // B2:C4 holds "城关镇"; the sheet starts at row 1 (0-based).
        let region = Dimensions {
            start: (1, 1),
            end: (3, 2),
        };
        let mut rows = vec![
            vec![text("户主"), text("城关镇")],
            vec![text("陈大文")],
            vec![text("林小红")],
            vec![text("黄志强")],
        ];
        MergeFiller::fill_sheet(&[region], 1, &mut rows);
        assert_eq!(rows[0], vec![text("户主"), text("城关镇"), text("城关镇")]);
        assert_eq!(
            rows[2],
            vec![text("林小红"), text("城关镇"), text("城关镇")]
        );
        assert_eq!(rows[3], vec![text("黄志强")], "below the region: untouched");
    }

    #[test]
    fn a_region_above_the_first_row_fills_nothing() {
        let region = Dimensions {
            start: (0, 0),
            end: (5, 0),
        };
        let mut rows = vec![vec![Cell::Empty, text("a")], vec![Cell::Empty]];
        MergeFiller::fill_sheet(&[region], 2, &mut rows);
        assert_eq!(rows, vec![vec![Cell::Empty, text("a")], vec![Cell::Empty]]);
    }
}

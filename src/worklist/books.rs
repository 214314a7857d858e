//! The workbooks an export writes and the sheets in each: gaps grouped by the unit that
//! follows them up (township, school, agency, or a village of its own) and the sub-unit's
//! full name, each sheet's gaps in print order.

use std::collections::BTreeMap;

use super::{selection, staging, SplitBy};
use crate::analysis::{Gap, RouteType};

/// The workbook a group of gaps goes to, and its sheets by the sub-unit's full name.
pub(super) struct Book<'a> {
    /// The full name, for the title.
    pub unit: String,
    /// The township, school or agency it belongs to, for `--unit`.
    pub route_unit: String,
    pub prefix: &'static str,
    pub route: RouteType,
    pub sheets: BTreeMap<String, Vec<&'a Gap>>,
}

/// Groups gaps into workbooks and sheets, by the units' full names, each sheet in print order.
pub(super) fn group(gaps: &[Gap], split_by: Option<SplitBy>) -> Vec<Book<'_>> {
    let mut books: BTreeMap<(RouteType, String), Book<'_>> = BTreeMap::new();
    for g in gaps {
        let wanted = match split_by {
            None => true,
            Some(SplitBy::Township | SplitBy::Village) => g.route_type == RouteType::Township,
            Some(SplitBy::School) => g.route_type == RouteType::School,
            Some(SplitBy::Agency) => g.route_type == RouteType::Agency,
        };
        if !wanted {
            continue;
        }
        let route_unit = if g.route_unit.trim().is_empty() {
            "其他".to_string()
        } else {
            g.route_unit.clone()
        };
        let detail = if g.route_detail.trim().is_empty() {
            "其他".to_string()
        } else {
            g.route_detail.clone()
        };
        let (unit, prefix, sheet) = match (g.route_type, split_by) {
            (RouteType::Township, Some(SplitBy::Village)) => (
                format!("{route_unit}{detail}"),
                staging::VILLAGE_PREFIX,
                detail.clone(),
            ),
            (RouteType::Township, _) => (route_unit.clone(), staging::TOWNSHIP_PREFIX, detail),
            (RouteType::School, _) => (route_unit.clone(), staging::SCHOOL_PREFIX, detail),
            (RouteType::Agency, _) => (route_unit.clone(), staging::AGENCY_PREFIX, detail),
        };
        books
            .entry((g.route_type, unit.clone()))
            .or_insert_with(|| Book {
                unit,
                route_unit,
                prefix,
                route: g.route_type,
                sheets: BTreeMap::new(),
            })
            .sheets
            .entry(sheet)
            .or_default()
            .push(g);
    }
    for book in books.values_mut() {
        for sheet in book.sheets.values_mut() {
            selection::print_order(sheet);
        }
    }
    books.into_values().collect()
}

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
    // By route, then unit: the order of (route, unit). Looked up by the gap's own text
    // before any key is made: a county's gaps fall into a few hundred sheets.
    let mut books: BTreeMap<RouteType, BTreeMap<String, Book<'_>>> = BTreeMap::new();
    let mut village_unit = String::new();
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
        let (route_unit, detail) = (or_other(&g.route_unit), or_other(&g.route_detail));
        let (unit, prefix) = match (g.route_type, split_by) {
            (RouteType::Township, Some(SplitBy::Village)) => {
                village_unit.clear();
                village_unit.push_str(route_unit);
                village_unit.push_str(detail);
                (village_unit.as_str(), staging::VILLAGE_PREFIX)
            }
            (RouteType::Township, _) => (route_unit, staging::TOWNSHIP_PREFIX),
            (RouteType::School, _) => (route_unit, staging::SCHOOL_PREFIX),
            (RouteType::Agency, _) => (route_unit, staging::AGENCY_PREFIX),
        };
        let units = books.entry(g.route_type).or_default();
        if !units.contains_key(unit) {
            let book = Book {
                unit: unit.to_string(),
                route_unit: route_unit.to_string(),
                prefix,
                route: g.route_type,
                sheets: BTreeMap::new(),
            };
            units.insert(unit.to_string(), book);
        }
        let book = units.get_mut(unit).expect("inserted above");
        match book.sheets.get_mut(detail) {
            Some(sheet) => sheet.push(g),
            None => {
                book.sheets.insert(detail.to_string(), vec![g]);
            }
        }
    }
    let mut books: Vec<Book<'_>> = books
        .into_values()
        .flat_map(BTreeMap::into_values)
        .collect();
    for book in &mut books {
        for sheet in book.sheets.values_mut() {
            selection::print_order(sheet);
        }
    }
    books
}

/// The text, or 其他 when it is blank.
fn or_other(text: &str) -> &str {
    if text.trim().is_empty() {
        "其他"
    } else {
        text
    }
}

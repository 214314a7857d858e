//! A version's scope: the part of the county's data it describes, which decides what a
//! newer version replaces (docs/rules.md, "Scope: what a version covers").
//!
//! School rolls cover their schools, rosters their agencies, registers their
//! scheme-years; a welfare roll or household list covers the categories or the township
//! its title names, else the whole county; birth and death lists are events and replace
//! nothing. Units are compared as the rows write them, except that a register's
//! `scheme|*` (rows without a year: the scheme's whole state) covers every year.

// foldhash: a row's unit is looked up once per stored row, a million times for a register.
use foldhash::HashSet;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::vocabulary::{stored_vocabulary, Scheme};
use crate::{ListKind, Result};

stored_vocabulary! {
    /// Along which column a version's scope runs.
    pub enum ScopeDimension {
        /// The whole county: replaces every earlier version of its kind.
        County = "county",
        /// Births, deaths: each list adds to those in force.
        Events = "events",
        School = "school",
        Agency = "agency",
        /// A register's scheme and year: `employee|2026`, `resident|*`.
        SchemeYear = "scheme_year",
        /// A welfare category: 低保, 特困 …
        Category = "category",
        Township = "township",
    }
}

impl ScopeDimension {
    /// The SQL expression giving a `list_row r`'s unit along this dimension; `None` for
    /// the dimensions without units.
    pub fn row_unit_sql(self) -> Option<String> {
        Some(match self {
            ScopeDimension::County | ScopeDimension::Events => return None,
            ScopeDimension::School => "COALESCE(r.school, '')".into(),
            ScopeDimension::Agency => "COALESCE(r.agency, '')".into(),
            // A row without a scheme counts as the unknown scheme's, by its stored name.
            ScopeDimension::SchemeYear => format!(
                "COALESCE(r.scheme, '{}') || '|' || COALESCE(CAST(r.year AS TEXT), '*')",
                Scheme::Other.as_str()
            ),
            ScopeDimension::Category => "COALESCE(r.welfare_category, '')".into(),
            ScopeDimension::Township => "COALESCE(r.township, '')".into(),
        })
    }
}

/// What one version covers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Scope {
    pub dimension: ScopeDimension,
    /// The units covered, sorted; empty for the county and for events.
    pub units: Vec<String>,
}

impl Scope {
    pub fn county() -> Scope {
        Scope {
            dimension: ScopeDimension::County,
            units: Vec::new(),
        }
    }

    /// True when this scope covers a row whose unit along `self.dimension` is `unit`.
    pub fn covers(&self, unit: &str) -> bool {
        match self.dimension {
            ScopeDimension::County => true,
            ScopeDimension::Events => false,
            ScopeDimension::SchemeYear => {
                let scheme = unit.split('|').next().unwrap_or_default();
                self.units
                    .iter()
                    .any(|u| u == unit || *u == format!("{scheme}|*"))
            }
            _ => self.units.iter().any(|u| u == unit),
        }
    }

    /// In officers' words: 全县, 海丰县实验中学, 职工医保 2026年度 …
    pub fn describe(&self) -> String {
        let units = || {
            self.units
                .iter()
                .map(|u| describe_unit(self.dimension, u))
                .collect::<Vec<_>>()
                .join("、")
        };
        match self.dimension {
            ScopeDimension::County => "全县".into(),
            ScopeDimension::Events => "逐条累加".into(),
            _ => units(),
        }
    }
}

/// One unit in officers' words.
pub fn describe_unit(dimension: ScopeDimension, unit: &str) -> String {
    if dimension != ScopeDimension::SchemeYear {
        return if unit.is_empty() {
            "（未填）".into()
        } else {
            unit.to_string()
        };
    }
    let (scheme, year) = unit.split_once('|').unwrap_or((unit, "*"));
    let scheme =
        crate::vocabulary::Scheme::from_stored(scheme).map_or(scheme, |s| s.chinese_name());
    match year {
        "*" => format!("{scheme}（各年度）"),
        y => format!("{scheme} {y}年度"),
    }
}

/// Welfare categories a title or file name may name, longest first so 低保边缘 is not 低保.
const WELFARE_CATEGORIES: &[&str] = &[
    "低保边缘",
    "易返贫致贫",
    "事实无人抚养",
    "重度残疾",
    "特困",
    "低保",
    "孤儿",
];

/// The dimension [`detect`] reads from a list kind's rows: a household, welfare or
/// exclusion list's townships decide between one township and the county. `None` for
/// the event lists (births, deaths), whose rows say nothing of a scope.
pub fn row_dimension(kind: ListKind) -> Option<ScopeDimension> {
    match kind {
        ListKind::Birth | ListKind::Death => None,
        ListKind::School => Some(ScopeDimension::School),
        ListKind::Roster => Some(ScopeDimension::Agency),
        ListKind::Enrolment => Some(ScopeDimension::SchemeYear),
        ListKind::Welfare | ListKind::Household | ListKind::Exclusion => {
            Some(ScopeDimension::Township)
        }
    }
}

/// Works out a stored batch's scope from its kind, its rows and what its title and file
/// name say (`named_in`: those texts joined). `seen`, when given, is the sorted distinct
/// units of the batch's rows along [`row_dimension`], as [`UnitsSeen`] collected them while
/// the rows were stored; otherwise they are read back from the rows.
pub fn detect(
    conn: &Connection,
    batch_id: i64,
    kind: ListKind,
    named_in: &str,
    seen: Option<&[String]>,
) -> Result<Scope> {
    let Some(dimension) = row_dimension(kind) else {
        return Ok(Scope {
            dimension: ScopeDimension::Events,
            units: Vec::new(),
        });
    };
    if kind == ListKind::Welfare {
        let categories = named_categories(named_in);
        if !categories.is_empty() {
            return Ok(Scope {
                dimension: ScopeDimension::Category,
                units: categories,
            });
        }
    }
    let units = match seen {
        Some(units) => units.to_vec(),
        None => distinct_units(conn, batch_id, dimension)?,
    };
    match (dimension, units.as_slice()) {
        // A list by township covers one township only when its rows have just that one
        // and its title names it; otherwise it is the county's.
        (ScopeDimension::Township, [only]) if names_township(named_in, only) => {
            Ok(Scope { dimension, units })
        }
        (ScopeDimension::Township, _) => Ok(Scope::county()),
        _ => Ok(Scope { dimension, units }),
    }
}

fn named_categories(text: &str) -> Vec<String> {
    let mut rest = text.to_string();
    let mut found = Vec::new();
    for category in WELFARE_CATEGORIES {
        if rest.contains(category) {
            found.push(category.to_string());
            rest = rest.replace(category, "");
        }
    }
    found.sort();
    found
}

/// True when `text` names the township (海城镇 or just 海城).
fn names_township(text: &str, township: &str) -> bool {
    if township.is_empty() {
        return false;
    }
    let stem = township
        .trim_end_matches("街道")
        .trim_end_matches(['镇', '乡']);
    text.contains(township) || (stem.chars().count() >= 2 && text.contains(stem))
}

/// The distinct units of a batch's rows along `dimension`, sorted.
pub fn distinct_units(
    conn: &Connection,
    batch_id: i64,
    dimension: ScopeDimension,
) -> Result<Vec<String>> {
    let Some(unit) = dimension.row_unit_sql() else {
        return Ok(Vec::new());
    };
    // The batch's rows are the id range its import recorded: a walk of that range, with
    // SQLite's DISTINCT probing a table of the few units. `ORDER BY` here would make it
    // sort every row's unit instead (in the sqlite3 shell on a 1M-row household list:
    // 1.16 s against 0.37 s), so the units are sorted afterwards, in the same byte order.
    let rows = super::rows_of_batch_sql("r", batch_id);
    let sql = format!("SELECT DISTINCT {unit} FROM list_row r WHERE {rows}");
    let mut stmt = conn.prepare(&sql)?;
    let mut units: Vec<String> = stmt
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    units.sort_unstable();
    Ok(units)
}

/// The distinct units of rows along one dimension, collected as the rows are stored, so
/// that [`detect`] need not read a million rows back after their import (a second of
/// the eight-list import, on the thread that ends each file). Each row's unit is the
/// value [`ScopeDimension::row_unit_sql`] gives for its stored columns.
#[derive(Debug)]
pub struct UnitsSeen {
    dimension: ScopeDimension,
    texts: HashSet<String>,
    /// The register's (scheme, year) pairs, turned into their text at the end.
    scheme_years: HashSet<(Option<Scheme>, Option<i32>)>,
}

impl UnitsSeen {
    /// A collector for `kind`'s rows; `None` for the kinds [`detect`] reads no units of.
    pub fn for_kind(kind: ListKind) -> Option<UnitsSeen> {
        Some(UnitsSeen {
            dimension: row_dimension(kind)?,
            texts: HashSet::default(),
            scheme_years: HashSet::default(),
        })
    }

    pub fn dimension(&self) -> ScopeDimension {
        self.dimension
    }

    /// A row's unit that is one text column (a school, an agency, a township): `None`
    /// counts as the empty unit, as `COALESCE(…, '')` does.
    pub fn see_text(&mut self, value: Option<&str>) {
        let value = value.unwrap_or_default();
        if !self.texts.contains(value) {
            self.texts.insert(value.to_string());
        }
    }

    /// A register row's scheme and contribution year.
    pub fn see_scheme_year(&mut self, scheme: Option<Scheme>, year: Option<i32>) {
        self.scheme_years.insert((scheme, year));
    }

    /// The units seen, sorted in byte order as [`distinct_units`] gives them.
    pub fn into_sorted(self) -> Vec<String> {
        let mut units: Vec<String> = self.texts.into_iter().collect();
        units.extend(self.scheme_years.into_iter().map(|(scheme, year)| {
            format!(
                "{}|{}",
                scheme.unwrap_or(Scheme::Other).as_str(),
                year.map_or_else(|| "*".to_string(), |y| y.to_string())
            )
        }));
        units.sort_unstable();
        units
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scope(dimension: ScopeDimension, units: &[&str]) -> Scope {
        Scope {
            dimension,
            units: units.iter().map(|u| u.to_string()).collect(),
        }
    }

    /// The units collected as rows are stored must be exactly what reading the stored
    /// rows back gives, missing values included.
    #[test]
    fn units_seen_match_the_units_read_back_from_the_rows() {
        let conn = crate::store::open_in_memory().unwrap();
        conn.execute_batch(
            "INSERT INTO batch (id, kind, file_name, content_sha256, sheets, mapping,
                 rows_read, rows_imported, imported_at, first_row_id, last_row_id)
             VALUES (1, 'enrolment', 'r.xlsx', 'x', '[]', '{}', 4, 4, 'now', 1, 4);
             INSERT INTO list_row (id, batch_id, sheet, row_number, original, id_status,
                 scheme, year, township)
             VALUES (1, 1, 's', 2, '', 'valid', 'employee', 2026, '海城镇'),
                    (2, 1, 's', 3, '', 'valid', NULL, 2026, NULL),
                    (3, 1, 's', 4, '', 'valid', 'resident', NULL, '海城镇'),
                    (4, 1, 's', 5, '', 'valid', 'employee', 2026, '梅陇镇');",
        )
        .unwrap();
        let mut register = UnitsSeen::for_kind(ListKind::Enrolment).unwrap();
        register.see_scheme_year(Some(Scheme::Employee), Some(2026));
        register.see_scheme_year(None, Some(2026));
        register.see_scheme_year(Some(Scheme::Resident), None);
        register.see_scheme_year(Some(Scheme::Employee), Some(2026));
        assert_eq!(
            register.into_sorted(),
            distinct_units(&conn, 1, ScopeDimension::SchemeYear).unwrap()
        );
        let mut townships = UnitsSeen::for_kind(ListKind::Household).unwrap();
        for township in [Some("海城镇"), None, Some("海城镇"), Some("梅陇镇")] {
            townships.see_text(township);
        }
        let read_back = distinct_units(&conn, 1, ScopeDimension::Township).unwrap();
        assert_eq!(read_back.len(), 3, "{read_back:?}");
        assert_eq!(townships.into_sorted(), read_back);
        assert!(UnitsSeen::for_kind(ListKind::Birth).is_none());
    }

    #[test]
    fn a_register_for_a_scheme_replaces_only_that_scheme_and_its_years() {
        let employee_2026 = scope(ScopeDimension::SchemeYear, &["employee|2026"]);
        assert!(employee_2026.covers("employee|2026"));
        assert!(!employee_2026.covers("employee|2025"));
        assert!(!employee_2026.covers("resident|2026"));
        let employee_state = scope(ScopeDimension::SchemeYear, &["employee|*"]);
        assert!(employee_state.covers("employee|2024"));
        assert!(!employee_state.covers("resident|*"));
    }

    #[test]
    fn a_school_roll_covers_its_own_schools_and_events_cover_nothing() {
        let roll = scope(ScopeDimension::School, &["海丰县实验中学"]);
        assert!(roll.covers("海丰县实验中学"));
        assert!(!roll.covers("海城镇中心小学"));
        assert!(!scope(ScopeDimension::Events, &[]).covers("x"));
        assert!(Scope::county().covers("anything"));
    }

    #[test]
    fn titles_name_categories_and_townships() {
        assert_eq!(
            named_categories("海丰县2025年7月低保对象花名册"),
            vec!["低保"]
        );
        assert_eq!(named_categories("低保边缘家庭名单"), vec!["低保边缘"]);
        assert!(named_categories("海丰县民政困难人员花名册").is_empty());
        assert!(names_township("海城镇2026年8月户籍人口", "海城镇"));
        assert!(names_township("海城2026年8月户籍人口", "海城镇"));
        assert!(!names_township("海丰县户籍人口", "海城镇"));
    }

    #[test]
    fn scopes_read_as_officers_write_them() {
        assert_eq!(
            scope(ScopeDimension::SchemeYear, &["employee|2026", "resident|*"]).describe(),
            "职工医保 2026年度、居民医保（各年度）"
        );
        assert_eq!(Scope::county().describe(), "全县");
    }
}

//! Analysis: compare every imported list with the enrolment register for one as-of date
//! and record who should be insured and is not.
//!
//! [`load`] reads the rows, [`people`] groups them into persons, [`matching`] finds each
//! person's enrolment, death and exclusion rows in tiers, [`rules`] applies the gap rules
//! and [`reasons`] words them. Possible matches go to the [`review`] queue. Each run is
//! kept as a snapshot ([`snapshot`]: an `analysis` row with its gaps, coverage and review
//! items), so [`campaign`] can say what changed since the run before.

pub mod campaign;
pub mod coverage;
pub mod freshness;
mod fuzzy;
mod gap;
mod load;
mod lookup;
mod matching;
mod name_shape;
mod own_text;
mod people;
pub(crate) mod places;
mod raw_rows;
mod reasons;
pub mod review;
mod row;
mod rules;
mod snapshot;
mod summary;
mod suppression;
mod version_columns;

use chrono::NaiveDate;

use rusqlite::{Connection, OptionalExtension};

use crate::dates::coverage_year;
use crate::identity::mask_id;
use crate::{ErrorKind, Progress, ProgressUpdate, Result, Stage};

pub use gap::{Gap, GapCode, MatchTier, Priority, RouteType, SourceRow};
pub use summary::{AnalysisSummary, GapCount};

/// Runs the gap rules for `as_of` over everything imported and stores the result as a
/// new snapshot.
pub fn analyze(
    conn: &mut Connection,
    as_of: NaiveDate,
    progress: &dyn Progress,
) -> Result<AnalysisSummary> {
    let year = coverage_year(as_of);
    progress.report(ProgressUpdate {
        stage: Stage::Analysing,
        file: None,
        done: 0,
        total: None,
    });
    let data_version = crate::lists::data_version(conn)?;
    // Every row's own text lives here until the rules are done (see `row`).
    let mut arena = bumpalo::Bump::new();
    let load::Loaded { mut rows, batches } = load::load_rows(conn, as_of, &mut arena)?;
    // Spellings no household township matches are reported by the quality findings.
    places::fold_townships(&mut rows);
    let settings = crate::settings::load(conn)?;
    let decisions = review::decisions(conn)?;
    let settled = suppression::settling_outcomes(conn)?;
    let (previous, previously_flagged) = campaign::latest_flagged(conn)?;
    if progress.is_cancelled() {
        return Err(ErrorKind::Cancelled.into());
    }
    let ctx = rules::Context {
        as_of,
        coverage_year: year,
        settings: &settings,
        decisions: &decisions,
        settled: &settled,
        previously_flagged: &previously_flagged,
    };
    let stored = snapshot::Snapshot {
        as_of,
        coverage_year: year,
        data_version,
        batches: &batches,
        previous,
        previously_flagged: &previously_flagged,
    };
    let total = snapshot::store(conn, &stored, &rows, &ctx, progress)?;
    progress.report(ProgressUpdate {
        stage: Stage::Analysing,
        file: None,
        done: total,
        total: Some(total),
    });
    latest_summary(conn)?.ok_or_else(|| {
        ErrorKind::Database {
            message: "刚保存的分析结果读不到".into(),
        }
        .into()
    })
}

/// The latest analysis, or the error every command that needs one gives when there is none.
pub fn require_latest_summary(conn: &Connection) -> Result<AnalysisSummary> {
    latest_summary(conn)?.ok_or_else(no_analysis_yet)
}

/// The summary of the most recent analysis, if any.
pub fn latest_summary(conn: &Connection) -> Result<Option<AnalysisSummary>> {
    let Some(head) = latest_head(conn)? else {
        return Ok(None);
    };
    let gaps_by_code = gap_counts(conn, head.analysis_id)?;
    Ok(Some(head.summary(conn, gaps_by_code)?))
}

/// [`require_latest_summary`] for a caller that reads every gap of the analysis anyway
/// (an export): `read` is given the analysis' ID and returns, beside what it read, the gaps
/// per code it counted on the way, so the gaps are passed over once, not twice (counting
/// them apart visits each gap's row: a county's 166k). The counts must cover every gap
/// of the analysis, in any order.
pub fn require_latest_summary_counted<T>(
    conn: &Connection,
    read: impl FnOnce(i64) -> Result<(Vec<GapCount>, T)>,
) -> Result<(AnalysisSummary, T)> {
    let head = latest_head(conn)?.ok_or_else(no_analysis_yet)?;
    let (mut gaps_by_code, read) = read(head.analysis_id)?;
    gaps_by_code.sort_by_key(|c| c.code);
    Ok((head.summary(conn, gaps_by_code)?, read))
}

fn no_analysis_yet() -> crate::Error {
    ErrorKind::NotReady {
        message: "还没有分析结果；请先运行 enrolgap analyze".into(),
    }
    .into()
}

/// An analysis' own row: its summary without the gap and review counts.
struct AnalysisHead {
    analysis_id: i64,
    as_of: String,
    coverage_year: i32,
    residents: u32,
    enrolled_residents: u32,
}

impl AnalysisHead {
    /// The summary, with `gaps_by_code` (in code order) and the review queue's count.
    fn summary(self, conn: &Connection, gaps_by_code: Vec<GapCount>) -> Result<AnalysisSummary> {
        let gaps_total = gaps_by_code.iter().map(|c| c.count).sum();
        let review_pending = review::pending(conn)?.len() as u32;
        let coverage_rate = if self.residents == 0 {
            0.0
        } else {
            f64::from(self.enrolled_residents) / f64::from(self.residents)
        };
        Ok(AnalysisSummary {
            analysis_id: self.analysis_id,
            as_of: self.as_of,
            coverage_year: self.coverage_year,
            residents: self.residents,
            enrolled_residents: self.enrolled_residents,
            coverage_rate,
            gaps_total,
            gaps_by_code,
            review_pending,
        })
    }
}

/// The row of the most recent analysis, if any.
fn latest_head(conn: &Connection) -> Result<Option<AnalysisHead>> {
    let head = conn
        .query_row(
            "SELECT id, as_of, coverage_year, residents, enrolled_residents FROM analysis ORDER BY id DESC LIMIT 1",
            [],
            |r| {
                Ok(AnalysisHead {
                    analysis_id: r.get(0)?,
                    as_of: r.get(1)?,
                    coverage_year: r.get(2)?,
                    residents: r.get(3)?,
                    enrolled_residents: r.get(4)?,
                })
            },
        )
        .optional()?;
    Ok(head)
}

/// The gaps of analysis `analysis_id` per code, in code order.
fn gap_counts(conn: &Connection, analysis_id: i64) -> Result<Vec<GapCount>> {
    let mut stmt =
        conn.prepare_cached("SELECT code, COUNT(*) FROM gap WHERE analysis_id = ?1 GROUP BY code")?;
    let counts = stmt
        .query_map([analysis_id], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, u32>(1)?))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut gaps_by_code: Vec<GapCount> = counts
        .into_iter()
        .map(|(code, count)| {
            Ok(GapCount {
                code: parse_code(&code)?,
                count,
            })
        })
        .collect::<Result<_>>()?;
    gaps_by_code.sort_by_key(|c| c.code);
    Ok(gaps_by_code)
}

fn parse_code(code: &str) -> Result<GapCode> {
    GapCode::from_stored(code).ok_or_else(|| {
        ErrorKind::Database {
            message: format!("数据库中有本版本不认识的缺口编码 {code}；请升级 enrolgap"),
        }
        .into()
    })
}

/// The gaps of the most recent analysis, ordered by code, unit, village and name.
/// Empty when nothing has been analysed yet.
pub fn latest_gaps(conn: &Connection) -> Result<Vec<Gap>> {
    gaps_of(conn, None)
}

/// The gaps of one analysis (the latest when `analysis_id` is `None`).
pub fn gaps_of(conn: &Connection, analysis_id: Option<i64>) -> Result<Vec<Gap>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {STORED_GAP_COLUMNS}
         FROM gap WHERE analysis_id = COALESCE(?1, (SELECT MAX(id) FROM analysis))
         ORDER BY code, route_unit, route_detail, name, id_number, source_row"
    ))?;
    let rows = stmt.query_map([analysis_id], |r| StoredGap::from_row(r, 0))?;
    rows.map(|row| row?.into_gap()).collect()
}

/// The columns [`StoredGap::from_row`] reads, in its order.
pub(crate) const STORED_GAP_COLUMNS: &str =
    "code, id_number, name, birth_date, sex, township, village, reason, source_file, source_sheet,
     source_row, person_key, deadline, priority, route_type, route_unit, route_detail, match_tier,
     sources, phone, reason_en";

/// A gap row as stored, before its codes are parsed.
pub(crate) struct StoredGap {
    code: String,
    id_number: Option<String>,
    name: String,
    birth_date: Option<String>,
    sex: Option<String>,
    township: Option<String>,
    village: Option<String>,
    reason: String,
    source_file: String,
    source_sheet: String,
    source_row: u32,
    person_key: String,
    deadline: Option<String>,
    priority: String,
    route_type: String,
    route_unit: String,
    route_detail: String,
    match_tier: String,
    sources: String,
    phone: Option<String>,
    reason_en: String,
}

impl StoredGap {
    /// The gap whose [`STORED_GAP_COLUMNS`] start at column `first` of `r`.
    pub(crate) fn from_row(r: &rusqlite::Row<'_>, first: usize) -> rusqlite::Result<StoredGap> {
        let at = |i: usize| first + i;
        Ok(StoredGap {
            code: r.get(at(0))?,
            id_number: r.get(at(1))?,
            name: r.get(at(2))?,
            birth_date: r.get(at(3))?,
            sex: r.get(at(4))?,
            township: r.get(at(5))?,
            village: r.get(at(6))?,
            reason: r.get(at(7))?,
            source_file: r.get(at(8))?,
            source_sheet: r.get(at(9))?,
            source_row: r.get(at(10))?,
            person_key: r.get(at(11))?,
            deadline: r.get(at(12))?,
            priority: r.get(at(13))?,
            route_type: r.get(at(14))?,
            route_unit: r.get(at(15))?,
            route_detail: r.get(at(16))?,
            match_tier: r.get(at(17))?,
            sources: r.get(at(18))?,
            phone: r.get(at(19))?,
            reason_en: r.get(at(20))?,
        })
    }

    pub(crate) fn into_gap(self) -> Result<Gap> {
        let unknown = |what: &str, value: &str| -> crate::Error {
            ErrorKind::Database {
                message: format!("数据库中有本版本不认识的{what} {value}；请升级 enrolgap"),
            }
            .into()
        };
        Ok(Gap {
            code: parse_code(&self.code)?,
            id_masked: self.id_number.as_deref().map(mask_id),
            id_number: self.id_number,
            name: self.name,
            birth_date: self.birth_date,
            sex: self.sex,
            township: self.township,
            village: self.village,
            reason: self.reason,
            reason_en: self.reason_en,
            source_file: self.source_file,
            source_sheet: self.source_sheet,
            source_row: self.source_row,
            person_key: self.person_key,
            deadline: self.deadline,
            priority: Priority::from_stored(&self.priority)
                .ok_or_else(|| unknown("优先级", &self.priority))?,
            route_type: RouteType::from_stored(&self.route_type)
                .ok_or_else(|| unknown("跟进单位类型", &self.route_type))?,
            route_unit: self.route_unit,
            route_detail: self.route_detail,
            match_tier: MatchTier::from_stored(&self.match_tier)
                .ok_or_else(|| unknown("比对方式", &self.match_tier))?,
            sources: serde_json::from_str(&self.sources)
                .map_err(|e| unknown("来源记录", &e.to_string()))?,
            phone: self.phone,
        })
    }
}

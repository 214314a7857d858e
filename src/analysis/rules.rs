//! The gap rules (docs/rules.md, "The gap rules"), applied to one person at a time.
//!
//! A person with no active enrolment for the coverage year gets exactly one not-enrolled
//! code, the first that applies of: welfare, newborn, worker, student, lapsed, resident.
//! Enrolled people may get `worker_wrong_scheme` and `welfare_not_subsidized`, side by
//! side. Deaths, exclusion lists and field outcomes suppress gaps; a person whose only
//! enrolment candidate is a possible (fuzzy) match goes to the review queue instead.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{Days, NaiveDate};
use smallvec::SmallVec;

use super::campaign::ClosedBecause;
use super::coverage::{PlaceTallies, Tally};
use super::load::{ListRow, Text};
use super::matching::{Found, Index, Possible};
use super::people::{group_people, Person};
use super::reasons;
use super::review::{self, Decision, ReviewItem};
use super::suppression::{exclusion_holds, lapsed_note, FieldOutcome};
use super::{Gap, GapCode, MatchTier, Priority, RouteType};
use crate::dates::parse_stored_iso;
use crate::identity::mask_id;
use crate::settings::Settings;
use crate::vocabulary::Scheme;
use crate::ListKind;

/// Where residents and gaps without a township are counted and routed.
pub const UNKNOWN_TOWNSHIP: &str = "（未填乡镇）";

/// What the rules are given besides the lists.
pub struct Context<'a> {
    pub as_of: NaiveDate,
    pub coverage_year: i32,
    pub settings: &'a Settings,
    /// Decisions on possible matches, by pair key.
    pub decisions: &'a HashMap<String, Decision>,
    /// People whose latest field outcome may settle them (insured elsewhere, deceased),
    /// with when it was recorded: insured elsewhere holds for that coverage year only.
    pub settled: &'a HashMap<String, FieldOutcome>,
    /// People flagged by the analysis before: the outcome says what became of each.
    pub previously_flagged: &'a HashSet<String>,
}

/// What the rules found.
pub struct Outcome {
    pub review: Vec<ReviewItem>,
    /// Per (township, village) of living local household residents.
    pub coverage: BTreeMap<(String, String), Tally>,
    /// For people flagged before and not flagged now: why.
    pub closures: HashMap<String, ClosedBecause>,
}

/// Applies every rule to every person on the lists, and lists the gaps.
#[cfg(test)]
pub fn apply<'a>(rows: &'a [ListRow<'a>], ctx: &Context<'_>) -> (Vec<Gap>, Outcome) {
    let mut gaps = Vec::new();
    let outcome = apply_each(rows, ctx, &mut |gap| gaps.push(gap), &|| true);
    (gaps, outcome)
}

/// Applies every rule to every person on the lists, handing each gap to `found_gap` as
/// soon as it is found, so they can be stored while the rules go on and are never all
/// held at once. Stops early, with what it has, once `keep_going` says no (asked every
/// few thousand people: a cancelled analysis of a county stops within a moment).
pub fn apply_each<'a>(
    rows: &'a [ListRow<'a>],
    ctx: &Context<'_>,
    found_gap: &mut dyn FnMut(Gap),
    keep_going: &(dyn Fn() -> bool + Sync),
) -> Outcome {
    // The people's keys, for as long as the rules run (outlives the indexes below).
    let arena = bumpalo::Bump::new();
    // The register's index is built on a thread of its own while the people are grouped
    // here: neither needs the other, and the storing thread waits for gaps meanwhile.
    let (people, [enrolments, deaths, exclusions]) = std::thread::scope(|scope| {
        let indexes = scope.spawn(|| {
            [ListKind::Enrolment, ListKind::Death, ListKind::Exclusion]
                .map(|kind| Index::of_kind(rows, kind))
        });
        let people = group_people(rows, &arena);
        let indexes = indexes
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (people, indexes)
    });
    // Counted per person under the rows' shared texts; written out once per village.
    let mut coverage = PlaceTallies::default();
    let mut outcome = Outcome {
        review: Vec::new(),
        coverage: BTreeMap::new(),
        closures: HashMap::new(),
    };

    // Dates are compared as ISO text; the as-of date formatted once, not per person.
    let as_of = crate::dates::iso(ctx.as_of);
    for (seen, person) in people.into_iter().enumerate() {
        if seen % PEOPLE_BETWEEN_CHECKS == 0 && !keep_going() {
            break;
        }
        let excluded = exclusions.find(&person).rows;
        let field = ctx.settled.get(person.key);
        // A death recorded as after the as-of date has not happened yet on that day.
        let died = deaths
            .find(&person)
            .rows
            .iter()
            .any(|r| r.detail().death_date.is_none_or(|d| d <= as_of.as_str()));
        let suppressed = if person.marked_deceased() || died {
            Some(ClosedBecause::Deceased)
        } else if excluded
            .iter()
            .any(|r| exclusion_holds(r, ctx.coverage_year))
        {
            Some(ClosedBecause::Excluded)
        } else if field.is_some_and(|f| f.holds_in(ctx.coverage_year)) {
            Some(ClosedBecause::Settled)
        } else {
            None
        };
        // A suppression of an earlier coverage year has lapsed: compared again, and said so.
        let lapsed = lapsed_note(excluded.first().copied(), field);
        let mut close = |closure: ClosedBecause| {
            if ctx.previously_flagged.contains(person.key) {
                outcome.closures.insert(person.key.to_string(), closure);
            }
        };
        if let Some(closure) = suppressed {
            close(closure);
            continue;
        }
        // No usable ID and no birth date to pair with the name: nothing to compare with
        // the register, so never a gap (the import reported the row for correction).
        if !person.comparable() {
            continue;
        }
        let mut found = enrolments.find(&person);
        if found.rows.is_empty() {
            match review_state(&person, enrolments.possible(&person), ctx) {
                ReviewState::Accepted(rows) => {
                    found = Found {
                        tier: MatchTier::NameBirth,
                        rows,
                    }
                }
                ReviewState::Waiting(items) => {
                    close(ClosedBecause::InReview);
                    outcome.review.extend(items);
                    continue;
                }
                ReviewState::Nothing => {}
            }
        }
        let enrolled = found
            .rows
            .iter()
            .any(|e| e.is_active_in(ctx.coverage_year, ctx.coverage_year));
        if let Some(household) = person
            .on(ListKind::Household)
            .next()
            .filter(|_| !person.holds_residence_permit())
        {
            let township = household
                .township
                .unwrap_or(const { Text::of_static(&UNKNOWN_TOWNSHIP) });
            coverage.count(township, household.village.unwrap_or_default(), enrolled);
        }
        let codes: Vec<GapCode> = if enrolled {
            enrolled_codes(&person, &found, ctx)
        } else {
            not_enrolled_code(&person, &found, ctx)
                .into_iter()
                .collect()
        };
        if codes.is_empty() && enrolled {
            close(ClosedBecause::Enrolled);
        }
        for code in codes {
            let mut gap = gap(&person, &found, code, ctx);
            if let Some(note) = &lapsed {
                gap.reason.push_str(&note.zh);
                gap.reason_en.push_str(&note.en);
            }
            found_gap(gap);
        }
    }
    outcome.coverage = coverage.by_name();
    outcome
}

/// How many people the rules judge between two looks at whether to go on.
const PEOPLE_BETWEEN_CHECKS: usize = 4096;

enum ReviewState<'a> {
    /// A person accepted a candidate earlier: it counts as the person's enrolment.
    Accepted(SmallVec<[&'a ListRow<'a>; 2]>),
    /// Candidates wait for a decision: no field gap until then.
    Waiting(Vec<ReviewItem>),
    Nothing,
}

fn review_state<'a>(
    person: &Person<'a>,
    possible: Vec<Possible<'a>>,
    ctx: &Context<'_>,
) -> ReviewState<'a> {
    let mut accepted = SmallVec::new();
    let mut waiting = Vec::new();
    for candidate in review::candidates(person, possible, ctx.coverage_year) {
        match ctx.decisions.get(&candidate.item.pair_key) {
            Some(Decision::Accept) => accepted.extend(candidate.rows),
            Some(Decision::Reject) => {}
            None => waiting.push(candidate.item),
        }
    }
    if !accepted.is_empty() {
        ReviewState::Accepted(accepted)
    } else if !waiting.is_empty() {
        ReviewState::Waiting(waiting)
    } else {
        ReviewState::Nothing
    }
}

/// The one not-enrolled code that applies first, if any.
fn not_enrolled_code(person: &Person<'_>, found: &Found<'_>, ctx: &Context<'_>) -> Option<GapCode> {
    let local_resident = person.is_on(ListKind::Household) && !person.holds_residence_permit();
    if person.is_on(ListKind::Welfare) {
        Some(GapCode::WelfareNotEnrolled)
    } else if is_newborn(person, ctx) {
        Some(GapCode::NewbornNotEnrolled)
    } else if is_due_worker(person, ctx) {
        Some(GapCode::WorkerNotEnrolled)
    } else if person.is_on(ListKind::School) {
        Some(GapCode::StudentNotEnrolled)
    } else if local_resident
        && found
            .rows
            .iter()
            .any(|e| e.is_active_in(ctx.coverage_year - 1, ctx.coverage_year))
    {
        Some(GapCode::Lapsed)
    } else if local_resident {
        Some(GapCode::ResidentNotEnrolled)
    } else {
        None
    }
}

/// Codes for people who are enrolled but not as they should be.
fn enrolled_codes(person: &Person<'_>, found: &Found<'_>, ctx: &Context<'_>) -> Vec<GapCode> {
    let active: SmallVec<[&ListRow; 2]> = found
        .rows
        .iter()
        .copied()
        .filter(|e| e.is_active_in(ctx.coverage_year, ctx.coverage_year))
        .collect();
    let mut codes = Vec::new();
    // "Enrolled only in the resident scheme": a register that does not say the scheme
    // cannot show the wrong one.
    let resident_only = active.iter().any(|e| e.scheme == Some(Scheme::Resident))
        && !active.iter().any(|e| e.scheme == Some(Scheme::Employee));
    if is_due_worker(person, ctx) && resident_only {
        codes.push(GapCode::WorkerWrongScheme);
    }
    if person.is_on(ListKind::Welfare) && !active.iter().any(|e| e.subsidised) {
        codes.push(GapCode::WelfareNotSubsidized);
    }
    codes
}

/// On a roster and hired at least the grace period (30 days, a county setting) before the
/// as-of date: until then the agency is not yet late, and the person is judged by the
/// other rules. A row without a start date counts as past the grace.
fn is_due_worker(person: &Person<'_>, ctx: &Context<'_>) -> bool {
    person
        .on(ListKind::Roster)
        .any(|r| match r.detail().start_date {
            None => true,
            start => {
                plus_days(start, ctx.settings.worker_grace_days).is_none_or(|due| due <= ctx.as_of)
            }
        })
}

/// Born within the 12 months before the as-of date, on the birth or household list.
fn is_newborn(person: &Person<'_>, ctx: &Context<'_>) -> bool {
    let Some(birth) = person.birth_date().and_then(parse_stored_iso) else {
        return false;
    };
    let a_year_before = ctx
        .as_of
        .checked_sub_months(chrono::Months::new(12))
        .unwrap_or(ctx.as_of);
    (person.is_on(ListKind::Birth) || person.is_on(ListKind::Household))
        && birth > a_year_before
        && birth <= ctx.as_of
}

fn plus_days(date: Option<&str>, days: u32) -> Option<NaiveDate> {
    parse_stored_iso(date?)?.checked_add_days(Days::new(u64::from(days)))
}

/// The deadline a rule sets and the priority it gives.
fn deadline_and_priority(
    person: &Person<'_>,
    code: GapCode,
    ctx: &Context<'_>,
) -> (Option<NaiveDate>, Priority) {
    let by_deadline = |deadline: Option<NaiveDate>| match deadline {
        Some(d) if ctx.as_of > d => (Some(d), Priority::Urgent),
        other => (other, Priority::High),
    };
    match code {
        GapCode::WelfareNotEnrolled | GapCode::WelfareNotSubsidized => (None, Priority::Urgent),
        GapCode::NewbornNotEnrolled => by_deadline(plus_days(
            person.birth_date(),
            ctx.settings.newborn_grace_days,
        )),
        GapCode::WorkerNotEnrolled | GapCode::WorkerWrongScheme => {
            let start = person
                .on(ListKind::Roster)
                .find_map(|r| r.detail().start_date);
            by_deadline(plus_days(start, ctx.settings.worker_grace_days))
        }
        GapCode::StudentNotEnrolled | GapCode::Lapsed | GapCode::ResidentNotEnrolled => {
            (None, Priority::Normal)
        }
    }
}

/// Who follows the gap up.
fn route(person: &Person<'_>, code: GapCode) -> (RouteType, String, String) {
    let join = |parts: &[Option<&str>]| {
        parts
            .iter()
            .flatten()
            .copied()
            .collect::<Vec<_>>()
            .join(" ")
    };
    match code {
        GapCode::StudentNotEnrolled => {
            let r = person
                .on(ListKind::School)
                .next()
                .expect("a student gap comes from a school roll");
            let d = r.detail();
            (
                RouteType::School,
                d.school.unwrap_or("（未填学校）").to_string(),
                join(&[d.grade, d.class_name]),
            )
        }
        GapCode::WorkerNotEnrolled | GapCode::WorkerWrongScheme => {
            let r = person
                .on(ListKind::Roster)
                .next()
                .expect("a worker gap comes from a roster");
            let d = r.detail();
            (
                RouteType::Agency,
                d.agency.unwrap_or("（未填派遣单位）").to_string(),
                d.client_company.unwrap_or_default().to_string(),
            )
        }
        _ => (
            RouteType::Township,
            person
                .first(|r| r.township.as_deref())
                .unwrap_or(UNKNOWN_TOWNSHIP)
                .to_string(),
            person
                .first(|r| r.village.as_deref())
                .unwrap_or_default()
                .to_string(),
        ),
    }
}

fn gap(person: &Person<'_>, found: &Found<'_>, code: GapCode, ctx: &Context<'_>) -> Gap {
    let main = person.main_row();
    let (deadline, priority) = deadline_and_priority(person, code, ctx);
    let (route_type, route_unit, route_detail) = route(person, code);
    let mut sources: Vec<_> = person.rows.iter().map(|r| r.source()).collect();
    sources.extend(found.rows.iter().map(|r| r.source()));
    let id_number = person.id_number().map(String::from);
    let reason = reasons::reason(person, found, code, ctx.coverage_year, deadline);
    Gap {
        code,
        id_masked: id_number.as_deref().map(mask_id),
        id_number,
        name: person.name().to_string(),
        birth_date: person.birth_date().map(String::from),
        sex: person.first(|r| r.sex.as_deref()).map(String::from),
        township: person.first(|r| r.township.as_deref()).map(String::from),
        village: person.first(|r| r.village.as_deref()).map(String::from),
        reason: reason.zh,
        reason_en: reason.en,
        source_file: main.file.to_string(),
        source_sheet: main.sheet.to_string(),
        source_row: main.row_number,
        person_key: person.key.to_string(),
        deadline: deadline.map(crate::dates::iso),
        priority,
        route_type,
        route_unit,
        route_detail,
        match_tier: found.tier,
        sources,
        phone: person.first(|r| r.phone()).map(String::from),
    }
}

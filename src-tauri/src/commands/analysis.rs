//! IPC commands for the analysis: running it as of a date (with progress and cancel), the
//! summary and gaps of the latest one, and the bureau's report. The gaps sent to the
//! webview never carry a full ID number or an unmasked phone.

use enrolgap::person_ref::PersonRefs;
use enrolgap::report::Report;
use enrolgap::{AnalysisSummary, Error, Gap, ProgressUpdate};
use tauri::ipc::Channel;
use tauri::State;

use super::{parse_date, run_job, with_conn};
use crate::AppState;

/// Compares the imported lists as of `as_of` (`YYYY-MM-DD`) and records the gaps.
#[tauri::command]
pub async fn analyze(
    state: State<'_, AppState>,
    as_of: String,
    channel: Channel<ProgressUpdate>,
) -> Result<AnalysisSummary, Error> {
    let as_of = parse_date(&as_of)?;
    run_job(&state, channel, move |conn, progress| {
        enrolgap::analyze(conn, as_of, progress)
    })
    .await
}

/// The summary of the latest analysis, if there is one.
#[tauri::command]
pub async fn latest_summary(state: State<'_, AppState>) -> Result<Option<AnalysisSummary>, Error> {
    with_conn(&state, |conn| enrolgap::analysis::latest_summary(conn)).await
}

/// The gaps of the latest analysis, for the screen: the full ID number never crosses to
/// the webview (`id_number` is `None`; `id_masked` is shown) and phones are masked.
#[tauri::command]
pub async fn latest_gaps(state: State<'_, AppState>) -> Result<Vec<Gap>, Error> {
    let gaps = with_conn(&state, |conn| enrolgap::latest_gaps(conn)).await?;
    let refs = state.person_refs();
    Ok(gaps.into_iter().map(|g| for_screen(g, &refs)).collect())
}

/// The bureau's report of the latest analysis (coverage, changes, funnel), if any.
#[tauri::command]
pub async fn report(state: State<'_, AppState>) -> Result<Option<Report>, Error> {
    with_conn(&state, |conn| {
        if enrolgap::analysis::latest_summary(conn)?.is_none() {
            return Ok(None);
        }
        enrolgap::report::build(conn).map(Some)
    })
    .await
}

/// One person's history (analyses, closures, outcomes, enrolment rows in force), by the
/// screen's person reference.
#[tauri::command]
pub async fn person_history(
    state: State<'_, AppState>,
    person: String,
) -> Result<enrolgap::person_history::PersonHistory, Error> {
    let refs = state.person_refs();
    with_conn(&state, move |conn| {
        let keys = refs.resolve(conn, &[person])?;
        enrolgap::person_history::of_person(conn, &keys[0])
    })
    .await
}

/// A gap as the screen may show it: no full ID, masked phone, and the person named by the
/// session's reference instead of the key (which holds the ID).
fn for_screen(mut gap: Gap, refs: &PersonRefs) -> Gap {
    gap.id_number = None;
    gap.person_key = refs.of(&gap.person_key);
    gap.phone = gap.phone.as_deref().map(enrolgap::phone::mask_phone);
    gap
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_screen_never_gets_a_full_id_or_phone() {
        use enrolgap::analysis::{MatchTier, Priority, RouteType};
        let gap = Gap {
            code: enrolgap::GapCode::Lapsed,
            id_number: Some("441521198003130017".into()),
            id_masked: Some("441521********0017".into()),
            name: "林晓明".into(),
            birth_date: None,
            sex: None,
            township: None,
            village: None,
            reason: String::new(),
            reason_en: String::new(),
            source_file: String::new(),
            source_sheet: String::new(),
            source_row: 2,
            person_key: "id:441521198003130017".into(),
            deadline: None,
            priority: Priority::Normal,
            route_type: RouteType::Township,
            route_unit: String::new(),
            route_detail: String::new(),
            match_tier: MatchTier::IdExact,
            sources: Vec::new(),
            phone: Some("13812341234".into()),
        };
        let refs = PersonRefs::default();
        let shown = for_screen(gap, &refs);
        assert_eq!(shown.id_number, None);
        assert_eq!(shown.person_key, refs.of("id:441521198003130017"));
        assert!(!serde_json::to_string(&shown)
            .unwrap()
            .contains("198003130017"));
        assert_eq!(shown.id_masked.as_deref(), Some("441521********0017"));
        assert_eq!(shown.phone.as_deref(), Some("138****1234"));
    }
}

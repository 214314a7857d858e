//! IPC command for outcomes recorded by hand for several people at once (the gaps table's
//! selection): one call, one transaction, one audited export (`enrolgap::worklist::followup`).

use enrolgap::worklist::Outcome;
use enrolgap::Error;
use tauri::State;

use super::{parse_date, with_conn};
use crate::AppState;

/// Records `outcome` for every person in `person_keys` (the screen's person references;
/// all or none); returns how many.
#[tauri::command]
pub async fn record_outcomes(
    state: State<'_, AppState>,
    person_keys: Vec<String>,
    outcome: Outcome,
    date: Option<String>,
    officer: Option<String>,
    note: Option<String>,
) -> Result<usize, Error> {
    let date = match date.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
        Some(d) => Some(parse_date(d)?.format("%Y-%m-%d").to_string()),
        None => None,
    };
    let officer = officer.filter(|o| !o.trim().is_empty());
    let note = note.filter(|n| !n.trim().is_empty());
    let refs = state.person_refs();
    with_conn(&state, move |conn| {
        let person_keys = refs.resolve(conn, &person_keys)?;
        enrolgap::worklist::followup::record_many(
            conn,
            &person_keys,
            outcome,
            date.as_deref(),
            officer.as_deref(),
            note.as_deref(),
        )
    })
    .await
}

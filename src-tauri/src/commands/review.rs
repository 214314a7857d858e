//! IPC commands for the review queue: the possible matches waiting for a person's
//! decision, recording one and taking it back (both apply from the next analysis).

use enrolgap::analysis::review::{Decision, ReviewItem};
use enrolgap::Error;
use tauri::State;

use super::with_conn;
use crate::AppState;

/// Possible matches waiting for a person's decision.
#[tauri::command]
pub async fn review_pending(state: State<'_, AppState>) -> Result<Vec<ReviewItem>, Error> {
    with_conn(&state, |conn| enrolgap::analysis::review::pending(conn)).await
}

/// Records a decision on a possible match; it applies from the next analysis.
#[tauri::command]
pub async fn review_decide(
    state: State<'_, AppState>,
    item_id: i64,
    decision: Decision,
) -> Result<(), Error> {
    with_conn(&state, move |conn| {
        enrolgap::analysis::review::decide(conn, item_id, decision)
    })
    .await
}

/// Takes back the decision made on item `item_id`; the pair waits for review again from
/// the next analysis. Returns the decision undone.
#[tauri::command]
pub async fn review_undo(state: State<'_, AppState>, item_id: i64) -> Result<Decision, Error> {
    with_conn(&state, move |conn| {
        enrolgap::analysis::review::undo(conn, item_id)
    })
    .await
}

//! IPC commands for the review queue: the possible matches waiting for a person's
//! decision, and recording one (it applies from the next analysis).

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

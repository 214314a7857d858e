//! The TypeScript types in `ui/src/bindings.ts` are generated from the engine's Rust
//! types. This test fails when they are stale; `UPDATE_BINDINGS=1 cargo test --test
//! ts_bindings` rewrites the file.

use std::path::Path;

use enrolgap::identity::IdStatus;
use enrolgap::{
    AnalysisSummary, ErrorKind, Gap, GapCode, ImportOptions, ImportSummary, ListKind,
    ProgressUpdate, Stage,
};
use ts_rs::{Config, TS};

fn declaration<T: TS>(cfg: &Config) -> String {
    let mut out = String::new();
    if let Some(docs) = T::docs() {
        out.push_str(&docs);
    }
    out.push_str("export ");
    out.push_str(&T::decl(cfg));
    out.push('\n');
    out
}

fn bindings() -> String {
    // i64 batch and analysis ids stay far below 2^53, so `number` is exact.
    let cfg = Config::new().with_large_int("number");
    let decls = [
        declaration::<ListKind>(&cfg),
        declaration::<enrolgap::import::roles::Role>(&cfg),
        declaration::<enrolgap::ColumnMapping>(&cfg),
        declaration::<enrolgap::lists::ReplaceMode>(&cfg),
        declaration::<ImportOptions>(&cfg),
        declaration::<enrolgap::lists::ListDateSource>(&cfg),
        declaration::<enrolgap::lists::scope::ScopeDimension>(&cfg),
        declaration::<enrolgap::lists::Scope>(&cfg),
        declaration::<enrolgap::lists::Replacement>(&cfg),
        declaration::<enrolgap::lists::EventCount>(&cfg),
        declaration::<enrolgap::lists::Settled>(&cfg),
        declaration::<enrolgap::lists::VersionStatus>(&cfg),
        declaration::<enrolgap::lists::ListVersion>(&cfg),
        declaration::<enrolgap::vocabulary::Scheme>(&cfg),
        declaration::<enrolgap::vocabulary::EnrolStatus>(&cfg),
        declaration::<enrolgap::vocabulary::PersonStatus>(&cfg),
        declaration::<enrolgap::vocabulary::Sex>(&cfg),
        declaration::<enrolgap::vocabulary::Subsidy>(&cfg),
        declaration::<ImportSummary>(&cfg),
        declaration::<Stage>(&cfg),
        declaration::<ProgressUpdate>(&cfg),
        declaration::<GapCode>(&cfg),
        declaration::<enrolgap::analysis::Priority>(&cfg),
        declaration::<enrolgap::analysis::RouteType>(&cfg),
        declaration::<enrolgap::analysis::MatchTier>(&cfg),
        declaration::<enrolgap::analysis::SourceRow>(&cfg),
        declaration::<Gap>(&cfg),
        declaration::<enrolgap::analysis::GapCount>(&cfg),
        declaration::<AnalysisSummary>(&cfg),
        declaration::<enrolgap::analysis::coverage::Coverage>(&cfg),
        declaration::<enrolgap::analysis::campaign::Changes>(&cfg),
        declaration::<enrolgap::analysis::campaign::Funnel>(&cfg),
        declaration::<enrolgap::analysis::campaign::ClosedBecause>(&cfg),
        declaration::<enrolgap::analysis::campaign::CaseChange>(&cfg),
        declaration::<enrolgap::analysis::campaign::CaseChanges>(&cfg),
        declaration::<enrolgap::analysis::freshness::Freshness>(&cfg),
        declaration::<enrolgap::analysis::review::Decision>(&cfg),
        declaration::<enrolgap::analysis::review::ReviewField>(&cfg),
        declaration::<enrolgap::analysis::review::ReviewFact>(&cfg),
        declaration::<enrolgap::analysis::review::ReviewSide>(&cfg),
        declaration::<enrolgap::analysis::review::ReviewItem>(&cfg),
        declaration::<enrolgap::settings::Settings>(&cfg),
        declaration::<enrolgap::report::UnitCount>(&cfg),
        declaration::<enrolgap::report::Report>(&cfg),
        declaration::<enrolgap::worklist::SplitBy>(&cfg),
        declaration::<enrolgap::worklist::WorklistOptions>(&cfg),
        declaration::<enrolgap::worklist::ExportedFile>(&cfg),
        declaration::<enrolgap::worklist::ExportSummary>(&cfg),
        declaration::<enrolgap::outcome::Outcome>(&cfg),
        declaration::<enrolgap::worklist::followup::FollowupProblem>(&cfg),
        declaration::<enrolgap::worklist::followup::FollowupSummary>(&cfg),
        declaration::<enrolgap::audit::AuditEntry>(&cfg),
        declaration::<enrolgap::dispatch::DispatchStatus>(&cfg),
        declaration::<enrolgap::dispatch::UnitDispatch>(&cfg),
        declaration::<enrolgap::person_history::FlaggedIn>(&cfg),
        declaration::<enrolgap::person_history::ClosedIn>(&cfg),
        declaration::<enrolgap::person_history::RecordedOutcome>(&cfg),
        declaration::<enrolgap::person_history::EnrolmentInForce>(&cfg),
        declaration::<enrolgap::person_history::PersonHistory>(&cfg),
        declaration::<enrolgap::import::preview::PreviewColumn>(&cfg),
        declaration::<enrolgap::import::preview::PreviewSheet>(&cfg),
        declaration::<enrolgap::import::preview::ImportPreview>(&cfg),
        declaration::<enrolgap::import::history::BatchInfo>(&cfg),
        declaration::<IdStatus>(&cfg),
        declaration::<enrolgap::quality::QualityFinding>(&cfg),
        declaration::<ErrorKind>(&cfg),
    ];
    format!(
        "// Generated from the engine's Rust types by tests/ts_bindings.rs. Do not edit:\n\
         // run `UPDATE_BINDINGS=1 cargo test --test ts_bindings` instead.\n\n{}",
        decls.join("\n")
    )
}

#[test]
fn typescript_bindings_are_current() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/src/bindings.ts");
    let fresh = bindings();
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        std::fs::write(&path, &fresh).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == fresh,
        "ui/src/bindings.ts is stale: run `UPDATE_BINDINGS=1 cargo test --test ts_bindings`"
    );
}

//! The command line takes the stored vocabulary's own names: clap derives the names it
//! accepts for a `ValueEnum` from the variant names, the database stores the names the
//! `stored_vocabulary!` table gives. They agree today only because the tables happen to use
//! snake case; this test fails the day one of them is renamed without the other.

use clap::ValueEnum;
use enrolgap::analysis::review::Decision;
use enrolgap::worklist::SplitBy;
use enrolgap::{GapCode, ListKind};

/// Every variant's command-line name equals its stored name.
fn assert_cli_names_are_stored_names<T: ValueEnum + std::fmt::Debug>(
    variants: &[T],
    stored: impl Fn(&T) -> &'static str,
) {
    assert_eq!(
        T::value_variants().len(),
        variants.len(),
        "a variant is missing from ALL"
    );
    for variant in variants {
        let cli = variant
            .to_possible_value()
            .unwrap_or_else(|| panic!("{variant:?} is hidden from the command line"));
        assert_eq!(cli.get_name(), stored(variant), "{variant:?}");
    }
}

#[test]
fn split_by_names_on_the_command_line_are_the_stored_names() {
    assert_cli_names_are_stored_names(&SplitBy::ALL, |v| v.as_str());
}

#[test]
fn list_kind_names_on_the_command_line_are_the_stored_names() {
    assert_cli_names_are_stored_names(&ListKind::ALL, |v| v.as_str());
}

#[test]
fn gap_code_names_on_the_command_line_are_the_stored_names() {
    assert_cli_names_are_stored_names(&GapCode::ALL, |v| v.as_str());
}

#[test]
fn review_decision_names_on_the_command_line_are_the_stored_names() {
    assert_cli_names_are_stored_names(&Decision::ALL, |v| v.as_str());
}

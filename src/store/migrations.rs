//! The schema's history. Append new migrations; never edit one that has shipped.

use rusqlite_migration::{Migrations, M};

const MIGRATIONS: &[M<'static>] = &[
    M::up(include_str!("migrations/001_lists_and_gaps.sql")),
    M::up(include_str!("migrations/002_every_list_kind.sql")),
    M::up(include_str!("migrations/003_rules_review_settings.sql")),
    M::up(include_str!("migrations/004_worklists_followups_audit.sql")),
    M::up(include_str!("migrations/005_list_versions.sql")),
    // 006 (the audit anchor) lands from its own branch, before this one.
    M::up(include_str!("migrations/007_worklist_case_codes.sql")),
];

/// Every migration, oldest first.
pub fn migrations() -> Migrations<'static> {
    Migrations::from_slice(MIGRATIONS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_are_valid() {
        migrations().validate().unwrap();
    }
}

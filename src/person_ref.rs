//! Opaque stand-ins for person keys, for a user interface.
//!
//! A person key (`id:441521…`, `nb:name|birth`) holds the full ID, so it must not cross
//! to the app's screens (IPC is JSON a web view holds). [`PersonRefs`] turns a key into a
//! keyed hash under a secret drawn when the app starts: stable for the session (the
//! screens key their rows, selections and outcomes by it), meaningless outside it, and not
//! reversible by trying IDs, because the secret never leaves the process. A reference
//! coming back (record an outcome, export the filtered rows, open a history) is resolved
//! against the people of the latest analysis; one that is not there is refused, never
//! guessed.

use std::collections::HashMap;

use rand::RngCore;
use rusqlite::Connection;
use sha2::{Digest, Sha256};

use crate::{ErrorKind, Result};

/// The session's secret and the mapping it defines.
pub struct PersonRefs {
    secret: [u8; 32],
}

impl Default for PersonRefs {
    fn default() -> Self {
        let mut secret = [0; 32];
        rand::rng().fill_bytes(&mut secret);
        PersonRefs { secret }
    }
}

impl std::fmt::Debug for PersonRefs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PersonRefs { .. }")
    }
}

impl PersonRefs {
    /// The reference the screens see for `person_key`: `p` and 24 hex digits.
    pub fn of(&self, person_key: &str) -> String {
        let digest = Sha256::new()
            .chain_update(self.secret)
            .chain_update(person_key.as_bytes())
            .finalize();
        let mut out = String::with_capacity(25);
        out.push('p');
        for byte in &digest[..12] {
            out.push_str(&format!("{byte:02x}"));
        }
        out
    }

    /// The person keys of `refs`, in order, from the people of the latest analysis. All or
    /// nothing: a reference to nobody in it (a stale screen) refuses the whole list.
    pub fn resolve(&self, conn: &Connection, refs: &[String]) -> Result<Vec<String>> {
        if refs.is_empty() {
            return Ok(Vec::new());
        }
        let mut stmt = conn.prepare_cached(
            "SELECT DISTINCT person_key FROM gap WHERE analysis_id = (SELECT MAX(id) FROM analysis)",
        )?;
        let mut by_ref = HashMap::new();
        for key in stmt.query_map([], |r| r.get::<_, String>(0))? {
            let key = key?;
            by_ref.insert(self.of(&key), key);
        }
        let mut keys = Vec::with_capacity(refs.len());
        let mut unknown = 0;
        for r in refs {
            match by_ref.get(r) {
                Some(key) => keys.push(key.clone()),
                None => unknown += 1,
            }
        }
        if unknown > 0 {
            return Err(ErrorKind::InvalidArgument {
                message: format!(
                    "有 {unknown} 人不在最近一次分析的结果中（页面可能已过期）；请刷新后重新选择，未做任何改动"
                ),
            }
            .into());
        }
        Ok(keys)
    }

    /// `map` with its person keys replaced by references.
    pub fn rekey<V>(&self, map: HashMap<String, V>) -> HashMap<String, V> {
        map.into_iter().map(|(k, v)| (self.of(&k), v)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reference_hides_the_id_is_stable_in_a_session_and_differs_between_sessions() {
        let key = "id:441521198003130017";
        let (a, b) = (PersonRefs::default(), PersonRefs::default());
        assert_eq!(a.of(key), a.of(key));
        assert_ne!(a.of(key), b.of(key), "a new session draws a new secret");
        assert!(!a.of(key).contains("441521"));
        assert_eq!(a.of(key).len(), 25);
        assert_ne!(a.of(key), a.of("id:441521198003130025"));
    }

    #[test]
    fn references_resolve_against_the_latest_analysis_all_or_nothing() {
        let conn = crate::store::open_in_memory().unwrap();
        conn.execute_batch(
            "INSERT INTO analysis (id, as_of, coverage_year, created_at, residents, enrolled_residents)
                 VALUES (1, '2026-07-31', 2026, 'now', 2, 0);
             INSERT INTO gap (analysis_id, code, name, reason, source_file, source_sheet, source_row, person_key)
                 VALUES (1, 'lapsed', '甲', '', 'f', 's', 2, 'id:441521198003130017'),
                        (1, 'lapsed', '乙', '', 'f', 's', 3, 'nb:乙|1990-01-01');",
        )
        .unwrap();
        let refs = PersonRefs::default();
        let both = [
            refs.of("nb:乙|1990-01-01"),
            refs.of("id:441521198003130017"),
        ];
        assert_eq!(
            refs.resolve(&conn, &both).unwrap(),
            vec!["nb:乙|1990-01-01", "id:441521198003130017"]
        );
        let stale = [both[0].clone(), refs.of("id:441521198003130025")];
        assert!(
            refs.resolve(&conn, &stale).is_err(),
            "one unknown refuses all"
        );
        let other_session = PersonRefs::default();
        assert!(refs
            .resolve(&conn, &[other_session.of("nb:乙|1990-01-01")])
            .is_err());
    }
}

//! Column mappings the user confirmed, remembered per header layout.
//!
//! Departments send the same layout month after month. Once an officer has told the tool
//! which column is which (`--kind`, `--map`, or the app's mapping screen), the next file
//! with the same header imports the same way without asking again.

use rusqlite::{params, Connection, OptionalExtension};

use super::roles::Role;
use crate::{ListKind, Result};

/// A mapping to remember: the header's signature, the kind, and role -> header text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfirmedMapping {
    pub signature: String,
    pub kind: ListKind,
    pub roles: Vec<(Role, String)>,
}

pub fn save(conn: &Connection, mapping: &ConfirmedMapping) -> Result<()> {
    let roles: serde_json::Map<String, serde_json::Value> = mapping
        .roles
        .iter()
        .map(|(r, t)| (r.as_str().to_string(), t.clone().into()))
        .collect();
    conn.execute(
        "INSERT INTO saved_mapping (signature, kind, roles, saved_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (signature) DO UPDATE SET kind = excluded.kind, roles = excluded.roles, saved_at = excluded.saved_at",
        params![
            mapping.signature,
            mapping.kind.as_str(),
            serde_json::Value::Object(roles).to_string(),
            chrono::Local::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, false),
        ],
    )?;
    Ok(())
}

/// The mapping saved for a header signature, if any. A saved mapping this version cannot
/// read (an unknown kind or role) is ignored rather than half-applied.
pub fn find(conn: &Connection, signature: &str) -> Result<Option<ConfirmedMapping>> {
    let Some((kind, roles)) = conn
        .query_row(
            "SELECT kind, roles FROM saved_mapping WHERE signature = ?1",
            [signature],
            |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)),
        )
        .optional()?
    else {
        return Ok(None);
    };
    let Some(kind) = ListKind::from_stored(&kind) else {
        return Ok(None);
    };
    let Ok(serde_json::Value::Object(map)) = serde_json::from_str::<serde_json::Value>(&roles)
    else {
        return Ok(None);
    };
    let roles: Option<Vec<(Role, String)>> = map
        .iter()
        .map(|(role, title)| Some((Role::from_stored(role)?, title.as_str()?.to_string())))
        .collect();
    Ok(roles.map(|roles| ConfirmedMapping {
        signature: signature.to_string(),
        kind,
        roles,
    }))
}

//! The audit log's key and its anchor file, both kept outside the log.
//!
//! The key is a random secret of this installation, in a private file beside the
//! database (`*.audit-key`); without it, a rewritten entry cannot be given a valid hash,
//! however the chain is recomputed. An in-memory database (tests, one-off jobs) uses a
//! key of the running process.
//!
//! The anchor file (`*.audit-anchor`) holds the id and hash of the latest entry known
//! good, with a MAC under the key: deleting the last entries, even together with the
//! anchor row inside the database, leaves a log shorter than the file says.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use rand::RngCore;
use rusqlite::Connection;
use sha2::{Digest, Sha256};

use crate::store::sidecar;
use crate::{ErrorKind, Result};

/// HMAC-SHA256 (RFC 2104) of `message` under a key of at most 64 bytes.
pub(super) fn hmac(key: &[u8], message: &[u8]) -> String {
    assert!(key.len() <= 64, "audit keys are 32 bytes");
    let mut block = [0u8; 64];
    block[..key.len()].copy_from_slice(key);
    let pad = |byte: u8| block.iter().map(|b| b ^ byte).collect::<Vec<u8>>();
    let inner = Sha256::new()
        .chain_update(pad(0x36))
        .chain_update(message)
        .finalize();
    let outer = Sha256::new()
        .chain_update(pad(0x5c))
        .chain_update(inner)
        .finalize();
    format!("{outer:x}")
}

/// The database file behind `conn`, when it has one.
pub(super) fn db_path(conn: &Connection) -> Option<PathBuf> {
    conn.path().filter(|p| !p.is_empty()).map(PathBuf::from)
}

fn key_file(db: &Path) -> PathBuf {
    sidecar(db, ".audit-key")
}

fn anchor_file(db: &Path) -> PathBuf {
    sidecar(db, ".audit-anchor")
}

/// The key of `conn`'s log; `create` makes one when there is none yet (on the first
/// keyed entry). `None` when the key file is missing and not to be created.
pub(super) fn key(conn: &Connection, create: bool) -> Result<Option<Vec<u8>>> {
    let Some(db) = db_path(conn) else {
        static PROCESS_KEY: OnceLock<[u8; 32]> = OnceLock::new();
        return Ok(Some(PROCESS_KEY.get_or_init(random_key).to_vec()));
    };
    let file = key_file(&db);
    match std::fs::read_to_string(&file) {
        Ok(text) => decode(text.trim()).map(Some).ok_or_else(|| {
            ErrorKind::AuditTampered {
                entry: 0,
                reason: format!("审计密钥文件 {} 已损坏", file.display()),
            }
            .into()
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && create => {
            let key = random_key();
            let fail = |e: std::io::Error| -> crate::Error {
                ErrorKind::WriteFailed {
                    file: file.display().to_string(),
                    reason: e.to_string(),
                }
                .into()
            };
            let mut out = crate::store::create_private(&file).map_err(fail)?;
            std::io::Write::write_all(&mut out, format!("{}\n", encode(&key)).as_bytes())
                .map_err(fail)?;
            out.sync_all().map_err(fail)?;
            Ok(Some(key.to_vec()))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(ErrorKind::FileUnreadable {
            file: file.display().to_string(),
            reason: e.to_string(),
        }
        .into()),
    }
}

fn random_key() -> [u8; 32] {
    let mut key = [0u8; 32];
    rand::rng().fill_bytes(&mut key);
    key
}

fn encode(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn decode(hex: &str) -> Option<Vec<u8>> {
    if hex.len() != 64 || !hex.is_ascii() {
        return None;
    }
    (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).ok())
        .collect()
}

/// The latest entry known good, as the anchor file records it.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Anchor {
    pub entry_id: i64,
    pub hash: String,
}

fn anchor_mac(key: &[u8], entry_id: i64, hash: &str) -> String {
    hmac(key, format!("anchor\x1f{entry_id}\x1f{hash}").as_bytes())
}

/// Writes the anchor file for `anchor` (atomically; a failure leaves the old one).
pub(super) fn write_anchor(db: &Path, key: &[u8], anchor: &Anchor) -> Result<()> {
    let text = format!(
        "{} {} {}\n",
        anchor.entry_id,
        anchor.hash,
        anchor_mac(key, anchor.entry_id, &anchor.hash)
    );
    crate::safe_write::write_bytes(&anchor_file(db), text.as_bytes())
}

/// Removes the anchor file (a new database starts a new log).
pub(super) fn remove_anchor(db: &Path) {
    let _ = std::fs::remove_file(anchor_file(db));
}

/// What the anchor file says: `Ok(None)` when there is none, an error reason when it was
/// edited (its MAC does not match).
pub(super) fn read_anchor(db: &Path, key: &[u8]) -> std::result::Result<Option<Anchor>, String> {
    let file = anchor_file(db);
    let text = match std::fs::read_to_string(&file) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(format!("锚点文件 {} 无法读取：{e}", file.display())),
    };
    let parts: Vec<&str> = text.split_whitespace().collect();
    let edited = || format!("锚点文件 {} 被改动过", file.display());
    let [id, hash, mac] = parts[..] else {
        return Err(edited());
    };
    let entry_id: i64 = id.parse().map_err(|_| edited())?;
    if anchor_mac(key, entry_id, hash) != mac {
        return Err(edited());
    }
    Ok(Some(Anchor {
        entry_id,
        hash: hash.to_string(),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hmac_matches_rfc_4231_test_case_2() {
        assert_eq!(
            hmac(b"Jefe", b"what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }
}

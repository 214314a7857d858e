//! What an entry's hash covers, per scheme. The Chinese detail has been hashed since the
//! log began; the English detail is hashed from scheme `hmac-sha256-en` on, so an entry
//! an officer reads in English is as tamper-evident as the Chinese one. Entries written
//! under an older scheme keep it and are checked exactly as they were written (and must
//! have no English detail: one added later to an old entry would not be covered).
//!
//! Why the English is hashed rather than kept beside the chain: the app shows it in place
//! of the Chinese, so an unhashed English detail could be rewritten to say something the
//! record does not, and no check would show it.

use sha2::{Digest, Sha256};

use super::{key, Scheme};

pub(super) const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// An entry's fields as they are hashed.
pub(super) struct Fields<'a> {
    pub prev: &'a str,
    pub at: &'a str,
    pub action: &'a str,
    pub detail: &'a str,
    /// Hashed only under [`Scheme::HmacSha256En`].
    pub detail_en: &'a str,
    pub rows: u32,
    pub masked: Option<bool>,
    pub subject: Option<(String, i64)>,
}

impl Fields<'_> {
    pub fn hash(&self, scheme: Scheme, key: Option<&[u8]>) -> Option<String> {
        let mut message = Vec::new();
        for part in [
            self.prev,
            self.at,
            self.action,
            self.detail,
            &self.rows.to_string(),
            &format!("{:?}", self.masked),
        ] {
            message.extend_from_slice(part.as_bytes());
            message.push(0x1f);
        }
        if scheme == Scheme::Sha256 {
            return Some(format!("{:x}", Sha256::digest(&message)));
        }
        if let Some((table, id)) = &self.subject {
            message.extend_from_slice(format!("{table}\x1f{id}\x1f").as_bytes());
        }
        if scheme == Scheme::HmacSha256En {
            message.extend_from_slice(self.detail_en.as_bytes());
            message.push(0x1f);
        }
        key.map(|k| key::hmac(k, &message))
    }
}

//! What identifies a person across lists: the resident ID number and the name.
//!
//! Both are normalised for comparison while the original spelling is kept for display.

pub mod id_number;
pub mod name;
pub mod redact;

pub use id_number::{mask_id, IdNumber, IdStatus};
pub use name::{has_placeholder, name_key};
pub use redact::mask_numbers;

/// Characters that show as nothing but make two texts differ: zero-width space, joiners,
/// word joiner, byte-order mark, soft hyphen. Folded out of IDs and names before any
/// comparison (web systems and copied cells carry them).
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}' | '\u{180E}'
    )
}

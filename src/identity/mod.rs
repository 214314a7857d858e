//! What identifies a person across lists: the resident ID number and the name.
//!
//! Both are normalised for comparison while the original spelling is kept for display.

pub mod id_number;
pub mod name;
pub mod redact;

pub use id_number::{mask_id, IdNumber, IdStatus};
pub use name::{has_placeholder, name_key};
pub use redact::mask_numbers;

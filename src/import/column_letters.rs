//! Excel's column letters (A, B, …, Z, AA, …, XFD) and the 0-based column indexes the
//! engine counts in: the one conversion each way.
//!
//! Letters are read where a user names a column by letter (`--map name=B`), in the cell
//! references of a sheet's XML (the declared dimension the limits check, the merged
//! regions) and in test workbooks; they are written for the preview's column labels.
//! Callers add their own rule on how many letters they accept (a user's column has at
//! most three; a hostile file's reference may have more, to be refused as too wide).

/// The letters Excel shows for the 0-based column `index`: 0 → A, 25 → Z, 26 → AA.
pub fn column_letters(index: u32) -> String {
    // Bijective base 26: there is no zero digit, so each step takes one off.
    let mut rest = u64::from(index) + 1;
    let mut letters = Vec::new();
    while rest > 0 {
        let digit = ((rest - 1) % 26) as u8;
        letters.push(char::from(b'A' + digit));
        rest = (rest - 1) / 26;
    }
    letters.iter().rev().collect()
}

/// The 0-based column of Excel letters, either case: A → 0, aa → 26, XFD → 16383.
/// `None` for no letters, anything but ASCII letters, or a column whose 1-based number
/// does not fit a `u32` (as calamine reads cell references).
pub fn column_index(letters: &str) -> Option<u32> {
    if letters.is_empty() || !letters.bytes().all(|b| b.is_ascii_alphabetic()) {
        return None;
    }
    let number = letters.bytes().try_fold(0u32, |acc, b| {
        acc.checked_mul(26)?
            .checked_add(u32::from(b.to_ascii_uppercase() - b'A') + 1)
    })?;
    Some(number - 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_the_letters_excel_shows() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(51), "AZ");
        assert_eq!(column_letters(52), "BA");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(702), "AAA");
        assert_eq!(column_letters(16_383), "XFD");
        assert_eq!(column_letters(u32::MAX), "MWLQKWV");
    }

    #[test]
    fn reads_letters_in_either_case() {
        assert_eq!(column_index("A"), Some(0));
        assert_eq!(column_index("Z"), Some(25));
        assert_eq!(column_index("AA"), Some(26));
        assert_eq!(column_index("az"), Some(51));
        assert_eq!(column_index("XFD"), Some(16_383));
        assert_eq!(column_index("MWLQKWU"), Some(u32::MAX - 1));
    }

    #[test]
    fn refuses_what_is_not_a_column() {
        assert_eq!(column_index(""), None);
        assert_eq!(column_index("A1"), None);
        assert_eq!(column_index("姓名"), None);
        assert_eq!(column_index("$A"), None);
        // Column number 2^32, one past u32::MAX.
        assert_eq!(column_index("MWLQKWV"), None);
    }

    #[test]
    fn letters_and_indexes_round_trip() {
        for index in (0..20_000).chain([u32::MAX - 1]) {
            assert_eq!(column_index(&column_letters(index)), Some(index), "{index}");
        }
    }
}

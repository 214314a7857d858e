//! Masking what someone typed: a cell an officer filled in may hold an ID or a phone
//! number anywhere in its text ("已参保 441521199001011234", "电话 138 1234 5678"), and
//! echoing the cell back in a message must not show it in full.

use super::mask_id;
use crate::phone::mask_phone;

/// Digits in a run before it counts as a number to mask: 7, the shortest phone (a
/// landline without its area code). Shorter numbers (a year, a count) stay readable; an
/// 8-digit date is masked too, which costs a message little.
const MIN_DIGITS: usize = 7;

/// `text` with every run of 7 or more digits (spaces and hyphens inside, full-width
/// digits, a trailing X of an ID) masked: IDs as [`mask_id`], shorter runs as
/// [`mask_phone`].
pub fn mask_numbers(text: &str) -> String {
    // Most text (names, places) has too few digits to hold a number worth masking.
    if text.chars().filter(|&c| is_digit(c)).count() < MIN_DIGITS {
        return text.to_string();
    }
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        if !is_digit(chars[i]) {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        // Extend over digits, and over single separators between digits.
        let mut end = i;
        let mut j = i;
        while j < chars.len() {
            if is_digit(chars[j]) || (matches!(chars[j], 'x' | 'X' | 'ｘ' | 'Ｘ') && j > i) {
                end = j + 1;
                if !is_digit(chars[j]) {
                    break;
                }
                j += 1;
            } else if matches!(chars[j], ' ' | '-' | '\u{3000}')
                && j + 1 < chars.len()
                && is_digit(chars[j + 1])
            {
                j += 1;
            } else {
                break;
            }
        }
        let run: String = chars[i..end].iter().collect();
        let digits: String = run
            .chars()
            .filter(|c| !matches!(c, ' ' | '-' | '\u{3000}'))
            .collect();
        if digits.chars().count() >= MIN_DIGITS {
            out.push_str(&if digits.chars().count() >= 15 {
                mask_id(&digits)
            } else {
                mask_phone(&digits)
            });
        } else {
            out.push_str(&run);
        }
        i = end;
    }
    out
}

fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_phones_in_typed_text_are_masked() {
        assert_eq!(
            mask_numbers("已参保 11010519491231002X"),
            "已参保 110105********002X"
        );
        assert_eq!(
            mask_numbers("电话138 1234 5678，找王姐"),
            "电话138****5678，找王姐"
        );
        assert_eq!(mask_numbers("0660-6612345"), "066****2345");
        assert_eq!(mask_numbers("１３８１２３４５６７８"), "１３８****５６７８");
        assert_eq!(mask_numbers("第3组 2人 已参保"), "第3组 2人 已参保");
        assert_eq!(mask_numbers("=HYPERLINK(\"x\")"), "=HYPERLINK(\"x\")");
    }
}

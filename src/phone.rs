//! Phone numbers: normalised for storage, masked for display and export.

/// A phone number reduced to its digits: spaces, dashes, brackets and a +86/0086 prefix
/// removed. Returns `None` when what remains is not a mainland mobile (11 digits from 13
/// to 19) or a landline (area code and number, 10–12 digits starting with 0).
pub fn normalise_phone(raw: &str) -> Option<String> {
    let digits: String = raw
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            other => other,
        })
        .filter(char::is_ascii_digit)
        .collect();
    let digits = digits
        .strip_prefix("0086")
        .or_else(|| {
            (raw.trim_start().starts_with('+'))
                .then(|| digits.strip_prefix("86"))
                .flatten()
        })
        .unwrap_or(&digits);
    let is_mobile = digits.len() == 11
        && digits.starts_with('1')
        && (b'3'..=b'9').contains(&digits.as_bytes()[1]);
    let is_landline = (10..=12).contains(&digits.len()) && digits.starts_with('0');
    (is_mobile || is_landline).then(|| digits.to_string())
}

/// Masks a phone number: the first 3 and last 4 digits stay (138****1234).
pub fn mask_phone(phone: &str) -> String {
    let chars: Vec<char> = phone.chars().collect();
    if chars.len() <= 7 {
        return "*".repeat(chars.len());
    }
    let mut masked: String = chars[..3].iter().collect();
    masked.push_str(&"*".repeat(chars.len() - 7));
    masked.extend(&chars[chars.len() - 4..]);
    masked
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_digits_of_mobiles_and_landlines() {
        assert_eq!(
            normalise_phone("138 1234 5678").as_deref(),
            Some("13812345678")
        );
        assert_eq!(
            normalise_phone("+86 138-1234-5678").as_deref(),
            Some("13812345678")
        );
        assert_eq!(
            normalise_phone("0660-6612345").as_deref(),
            Some("06606612345")
        );
        assert_eq!(
            normalise_phone("１３８１２３４５６７８").as_deref(),
            Some("13812345678")
        );
    }

    #[test]
    fn refuses_what_is_not_a_phone() {
        assert_eq!(normalise_phone("12345"), None);
        assert_eq!(normalise_phone("无"), None);
        assert_eq!(normalise_phone("11012345678"), None);
    }

    #[test]
    fn masks_the_middle() {
        assert_eq!(mask_phone("13812345678"), "138****5678");
    }
}

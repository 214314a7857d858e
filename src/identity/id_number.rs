//! The 18-digit resident ID (公民身份号码, GB 11643-1999) and the ways it arrives broken.
//!
//! Layout: 6-digit region code, 8-digit birth date, 3-digit sequence (odd = male),
//! check digit (ISO 7064 MOD 11-2). Normalisation folds what is harmless (full-width
//! digits, lower-case x, spaces, apostrophes, the 15-digit legacy form) and refuses what
//! is not: an ID that lost digits to Excel's 15-digit precision is never repaired.

use crate::vocabulary::{stored_vocabulary, Sex};
use chrono::NaiveDate;

stored_vocabulary! {
    /// How usable an ID from a list is.
    #[derive(Default)]
    pub enum IdStatus {
        /// A valid 18-digit mainland ID, as written (after harmless folding).
        Valid = "valid",
        /// A valid 15-digit legacy ID, upgraded to 18 digits.
        UpgradedLegacy = "upgraded_legacy",
        /// A valid Hong Kong, Macau or Taiwan residence permit (region 810000/820000/830000).
        ResidencePermit = "residence_permit",
        /// The cell was empty.
        #[default]
        Missing = "missing",
        /// Stored by Excel as a number in E+ notation or beyond 15 digits: digits are lost.
        LostPrecision = "lost_precision",
        /// 18 characters but the check digit does not match.
        BadChecksum = "bad_checksum",
        /// The birth-date part is not a real date.
        BadBirthDate = "bad_birth_date",
        /// The region part is not a Chinese province code.
        BadRegion = "bad_region",
        /// Neither 15 nor 18 characters of the right shape.
        Malformed = "malformed",
    }
}

impl IdStatus {
    /// True when the ID can be used for matching.
    pub fn is_usable(self) -> bool {
        matches!(
            self,
            IdStatus::Valid | IdStatus::UpgradedLegacy | IdStatus::ResidencePermit
        )
    }

    /// What an officer should know and do about an unusable ID, in Chinese.
    pub fn problem_message(self) -> Option<&'static str> {
        match self {
            IdStatus::Valid | IdStatus::UpgradedLegacy | IdStatus::ResidencePermit => None,
            IdStatus::Missing => Some("身份证号为空"),
            IdStatus::LostPrecision => Some(
                "身份证号被 Excel 存成数字，后几位已丢失，无法修复；请让报送单位把该列设为文本后重新导出",
            ),
            IdStatus::BadChecksum => Some("身份证号校验位不符，可能录入有误；请核对原件"),
            IdStatus::BadBirthDate => Some("身份证号中的出生日期不是有效日期；请核对原件"),
            IdStatus::BadRegion => Some("身份证号的地区码无效；请核对原件"),
            IdStatus::Malformed => Some("身份证号位数或字符不对（应为 18 位或 15 位）；请核对原件"),
        }
    }
}

/// An ID number as read from a list: the cleaned text and, when usable, the 18-digit form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdNumber {
    /// The text after harmless folding (may still be invalid); empty when missing.
    pub cleaned: String,
    /// The normalised 18-digit ID, only when `status` is usable.
    pub normalised: Option<String>,
    pub status: IdStatus,
}

impl IdNumber {
    /// Parses an ID from a cell's text.
    pub fn parse(raw: &str) -> IdNumber {
        let cleaned = fold(raw);
        let (normalised, status) = classify(&cleaned);
        IdNumber {
            cleaned,
            normalised,
            status,
        }
    }

    /// Parses an ID from a numeric cell. Excel keeps 15 significant digits, so a number
    /// can only hold a 15-digit legacy ID intact; anything longer has lost digits.
    pub fn from_number(value: f64) -> IdNumber {
        let exact_integer = value.fract() == 0.0 && value > 0.0 && value < 1e15;
        if exact_integer {
            return IdNumber::parse(&format!("{value:.0}"));
        }
        IdNumber {
            cleaned: format!("{value}"),
            normalised: None,
            status: IdStatus::LostPrecision,
        }
    }

    /// The birth date encoded in a usable ID.
    pub fn birth_date(&self) -> Option<NaiveDate> {
        self.normalised.as_deref().and_then(birth_date_of)
    }

    /// 男 or 女 from the sequence digit of a usable ID.
    pub fn sex(&self) -> Option<Sex> {
        let id = self.normalised.as_deref()?;
        let digit = id.as_bytes()[16] - b'0';
        Some(if digit % 2 == 1 {
            Sex::Male
        } else {
            Sex::Female
        })
    }
}

/// Folds the harmless variations: whitespace, quotes and apostrophes, full-width
/// characters, lower-case x.
fn fold(raw: &str) -> String {
    raw.chars()
        .filter(|c| {
            !c.is_whitespace()
                && !super::is_invisible(*c)
                && !matches!(c, '\'' | '‘' | '’' | '`' | '"' | '“' | '”')
        })
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            'x' | 'Ｘ' | 'ｘ' => 'X',
            'Ｅ' | 'e' => 'E',
            '＋' => '+',
            '．' => '.',
            other => other,
        })
        .collect()
}

fn classify(cleaned: &str) -> (Option<String>, IdStatus) {
    if cleaned.is_empty() {
        return (None, IdStatus::Missing);
    }
    if looks_like_scientific(cleaned) {
        return (None, IdStatus::LostPrecision);
    }
    let bytes = cleaned.as_bytes();
    let all_digits = |b: &[u8]| b.iter().all(u8::is_ascii_digit);
    match bytes.len() {
        18 if all_digits(&bytes[..17]) && (bytes[17].is_ascii_digit() || bytes[17] == b'X') => {
            validate18(cleaned, IdStatus::Valid)
        }
        15 if all_digits(bytes) => {
            let upgraded = upgrade_legacy(cleaned);
            validate18(&upgraded, IdStatus::UpgradedLegacy)
        }
        _ => (None, IdStatus::Malformed),
    }
}

/// "4.41521E+17", "4.41521199001011E17": Excel's display of a long number.
fn looks_like_scientific(s: &str) -> bool {
    let Some((mantissa, exponent)) = s.split_once('E') else {
        return false;
    };
    let exponent = exponent.strip_prefix('+').unwrap_or(exponent);
    !mantissa.is_empty()
        && mantissa.chars().all(|c| c.is_ascii_digit() || c == '.')
        && !exponent.is_empty()
        && exponent.chars().all(|c| c.is_ascii_digit())
}

fn validate18(id: &str, ok_status: IdStatus) -> (Option<String>, IdStatus) {
    let bytes = id.as_bytes();
    if check_digit(&bytes[..17]) != bytes[17] as char {
        return (None, IdStatus::BadChecksum);
    }
    if birth_date_of(id).is_none() {
        return (None, IdStatus::BadBirthDate);
    }
    let region = &id[..6];
    if matches!(region, "810000" | "820000" | "830000") {
        return (Some(id.to_string()), IdStatus::ResidencePermit);
    }
    if !is_province_code(&id[..2]) {
        return (None, IdStatus::BadRegion);
    }
    (Some(id.to_string()), ok_status)
}

/// Inserts the century "19" and appends the check digit.
fn upgrade_legacy(id15: &str) -> String {
    let mut id = String::with_capacity(18);
    id.push_str(&id15[..6]);
    id.push_str("19");
    id.push_str(&id15[6..]);
    let check = check_digit(id.as_bytes());
    id.push(check);
    id
}

/// The ISO 7064 MOD 11-2 check character of the first 17 digits.
pub fn check_digit(first17: &[u8]) -> char {
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const CHECKS: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];
    let sum: u32 = first17
        .iter()
        .zip(WEIGHTS)
        .map(|(d, w)| u32::from(d - b'0') * w)
        .sum();
    CHECKS[(sum % 11) as usize]
}

fn birth_date_of(id: &str) -> Option<NaiveDate> {
    let digits = id.get(6..14)?;
    let year: i32 = digits[..4].parse().ok()?;
    let month: u32 = digits[4..6].parse().ok()?;
    let day: u32 = digits[6..8].parse().ok()?;
    if year < 1880 {
        return None;
    }
    NaiveDate::from_ymd_opt(year, month, day)
}

/// The two-digit codes of mainland provinces, autonomous regions and municipalities.
fn is_province_code(code: &str) -> bool {
    matches!(
        code,
        "11" | "12"
            | "13"
            | "14"
            | "15"
            | "21"
            | "22"
            | "23"
            | "31"
            | "32"
            | "33"
            | "34"
            | "35"
            | "36"
            | "37"
            | "41"
            | "42"
            | "43"
            | "44"
            | "45"
            | "46"
            | "50"
            | "51"
            | "52"
            | "53"
            | "54"
            | "61"
            | "62"
            | "63"
            | "64"
            | "65"
    )
}

/// Masks an ID for display and export: the first 6 and last 4 characters stay.
pub fn mask_id(id: &str) -> String {
    let chars: Vec<char> = id.chars().collect();
    if chars.len() <= 10 {
        return "*".repeat(chars.len());
    }
    let mut masked: String = chars[..6].iter().collect();
    masked.push_str(&"*".repeat(chars.len() - 10));
    masked.extend(&chars[chars.len() - 4..]);
    masked
}

#[cfg(test)]
mod tests {
    use super::*;

    // 11010519491231002X is the standard's own worked example.
    const EXAMPLE: &str = "11010519491231002X";

    #[test]
    fn accepts_the_standards_example() {
        let id = IdNumber::parse(EXAMPLE);
        assert_eq!(id.status, IdStatus::Valid);
        assert_eq!(id.normalised.as_deref(), Some(EXAMPLE));
        assert_eq!(id.birth_date(), NaiveDate::from_ymd_opt(1949, 12, 31));
        assert_eq!(id.sex(), Some(Sex::Female));
    }

    #[test]
    fn folds_full_width_lower_case_spaces_and_apostrophes() {
        let id = IdNumber::parse(" '１１０１０５ 1949123１002x ");
        assert_eq!(id.status, IdStatus::Valid);
        assert_eq!(id.normalised.as_deref(), Some(EXAMPLE));
    }

    #[test]
    fn folds_invisible_characters_out() {
        let id = IdNumber::parse("\u{FEFF}110105\u{200B}19491231\u{2060}002X\u{00AD}");
        assert_eq!(id.normalised.as_deref(), Some(EXAMPLE));
    }

    #[test]
    fn rejects_a_wrong_check_digit_without_guessing() {
        let id = IdNumber::parse("110105194912310021");
        assert_eq!(id.status, IdStatus::BadChecksum);
        assert_eq!(id.normalised, None);
    }

    #[test]
    fn upgrades_a_15_digit_legacy_id() {
        // 15-digit form of 110105194912310021's person would be 110105491231002.
        let id = IdNumber::parse("110105491231002");
        assert_eq!(id.status, IdStatus::UpgradedLegacy);
        assert_eq!(id.normalised.as_deref(), Some(EXAMPLE));
    }

    #[test]
    fn marks_excel_scientific_notation_as_lost() {
        for raw in ["4.41521E+17", "4.41521199001011E17", "4.41521e+17"] {
            let id = IdNumber::parse(raw);
            assert_eq!(id.status, IdStatus::LostPrecision, "{raw}");
            assert_eq!(id.normalised, None);
        }
    }

    #[test]
    fn a_numeric_cell_keeps_only_a_15_digit_id() {
        assert_eq!(
            IdNumber::from_number(110105491231002.0).status,
            IdStatus::UpgradedLegacy
        );
        assert_eq!(
            IdNumber::from_number(441521199001011234.0).status,
            IdStatus::LostPrecision
        );
    }

    #[test]
    fn recognises_residence_permits_and_bad_regions() {
        let permit = "81000019900101002";
        let permit = format!("{permit}{}", check_digit(permit.as_bytes()));
        assert_eq!(IdNumber::parse(&permit).status, IdStatus::ResidencePermit);
        let bad = "99010519491231002";
        let bad = format!("{bad}{}", check_digit(bad.as_bytes()));
        assert_eq!(IdNumber::parse(&bad).status, IdStatus::BadRegion);
    }

    #[test]
    fn rejects_an_impossible_birth_date() {
        let s = "44152119900230001";
        let s = format!("{s}{}", check_digit(s.as_bytes()));
        assert_eq!(IdNumber::parse(&s).status, IdStatus::BadBirthDate);
    }

    #[test]
    fn masks_all_but_first_six_and_last_four() {
        assert_eq!(mask_id(EXAMPLE), "110105********002X");
        assert_eq!(mask_id("123"), "***");
    }
}

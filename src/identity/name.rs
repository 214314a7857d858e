//! Names as comparison keys; the original spelling is always kept for display.
//!
//! The key removes spaces, unifies the middle dots of minority names (·•‧・.) and folds
//! traditional characters to simplified (陳→陈) with OpenCC's tables, so the same person
//! typed in Guangzhou and in Hong Kong compares equal.

/// The comparison key of a name.
pub fn name_key(name: &str) -> String {
    let compact: String = name
        .chars()
        .filter(|c| !c.is_whitespace() && !super::is_invisible(*c))
        .map(|c| match c {
            '•' | '‧' | '・' | '．' | '.' | '･' | '∙' | '⋅' | 'ㆍ' => '·',
            other => other,
        })
        .collect();
    // Most names hold no traditional character; skip the dictionary walk for pure ASCII.
    if compact.is_ascii() {
        compact
    } else {
        hanconv::t2s(&compact)
    }
}

/// True when a name holds a stand-in for a character the sender's system could not
/// encode (a rare character, 生僻字): ?, ？, □, U+FFFD, or a private-use code point.
/// Such a name cannot be compared character by character.
pub fn has_placeholder(name: &str) -> bool {
    name.chars().any(|c| {
        matches!(c, '?' | '？' | '□' | '■' | '\u{FFFD}') || ('\u{E000}'..='\u{F8FF}').contains(&c)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_invisible_characters_out() {
        assert_eq!(name_key("陈\u{200B}大\u{FEFF}文\u{00AD}"), "陈大文");
    }

    #[test]
    fn strips_spaces_including_ideographic_space() {
        assert_eq!(name_key(" 陈\u{3000}大 文 "), "陈大文");
    }

    #[test]
    fn unifies_middle_dots() {
        for raw in [
            "阿依古丽•买买提",
            "阿依古丽.买买提",
            "阿依古丽・买买提",
            "阿依古丽·买买提",
        ] {
            assert_eq!(name_key(raw), "阿依古丽·买买提", "{raw}");
        }
    }

    #[test]
    fn folds_traditional_to_simplified() {
        assert_eq!(name_key("陳國強"), "陈国强");
        assert_eq!(name_key("黃麗華"), "黄丽华");
        assert_eq!(name_key("陈国强"), "陈国强");
    }

    #[test]
    fn recognises_rare_character_placeholders() {
        assert!(has_placeholder("王?明"));
        assert!(has_placeholder("王□明"));
        assert!(has_placeholder("王\u{E123}明"));
        assert!(has_placeholder("王\u{FFFD}明"));
        assert!(!has_placeholder("王晓明"));
    }
}

//! Names as comparison keys; the original spelling is always kept for display.

/// The comparison key of a name: whitespace removed and the many middle dots of
/// minority names (·•‧・.) unified to U+00B7.
pub fn name_key(name: &str) -> String {
    name.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '•' | '‧' | '・' | '．' | '.' | '･' | '∙' | '⋅' => '·',
            other => other,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

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
}

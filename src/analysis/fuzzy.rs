//! Names that may be the same person's, spelled differently: the same sound (晓/小), or
//! one character slipped. Only ever a *possible* match, for a person to decide.
//!
//! The rules it implements are written down in docs/rules.md, "The review queue".

use pinyin::ToPinyin;

use super::review::Resemblance;

/// Why two different name keys may name the same person, if they may.
pub fn similarity(a: &str, b: &str) -> Option<Resemblance> {
    if a == b {
        return None;
    }
    let (ca, cb): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if ca.len() != cb.len() || ca.len() < 2 {
        return None;
    }
    if sound(a).is_some_and(|sa| Some(sa) == sound(b)) {
        return Some(Resemblance::SameSound);
    }
    let differing = ca.iter().zip(&cb).filter(|(x, y)| x != y).count();
    // A one-character slip, but never in the surname of a two-character name:
    // 陈伟 and 林伟 are two people.
    (differing == 1 && (ca.len() > 2 || ca[0] == cb[0])).then_some(Resemblance::OneCharacter)
}

/// The toneless pinyin of every character, or `None` if any character has none.
fn sound(name: &str) -> Option<String> {
    name.to_pinyin()
        .map(|p| p.map(|p| p.plain()))
        .collect::<Option<Vec<_>>>()
        .map(|v| v.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn homophones_may_match() {
        assert_eq!(similarity("林晓明", "林小明"), Some(Resemblance::SameSound));
    }

    #[test]
    fn one_slipped_character_may_match() {
        assert_eq!(
            similarity("陈国强", "陈国祥"),
            Some(Resemblance::OneCharacter)
        );
        assert_eq!(similarity("陈伟", "陈玮"), Some(Resemblance::SameSound));
    }

    #[test]
    fn different_names_do_not() {
        assert_eq!(similarity("陈伟", "林伟"), None);
        assert_eq!(similarity("陈大文", "林小红"), None);
        assert_eq!(similarity("陈大文", "陈大文"), None);
        assert_eq!(similarity("陈大文", "陈大"), None);
    }
}

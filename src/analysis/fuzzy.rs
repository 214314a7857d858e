//! Names that may be the same person's, spelled differently: the same sound (晓/小), or
//! one character slipped. Only ever a *possible* match, for a person to decide.
//!
//! The rules it implements are written down in docs/rules.md, "The review queue".

use pinyin::ToPinyin;

use super::review::Resemblance;

/// Why two different name keys may name the same person, if they may. Called for every
/// register row born on the same day as a person without an enrolment, so it compares
/// character by character and allocates nothing.
pub fn similarity(a: &str, b: &str) -> Option<Resemblance> {
    if a == b {
        return None;
    }
    let length = a.chars().count();
    if length != b.chars().count() || length < 2 {
        return None;
    }
    // The same toneless pinyin for every character; a character without one never sounds
    // like anything.
    let same_sound = a
        .chars()
        .zip(b.chars())
        .all(|(x, y)| match (x.to_pinyin(), y.to_pinyin()) {
            (Some(px), Some(py)) => px.plain() == py.plain(),
            _ => false,
        });
    if same_sound {
        return Some(Resemblance::SameSound);
    }
    let differing = a.chars().zip(b.chars()).filter(|(x, y)| x != y).count();
    // A one-character slip, but never in the surname of a two-character name:
    // 陈伟 and 林伟 are two people.
    let same_surname = a.chars().next() == b.chars().next();
    (differing == 1 && (length > 2 || same_surname)).then_some(Resemblance::OneCharacter)
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

    /// The comparison as it was first written (the joined pinyin of both names, the
    /// characters collected): the allocation-free one must say the same for every pair.
    fn joined_pinyin_similarity(a: &str, b: &str) -> Option<&'static str> {
        let sound = |name: &str| {
            name.to_pinyin()
                .map(|p| p.map(|p| p.plain()))
                .collect::<Option<Vec<_>>>()
                .map(|v| v.join(" "))
        };
        if a == b {
            return None;
        }
        let (ca, cb): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
        if ca.len() != cb.len() || ca.len() < 2 {
            return None;
        }
        if sound(a).is_some_and(|sa| Some(sa) == sound(b)) {
            return Some("姓名读音相同");
        }
        let differing = ca.iter().zip(&cb).filter(|(x, y)| x != y).count();
        (differing == 1 && (ca.len() > 2 || ca[0] == cb[0])).then_some("姓名仅一字之差")
    }

    #[test]
    fn every_pair_reads_as_the_joined_pinyin_reads_it() {
        let names = [
            "林晓明",
            "林小明",
            "陈国强",
            "陈国祥",
            "陈伟",
            "陈玮",
            "林伟",
            "陈大文",
            "陈大",
            "李娜",
            "李娜娜",
            "王A明",
            "王B明",
            "王A",
            "AB",
            "AC",
            "张三丰",
            "张三风",
            "欧阳娜娜",
            "欧阳拉拉",
            "",
            "陈",
            "黄国强",
            "黄国祥",
            "刘德华",
            "刘得华",
        ];
        for a in names {
            for b in names {
                assert_eq!(
                    similarity(a, b).map(Resemblance::zh),
                    joined_pinyin_similarity(a, b),
                    "{a} / {b}"
                );
            }
        }
    }

    #[test]
    fn different_names_do_not() {
        assert_eq!(similarity("陈伟", "林伟"), None);
        assert_eq!(similarity("陈大文", "林小红"), None);
        assert_eq!(similarity("陈大文", "陈大文"), None);
        assert_eq!(similarity("陈大文", "陈大"), None);
    }
}

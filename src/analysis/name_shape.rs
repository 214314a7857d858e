//! A name key's shape: a few numbers, kept beside each row's place in a birth-day bucket,
//! that say without reading the row whether its name can be the one looked up, or
//! resemble it as [`super::fuzzy::similarity`] means.
//!
//! A person without an enrolment is looked up among the register rows born on their
//! birth day, a few dozen at 1M residents, first by name and then by resemblance. Reading
//! each of those rows (its place in the kind's rows, the row, its text) was three cache
//! misses a row and most of the rules' time. The shape rules most of them out from one
//! contiguous array (8 bytes a row); the rows it lets through are compared as before, so what is found
//! does not change: the shape is only ever a necessary condition.

use std::hash::BuildHasher;

use pinyin::ToPinyin;

/// What [`NameShape::may_equal`] and [`NameShape::may_resemble`] compare, packed in
/// 8 bytes (a county's register is two million rows): the character count (8 bits),
/// the first and second characters folded to 16 bits each, and a 24-bit fingerprint of
/// the toneless pinyin of every character (of the characters themselves where one has
/// none). Equal names give equal numbers, so comparing them is a necessary condition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NameShape(u64);

/// The character count recorded for a name of this many characters or more.
const MANY: u8 = 254;
/// The character count of [`NameShape::NOTHING`]: no name ever has it.
const NO_NAME: u8 = 255;

impl NameShape {
    /// The shape of a row that has no comparable name: it neither equals nor resembles
    /// anything.
    pub const NOTHING: NameShape = NameShape(NO_NAME as u64);

    pub fn of(name_key: &str) -> NameShape {
        use std::hash::Hasher;
        let mut chars = name_key.chars();
        let first = chars.next().map_or(0, fold);
        let second = chars.next().map_or(0, fold);
        let count = name_key.chars().count();
        // A fixed seed: a row's shape and the shape looked up must agree.
        let mut sound = foldhash::fast::FixedState::with_seed(0x9e37_79b9).build_hasher();
        for c in name_key.chars() {
            match c.to_pinyin() {
                Some(p) => sound.write(p.plain().as_bytes()),
                None => sound.write_u32(u32::from(c)),
            }
            sound.write_u8(b'|');
        }
        let count = u8::try_from(count).map_or(MANY, |n| n.min(MANY));
        NameShape(
            u64::from(count)
                | u64::from(first) << 8
                | u64::from(second) << 24
                | (sound.finish() & 0xff_ffff) << 40,
        )
    }

    fn chars(self) -> u8 {
        self.0 as u8
    }

    fn first(self) -> u64 {
        self.0 >> 8 & 0xffff
    }

    fn second(self) -> u64 {
        self.0 >> 24 & 0xffff
    }

    fn sound(self) -> u64 {
        self.0 >> 40
    }

    /// False when the two names cannot be the same: equal names have equal shapes.
    pub fn may_equal(self, other: NameShape) -> bool {
        self == other && self.chars() != NO_NAME
    }

    /// False when [`super::fuzzy::similarity`] cannot find the names alike: it wants as
    /// many characters, two at least, and either the same sound throughout or one
    /// character slipped (then the first two characters cannot both differ, and in a
    /// two-character name the surname is the same).
    pub fn may_resemble(self, other: NameShape) -> bool {
        let chars = self.chars();
        chars == other.chars()
            && (2..=MANY).contains(&chars)
            && (self.sound() == other.sound()
                || self.first() == other.first()
                || (chars > 2 && self.second() == other.second()))
    }
}

/// A character in 16 bits: exact for the Basic Multilingual Plane, where nearly every
/// name's characters are; equal characters fold alike.
fn fold(c: char) -> u16 {
    let code = u32::from(c);
    (code ^ code >> 16) as u16
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::fuzzy::similarity;

    #[test]
    fn a_shape_is_eight_bytes() {
        assert_eq!(std::mem::size_of::<NameShape>(), 8);
    }

    #[test]
    fn equal_names_have_equal_shapes_and_nothing_equals_nothing() {
        assert!(NameShape::of("陈国强").may_equal(NameShape::of("陈国强")));
        assert!(!NameShape::of("陈国强").may_equal(NameShape::of("陈国祥")));
        assert!(!NameShape::NOTHING.may_equal(NameShape::NOTHING));
        assert!(!NameShape::NOTHING.may_resemble(NameShape::of("陈国强")));
    }

    /// The shape never rules out a pair `similarity` finds alike, over names built to
    /// be near one another (same sounds, one character changed, surnames swapped).
    #[test]
    fn whatever_similarity_finds_alike_the_shape_lets_through() {
        let surnames = ["陈", "林", "黄", "张"];
        let givens = ["伟", "玮", "晓", "小", "明", "鸣", "国", "强", "祥", "a"];
        let mut names = Vec::new();
        for s in surnames {
            for g in givens {
                names.push(format!("{s}{g}"));
                for h in givens {
                    names.push(format!("{s}{g}{h}"));
                }
            }
        }
        let mut alike = 0;
        for a in &names {
            for b in &names {
                if similarity(a, b).is_some() {
                    alike += 1;
                    assert!(
                        NameShape::of(a).may_resemble(NameShape::of(b)),
                        "{a} and {b} are alike but ruled out"
                    );
                }
            }
        }
        assert!(
            alike > 1000,
            "the names are built to be alike: {alike} pairs"
        );
        // And it rules out what cannot be alike.
        assert!(!NameShape::of("陈伟").may_resemble(NameShape::of("林国强")));
        assert!(!NameShape::of("陈伟").may_resemble(NameShape::of("林强")));
    }
}

//! 性别 as lists write it: 男/女, 1/2 (GB/T 2261.1), M/F.

use super::stored_vocabulary;

stored_vocabulary! {
    /// A person's sex, stored (and shown) as 男 / 女: the form lists and the database use.
    pub enum Sex {
        Male = "男",
        Female = "女",
    }
}

const SPELLINGS: &[(&str, Sex)] = &[
    ("男", Sex::Male),
    ("男性", Sex::Male),
    ("1", Sex::Male),
    ("M", Sex::Male),
    ("m", Sex::Male),
    ("女", Sex::Female),
    ("女性", Sex::Female),
    ("2", Sex::Female),
    ("F", Sex::Female),
    ("f", Sex::Female),
];

impl Sex {
    /// Reads a written sex; `None` for anything else (未知, 9, …), which is not guessed.
    pub fn parse(text: &str) -> Option<Sex> {
        let t = text.trim();
        SPELLINGS.iter().find(|(s, _)| *s == t).map(|(_, v)| *v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_spelling_in_the_table_reads_as_its_sex() {
        for (spelling, sex) in SPELLINGS {
            assert_eq!(Sex::parse(spelling), Some(*sex), "{spelling}");
        }
        assert_eq!(Sex::parse("未知"), None);
        assert_eq!(Sex::parse("9"), None);
    }
}

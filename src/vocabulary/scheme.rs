//! 险种: which basic medical insurance scheme an enrolment row is in.
//!
//! The rules it implements are written down in docs/rules.md, "What counts as enrolled".

use super::stored_vocabulary;

stored_vocabulary! {
    /// The scheme of an enrolment row.
    #[derive(PartialOrd, Ord)]
    pub enum Scheme {
        /// 职工基本医疗保险: through an employer.
        Employee = "employee",
        /// 城乡居民基本医疗保险: individual, yearly contribution.
        Resident = "resident",
        /// A scheme this table does not know (reported at import).
        Other = "other",
    }
}

/// How registers write the scheme, longest forms included (the national platform's names).
const SPELLINGS: &[(&str, Scheme)] = &[
    ("职工基本医疗保险", Scheme::Employee),
    ("职工医疗保险", Scheme::Employee),
    ("职工医保", Scheme::Employee),
    ("城镇职工基本医疗保险", Scheme::Employee),
    ("职工", Scheme::Employee),
    ("城乡居民基本医疗保险", Scheme::Resident),
    ("城乡居民医疗保险", Scheme::Resident),
    ("城乡居民医保", Scheme::Resident),
    ("居民基本医疗保险", Scheme::Resident),
    ("居民医保", Scheme::Resident),
    ("城乡居民", Scheme::Resident),
    ("居民", Scheme::Resident),
];

impl Scheme {
    /// Reads a register's wording; `None` for a spelling no table knows.
    pub fn parse(text: &str) -> Option<Scheme> {
        super::lookup(SPELLINGS, text)
    }

    /// The name officers use.
    pub fn chinese_name(self) -> &'static str {
        match self {
            Scheme::Employee => "职工医保",
            Scheme::Resident => "居民医保",
            Scheme::Other => "其他险种",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_spelling_in_the_table_reads_as_its_scheme() {
        for (spelling, scheme) in SPELLINGS {
            assert_eq!(Scheme::parse(spelling), Some(*scheme), "{spelling}");
        }
    }

    #[test]
    fn the_national_platforms_names_read_right() {
        assert_eq!(Scheme::parse("职工基本医疗保险"), Some(Scheme::Employee));
        assert_eq!(
            Scheme::parse("城乡居民基本医疗保险"),
            Some(Scheme::Resident)
        );
        assert_eq!(Scheme::parse(" 居民医保 "), Some(Scheme::Resident));
        assert_eq!(Scheme::parse("生育保险"), None);
    }

    #[test]
    fn stored_names_read_back() {
        for s in Scheme::ALL {
            assert_eq!(Scheme::from_stored(s.as_str()), Some(s));
        }
    }
}

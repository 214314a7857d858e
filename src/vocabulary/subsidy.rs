//! 资助类别: whether an enrolment is government-subsidised (资助参保), and under which
//! category. `无`, `否`, `非资助`, `不享受` and an empty cell mean not subsidised.

use super::stored_vocabulary;

stored_vocabulary! {
    /// A subsidy category an enrolment row names.
    pub enum Subsidy {
        /// Not subsidised: 无, 否, 非资助, 不享受, 0, an empty cell.
        None = "none",
        /// 特困人员.
        Destitute = "destitute",
        /// 低保对象.
        MinimumLiving = "minimum_living",
        /// 低保边缘.
        NearMinimumLiving = "near_minimum_living",
        /// 易返贫致贫人口 (防返贫监测对象).
        PovertyRisk = "poverty_risk",
        /// 重度残疾人.
        SevereDisability = "severe_disability",
        /// 孤儿、事实无人抚养儿童.
        Orphan = "orphan",
        /// Another category the register names (subsidised; reported at import).
        OtherCategory = "other_category",
    }
}

const SPELLINGS: &[(&str, Subsidy)] = &[
    ("无", Subsidy::None),
    ("否", Subsidy::None),
    ("非资助", Subsidy::None),
    ("不享受", Subsidy::None),
    ("未享受", Subsidy::None),
    ("0", Subsidy::None),
    ("-", Subsidy::None),
    ("特困", Subsidy::Destitute),
    ("特困人员", Subsidy::Destitute),
    ("特困供养", Subsidy::Destitute),
    ("低保", Subsidy::MinimumLiving),
    ("低保对象", Subsidy::MinimumLiving),
    ("城市低保", Subsidy::MinimumLiving),
    ("农村低保", Subsidy::MinimumLiving),
    ("低保边缘", Subsidy::NearMinimumLiving),
    ("低边", Subsidy::NearMinimumLiving),
    ("易返贫致贫", Subsidy::PovertyRisk),
    ("防返贫监测", Subsidy::PovertyRisk),
    ("监测对象", Subsidy::PovertyRisk),
    ("重度残疾", Subsidy::SevereDisability),
    ("重残", Subsidy::SevereDisability),
    ("孤儿", Subsidy::Orphan),
    ("事实无人抚养", Subsidy::Orphan),
];

impl Subsidy {
    /// Reads a register's 资助类别 (or a welfare roll's 救助类别); empty means none,
    /// an unknown category is `OtherCategory` (the caller reports it).
    pub fn parse(text: &str) -> Subsidy {
        if text.trim().is_empty() {
            return Subsidy::None;
        }
        match super::lookup(SPELLINGS, text) {
            Some(subsidy) => subsidy,
            // 非低保, 不属于资助对象: a negated category is no category.
            None if super::NEGATIONS.iter().any(|n| text.contains(n)) => Subsidy::None,
            None => Subsidy::OtherCategory,
        }
    }

    /// True for a row the government pays for.
    pub fn is_subsidised(self) -> bool {
        self != Subsidy::None
    }

    /// True when `text` is a spelling the table knows.
    pub fn is_known(text: &str) -> bool {
        text.trim().is_empty()
            || super::lookup(SPELLINGS, text).is_some()
            || super::NEGATIONS.iter().any(|n| text.contains(n))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_spelling_in_the_table_reads_as_its_category() {
        for (spelling, subsidy) in SPELLINGS {
            assert_eq!(Subsidy::parse(spelling), *subsidy, "{spelling}");
        }
    }

    #[test]
    fn no_no_and_empty_are_not_subsidised() {
        for text in ["无", "否", "非资助", "不享受", "", "  "] {
            assert!(!Subsidy::parse(text).is_subsidised(), "{text:?}");
        }
        assert!(Subsidy::parse("低保").is_subsidised());
        assert_eq!(Subsidy::parse("低保边缘"), Subsidy::NearMinimumLiving);
        assert_eq!(Subsidy::parse("优抚对象"), Subsidy::OtherCategory);
        assert_eq!(Subsidy::parse("非低保"), Subsidy::None);
        assert_eq!(Subsidy::parse("事实无人抚养儿童"), Subsidy::Orphan);
        assert!(!Subsidy::is_known("优抚对象"));
    }
}

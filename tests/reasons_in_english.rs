//! Every gap's reason comes in English too, clause for clause with the Chinese one: the
//! same year, deadline, register status and matching note, with only the lists' own words
//! (places, schools, agencies, categories) left in Chinese.

mod common;

use enrolgap::analysis::GapCode;
use enrolgap::{analyze, latest_gaps, NoProgress};

fn is_chinese(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

#[test]
fn every_demo_gap_has_an_english_reason_saying_what_the_chinese_one_says() {
    let mut conn = common::import_demo();
    analyze(&mut conn, common::demo_as_of(), &NoProgress).unwrap();
    let gaps = latest_gaps(&conn).unwrap();
    assert!(!gaps.is_empty());
    for g in &gaps {
        let en = &g.reason_en;
        assert!(en.starts_with("On "), "{}: {en}", g.name);
        // The list's own words are the only Chinese left: remove them and none remains.
        let mut rest = en.clone();
        for data in [&g.route_unit, &g.route_detail]
            .into_iter()
            .chain(g.township.as_ref())
            .chain(g.village.as_ref())
        {
            rest = rest.replace(data.as_str(), "");
        }
        for word in g
            .reason
            .split(['（', '）', '，', '；', '(', ')', ' ', '“', '”'])
        {
            // Categories, schools, classes and companies come from the lists as written.
            if en.contains(word) && word.chars().any(is_chinese) {
                rest = rest.replace(word, "");
            }
        }
        assert!(
            !rest.chars().any(is_chinese),
            "{}: English reason has untranslated Chinese: {en}",
            g.name
        );
        if let Some(deadline) = &g.deadline {
            assert!(g.reason.contains(deadline.as_str()));
            assert!(en.contains(deadline.as_str()), "{en}");
        }
        let digits = |s: &str| -> Vec<String> {
            s.split(|c: char| !c.is_ascii_digit())
                .filter(|d| d.len() == 4 && d.starts_with("20"))
                .map(String::from)
                .collect()
        };
        assert_eq!(
            digits(&g.reason),
            digits(en),
            "the same years: {} / {en}",
            g.reason
        );
        assert_eq!(
            g.reason.contains("断保"),
            en.contains("(lapsed)"),
            "{} / {en}",
            g.reason
        );
        assert_eq!(
            g.reason.contains("按姓名和出生日期比对"),
            en.contains("compared by name and date of birth"),
            "{} / {en}",
            g.reason
        );
        if g.code == GapCode::StudentNotEnrolled {
            assert!(en.starts_with("On a school roll"), "{en}");
        }
    }
}

//! Township names as every list writes them, folded onto the household list's own set:
//! 海城 and 海城镇, full-width and half-width, spaces — one township, never two in the
//! coverage table or two worklists for one place.

use foldhash::HashMap as FastMap;

use super::load::{ListRow, Text};
use crate::ListKind;

/// A township name's comparison key: no spaces or invisible characters, ASCII-width
/// letters, and without its 镇 / 乡 / 街道 / 街道办事处 suffix.
pub(crate) fn key(name: &str) -> String {
    let folded: String = name
        .chars()
        .filter(|c| !c.is_whitespace() && !crate::identity::is_invisible(*c))
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            other => other,
        })
        .collect();
    let stem = ["街道办事处", "街道办", "街道", "镇", "乡"]
        .iter()
        .find_map(|s| folded.strip_suffix(s));
    match stem {
        Some(stem) if stem.chars().count() >= 2 => stem.to_string(),
        _ => folded,
    }
}

/// Rewrites every row's township to the household list's spelling of the same township.
/// Returns the spellings that match no household township (the quality findings report
/// them: `quality::places`).
pub fn fold_townships<'a>(rows: &mut [ListRow<'a>]) -> Vec<Text<'a>> {
    let mut canonical: FastMap<String, Text<'a>> = FastMap::default();
    for r in rows.iter().filter(|r| r.kind == Some(ListKind::Household)) {
        if let Some(t) = r.township {
            canonical.entry(key(&t)).or_insert(t);
        }
    }
    if canonical.is_empty() {
        return Vec::new();
    }
    // Each distinct spelling is folded once (a county has a few dozen), not once per row.
    let mut folded: FastMap<Text<'a>, Option<Text<'a>>> = FastMap::default();
    let mut unmatched: Vec<Text<'a>> = Vec::new();
    for r in rows.iter_mut() {
        let Some(t) = r.township else { continue };
        let target = *folded
            .entry(t)
            .or_insert_with(|| canonical.get(&key(&t)).copied());
        match target {
            Some(c) if c != t => r.township = Some(c),
            Some(_) => {}
            None if !unmatched.contains(&t) => unmatched.push(t),
            None => {}
        }
    }
    unmatched
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(kind: ListKind, township: &str) -> ListRow<'static> {
        ListRow {
            kind: Some(kind),
            township: Some(township.into()),
            ..Default::default()
        }
    }

    #[test]
    fn one_township_however_a_list_writes_it() {
        let mut rows = vec![
            row(ListKind::Household, "海城镇"),
            row(ListKind::Household, "附城镇"),
            row(ListKind::Welfare, "海城"),
            row(ListKind::Birth, "海城镇 "),
            row(ListKind::School, "附 城"),
            row(ListKind::Welfare, "火星镇"),
        ];
        let unmatched = fold_townships(&mut rows);
        let towns: Vec<&str> = rows
            .iter()
            .map(|r| r.township.as_deref().unwrap())
            .collect();
        assert_eq!(
            towns,
            ["海城镇", "附城镇", "海城镇", "海城镇", "附城镇", "火星镇"]
        );
        assert_eq!(unmatched, vec![Text::from("火星镇")]);
    }
}

//! Coverage (参保率): enrolled living local household residents ÷ living local household
//! residents, for the county, each township and each village, per analysis.
//!
//! The rules it implements are written down in docs/rules.md, "Coverage".

use std::collections::BTreeMap;

use rusqlite::{params, Connection};
use serde::Serialize;
use ts_rs::TS;

use super::load::Text;
use crate::Result;

/// Coverage of one area.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Coverage {
    /// The township; empty for the whole county.
    pub township: String,
    /// The village; empty for a township's or the county's total.
    pub village: String,
    pub residents: u32,
    pub enrolled: u32,
    /// enrolled ÷ residents; 0 when there are no residents.
    pub rate: f64,
}

impl Coverage {
    fn new(township: &str, village: &str, residents: u32, enrolled: u32) -> Coverage {
        let rate = if residents == 0 {
            0.0
        } else {
            f64::from(enrolled) / f64::from(residents)
        };
        Coverage {
            township: township.into(),
            village: village.into(),
            residents,
            enrolled,
            rate,
        }
    }
}

/// Living local household residents of one township and village, and how many of them are
/// enrolled: what the rules count per person and [`store`] records.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tally {
    pub residents: u32,
    pub enrolled: u32,
}

/// The tallies per (township, village) as the rules count them, a person at a time.
///
/// Keyed by where the place's two shared texts live ([`Text::address`]), not by their
/// text: a million people each looked up by comparing texts was most of the rules'
/// string comparisons. Two entries whose texts are equal but live apart are added
/// together by [`PlaceTallies::by_name`].
#[derive(Default)]
pub(super) struct PlaceTallies<'a> {
    by_place: foldhash::HashMap<(usize, usize), (Text<'a>, Text<'a>, Tally)>,
}

impl<'a> PlaceTallies<'a> {
    /// Counts one resident of `township`, `village`.
    pub fn count(&mut self, township: Text<'a>, village: Text<'a>, enrolled: bool) {
        let (_, _, tally) = self
            .by_place
            .entry((township.address(), village.address()))
            .or_insert_with(|| (township, village, Tally::default()));
        tally.residents += 1;
        tally.enrolled += u32::from(enrolled);
    }

    /// The tallies by place name, in order.
    pub fn by_name(self) -> BTreeMap<(String, String), Tally> {
        let mut named: BTreeMap<(String, String), Tally> = BTreeMap::new();
        for (township, village, tally) in self.by_place.into_values() {
            let total = named
                .entry((township.to_string(), village.to_string()))
                .or_default();
            total.residents += tally.residents;
            total.enrolled += tally.enrolled;
        }
        named
    }
}

pub(super) fn store(
    conn: &Connection,
    analysis_id: i64,
    tallies: &BTreeMap<(String, String), Tally>,
) -> Result<()> {
    let mut insert = conn.prepare_cached(
        "INSERT INTO coverage (analysis_id, township, village, residents, enrolled) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for ((township, village), t) in tallies {
        insert.execute(params![
            analysis_id,
            &**township,
            &**village,
            t.residents,
            t.enrolled
        ])?;
    }
    Ok(())
}

/// Coverage of the latest analysis: the county first, then each township followed by its
/// villages, townships in name order.
pub fn latest(conn: &Connection) -> Result<Vec<Coverage>> {
    let mut stmt = conn.prepare_cached(
        "SELECT township, village, residents, enrolled FROM coverage
         WHERE analysis_id = (SELECT MAX(id) FROM analysis) ORDER BY township, village",
    )?;
    let villages = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, u32>(2)?,
                r.get::<_, u32>(3)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut out = Vec::new();
    let (residents, enrolled) = villages.iter().fold((0, 0), |(r, e), v| (r + v.2, e + v.3));
    out.push(Coverage::new("", "", residents, enrolled));
    let mut townships: BTreeMap<&str, Vec<&(String, String, u32, u32)>> = BTreeMap::new();
    for v in &villages {
        townships.entry(&v.0).or_default().push(v);
    }
    for (township, vs) in townships {
        let (r, e) = vs.iter().fold((0, 0), |(r, e), v| (r + v.2, e + v.3));
        out.push(Coverage::new(township, "", r, e));
        out.extend(
            vs.iter()
                .filter(|v| !v.1.is_empty())
                .map(|v| Coverage::new(township, &v.1, v.2, v.3)),
        );
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_are_counted_by_name_even_when_their_texts_live_apart() {
        let arena = bumpalo::Bump::new();
        let (town, village) = (Text::new_in(&arena, "海城镇"), Text::new_in(&arena, "东村"));
        // The same names again, not shared with the first (as a folded spelling is).
        let (town_again, village_again) =
            (Text::new_in(&arena, "海城镇"), Text::new_in(&arena, "东村"));
        assert_ne!(town.address(), town_again.address());
        let mut tallies = PlaceTallies::default();
        tallies.count(town, village, true);
        tallies.count(town, village, false);
        tallies.count(town_again, village_again, true);
        tallies.count(town, Text::new_in(&arena, "西村"), false);
        let named = tallies.by_name();
        assert_eq!(
            named[&("海城镇".to_string(), "东村".to_string())],
            Tally {
                residents: 3,
                enrolled: 2
            }
        );
        assert_eq!(
            named[&("海城镇".to_string(), "西村".to_string())],
            Tally {
                residents: 1,
                enrolled: 0
            }
        );
        assert_eq!(named.len(), 2);
    }
}
